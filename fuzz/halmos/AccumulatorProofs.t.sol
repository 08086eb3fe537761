// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectProduction} from "../../interfaces/IProjectProduction.sol";
import {IProjectBase} from "../../interfaces/IProjectBase.sol";
import {ProjectHarness} from "./ProjectHarness.sol";
import {ProofBase} from "./ProofBase.sol";

/// @notice The investors' revenue-per-share accumulator of a succeeded model, on the project's own
/// code: closing (base revenue and the surplus), `depositRevenue`, `moveShares`, `claimRevenue`.
contract AccumulatorProofs is ProofBase {
    uint256 internal constant COMBO = 1;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant PAYER = address(0xDE9051);

    /// @dev Two backers with stakes a and b (their shares), a model that succeeded with one order
    /// at `price` and a cost below the funding, not closed yet. The ratio gives the investors
    /// every unit (the split is proved in SplitProofs), so each deposit is the investors' part.
    function _succeeded(uint256 a, uint256 b, uint256 cost, uint256 price) internal returns (ProjectHarness project) {
        project = _open([uint16(0), 0, 10_000, 0], 0, 1);
        project.hFinalize(FINALIZED);
        uint8 flags = RESCUED | PASSED | TERMS_SET;
        project.hSetCombination(COMBO, uint96(a + b), 2, flags, 1, uint96(cost), 0, 1);
        project.hSetSale(COMBO, uint96(price), 1, 1);
        project.hSetStake(COMBO, ALICE, uint96(a));
        project.hSetStake(COMBO, BOB, uint96(b));
        VM.warp(CLOSED);
    }

    function _deposit(ProjectHarness project, uint256 amount) internal {
        VM.deal(PAYER, amount);
        VM.prank(PAYER);
        IProjectProduction(address(project)).depositRevenue{value: amount}(COMBO, amount);
    }

    /// @dev What `holder`'s claim pays; a claim refused as NothingToClaim pays 0 (any other
    /// refusal fails the proof).
    function _claim(ProjectHarness project, address holder) internal returns (uint256) {
        VM.prank(holder);
        try project.claimRevenue(COMBO) returns (uint256 amount) {
            return amount;
        } catch (bytes memory reason) {
            assert(bytes4(reason) == IProjectBase.NothingToClaim.selector);
            return 0;
        }
    }

    /// @notice Closing books the base revenue and the surplus (funding - cost); then a deposit, a
    /// move of t of Alice's shares to Bob, a second deposit, and both claims. Each claim is its
    /// holder's exact pro-rata share of every accrual while it held the shares, to 2 wei either way;
    /// the claims never exceed what accrued, and what stays in escrow (the dust the next deposit
    /// carries) is at most 2 wei. Stakes a, b in [1, 2^8), cost in [1, a + b], price and
    /// deposits in [1, 2^16), any t <= a.
    function check_claimsAfterDepositsAndMoves(
        uint8 a,
        uint8 b,
        uint8 cost,
        uint16 price,
        uint16 d1,
        uint16 d2,
        uint8 t
    ) external {
        // a price is never 0 (setModelTerms), a deposit never 0 (ZeroAmount), a cost never 0 (quotes)
        VM.assume(price > 0 && d1 > 0 && d2 > 0 && cost > 0);
        VM.assume(a > 0 && b > 0 && cost <= uint256(a) + b && t <= a);
        ProjectHarness project = _succeeded(a, b, cost, price);
        uint256 f = uint256(a) + b;
        uint256 first = uint256(price) + (f - cost); // base revenue and surplus, booked by closing

        _deposit(project, d1); // closes the model first
        project.moveShares(ALICE, BOB, COMBO, t); // as the shares contract (this one)
        _deposit(project, d2);
        uint256 alice = _claim(project, ALICE);
        uint256 bob = _claim(project, BOB);

        // unchecked: every value is below 2^30 (the proof's own checks would only add divisions)
        unchecked {
            uint256 total = first + uint256(d1) + d2;
            uint256 exactAlice = uint256(a) * (first + d1) + (uint256(a) - t) * d2; // times f
            uint256 exactBob = uint256(b) * (first + d1) + (uint256(b) + t) * d2; // times f
            assert(alice + bob <= total);
            assert(total - alice - bob <= 2);
            assert(alice * f <= exactAlice + 2 * f && exactAlice <= alice * f + 2 * f);
            assert(bob * f <= exactBob + 2 * f && exactBob <= bob * f + 2 * f);
        }
    }
}
