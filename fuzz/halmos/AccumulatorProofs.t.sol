// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectProduction} from "../../interfaces/IProjectProduction.sol";
import {IProjectBase} from "../../interfaces/IProjectBase.sol";
import {ProjectHarness} from "./ProjectHarness.sol";
import {ProofBase} from "./ProofBase.sol";

/// @notice The investors' revenue-per-share accumulator of a succeeded model, on the project's own
/// code: closing (base revenue and the surplus), `depositRevenue`, `moveShares`, `claimRevenue`.
///
/// Each check proves one step exactly, from any state in the type ranges: what the step books is
/// the floor or the remainder of one division (by the shares, or by 10^18) of the right amounts,
/// nothing truncated. No solver here relates a 256-bit division to its operands numerically
/// (q f + r = x for q = x / f, r = x % f, with x of 80 bits, was undecided by bitwuzla, yices and
/// z3 after a minute each, even with f = 10^18), so the composition below is by hand, on the
/// identity floor(x / y) y + (x mod y) = x, 0 <= x mod y < y.
///
/// The scenario (the single proof before, `check_claimsAfterDepositsAndMoves`): stakes a, b >= 1
/// (f = a + b shares), cost in [1, f], one order at a price >= 1, deposits d1, d2 >= 1, t <= a.
/// Closing books first = price + (f - cost), then d1, a move of t of Alice's shares to Bob, d2,
/// and both claims. Write S = 10^18 and total = first + d1 + d2. By the checks:
///   closing: P1 f + c1 = first S, c1 < f                 (check_closeBooksBaseRevenueAndSurplus)
///   d1:      (P2 - P1) f + c2 = d1 S + c1, c2 < f, so P2 f + c2 = (first + d1) S (check_depositAccrues)
///   move:    Alice's credit kA = floor(a P2 / S), rA = a P2 - kA S < S (her checkpoint was 0);
///            Bob's kB, rB alike from b; the carry becomes c2 + rA + rB; Alice holds a - t, Bob
///            b + t, both at checkpoint P2                (check_moveSharesSettlesBoth)
///   d2:      (P3 - P2) f + c3 = d2 S + c2 + rA + rB, c3 < f  (check_depositAccrues)
///   claims:  alice S + rA' = kA S + (a - t)(P3 - P2), rA' < S; bob likewise with b + t, rB'
///            (a claim refused as NothingToClaim pays 0 with no credit and (a - t)(P3 - P2) < S:
///            the same equation with rA' = (a - t)(P3 - P2))  (check_claimPaysItsSettlement)
/// Summing: (alice + bob) S = f P2 - rA - rB + f (P3 - P2) - rA' - rB' = total S - (c3 + rA' + rB'),
/// so total - alice - bob = (c3 + rA' + rB') / S, in [0, (f + 2 S) / S): the claims never exceed
/// what accrued, and what stays in escrow is at most 2 wei while f < S (10^18 shares). Per
/// holder, with exactAlice = a (first + d1) + (a - t) d2 (her exact share, times f):
/// (alice f - exactAlice) S = -a c2 + (a - t)(c2 + rA + rB - c3) - (rA + rA') f, which is below
/// (a - t)(f + 2 S) and above -(a f + (a - t) f + 2 S f); with a < f and f^2 < S, that is
/// |alice f - exactAlice| <= 2 f (an integer above -2 f - 1 and below 2 f); Bob's alike with
/// b + t. These are the facts the scenario's proof asserted for stakes below 2^8 and amounts
/// below 2^16: alice + bob <= total, total - alice - bob <= 2, and each claim within 2 wei of its
/// holder's exact pro-rata share of every accrual while it held the shares. They hold here for
/// any f with f^2 < 10^18 (below 10^9 shares); above, the bounds grow as docs/security.md says
/// ("The accumulator's rounding at real sizes").
contract AccumulatorProofs is ProofBase {
    uint256 internal constant COMBO = 1;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant PAYER = address(0xDE9051);
    /// @dev A revenue per share stays below 2^158 (its checkpoint shares a word with two flags).
    uint256 internal constant MAX_PER_SHARE = 2 ** 158;

    /// @dev The inputs of a share move: the two holders' shares, checkpoints, credits and whether
    /// they were settled before, the pool's revenue per share and carry, the shares moved.
    struct Move {
        uint16 sa;
        uint16 sb;
        uint16 t;
        uint128 perShare;
        uint128 cpA;
        uint128 cpB;
        uint64 creditA;
        uint64 creditB;
        uint64 carry;
        bool settledA;
        bool settledB;
    }

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

    /// @dev A succeeded model with `funded` shares, already closed, its investors' accumulator at
    /// `perShare` and `carry`; the project holds enough to pay any claim.
    function _closed(uint256 funded, uint256 perShare, uint256 carry) internal returns (ProjectHarness project) {
        project = _open([uint16(0), 0, 10_000, 0], 0, 1);
        project.hFinalize(FINALIZED);
        uint8 flags = RESCUED | PASSED | TERMS_SET | CLOSED_FLAG | SUCCEEDED;
        project.hSetCombination(COMBO, uint96(funded), 2, flags, 1, 1, 0, 1);
        project.hSetSale(COMBO, 1, 1, 1);
        project.hSetInvestorPool(COMBO, uint160(perShare), uint96(carry));
        VM.deal(address(project), type(uint120).max);
        VM.warp(CLOSED);
    }

    /// @dev `holder` with `shares`: settled at `checkpoint` with `credit` parked, or never settled
    /// (its stake as shares, checkpoint 0, no credit).
    function _holder(
        ProjectHarness project,
        address holder,
        uint256 shares,
        bool settled,
        uint256 checkpoint,
        uint256 credit
    ) internal {
        if (settled) project.hSetHolder(COMBO, holder, uint96(shares), uint160(checkpoint), credit);
        else project.hSetStake(COMBO, holder, uint96(shares));
    }

    /// @notice Closing a succeeded model (`closeModel`; a deposit, claim or move closes it the
    /// same way first) books its base revenue and the surplus, first = price + (f - cost), in the
    /// investors' accumulator: revenue per share floor(first 10^18 / f), carry first 10^18 mod f.
    /// Stakes a, b in [1, 2^8) (f = a + b), cost in [1, f], one order at a price in [1, 2^16): at
    /// the type-wide ranges of the steps below, the query was undecided in 4 minutes.
    function check_closeBooksBaseRevenueAndSurplus(uint8 a, uint8 b, uint8 cost, uint16 price) external {
        uint256 f = uint256(a) + b;
        VM.assume(price > 0 && cost > 0 && a > 0 && b > 0 && cost <= f);
        ProjectHarness project = _succeeded(a, b, cost, price);
        IProjectProduction(address(project)).closeModel(COMBO);
        (uint256 perShare, uint256 carry) = project.hInvestorPool(COMBO);
        uint256 surplus = f - cost;
        uint256 numerator = (uint256(price) + surplus) * SCALE;
        assert(perShare == numerator / f);
        assert(carry == numerator % f);
    }

    /// @notice A deposit d into a closed model's accumulator (revenue per share P, carry c, f
    /// shares) raises the revenue per share by floor((d 10^18 + c) / f) and leaves the carry
    /// (d 10^18 + c) mod f. Any f in [1, 2^96), d in [1, 2^96), P < 2^158, c < 2^96.
    function check_depositAccrues(uint96 f, uint96 d, uint160 perShare, uint96 carry) external {
        VM.assume(f > 0 && d > 0 && perShare < MAX_PER_SHARE);
        ProjectHarness project = _closed(f, perShare, carry);
        VM.deal(PAYER, d);
        VM.prank(PAYER);
        IProjectProduction(address(project)).depositRevenue{value: d}(COMBO, d);
        (uint256 after_, uint256 carryAfter) = project.hInvestorPool(COMBO);
        uint256 numerator = uint256(d) * SCALE + carry;
        assert(after_ == uint256(perShare) + numerator / f);
        assert(carryAfter == numerator % f);
    }

    /// @notice A move of t of a holder's shares to another (`moveShares`, as the shares contract)
    /// settles both first: each one's parked credit grows by floor(s (P - checkpoint) / 10^18)
    /// (its shares s, its checkpoint, 0 if never settled), the carry grows by the two remainders
    /// s (P - checkpoint) mod 10^18, both checkpoints become P and t shares change hands. Shares
    /// below 2^16, t <= the sender's shares, checkpoints <= P < 2^128, credits and carry below
    /// 2^64 (the scenario's ranges: at the types' own ranges some queries stayed open).
    function check_moveSharesSettlesBoth(Move calldata m) external {
        VM.assume(m.t <= m.sa && m.cpA <= m.perShare && m.cpB <= m.perShare);
        ProjectHarness project = _closed(1_000, m.perShare, m.carry);
        _holder(project, ALICE, m.sa, m.settledA, m.cpA, m.creditA);
        _holder(project, BOB, m.sb, m.settledB, m.cpB, m.creditB);
        project.moveShares(ALICE, BOB, COMBO, m.t); // as the shares contract (this one)

        uint256 remainderA =
            _assertSettled(project, ALICE, uint256(m.sa) - m.t, m.sa, m.perShare, m.settledA, m.cpA, m.creditA);
        uint256 remainderB =
            _assertSettled(project, BOB, uint256(m.sb) + m.t, m.sb, m.perShare, m.settledB, m.cpB, m.creditB);
        (, uint256 carryAfter) = project.hInvestorPool(COMBO);
        assert(carryAfter == uint256(m.carry) + remainderA + remainderB);
    }

    /// @dev After a move: `holder` holds `sharesNow`, is settled at `perShare`, and its credit grew
    /// by floor(sharesBefore (perShare - checkpoint) / 10^18); returns the remainder.
    function _assertSettled(
        ProjectHarness project,
        address holder,
        uint256 sharesNow,
        uint256 sharesBefore,
        uint256 perShare,
        bool settled,
        uint256 checkpoint,
        uint256 credit
    ) internal view returns (uint256 remainder) {
        (uint256 shares, uint256 checkAfter, bool setAfter, uint256 creditAfter) = project.hHolder(COMBO, holder);
        assert(shares == sharesNow && setAfter && checkAfter == perShare);
        uint256 delta = perShare - (settled ? checkpoint : 0);
        assert(creditAfter == (settled ? credit : 0) + sharesBefore * delta / SCALE);
        return mulmod(sharesBefore, delta, SCALE);
    }

    /// @notice A claim (`claimRevenue`) pays a holder its parked credit plus floor(s (P -
    /// checkpoint) / 10^18) for its s shares, adds the remainder s (P - checkpoint) mod 10^18 to
    /// the carry, and leaves it settled at P with no credit; it is refused (NothingToClaim, nothing
    /// changes) only when that pays 0. Shares below 2^16, checkpoint <= P < 2^128 (0 if never
    /// settled), credit and carry below 2^64 (the scenario's ranges, as the move's).
    function check_claimPaysItsSettlement(
        uint16 s,
        uint128 checkpoint,
        uint128 perShare,
        uint64 credit,
        uint64 carry,
        bool settled
    ) external {
        VM.assume(checkpoint <= perShare);
        ProjectHarness project = _closed(1_000, perShare, carry);
        _holder(project, ALICE, s, settled, checkpoint, credit);
        uint256 k = settled ? credit : 0;
        uint256 delta = uint256(perShare) - (settled ? checkpoint : 0);
        _assertClaim(project, k + uint256(s) * delta / SCALE, perShare, uint256(carry) + mulmod(s, delta, SCALE));
    }

    /// @dev Alice's claim pays `expected`, settles her at `perShare` with no credit and leaves the
    /// carry `carryAfter`; or it is refused as NothingToClaim when `expected` is 0.
    function _assertClaim(ProjectHarness project, uint256 expected, uint256 perShare, uint256 carryAfter) internal {
        VM.prank(ALICE);
        try project.claimRevenue(COMBO) returns (uint256 paid) {
            (, uint256 checkAfter, bool setAfter, uint256 kAfter) = project.hHolder(COMBO, ALICE);
            (, uint256 carry) = project.hInvestorPool(COMBO);
            assert(paid == expected);
            assert(setAfter && checkAfter == perShare && kAfter == 0);
            assert(carry == carryAfter);
        } catch (bytes memory reason) {
            assert(bytes4(reason) == IProjectBase.NothingToClaim.selector);
            assert(expected == 0);
        }
    }
}
