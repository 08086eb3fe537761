// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectBase} from "../../interfaces/IProjectBase.sol";
import {IProjectProduction} from "../../interfaces/IProjectProduction.sol";
import {ProjectHarness} from "./ProjectHarness.sol";
import {ProofBase} from "./ProofBase.sol";

/// @notice Escrow paid out of a selected combination, on the project's own code: makers' advances
/// and releases (`claimMaker`) and the backers' pro-rata refunds (`refund`).
contract EscrowProofs is ProofBase {
    uint256 internal constant COMBO = 1;
    address internal constant MAKER0 = address(0x3A0);
    address internal constant MAKER1 = address(0x3A1);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    uint256 internal constant EXTRA_BALANCE = 2 ** 100;

    function _refund(ProjectHarness project, address backer) internal returns (uint256 amount) {
        VM.prank(backer);
        return project.refund(COMBO);
    }

    /// @notice A model whose presale failed refunds its backers the money above the cost pro rata:
    /// in the order Alice, Bob, Carol, the first two get their exact share rounded down (less than
    /// one wei under it), the last one the rest (its exact share plus less than 2 wei), and the
    /// three refunds sum to the pool, funding - cost, exactly. Stakes in [1, 2^8), a cost in [1, 2^8) up
    /// to the funding.
    function check_presaleFailedRefundsProRata(uint8 s1, uint8 s2, uint8 s3, uint8 cost) external {
        VM.assume(s1 > 0 && s2 > 0 && s3 > 0);
        uint256 f = uint256(s1) + s2 + s3;
        VM.assume(cost > 0 && cost <= f);
        ProjectHarness project = _open([uint16(3000), 3000, 3000, 1000], 0, 1);
        project.hFinalize(FINALIZED);
        // selected (rescued), delivered and passed; no terms were set: the presale failed
        project.hSetCombination(COMBO, uint96(f), 3, RESCUED | PASSED, 1, cost, 0, 1);
        project.hSetStake(COMBO, ALICE, s1);
        project.hSetStake(COMBO, BOB, s2);
        project.hSetStake(COMBO, CAROL, s3);
        VM.warp(CLOSED);
        uint256 pool = f - cost;

        uint256 r1 = _refund(project, ALICE);
        uint256 r2 = _refund(project, BOB);
        uint256 r3 = _refund(project, CAROL);
        // unchecked: every value is below 2^10 (the proof's own checks would only add divisions)
        unchecked {
            assert(r1 + r2 + r3 == pool);
            assert(r1 * f <= pool * s1 && pool * s1 < (r1 + 1) * f);
            assert(r2 * f <= pool * s2 && pool * s2 < (r2 + 1) * f);
            assert(r3 * f >= pool * s3 && r3 * f < pool * s3 + 2 * f);
        }
    }

    /// @dev Two makers' quotes q0, q1 offered and a combination funded by Alice (s1) and Bob (s2)
    /// in ideation (the real `offerOption`, `investInNew`, `invest`: the cost and the sum of the
    /// advances are computed by the contract), then selected; in R&D each maker claims its
    /// advance (a0, a1; NothingToClaim, an advance rounded to 0, counts as 0).
    function _advancesPaid(uint256 q0, uint256 q1, uint256 advanceBps, uint256 s1, uint256 s2)
        internal
        returns (ProjectHarness project, uint256 a0, uint256 a1)
    {
        VM.assume(q0 > 0 && q1 > 0 && advanceBps <= BPS && s1 > 0 && s2 > 0);
        VM.assume(s1 + s2 >= q0 + q1);
        project = _open([uint16(3000), 3000, 3000, 1000], uint16(advanceBps), 2);
        VM.warp(IDEATION_END - 1);
        IProjectBase.Content memory content;
        VM.prank(MAKER0);
        project.offerOption(0, q0, content);
        VM.prank(MAKER1);
        project.offerOption(1, q1, content);
        uint32[] memory ids = new uint32[](2);
        (ids[0], ids[1]) = (1, 2);
        VM.deal(ALICE, s1);
        VM.prank(ALICE);
        project.investInNew{value: s1}(ids, s1);
        VM.deal(BOB, s2);
        VM.prank(BOB);
        project.invest{value: s2}(COMBO, s2);
        // 2^100 wei more than the funding: no payment below fails for want of balance, so no query
        // has to prove that the advances fit in the funding (advance <= quote is non-linear:
        // floor(q advanceBps / 10,000) <= q, by hand from advanceBps <= 10,000). What each
        // payment is comes from the books, not the balance; solvency is the invariant suites'.
        VM.deal(address(project), s1 + s2 + EXTRA_BALANCE);

        project.hFinalize(FINALIZED);
        project.hSetProgress(COMBO, RESCUED, 0); // selected: a prototype in R&D
        VM.warp(DEVELOPMENT);
        a0 = _releaseOrNothing(project, MAKER0, 0);
        a1 = _releaseOrNothing(project, MAKER1, 1);
    }

    /// @notice Each maker's advance in R&D (`claimMaker`) is its quote times advanceBps / 10,000
    /// rounded down: a = floor(q advanceBps / 10,000), so a 10,000 <= q advanceBps < (a + 1)
    /// 10,000 and a <= q (advanceBps <= 10,000). Quotes in [1, 2^16), any advanceBps up to
    /// 10,000, stakes in [1, 2^16) whose sum covers the cost.
    function check_advanceIsQuoteTimesBps(uint16 q0, uint16 q1, uint16 advanceBps, uint16 s1, uint16 s2) external {
        (, uint256 a0, uint256 a1) = _advancesPaid(q0, q1, advanceBps, s1, s2);
        assert(a0 == uint256(q0) * advanceBps / BPS);
        assert(a1 == uint256(q1) * advanceBps / BPS);
    }

    /// @notice If the prototype passes, each maker's second claim releases exactly the rest of its
    /// quote: advance + release = quote. Quotes and stakes in [1, 2^8), stakes covering the cost,
    /// any advanceBps up to 10,000 (with quotes and stakes below 2^16 one query was undecided in
    /// 2 minutes).
    function check_passedReleasesTheRest(uint8 q0, uint8 q1, uint16 advanceBps, uint8 s1, uint8 s2) external {
        (ProjectHarness project, uint256 a0, uint256 a1) = _advancesPaid(q0, q1, advanceBps, s1, s2);
        project.hSetProgress(COMBO, RESCUED | PASSED, 3); // both parts delivered, passed
        VM.warp(PRESALE);
        assert(a0 + _releaseOrNothing(project, MAKER0, 0) == q0);
        assert(a1 + _releaseOrNothing(project, MAKER1, 1) == q1);
    }

    /// @notice If the prototype is dropped, the makers get nothing more, and the advances plus the
    /// two refunds are the funding exactly: the advances the contract subtracts from the refund
    /// pool are the ones it paid. Quotes and stakes in [1, 2^8), stakes covering the cost, any
    /// advanceBps up to 10,000 (with quotes and stakes below 2^16 two of its queries were
    /// undecided in 2 minutes: Alice's refund, floor(pool s1 / funding), must be shown to fit
    /// the 96 bits the refund book keeps, a non-linear bound).
    function check_droppedRefundsTheRest(uint8 q0, uint8 q1, uint16 advanceBps, uint8 s1, uint8 s2) external {
        (ProjectHarness project, uint256 a0, uint256 a1) = _advancesPaid(q0, q1, advanceBps, s1, s2);
        VM.warp(TESTING); // nothing delivered by the end of R&D: dropped
        assert(_releaseOrNothing(project, MAKER0, 0) == 0);
        assert(_releaseOrNothing(project, MAKER1, 1) == 0);
        uint256 refunds = _refund(project, ALICE) + _refund(project, BOB);
        assert(a0 + a1 + refunds == uint256(s1) + s2);
    }

    /// @dev A maker's claim; NothingToClaim counts as 0 (any other refusal fails the proof).
    function _releaseOrNothing(ProjectHarness project, address maker, uint256 dimension) internal returns (uint256) {
        VM.prank(maker);
        try IProjectProduction(address(project)).claimMaker(COMBO, dimension) returns (uint256 escrow, uint256) {
            return escrow;
        } catch (bytes memory reason) {
            assert(bytes4(reason) == IProjectBase.NothingToClaim.selector);
            return 0;
        }
    }
}
