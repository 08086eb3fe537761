// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeviceMandates} from "../../../interfaces/services/IDeviceMandates.sol";
import {DeviceMandatesHandler} from "./DeviceMandatesHandler.sol";
import {FuzzSelector} from "../../utils/Targets.sol";
import {InvariantSuite} from "./ServicesHandlerBase.sol";

/// @notice The invariants of {DeviceMandates} under {DeviceMandatesHandler}'s random owners,
/// devices and vendors; run with ETH and with an ERC-20 (the concrete suites below).
abstract contract DeviceMandatesInvariants is InvariantSuite {
    DeviceMandatesHandler internal handler;

    function _withToken() internal pure virtual returns (bool);

    function setUp() public {
        handler = new DeviceMandatesHandler(_withToken());
        _useHandler(address(handler));
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        bytes4[] memory s = new bytes4[](17);
        s[0] = handler.withdraw.selector;
        s[1] = handler.warp.selector;
        s[2] = handler.toggleHostile.selector;
        s[3] = handler.createMandate.selector;
        s[4] = handler.fund.selector;
        s[5] = handler.setVendor.selector;
        s[6] = handler.withdrawBudgetOrRevoke.selector;
        s[7] = handler.reschedule.selector;
        s[8] = handler.cancelByOwner.selector;
        s[9] = handler.order.selector;
        s[10] = handler.markDelivered.selector;
        s[11] = handler.confirmDelivery.selector;
        s[12] = handler.release.selector;
        s[13] = handler.cancelOrder.selector;
        s[14] = handler.expire.selector;
        // the actions that make something to act on, three times as likely
        s[15] = handler.order.selector;
        s[16] = handler.order.selector;
        return _selectors(s);
    }

    /// @notice The escrow's balance covers every credit, every budget and every unsettled order.
    function invariant_escrowIsSolvent() public view {
        _solvent(handler.held);
    }

    /// @notice Money in = money withdrawn + balance, and the balance is exactly the credits plus the
    /// budgets plus the unsettled orders.
    function invariant_escrowConservesMoney() public view {
        _conserved(handler.held);
    }

    /// @notice A withdrawal pays exactly the caller's credit and zeroes it; an honest one never fails.
    function invariant_withdrawalPaysTheCreditOnce() public view {
        _noViolation("withdrawal");
    }

    /// @notice Every actor's wallet is its start less what it paid in plus what it withdrew, and its
    /// credit is what the handler's own arithmetic of the rules gave it.
    function invariant_actorNetPositions() public view {
        _positions();
    }

    /// @notice No order above the per-order cap, no period's orders above the period cap, no order
    /// above the budget; each budget is the handler's, and a mandate's orders never exceed its funding.
    function invariant_deviceNeverSpendsBeyondItsCaps() public view {
        _noViolation("caps");
        IDeviceMandates m = handler.mandates();
        for (uint256 id = 1; id <= handler.mandateCount(); ++id) {
            if (m.mandate(id).budget != handler.ghostBudget(id)) revert Broken("a budget differs from the books");
            if (handler.ordered(id) > handler.funded(id)) revert Broken("a device spent more than it was given");
        }
        for (uint256 id = 1; id <= handler.orderCount(); ++id) {
            IDeviceMandates.OrderView memory o = m.orderOf(id);
            if (o.amount > m.mandate(o.mandateId).terms.perOrderCap) revert Broken("an order over its cap");
        }
    }

    /// @notice Every order is at a vendor its owner allowed at that moment (never the device itself),
    /// for a delivery ahead inside the owner's daily window.
    function invariant_deviceOnlyPaysAllowedVendorsInTheWindow() public view {
        _noViolation("vendors and window");
    }

    /// @notice After revocation the device orders and confirms nothing, and it never confirms an
    /// order of a vendor its owner removed; a revoked mandate holds no budget.
    function invariant_revokedDeviceMovesNoMoney() public view {
        _noViolation("revoked");
        IDeviceMandates m = handler.mandates();
        for (uint256 id = 1; id <= handler.mandateCount(); ++id) {
            IDeviceMandates.MandateView memory v = m.mandate(id);
            if (v.revoked != handler.revoked(id)) revert Broken("a revocation differs from the books");
            if (v.revoked && v.budget != 0) revert Broken("a revoked mandate holds a budget");
        }
    }

    /// @notice An order is settled once, its amount credited to the owner or the vendor as the
    /// settlement's rule says.
    function invariant_orderPaidOrRefundedExactlyOnce() public view {
        _noViolation("order once");
        IDeviceMandates m = handler.mandates();
        for (uint256 id = 1; id <= handler.orderCount(); ++id) {
            uint256 times = handler.settlements(id);
            bool settled = m.orderOf(id).status == IDeviceMandates.OrderStatus.Settled;
            if (times > 1 || settled != (times == 1)) revert Broken("an order's settlements are not its status");
        }
    }

    /// @notice Every action that succeeded was its caller's to make, at its time.
    function invariant_actionsFollowTheRules() public view {
        _noViolation("mandate rules");
    }
}

/// @notice Mandates funded in ETH; actors 4 and 5 may refuse ETH.
contract DeviceMandatesEthInvariants is DeviceMandatesInvariants {
    function _withToken() internal pure override returns (bool) {
        return false;
    }
}

/// @notice Mandates funded in an ERC-20 whose blocklist plays the hostile receivers.
contract DeviceMandatesTokenInvariants is DeviceMandatesInvariants {
    function _withToken() internal pure override returns (bool) {
        return true;
    }
}
