// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IProjectBase} from "../../../interfaces/IProjectBase.sol";
import {FuzzSelector, HandlerTarget} from "../../utils/Targets.sol";
import {ProjectHandler} from "./ProjectHandler.sol";
import {ProjectSetup} from "./ProjectSetup.sol";

/// @notice Invariants of the project contracts (factory, project facets, shares) under random
/// actions of every role over whole lifecycles ({ProjectHandler}). forge calls {targetContracts}
/// and {targetSelectors} by selector (no forge-std), each `invariant_*` after every call, and
/// {afterInvariant} at the end of each run. The handler draws everything from its seeds, so
/// forge's dictionary of storage values is not collected (a third faster).
/// forge-config: default.invariant.include-storage = false
/// forge-config: ci.invariant.include-storage = false
/// forge-config: fuzz.invariant.include-storage = false
/// forge-config: ci.invariant.runs = 2
/// forge-config: ci.invariant.depth = 1000
contract ProjectInvariants is ProjectSetup, HandlerTarget {
    /// @notice An actor's balance of an asset (kind: 0 ETH, 1 and 2 the tokens) is not what it was
    /// given, less what it paid in, plus what it was paid out.
    error NetPositionDiffers(
        address actor, uint256 kind, uint256 balance, uint256 given, uint256 paidIn, uint256 paidOut
    );

    function _target() internal view override returns (address) {
        return address(handler);
    }

    /// @notice forge's own callers: one address that is none of the actors. The actors act
    /// only through the handler's pranks; left to itself forge also calls from addresses it saw
    /// (the actors'), and their ETH balances then moved outside the books (seen as
    /// `invariant_netPositionOfEveryActor` failures that did not replay).
    function targetSenders() public pure returns (address[] memory senders) {
        senders = new address[](1);
        senders[0] = address(0xF022);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        // forge picks uniformly among the entries: each action is listed as many times as its
        // weight, so that most runs go through whole lifecycles (the drain makes every claim too)
        bytes4[29] memory actions = [
            ProjectHandler.createProject.selector,
            ProjectHandler.offerOption.selector,
            ProjectHandler.investInNew.selector,
            ProjectHandler.invest.selector,
            ProjectHandler.argue.selector,
            ProjectHandler.finalizeHonest.selector,
            ProjectHandler.finalizeGrief.selector,
            ProjectHandler.deliver.selector,
            ProjectHandler.verdict.selector,
            ProjectHandler.setTerms.selector,
            ProjectHandler.offerAddon.selector,
            ProjectHandler.order.selector,
            ProjectHandler.commitBond.selector,
            ProjectHandler.award.selector,
            ProjectHandler.depositRevenue.selector,
            ProjectHandler.transferShares.selector,
            ProjectHandler.refund.selector,
            ProjectHandler.claimRevenue.selector,
            ProjectHandler.claimMaker.selector,
            ProjectHandler.claimAward.selector,
            ProjectHandler.refundOrder.selector,
            ProjectHandler.withdrawBond.selector,
            ProjectHandler.claimAddonRevenue.selector,
            ProjectHandler.claimRole.selector,
            ProjectHandler.closeModel.selector,
            ProjectHandler.warp.selector,
            ProjectHandler.toggleHostile.selector,
            ProjectHandler.probeFeeOnTransfer.selector,
            ProjectHandler.probeOutOfPhase.selector
        ];
        uint8[29] memory weights =
            [2, 1, 4, 2, 1, 3, 1, 3, 4, 3, 1, 4, 1, 1, 3, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1];
        uint256 total;
        for (uint256 i; i < weights.length; ++i) {
            total += weights[i];
        }
        bytes4[] memory s = new bytes4[](total);
        uint256 k;
        for (uint256 i; i < actions.length; ++i) {
            for (uint256 w; w < weights[i]; ++w) {
                s[k++] = actions[i];
            }
        }
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    function _balance(address token, address account) internal view returns (uint256) {
        return token == address(0) ? account.balance : IERC20(token).balanceOf(account);
    }

    function _noViolation(uint256 kind) internal view {
        require(handler.violations(kind) == 0, handler.firstViolation(kind));
    }

    /// @notice Solvency: the project last touched by a payout or by time holds at least everything
    /// its views say is claimable now (refunds, revenue, makers, roles, orders, awards, add-ons,
    /// bonds); every payout pays from that (see the drain at the end of each run).
    function invariant_solvency() public view {
        uint256 dirty = handler.dirty();
        if (dirty == 0) return;
        (address project, address token,,) = handler.moneyOf(dirty - 1);
        require(_balance(token, project) >= handler.owedByViews(dirty - 1), "solvency: owes more than it holds");
    }

    /// @notice Conservation: every project holds exactly what was paid in less what was paid out,
    /// to the wei (the drain at the end of each run bounds what stays: the dust).
    function invariant_conservation() public view {
        uint256 n = handler.projectCount();
        for (uint256 p; p < n; ++p) {
            (address project, address token, uint256 moneyIn, uint256 moneyOut) = handler.moneyOf(p);
            require(_balance(token, project) == moneyIn - moneyOut, "conservation: balance != in - out");
        }
    }

    /// @notice Exactly once: every claim and refund repeated at once pays nothing.
    function invariant_exactlyOnce() public view {
        _noViolation(0);
    }

    /// @notice Nobody is paid beyond its entitlement by the rules (the model's, plus the dust
    /// bound), per actor and project, checked at every payout for the payee (and for everyone at
    /// the end of each run); makers never beyond their quotes in escrow.
    function invariant_nobodyPaidBeyondEntitlement() public view {
        _noViolation(1);
    }

    /// @notice Every revenue unit (order of a succeeded model, deposit) splits by the ratio: the
    /// creator's and the platform's parts to the wei, makers and investors within the rounding.
    function invariant_roleRatioOfEveryRevenueUnit() public view {
        _noViolation(2);
    }

    /// @notice Phase safety: no money moves in a phase that forbids it.
    function invariant_phaseSafety() public view {
        _noViolation(3);
    }

    /// @notice The ranking that decides selection is the true order; out-of-order batches are refused.
    function invariant_rankingEqualsTrueOrder() public view {
        _noViolation(4);
    }

    /// @notice Selection within the slots, rescues only among the next in line and within the cap.
    function invariant_selectionWithinSlotsAndRescueCap() public view {
        _noViolation(5);
        string memory problem = handler.selectionProblem();
        require(bytes(problem).length == 0, problem);
    }

    /// @notice Every claim pays what it returns, what its view said and what the model says.
    function invariant_claimsPayWhatTheViewsSay() public view {
        _noViolation(6);
    }

    /// @notice A fee-on-transfer token is refused.
    function invariant_feeOnTransferRefused() public view {
        _noViolation(7);
    }

    /// @notice ERC-1155 balances and supplies are the stakes, moved by the transfers.
    function invariant_sharesAreTheStakes() public view {
        _noViolation(8);
        (bool found,,) = handler.sharesProblem();
        require(!found, "shares differ from the stakes moved");
    }

    /// @notice Every actor's balance of every asset is what it was given, less what it paid in,
    /// plus what it was paid out (ghost bookkeeping of every net position).
    function invariant_netPositionOfEveryActor() public view {
        (bool found, address a, uint256 kind, uint256[4] memory v) = handler.netPositionProblem();
        if (found) {
            revert NetPositionDiffers(a, kind, v[0], v[1], v[2], v[3]);
        }
    }

    /// @notice Every project's phase and every combination's status are the model's.
    function invariant_statusesFollowTheRules() public view {
        (bool found,,, IProjectBase.Status chain, IProjectBase.Status model) = handler.statusMismatch();
        require(
            !found, string.concat("status differs from the model: ", _u(uint256(chain)), " vs ", _u(uint256(model)))
        );
    }

    /// @notice At the end of each run every account withdraws everything it is owed: nothing
    /// fails, the views owe nothing after, every project holds at most its dust, every actor got
    /// its entitlement to within the dust.
    function afterInvariant() public {
        (bool found,,) = handler.overpaid();
        require(!found, "an actor was paid beyond its entitlement");
        _drainAndCheck();
    }

    function _u(uint256 x) internal pure returns (string memory) {
        return string(abi.encodePacked(bytes1(uint8(48 + x % 10))));
    }
}
