// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IProjectBase} from "../../interfaces/IProjectBase.sol";
import {Payments} from "../libraries/Payments.sol";
import {ProjectArgs} from "../libraries/ProjectArgs.sol";
import {ProRata} from "../libraries/ProRata.sol";

/// @title ProjectBase
/// @notice Storage, configuration, phase and status rules, money movement and revenue accounting
/// shared by the two facets of a project ({CobuildProject} and {ProjectProduction}).
/// @dev Both facets run in the clone's storage (the second through a delegatecall from the
/// first's fallback), so all state lives in one ERC-7201 namespace declared here only.
abstract contract ProjectBase is IProjectBase, ReentrancyGuardTransient {
    uint256 internal constant BPS = 10_000;
    /// @dev Precision of the revenue-per-share accumulators.
    uint256 internal constant SCALE = 1e18;
    /// @dev Bound on any combination's funding, price or quote: keeps shares, carries and
    /// accumulators inside their packed fields (see {Pool}).
    uint256 internal constant MAX_AMOUNT = type(uint88).max;
    /// @dev Bound on a model's cumulative revenue: accumulator <= 2^96 * SCALE < 2^158.
    uint256 internal constant MAX_REVENUE = type(uint96).max;
    /// @dev Time after the end of ideation within which a ranking must be completed. Past it an
    /// unfinalized project has failed and refunds everyone: plain neglect cannot freeze the escrow
    /// (and nobody can derail a ranking: each submitter extends only its own, see {Cursor}).
    uint256 internal constant FINALIZATION_WINDOW = 7 days;

    // Combination flags (CombinationState.flags). Selection by rank is not a flag: it is the
    // completed attempt's bitmap (see {_selectedByRank}), since every attempt may differ.
    uint8 internal constant RESCUED = 1;
    uint8 internal constant PASSED = 2;
    uint8 internal constant TERMS_SET = 4;
    uint8 internal constant CLOSED = 8;
    uint8 internal constant SUCCEEDED = 16;
    uint8 internal constant FAILED = 32; // a condition's fails made its pass quorum unreachable

    // Position.aux: zero until the holder's first settlement after its model succeeded; from then
    // on a revenue checkpoint with these flags.
    uint160 internal constant SETTLED = uint160(1) << 159;
    uint160 internal constant HAS_CREDIT = uint160(1) << 158;
    uint160 internal constant CHECKPOINT_MASK = HAS_CREDIT - 1;

    /// @dev Written by every investment: one slot. Ranking never writes it.
    struct CombinationState {
        uint96 funded; // selection-stage stake (ideation and rescue)
        uint32 supporters; // backers at or above the minimum stake
        uint32 backers; // backers with a selection-stage stake; > 0 for every existing combination
        uint8 flags;
        uint8 delivered; // bit d = part d delivered
        uint16 passedConditions;
    }

    struct CombinationCosts {
        uint96 cost; // sum of the quotes
        uint96 advanceTotal; // sum of the advances (each floor(quote * advanceBps / BPS))
    }

    struct Sale {
        uint96 price;
        uint32 minOrders;
        uint32 orders;
    }

    struct Settlement {
        uint96 refunded; // pro-rata refunds paid so far
        uint32 refundClaims; // backers refunded pro rata so far
        uint96 revenue; // cumulative revenue booked for the model
    }

    struct CombinationRecord {
        CombinationState state;
        uint256 options; // option ids, 32 bits each, dimension d at bits [32d, 32d+32)
        CombinationCosts costs;
        Sale sale;
        Settlement settlement;
    }

    struct OptionRecord {
        address maker;
        uint88 quote;
        uint8 dimension;
    }

    struct Position {
        uint96 stake; // selection-stage stake; after settlement: shares
        uint160 aux; // 0; after settlement: SETTLED | HAS_CREDIT? | checkpoint
    }

    /// @dev Revenue-per-share accumulator. `carry` holds what did not divide evenly: the remainder
    /// of each deposit (numerator mod shares) and the sub-wei remainders of holders' settlements.
    /// It joins the next deposit, so rounding never locks money. It stays below
    /// shares + settlements-since-last-deposit * SCALE, far inside 96 bits.
    struct Pool {
        uint160 perShare;
        uint96 carry;
    }

    /// @dev A maker's part of a combination: escrow already paid and its makers-pool checkpoint.
    struct Part {
        uint96 paid;
        uint160 perShare;
    }

    struct AddonRecord {
        address merchant;
        uint96 price;
        uint32 combo;
        uint32 sold;
        bool claimed;
    }

    struct OrderRecord {
        address buyer;
        uint96 paid;
    }

    struct BondRecord {
        address provider;
        uint96 amount;
        uint32 combo;
        uint64 warrantyEnd;
    }

    /// @dev The outcome of selection, written once by the batch that completes a ranking.
    struct Progress {
        uint32 attempt; // the completed ranking attempt (its bitmap says who was selected by rank)
        uint32 ranked;
        uint32 selected; // selected by rank (0 when the launch failed)
        uint40 finalizedAt; // 0 until a ranking completes with the launch conditions met
        bool failed;
        uint112 total; // sum of the combinations' funding
    }

    /// @dev One submitter's ranking attempt. Only its submitter extends it, so no transaction of
    /// anyone else can move, derail or discard it; a complete attempt is the true ranking.
    struct Cursor {
        uint32 attempt;
        uint32 ranked;
        uint32 selected;
        uint32 last; // id of the last ranked combination
        uint112 total;
        uint16 nextInLine; // eliminated combinations marked rescuable so far (at most maxRescues)
    }

    struct Counters {
        uint32 options;
        uint32 combinations;
        uint32 addons;
        uint32 bonds;
        uint32 rescued;
        uint32 attempts; // ranking attempts started
    }

    struct RoleOwed {
        uint128 creator;
        uint128 platform;
    }

    /// @custom:storage-location erc7201:cobuild.storage.Project
    struct ProjectStorage {
        Progress progress;
        Counters counters;
        RoleOwed roles;
        mapping(uint256 optionId => OptionRecord) options;
        mapping(uint256 key => uint256) comboByKey;
        mapping(uint256 combo => CombinationRecord) combos;
        mapping(uint256 combo => mapping(address => Position)) positions;
        mapping(uint256 combo => mapping(address => uint256)) revenueCredit;
        mapping(uint256 combo => Pool) investorPools;
        mapping(uint256 combo => Pool) makerPools;
        mapping(uint256 combo => mapping(uint256 dimension => Part)) parts;
        mapping(uint256 combo => mapping(uint256 condition => uint256)) votes;
        mapping(uint256 addonId => AddonRecord) addons;
        mapping(uint256 combo => mapping(uint256 orderIndex => OrderRecord)) orders;
        mapping(uint256 combo => mapping(uint256 orderIndex => uint256)) awardOwed;
        mapping(uint256 bondId => BondRecord) bonds;
        mapping(bytes32 awardKey => uint256) approvals;
        mapping(address submitter => Cursor) cursors;
        mapping(uint256 attempt => mapping(uint256 word => uint256)) selectedByRank;
        // the first maxRescues combinations the attempt did not select, in rank order: the only
        // ones that may be rescued
        mapping(uint256 attempt => mapping(uint256 word => uint256)) nextInLine;
    }

    // keccak256(abi.encode(uint256(keccak256("cobuild.storage.Project")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x0f85cd73ee119478e921f8f4ca99a75a2a9df3f30695acbb659c33817cb7ad00;

    /// @dev This contract's own address: a call that does not come through a clone is refused.
    address private immutable _self = address(this);

    function _s() internal pure returns (ProjectStorage storage $) {
        assembly {
            $.slot := _STORAGE_SLOT
        }
    }

    // ------------------------------------------------------------------ configuration

    // The fields are read through {ProjectArgs}' typed getters. The implementations hold no
    // project (their own code is not a configuration), so every entry point's first read is
    // preceded by {_requireClone}: the four getters below make it, and the few entry points that
    // start with another field call it themselves. Later reads in the same call use the library
    // directly.

    /// @dev The implementations hold no project: their own code is not a configuration.
    function _requireClone() internal view {
        if (address(this) == _self) revert NotAProject();
    }

    function _token() internal view returns (address) {
        _requireClone();
        return ProjectArgs.token();
    }

    function _creator() internal view returns (address) {
        _requireClone();
        return ProjectArgs.creator();
    }

    function _ideationEnd() internal view returns (uint256) {
        _requireClone();
        return ProjectArgs.ideationEnd();
    }

    function _dimensions() internal view returns (uint256) {
        _requireClone();
        return ProjectArgs.dimensions();
    }

    /// @dev Index of `account` among the inspectors; reverts for anyone else.
    function _inspectorIndex(address account) internal view returns (uint256) {
        _requireClone();
        uint256 count = ProjectArgs.inspectorCount();
        for (uint256 i; i < count; ++i) {
            if (ProjectArgs.inspector(i) == account) return i;
        }
        revert NotInspector(account);
    }

    // ------------------------------------------------------------------ phases and statuses

    function _phase() internal view returns (Phase) {
        uint256 ideationEnd = _ideationEnd();
        if (block.timestamp < ideationEnd) return Phase.Ideation;
        Progress memory p = _s().progress;
        if (p.failed) return Phase.Failed;
        if (p.finalizedAt == 0) {
            return block.timestamp < ideationEnd + FINALIZATION_WINDOW ? Phase.Finalizing : Phase.Failed;
        }
        (uint256 rescueEnd, uint256 developmentEnd, uint256 testingEnd, uint256 presaleEnd) = _schedule(p.finalizedAt);
        if (block.timestamp < rescueEnd) return Phase.Rescue;
        if (block.timestamp < developmentEnd) return Phase.Development;
        if (block.timestamp < testingEnd) return Phase.Testing;
        if (block.timestamp < presaleEnd) return Phase.Presale;
        return Phase.Closed;
    }

    function _schedule(uint256 finalizedAt)
        internal
        view
        returns (uint256 rescueEnd, uint256 developmentEnd, uint256 testingEnd, uint256 presaleEnd)
    {
        // slither-disable-next-line incorrect-equality (0 is "not finalized", not a balance)
        if (finalizedAt == 0) return (0, 0, 0, 0);
        // no clone check: every caller made it, or reads finalizedAt, which is 0 on an
        // implementation (finalize checks first)
        rescueEnd = finalizedAt + ProjectArgs.rescueWindow();
        developmentEnd = rescueEnd + ProjectArgs.developmentPeriod();
        testingEnd = developmentEnd + ProjectArgs.testingPeriod();
        presaleEnd = testingEnd + ProjectArgs.presalePeriod();
    }

    function _presaleEnd() internal view returns (uint256 presaleEnd) {
        (,,, presaleEnd) = _schedule(_s().progress.finalizedAt);
    }

    function _requirePhase(Phase required) internal view returns (Phase current) {
        current = _phase();
        if (current != required) revert ProjectWrongPhase(current, required);
    }

    function _status(uint256 combo) internal view returns (Status) {
        return _statusIn(combo, _phase());
    }

    function _statusIn(uint256 combo, Phase ph) internal view returns (Status) {
        CombinationRecord storage c = _s().combos[combo];
        CombinationState memory st = c.state;
        if (st.backers == 0) return Status.None;
        if (ph == Phase.Ideation || ph == Phase.Finalizing) return Status.Backed;
        if (ph == Phase.Failed) return Status.NotSelected;
        // only prototypes get deliveries: a delivered combination was selected (no bitmap read on
        // the later, hotter paths)
        bool selected = st.delivered != 0 || st.flags & RESCUED != 0 || _selectedByRank(combo);
        if (!selected) return ph == Phase.Rescue && _nextInLine(combo) ? Status.Eliminated : Status.NotSelected;
        if (ph == Phase.Rescue) return Status.Selected;
        if (ph == Phase.Development) return Status.Prototype;
        // a clone's (an implementation has no backers): no clone check
        if (st.delivered != (1 << ProjectArgs.dimensions()) - 1 || st.flags & FAILED != 0) return Status.Dropped;
        if (st.flags & PASSED == 0) return ph == Phase.Testing ? Status.Prototype : Status.Dropped;
        if (ph != Phase.Closed) return Status.Model;
        if (st.flags & CLOSED != 0) return st.flags & SUCCEEDED != 0 ? Status.Succeeded : Status.PresaleFailed;
        return _presaleSucceeded(st.flags, c.sale) ? Status.Succeeded : Status.PresaleFailed;
    }

    /// @dev Whether the completed ranking attempt selected `combo` by rank.
    function _selectedByRank(uint256 combo) internal view returns (bool) {
        ProjectStorage storage $ = _s();
        return _bit($.selectedByRank[$.progress.attempt], combo);
    }

    /// @dev Whether the completed ranking attempt put `combo` among the first `maxRescues` it did
    /// not select: the only combinations the rescue window may rescue.
    function _nextInLine(uint256 combo) internal view returns (bool) {
        ProjectStorage storage $ = _s();
        return _bit($.nextInLine[$.progress.attempt], combo);
    }

    function _bit(mapping(uint256 => uint256) storage bits, uint256 id) private view returns (bool) {
        return (bits[id >> 8] >> (id & 0xff)) & 1 != 0;
    }

    /// @dev Success is the minimum order count, reached with terms the creator set.
    function _presaleSucceeded(uint8 flags, Sale memory sale) internal pure returns (bool) {
        return flags & TERMS_SET != 0 && sale.orders >= sale.minOrders;
    }

    function _requireStatus(uint256 combo, Status required) internal view returns (Status current) {
        current = _status(combo);
        if (current != required) revert CombinationWrongStatus(combo, current, required);
    }

    /// @dev Status of a model after presale, booking its base revenue first if nobody closed it yet.
    function _closedStatus(uint256 combo) internal returns (Status current) {
        current = _status(combo);
        if (current == Status.Succeeded || current == Status.PresaleFailed) {
            if (_s().combos[combo].state.flags & CLOSED == 0) _close(combo);
        }
    }

    /// @dev Close a model after presale. Success books the makers' and the investors' parts of the
    /// base revenue (the creator's and the platform's were booked as the orders came, see
    /// {_bookOrderRoles}) and gives the backers back the money above the cost through the same
    /// accumulator, pro rata to their shares (which are their stakes). `orders * price <=
    /// MAX_REVENUE` holds by `order`'s bound.
    function _close(uint256 combo) internal {
        ProjectStorage storage $ = _s();
        CombinationRecord storage c = $.combos[combo];
        Sale memory sale = c.sale;
        bool succeeded = _presaleSucceeded(c.state.flags, sale);
        uint256 revenue = succeeded ? uint256(sale.orders) * sale.price : 0;
        c.state.flags |= succeeded ? CLOSED | SUCCEEDED : CLOSED;
        emit ModelClosed(combo, succeeded, sale.orders, revenue);
        if (revenue == 0) return;
        c.settlement.revenue = uint96(revenue);
        (uint256 creatorUnit, uint256 makersUnit, uint256 investorsUnit, uint256 platformUnit) = _split(sale.price);
        uint256 n = sale.orders;
        uint256 surplus = _surplus(c);
        _accrue($.makerPools[combo], n * makersUnit, c.costs.cost);
        _accrue($.investorPools[combo], n * investorsUnit + surplus, c.state.funded);
        emit RevenueDeposited(
            combo, address(this), revenue, n * creatorUnit, n * makersUnit, n * investorsUnit, n * platformUnit
        );
        emit SurplusReturned(combo, surplus);
    }

    /// @dev The ratio's split of `amount`: the creator's, the makers' and the platform's parts
    /// rounded down, the investors' the rest (they take the rounding). A deposit is split as a
    /// whole; base revenue per unit of price, so every order adds the same parts and success, known
    /// at the `minOrders`-th order, is final then.
    function _split(uint256 amount)
        internal
        view
        returns (uint256 creatorPart, uint256 makersPart, uint256 investorsPart, uint256 platformPart)
    {
        creatorPart = ProRata.mulDivDown(amount, ProjectArgs.ratioBps(0), BPS);
        makersPart = ProRata.mulDivDown(amount, ProjectArgs.ratioBps(1), BPS);
        platformPart = ProRata.mulDivDown(amount, ProjectArgs.ratioBps(3), BPS);
        investorsPart = amount - creatorPart - makersPart - platformPart;
    }

    /// @dev A maker's advance on `quote`: its `advanceBps` part, rounded down.
    function _advance(uint256 quote, uint256 advanceBps) internal pure returns (uint256) {
        return ProRata.mulDivDown(quote, advanceBps, BPS);
    }

    /// @dev What `shares` earn while the revenue per share rises by `delta`, rounded down (the
    /// settlements recycle the sub-wei remainder, see {_owed}).
    function _earned(uint256 shares, uint256 delta) internal pure returns (uint256) {
        return ProRata.mulDivDown(shares, delta, SCALE);
    }

    /// @dev The money its backers put in above a selected combination's cost. Nobody is paid from
    /// it: it comes back to the backers in every outcome (pro rata by refund when the presale
    /// fails, through the investors' accumulator when it succeeds, inside the refund pool when
    /// the prototype is dropped).
    function _surplus(CombinationRecord storage c) internal view returns (uint256) {
        return uint256(c.state.funded) - c.costs.cost;
    }

    /// @dev The revenue per share that accruing `amount` over `shares` books in an accumulator with
    /// nothing accrued yet, rounded down: what closing will book ({_accrue}), for the views.
    function _perShareOf(uint256 amount, uint256 shares) internal pure returns (uint256) {
        return ProRata.mulDivDown(amount, SCALE, shares);
    }

    // ------------------------------------------------------------------ money in and out

    /// @dev Take `amount` from the caller in the project's token (see {Payments-collect}).
    function _collect(uint256 amount) internal {
        Payments.collect(_token(), amount);
    }

    /// @dev Send `amount` to `to`. Books are always updated before this is called, and only the
    /// account a rule names receives: a failing receiver blocks only its own withdrawal.
    function _pay(address to, uint256 amount) internal {
        Payments.pay(_token(), to, amount);
    }

    // ------------------------------------------------------------------ revenue sharing

    /// @dev Split `amount` of a succeeded model's revenue by the ratio: creator and platform are
    /// credited, makers and investors through their accumulators. The investors take the rounding.
    function _bookRevenue(uint256 combo, address from, uint256 amount) internal {
        ProjectStorage storage $ = _s();
        CombinationRecord storage c = $.combos[combo];
        uint256 cumulative = c.settlement.revenue + amount;
        if (cumulative > MAX_REVENUE) revert AmountTooLarge(amount, MAX_REVENUE - c.settlement.revenue);
        c.settlement.revenue = uint96(cumulative);

        (uint256 creatorPart, uint256 makersPart, uint256 investorsPart, uint256 platformPart) = _split(amount);

        RoleOwed memory roles = $.roles;
        roles.creator += uint128(creatorPart);
        roles.platform += uint128(platformPart);
        $.roles = roles;
        _accrue($.makerPools[combo], makersPart, c.costs.cost);
        _accrue($.investorPools[combo], investorsPart, c.state.funded);
        emit RevenueDeposited(combo, from, amount, creatorPart, makersPart, investorsPart, platformPart);
    }

    function _accrue(Pool storage pool, uint256 amount, uint256 shares) internal {
        uint256 numerator = amount * SCALE + pool.carry;
        pool.perShare += uint160(numerator / shares);
        pool.carry = uint96(numerator % shares);
    }

    /// @dev Bring `holder`'s revenue checkpoint in `combo` up to date and return what it is owed
    /// (settled credit included when `withCredit`) and its shares. The first settlement after the
    /// model succeeded turns the position's stake into as many shares.
    function _settleHolder(uint256 combo, address holder, bool withCredit)
        internal
        returns (uint256 owed, uint256 shares)
    {
        ProjectStorage storage $ = _s();
        Position memory p = $.positions[combo][holder];
        shares = p.stake;
        uint256 checkpoint = p.aux & CHECKPOINT_MASK; // 0 before the first settlement
        Pool storage pool = $.investorPools[combo];
        uint256 perShare = pool.perShare;
        owed = _owed(pool, shares, perShare - checkpoint);
        uint160 aux = SETTLED | uint160(perShare);
        if (p.aux & HAS_CREDIT != 0) {
            if (withCredit) {
                owed += $.revenueCredit[combo][holder];
                delete $.revenueCredit[combo][holder];
            } else {
                aux |= HAS_CREDIT;
            }
        }
        $.positions[combo][holder] = Position(uint96(shares), aux);
    }

    /// @dev What `shares` earned over `delta` ({_earned}), recycling the sub-wei remainder into
    /// the pool's carry.
    function _owed(Pool storage pool, uint256 shares, uint256 delta) internal returns (uint256 owed) {
        owed = _earned(shares, delta);
        uint256 remainder = mulmod(shares, delta, SCALE);
        if (remainder != 0) pool.carry += uint96(remainder);
    }

    /// @dev Park settled-but-unpaid revenue (a share transfer settles without paying).
    function _credit(uint256 combo, address holder, uint256 amount) internal {
        if (amount == 0) return;
        ProjectStorage storage $ = _s();
        $.revenueCredit[combo][holder] += amount;
        $.positions[combo][holder].aux |= HAS_CREDIT;
    }

    // ------------------------------------------------------------------ makers

    /// @dev Option id of part `dimension` of a combination.
    function _optionAt(uint256 options, uint256 dimension) internal pure returns (uint256) {
        return uint32(options >> (32 * dimension));
    }

    /// @dev Everything the rules have released to part `dimension` so far, by the combination's
    /// status: the advance while it is a prototype (and kept if it is dropped), the whole quote once
    /// it passed. Never more, whatever the combination's funding: a maker's income from escrow does
    /// not grow with investment, so a stake pays the backers, not the makers (see {_surplus}).
    function _makerEntitled(uint256 combo, uint256 dimension, Status st) internal view returns (uint256) {
        if (
            st != Status.Prototype && st != Status.Dropped && st != Status.Model && st != Status.Succeeded
                && st != Status.PresaleFailed
        ) return 0;
        ProjectStorage storage $ = _s();
        uint256 quote = $.options[_optionAt($.combos[combo].options, dimension)].quote;
        if (st == Status.Prototype || st == Status.Dropped) {
            return _advance(quote, ProjectArgs.advanceBps());
        }
        return quote;
    }
}
