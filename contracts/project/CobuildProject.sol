// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildFactory} from "../../interfaces/ICobuildFactory.sol";
import {IProjectSelection} from "../../interfaces/IProjectSelection.sol";
import {ProjectArgs} from "../libraries/ProjectArgs.sol";
import {ProRata} from "../libraries/ProRata.sol";
import {ProjectBase} from "./ProjectBase.sol";

/// @title CobuildProject
/// @notice The implementation every project clone delegates to. It runs ideation and selection
/// (options, investment, arguments, ranking, rescue), refunds, investor revenue claims and share
/// moves, and the views; anything else falls through to {ProjectProduction}, which shares its storage.
/// Shares are bought only in ideation and the rescue window, before anything about a prototype is
/// known, at one price for every backer (see {ProjectBase-_surplus}): there is no late investment.
/// @dev The split keeps each facet under the 24 KiB code limit while the hot paths (invest,
/// argue, claim revenue) stay one delegatecall deep.
contract CobuildProject is ProjectBase, IProjectSelection {
    /// @notice The facet for R&D, testing, presale, bonds and revenue deposits.
    address public immutable production;

    /// @dev Thrown when the implementation is deployed without its production facet.
    error MissingFacet();

    constructor(address production_) {
        if (production_.code.length == 0) revert MissingFacet();
        production = production_;
    }

    // ------------------------------------------------------------------ ideation

    /// @inheritdoc IProjectSelection
    function offerOption(uint256 dimension, uint256 quote, Content calldata content)
        external
        returns (uint256 optionId)
    {
        if (block.timestamp >= _ideationEnd()) revert ProjectWrongPhase(_phase(), Phase.Ideation);
        uint256 dimensions = _dimensions();
        if (dimension >= dimensions) revert InvalidDimension(dimension, dimensions);
        if (quote == 0) revert ZeroAmount();
        if (quote > MAX_AMOUNT) revert AmountTooLarge(quote, MAX_AMOUNT);
        ProjectStorage storage $ = _s();
        optionId = ++$.counters.options;
        $.options[optionId] = OptionRecord(msg.sender, uint88(quote), uint8(dimension));
        emit OptionOffered(optionId, dimension, msg.sender, quote, content);
    }

    /// @inheritdoc IProjectSelection
    function investInNew(uint32[] calldata optionIds, uint256 amount)
        external
        payable
        nonReentrant
        returns (uint256 combo)
    {
        return _investInNew(msg.sender, optionIds, amount);
    }

    /// @inheritdoc IProjectSelection
    function investInNewFor(address beneficiary, uint32[] calldata optionIds, uint256 amount)
        external
        payable
        nonReentrant
        returns (uint256 combo)
    {
        if (beneficiary == address(0)) revert InvalidBeneficiary(beneficiary);
        return _investInNew(beneficiary, optionIds, amount);
    }

    /// @inheritdoc IProjectSelection
    function invest(uint256 combo, uint256 amount) external payable nonReentrant {
        _invest(msg.sender, combo, amount);
    }

    /// @inheritdoc IProjectSelection
    function investFor(address beneficiary, uint256 combo, uint256 amount) external payable nonReentrant {
        if (beneficiary == address(0)) revert InvalidBeneficiary(beneficiary);
        _invest(beneficiary, combo, amount);
    }

    /// @dev `investInNew` for `backer`, paid by the caller.
    function _investInNew(address backer, uint32[] calldata optionIds, uint256 amount)
        private
        returns (uint256 combo)
    {
        if (block.timestamp >= _ideationEnd()) revert ProjectWrongPhase(_phase(), Phase.Ideation);
        ProjectStorage storage $ = _s();
        (uint256 key, uint256 cost, uint256 advanceTotal) = _packOptions(optionIds);
        combo = $.comboByKey[key];
        // someone funded it first (perhaps by front-running this call): invest in it all the same
        if (combo == 0) {
            if (cost > MAX_AMOUNT) revert AmountTooLarge(cost, MAX_AMOUNT);
            combo = ++$.counters.combinations;
            $.comboByKey[key] = combo;
            CombinationRecord storage created = $.combos[combo];
            created.options = key;
            created.costs = CombinationCosts(uint96(cost), uint96(advanceTotal));
            emit CombinationCreated(combo, optionIds, cost);
        }
        _addStake($.combos[combo], combo, backer, amount);
        _collect(amount);
    }

    /// @dev `invest` for `backer`, paid by the caller: the stake, its support, its refunds and its
    /// shares are the backer's; the caller only pays. The configuration is read without the clone
    /// check here and in {_addStake}: `_collect` makes it (through `_token`) before any money
    /// moves, and its revert undoes everything on an implementation called directly.
    function _invest(address backer, uint256 combo, uint256 amount) private {
        CombinationRecord storage c = _s().combos[combo];
        if (block.timestamp < ProjectArgs.ideationEnd()) {
            _addStake(c, combo, backer, amount);
        } else {
            Phase ph = _phase();
            if (ph != Phase.Rescue) revert ProjectWrongPhase(ph, Phase.Ideation);
            _rescue(c, combo, backer, amount);
        }
        _collect(amount);
    }

    /// @inheritdoc IProjectSelection
    function argue(uint256 combo, string calldata text) external {
        // no clone check: on the implementation nobody holds a stake, so NotASupporter reverts
        if (block.timestamp >= ProjectArgs.ideationEnd()) {
            Phase ph = _phase();
            if (ph != Phase.Finalizing && ph != Phase.Rescue) revert ProjectWrongPhase(ph, Phase.Ideation);
        }
        if (_s().positions[combo][msg.sender].stake == 0) revert NotASupporter(combo, msg.sender);
        // emit ArgumentPublished(combo, msg.sender, text), encoded by hand: arguing is ideation's hot
        // path and the generic encoder costs ~250 gas more. The data is the canonical encoding of
        // one string (offset, length, text zero-padded), whatever the call's own encoding was.
        bytes32 topic = ArgumentPublished.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let len := text.length
            let padded := and(add(len, 31), not(31))
            mstore(add(ptr, add(0x20, padded)), 0) // the last data word: its padding stays zero
            mstore(ptr, 0x20)
            mstore(add(ptr, 0x20), len)
            calldatacopy(add(ptr, 0x40), text.offset, len)
            log3(ptr, add(0x40, padded), topic, combo, caller())
        }
    }

    // ------------------------------------------------------------------ selection

    /// @inheritdoc IProjectSelection
    function finalize(uint256 start, uint256[] calldata ranking) external {
        _requirePhase(Phase.Finalizing);
        ProjectStorage storage $ = _s();
        Cursor memory cur = $.cursors[msg.sender];
        if (start == 0) {
            cur = Cursor(uint32(++$.counters.attempts), 0, 0, 0, 0, 0);
            emit RankingStarted(cur.attempt, msg.sender);
        } else if (cur.attempt == 0 || start != cur.ranked) {
            revert RankingStartMismatch(start, cur.ranked);
        }
        uint256 count = $.counters.combinations;
        uint256 slots = ProjectArgs.slots();
        uint256 maxRescues = ProjectArgs.maxRescues();
        bool byFunding = ProjectArgs.rankBy() == ICobuildFactory.RankBy.Funding;
        mapping(uint256 => uint256) storage selectedBits = $.selectedByRank[cur.attempt];
        // the last combination this attempt ranked (an empty state before its first)
        CombinationState memory prev = $.combos[cur.last].state;
        for (uint256 i; i < ranking.length; ++i) {
            uint256 id = ranking[i];
            if (id == 0 || id > count) revert UnknownCombination(id);
            CombinationRecord storage c = $.combos[id];
            CombinationState memory st = c.state;
            // strictly after the previous one in a total order: no combination twice, so an
            // attempt that reaches `count` holds every combination, in the one true order
            if (cur.ranked != 0 && !_ranksBefore(prev, cur.last, st, id, byFunding)) {
                revert RankingOutOfOrder(cur.ranked + 1, id);
            }
            ++cur.ranked;
            bool selected = cur.selected < slots && st.funded >= c.costs.cost;
            if (selected) {
                ++cur.selected;
                selectedBits[id >> 8] |= 1 << (id & 0xff);
            } else if (cur.nextInLine < maxRescues) {
                // the rescue slots go to the best-ranked combinations left out, in rank order
                ++cur.nextInLine;
                $.nextInLine[cur.attempt][id >> 8] |= 1 << (id & 0xff);
            }
            cur.total += st.funded;
            cur.last = uint32(id);
            prev = st;
            emit CombinationRanked(id, cur.attempt, cur.ranked, selected);
        }
        $.cursors[msg.sender] = cur;
        if (cur.ranked == count) _conclude(cur);
    }

    // ------------------------------------------------------------------ refunds and revenue

    /// @inheritdoc IProjectSelection
    function refund(uint256 combo) external nonReentrant returns (uint256 amount) {
        Status st = _closedStatus(combo);
        ProjectStorage storage $ = _s();
        Position memory p = $.positions[combo][msg.sender];
        // an empty position has nothing to refund; a tiny stake whose pro-rata share rounds to zero
        // is still booked, so the last backer's claim (which takes the rounding) can come
        if (p.stake == 0) revert NothingToClaim(combo, msg.sender);
        uint256 share;
        (amount, share) = _refundable(combo, msg.sender, st);
        if (st != Status.NotSelected) {
            Settlement memory s = $.combos[combo].settlement;
            s.refunded += uint96(share);
            ++s.refundClaims;
            $.combos[combo].settlement = s;
        }
        delete $.positions[combo][msg.sender];
        emit Refunded(combo, msg.sender, amount);
        if (amount != 0) _pay(msg.sender, amount);
    }

    /// @inheritdoc IProjectSelection
    function claimRevenue(uint256 combo) external nonReentrant returns (uint256 amount) {
        Status st = _closedStatus(combo);
        if (st != Status.Succeeded) revert CombinationWrongStatus(combo, st, Status.Succeeded);
        (amount,) = _settleHolder(combo, msg.sender, true);
        if (amount == 0) revert NothingToClaim(combo, msg.sender);
        emit RevenueClaimed(combo, msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IProjectSelection
    function moveShares(address from, address to, uint256 combo, uint256 amount) external {
        _requireClone();
        if (msg.sender != ProjectArgs.shares()) revert NotSharesContract(msg.sender);
        Status st = _closedStatus(combo);
        if (st != Status.Succeeded) revert CombinationWrongStatus(combo, st, Status.Succeeded);
        (uint256 fromOwed, uint256 fromShares) = _settleHolder(combo, from, false);
        if (fromShares < amount) revert InsufficientShares(combo, from, fromShares, amount);
        _credit(combo, from, fromOwed);
        if (from != to) {
            (uint256 toOwed,) = _settleHolder(combo, to, false);
            _credit(combo, to, toOwed);
            ProjectStorage storage $ = _s();
            $.positions[combo][from].stake = uint96(fromShares - amount);
            $.positions[combo][to].stake += uint96(amount);
        }
        emit SharesMoved(combo, from, to, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProjectSelection
    function config() external view returns (Config memory cfg) {
        _requireClone();
        cfg.factory = ProjectArgs.factory();
        cfg.token = ProjectArgs.token();
        cfg.creator = ProjectArgs.creator();
        cfg.contentHash = ProjectArgs.contentHash();
        cfg.ideationEnd = ProjectArgs.ideationEnd();
        cfg.rescueWindow = ProjectArgs.rescueWindow();
        cfg.developmentPeriod = ProjectArgs.developmentPeriod();
        cfg.testingPeriod = ProjectArgs.testingPeriod();
        cfg.presalePeriod = ProjectArgs.presalePeriod();
        cfg.minTotal = ProjectArgs.minTotal();
        cfg.minStake = ProjectArgs.minStake();
        cfg.slots = ProjectArgs.slots();
        cfg.maxRescues = ProjectArgs.maxRescues();
        cfg.rankBy = ProjectArgs.rankBy();
        for (uint256 r; r < 4; ++r) {
            cfg.ratioBps[r] = ProjectArgs.ratioBps(r);
        }
        cfg.advanceBps = ProjectArgs.advanceBps();
        cfg.quorum = ProjectArgs.quorum();
        cfg.dimensions = ProjectArgs.dimensions();
        cfg.conditions = ProjectArgs.conditions();
        uint256 count = ProjectArgs.inspectorCount();
        cfg.inspectors = new address[](count);
        for (uint256 i; i < count; ++i) {
            cfg.inspectors[i] = ProjectArgs.inspector(i);
        }
    }

    /// @inheritdoc IProjectSelection
    function phase() external view returns (Phase) {
        return _phase();
    }

    /// @inheritdoc IProjectSelection
    function schedule()
        external
        view
        returns (uint256 rescueEnd, uint256 developmentEnd, uint256 testingEnd, uint256 presaleEnd)
    {
        return _schedule(_s().progress.finalizedAt);
    }

    /// @inheritdoc IProjectSelection
    function counts() external view returns (uint256 options, uint256 combinations, uint256 addons, uint256 bonds) {
        Counters memory n = _s().counters;
        return (n.options, n.combinations, n.addons, n.bonds);
    }

    /// @inheritdoc IProjectSelection
    function selection()
        external
        view
        returns (uint256 ranked, uint256 selected, uint256 rescued, uint256 totalInvested)
    {
        ProjectStorage storage $ = _s();
        Progress memory p = $.progress;
        return (p.ranked, p.selected, $.counters.rescued, p.total);
    }

    /// @inheritdoc IProjectSelection
    function rankingOf(address submitter) external view returns (uint256 attempt, uint256 ranked, uint256 lastRanked) {
        Cursor memory cur = _s().cursors[submitter];
        return (cur.attempt, cur.ranked, cur.last);
    }

    /// @inheritdoc IProjectSelection
    function option(uint256 optionId) external view returns (address maker, uint256 quote, uint256 dimension) {
        OptionRecord memory o = _s().options[optionId];
        return (o.maker, o.quote, o.dimension);
    }

    /// @inheritdoc IProjectSelection
    function combinationId(uint32[] calldata optionIds) external view returns (uint256) {
        (uint256 key,,) = _packOptions(optionIds);
        return _s().comboByKey[key];
    }

    /// @inheritdoc IProjectSelection
    function rankingKeys(uint256 first, uint256 count)
        external
        view
        returns (uint256[] memory supporters, uint256[] memory funded)
    {
        ProjectStorage storage $ = _s();
        supporters = new uint256[](count);
        funded = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            CombinationState memory st = $.combos[first + i].state;
            (supporters[i], funded[i]) = (st.supporters, st.funded);
        }
    }

    /// @inheritdoc IProjectSelection
    function combination(uint256 combo) external view returns (Combination memory out) {
        CombinationRecord storage c = _s().combos[combo];
        CombinationState memory st = c.state;
        Sale memory sale = c.sale;
        uint256 dims = _dimensions();
        out.status = _status(combo);
        out.optionIds = new uint32[](st.backers == 0 ? 0 : dims);
        for (uint256 d; d < out.optionIds.length; ++d) {
            out.optionIds[d] = uint32(_optionAt(c.options, d));
        }
        out.cost = c.costs.cost;
        out.funded = st.funded;
        out.supporters = st.supporters;
        out.backers = st.backers;
        out.deliveredMask = st.delivered;
        out.passedConditions = st.passedConditions;
        out.price = sale.price;
        out.minOrders = sale.minOrders;
        out.orders = sale.orders;
    }

    /// @inheritdoc IProjectSelection
    function status(uint256 combo) external view returns (Status) {
        return _status(combo);
    }

    /// @inheritdoc IProjectSelection
    function stakeOf(uint256 combo, address backer) external view returns (uint256) {
        Position memory p = _s().positions[combo][backer];
        return p.aux & SETTLED != 0 ? 0 : p.stake;
    }

    /// @inheritdoc IProjectSelection
    function sharesOf(uint256 combo, address holder) external view returns (uint256) {
        if (_status(combo) != Status.Succeeded) return 0;
        return _s().positions[combo][holder].stake;
    }

    /// @inheritdoc IProjectSelection
    function totalShares(uint256 combo) external view returns (uint256) {
        if (_status(combo) != Status.Succeeded) return 0;
        return _s().combos[combo].state.funded;
    }

    /// @inheritdoc IProjectSelection
    function revenueOf(uint256 combo, address holder) external view returns (uint256) {
        if (_status(combo) != Status.Succeeded) return 0;
        ProjectStorage storage $ = _s();
        CombinationRecord storage c = $.combos[combo];
        Position memory p = $.positions[combo][holder];
        uint256 checkpoint = p.aux & CHECKPOINT_MASK;
        uint256 perShare = $.investorPools[combo].perShare;
        if (c.state.flags & CLOSED == 0) {
            // not closed yet (nothing accrued): include what closing will book, the base revenue
            // and the surplus
            Sale memory sale = c.sale;
            (,, uint256 investorsUnit,) = _split(sale.price);
            perShare = _perShareOf(sale.orders * investorsUnit + _surplus(c), c.state.funded);
        }
        return _earned(p.stake, perShare - checkpoint) + $.revenueCredit[combo][holder];
    }

    /// @inheritdoc IProjectSelection
    function refundableOf(uint256 combo, address backer) external view returns (uint256 amount) {
        Status st = _status(combo);
        // in any other status `refund` reverts: nothing is refundable now
        if (st == Status.NotSelected || st == Status.Dropped || st == Status.PresaleFailed) {
            (amount,) = _refundable(combo, backer, st);
        }
    }

    /// @inheritdoc IProjectSelection
    function makerOwed(uint256 combo, uint256 dimension) external view returns (uint256 escrow, uint256 revenue) {
        ProjectStorage storage $ = _s();
        if (dimension >= _dimensions() || $.combos[combo].state.backers == 0) return (0, 0);
        Status st = _status(combo);
        Part memory part = $.parts[combo][dimension];
        escrow = _makerEntitled(combo, dimension, st) - part.paid;
        if (st == Status.Succeeded) {
            CombinationRecord storage c = $.combos[combo];
            uint256 quote = $.options[_optionAt(c.options, dimension)].quote;
            uint256 perShare = $.makerPools[combo].perShare;
            if (c.state.flags & CLOSED == 0) {
                // not closed yet (nothing accrued): include the base revenue that closing (first
                // thing in claimMaker) will book
                (, uint256 makersUnit,,) = _split(c.sale.price);
                perShare = _perShareOf(c.sale.orders * makersUnit, c.costs.cost);
            }
            revenue = _earned(quote, perShare - part.perShare);
        }
    }

    /// @inheritdoc IProjectSelection
    function roleOwed() external view returns (uint256 creator, uint256 platform) {
        RoleOwed memory roles = _s().roles;
        return (roles.creator, roles.platform);
    }

    /// @inheritdoc IProjectSelection
    function addon(uint256 addonId)
        external
        view
        returns (uint256 combo, address merchant, uint256 price, uint256 sold, bool claimed)
    {
        AddonRecord memory a = _s().addons[addonId];
        return (a.combo, a.merchant, a.price, a.sold, a.claimed);
    }

    /// @inheritdoc IProjectSelection
    function orderOf(uint256 combo, uint256 orderIndex)
        external
        view
        returns (address buyer, uint256 paid, uint256 awardOwed)
    {
        ProjectStorage storage $ = _s();
        OrderRecord memory o = $.orders[combo][orderIndex];
        return (o.buyer, o.paid, $.awardOwed[combo][orderIndex]);
    }

    /// @inheritdoc IProjectSelection
    function bond(uint256 bondId)
        external
        view
        returns (address provider, uint256 combo, uint256 amount, uint256 warrantyEnd)
    {
        BondRecord memory b = _s().bonds[bondId];
        return (b.provider, b.combo, b.amount, b.warrantyEnd);
    }

    /// @notice Everything else is the production facet's (same storage, same clone).
    // solhint-disable-next-line no-complex-fallback
    fallback() external payable {
        _requireClone();
        address facet = production;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), facet, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    // ------------------------------------------------------------------ internals

    /// @dev Add `amount` to `backer`'s selection-stage stake (ideation, or a rescue top-up).
    function _addStake(CombinationRecord storage c, uint256 combo, address backer, uint256 amount) private {
        // field by field on storage: cheaper than loading and re-packing the whole slot's struct
        CombinationState storage st = c.state;
        if (st.backers == 0 && c.options == 0) revert UnknownCombination(combo);
        uint256 funded = uint256(st.funded) + amount;
        if (funded > MAX_AMOUNT) revert AmountTooLarge(amount, MAX_AMOUNT - st.funded);
        Position storage pos = _s().positions[combo][backer];
        uint256 before = pos.stake;
        uint256 stake = before + amount;
        pos.stake = uint96(stake);
        st.funded = uint96(funded);
        if (before == 0) ++st.backers;
        uint256 minStake = ProjectArgs.minStake(); // clone: see {_invest}
        if (before < minStake && stake >= minStake) ++st.supporters;
        emit Invested(combo, backer, amount);
    }

    /// @dev A top-up of a combination next in line (`Eliminated`: among the first `maxRescues` the
    /// ranking left out); it is rescued once it reaches its cost. Each of them has a rescue of its
    /// own, so `maxRescues`, fixed at creation, bounds the prototypes and nobody races for one.
    function _rescue(CombinationRecord storage c, uint256 combo, address backer, uint256 amount) private {
        Status st = _statusIn(combo, Phase.Rescue);
        if (st != Status.Eliminated) revert CombinationWrongStatus(combo, st, Status.Eliminated);
        ProjectStorage storage $ = _s();
        if ($.positions[combo][backer].stake == 0) revert NotASupporter(combo, backer);
        _addStake(c, combo, backer, amount);
        if (c.state.funded >= c.costs.cost) {
            c.state.flags |= RESCUED;
            ++$.counters.rescued;
            emit CombinationRescued(combo, c.state.funded);
        }
    }

    /// @dev What the rules owe `backer` back for `combo` in status `st`, and the pro-rata part of
    /// it (to book). The last backer to claim pro rata takes the rounding, so the pool is paid out exactly.
    function _refundable(uint256 combo, address backer, Status st)
        private
        view
        returns (uint256 amount, uint256 share)
    {
        ProjectStorage storage $ = _s();
        Position memory p = $.positions[combo][backer];
        if (st == Status.NotSelected) return (p.stake, 0);
        CombinationRecord storage c = $.combos[combo];
        CombinationState memory state = c.state;
        uint256 pool = 0;
        if (st == Status.Dropped) pool = state.funded - c.costs.advanceTotal;
        else if (st == Status.PresaleFailed) pool = state.funded - c.costs.cost;
        else revert CombinationWrongStatus(combo, st, Status.NotSelected);
        if (p.stake != 0) {
            Settlement memory s = c.settlement;
            share = s.refundClaims + 1 == state.backers
                ? pool - s.refunded
                : ProRata.mulDivDown(pool, p.stake, state.funded);
        }
        amount = share;
    }

    /// @dev Validate one option per dimension and pack their ids into the combination key.
    function _packOptions(uint32[] calldata optionIds)
        private
        view
        returns (uint256 key, uint256 cost, uint256 advanceTotal)
    {
        uint256 dims = _dimensions();
        if (optionIds.length != dims) revert InvalidDimension(optionIds.length, dims);
        uint256 advanceBps = ProjectArgs.advanceBps();
        ProjectStorage storage $ = _s();
        for (uint256 d; d < dims; ++d) {
            OptionRecord memory o = $.options[optionIds[d]];
            if (o.maker == address(0) || o.dimension != d) revert InvalidOption(optionIds[d], d);
            key |= uint256(optionIds[d]) << (32 * d);
            cost += o.quote;
            advanceTotal += _advance(o.quote, advanceBps);
        }
    }

    /// @dev An attempt holds every combination: the launch fails below the minimum total, else its
    /// selection is final. Either way it is the outcome for everyone.
    function _conclude(Cursor memory cur) private {
        uint256 minTotal = ProjectArgs.minTotal();
        Progress memory p = Progress(cur.attempt, cur.ranked, cur.selected, 0, false, cur.total);
        if (cur.total < minTotal) {
            p.failed = true;
            p.selected = 0; // nothing is selected when the launch fails
            emit LaunchFailed(cur.attempt, cur.total, minTotal);
        } else {
            p.finalizedAt = uint40(block.timestamp);
            (uint256 rescueEnd,,,) = _schedule(block.timestamp);
            emit SelectionFinalized(cur.attempt, cur.selected, cur.total, rescueEnd);
        }
        _s().progress = p;
    }

    /// @dev The project's order: by supporters then funding, or by funding then supporters; ties go
    /// to the combination funded first (lower id).
    function _ranksBefore(
        CombinationState memory a,
        uint256 aId,
        CombinationState memory b,
        uint256 bId,
        bool byFunding
    ) private pure returns (bool) {
        if (byFunding && a.funded != b.funded) return a.funded > b.funded;
        if (a.supporters != b.supporters) return a.supporters > b.supporters;
        if (a.funded != b.funded) return a.funded > b.funded;
        return aId < bId;
    }
}
