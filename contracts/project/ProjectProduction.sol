// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";

import {ICobuildFactory} from "../../interfaces/ICobuildFactory.sol";
import {IProjectProduction} from "../../interfaces/IProjectProduction.sol";
import {ProjectArgs} from "../libraries/ProjectArgs.sol";
import {ProjectBase} from "./ProjectBase.sol";

/// @title ProjectProduction
/// @notice The second facet of a project: R&D (advances, deliveries), testing (inspectors'
/// verdicts), presale (terms, add-ons, orders, bonds, awards), closing, and the payouts of makers,
/// merchants, buyers, providers, creator and platform. Reached only through {CobuildProject}'s
/// fallback, in the clone's storage.
contract ProjectProduction is ProjectBase, IProjectProduction, Multicall {
    // Verdict tally (votes[combo][condition]): bits 0-15 inspectors who voted, bits 16-23 passes,
    // bits 24-31 fails.
    uint256 private constant PASS_SHIFT = 16;
    uint256 private constant FAIL_SHIFT = 24;
    // Award approvals: bits 0-15 inspectors who approved, bit 255 granted.
    uint256 private constant GRANTED = 1 << 255;

    // ------------------------------------------------------------------ R&D and testing

    /// @inheritdoc IProjectProduction
    function claimMaker(uint256 combo, uint256 dimension)
        external
        nonReentrant
        returns (uint256 escrow, uint256 revenue)
    {
        ProjectStorage storage $ = _s();
        address maker = _requireMaker(combo, dimension);
        Status st = _closedStatus(combo);
        Part memory part = $.parts[combo][dimension];
        escrow = _makerEntitled(combo, dimension, st) - part.paid;
        part.paid += uint96(escrow);
        if (st == Status.Succeeded) {
            Pool storage pool = $.makerPools[combo];
            uint256 perShare = pool.perShare;
            uint256 quote = $.options[_optionAt($.combos[combo].options, dimension)].quote;
            revenue = _owed(pool, quote, perShare - part.perShare);
            part.perShare = uint160(perShare);
        }
        if (escrow + revenue == 0) revert NothingToClaim(combo, maker);
        $.parts[combo][dimension] = part;
        emit MakerPaid(combo, dimension, maker, escrow, revenue);
        _pay(maker, escrow + revenue);
    }

    /// @inheritdoc IProjectProduction
    function deliver(uint256 combo, uint256 dimension, bytes32 reportHash) external {
        _requirePhase(Phase.Development);
        address maker = _requireMaker(combo, dimension);
        _requireStatus(combo, Status.Prototype);
        CombinationState storage st = _s().combos[combo].state;
        if (st.delivered & (1 << dimension) != 0) revert AlreadyDelivered(combo, dimension);
        st.delivered |= uint8(1 << dimension);
        emit PartDelivered(combo, dimension, maker, reportHash);
    }

    /// @inheritdoc IProjectProduction
    function recordVerdict(uint256 combo, uint256 condition, bool pass, bytes32 reportHash) external {
        _requirePhase(Phase.Testing);
        uint256 inspector = _inspectorIndex(msg.sender);
        _requireStatus(combo, Status.Prototype);
        uint256 conditions = ProjectArgs.conditions();
        if (condition >= conditions) revert InvalidCondition(condition, conditions);
        ProjectStorage storage $ = _s();
        uint256 tally = $.votes[combo][condition];
        if (tally & (1 << inspector) != 0) revert AlreadyVoted(combo, condition, msg.sender);
        tally |= 1 << inspector;
        emit VerdictRecorded(combo, condition, msg.sender, pass, reportHash);
        uint256 quorum = ProjectArgs.quorum();
        CombinationState storage st = $.combos[combo].state;
        if (pass) {
            tally += 1 << PASS_SHIFT;
            if ((tally >> PASS_SHIFT) & 0xff == quorum) {
                uint256 passed = st.passedConditions + 1;
                st.passedConditions = uint16(passed);
                if (passed == conditions) {
                    st.flags |= PASSED;
                    emit PrototypePassed(combo);
                }
            }
        } else {
            tally += 1 << FAIL_SHIFT;
            // more fails than inspectors beyond the quorum: the quorum of passes is out of reach.
            // The quorum is the panel's majority (the factory accepts no other), so this takes
            // ceil(m/2) fails: a strict minority can neither fail nor pass a condition
            if (tally >> FAIL_SHIFT == ProjectArgs.inspectorCount() - quorum + 1) {
                st.flags |= FAILED;
                emit PrototypeFailed(combo, condition);
            }
        }
        $.votes[combo][condition] = tally;
    }

    // ------------------------------------------------------------------ presale

    /// @inheritdoc IProjectProduction
    function setModelTerms(uint256 combo, uint256 price, uint256 minOrders) external {
        if (msg.sender != _creator()) revert NotCreator(msg.sender);
        _requirePhase(Phase.Presale);
        _requireStatus(combo, Status.Model);
        if (price == 0 || minOrders == 0) revert ZeroAmount();
        if (price > MAX_AMOUNT) revert AmountTooLarge(price, MAX_AMOUNT);
        if (minOrders > type(uint32).max) revert AmountTooLarge(minOrders, type(uint32).max);
        CombinationRecord storage c = _s().combos[combo];
        if (c.state.flags & TERMS_SET != 0) revert TermsAlreadySet(combo);
        // no bound is needed: success releases nothing of the backers' money to anyone else (the
        // makers already have their quotes, the surplus comes back to the backers either way), so
        // dust terms bought by the creator, a maker or a buyer leave the backers as a failure would
        c.state.flags |= TERMS_SET;
        c.sale.price = uint96(price);
        c.sale.minOrders = uint32(minOrders);
        emit ModelTermsSet(combo, price, minOrders);
    }

    /// @inheritdoc IProjectProduction
    function offerAddon(uint256 combo, uint256 price, Content calldata content) external returns (uint256 addonId) {
        _requirePhase(Phase.Presale);
        _requireStatus(combo, Status.Model);
        if (price == 0) revert ZeroAmount();
        if (price > MAX_AMOUNT) revert AmountTooLarge(price, MAX_AMOUNT);
        ProjectStorage storage $ = _s();
        addonId = ++$.counters.addons;
        $.addons[addonId] = AddonRecord(msg.sender, uint96(price), uint32(combo), 0, false);
        emit AddonOffered(addonId, combo, msg.sender, price, content);
    }

    /// @inheritdoc IProjectProduction
    function order(uint256 combo, uint32[] calldata addonIds)
        external
        payable
        nonReentrant
        returns (uint256 orderIndex)
    {
        return _order(msg.sender, combo, addonIds);
    }

    /// @inheritdoc IProjectProduction
    function orderFor(address beneficiary, uint256 combo, uint32[] calldata addonIds)
        external
        payable
        nonReentrant
        returns (uint256 orderIndex)
    {
        if (beneficiary == address(0)) revert InvalidBeneficiary(beneficiary);
        return _order(beneficiary, combo, addonIds);
    }

    /// @dev An order of `combo` with `addonIds` for `buyer`, paid by the caller.
    function _order(address buyer, uint256 combo, uint32[] calldata addonIds) private returns (uint256 orderIndex) {
        _requirePhase(Phase.Presale);
        _requireStatus(combo, Status.Model);
        ProjectStorage storage $ = _s();
        CombinationRecord storage c = $.combos[combo];
        if (c.state.flags & TERMS_SET == 0) revert TermsNotSet(combo);
        Sale memory sale = c.sale;
        uint256 total = sale.price;
        uint256 previous = 0;
        for (uint256 i; i < addonIds.length; ++i) {
            uint256 id = addonIds[i];
            AddonRecord storage a = $.addons[id];
            // strictly increasing ids: no add-on twice in one order
            if (id <= previous || a.combo != combo) revert InvalidAddon(id, combo);
            previous = id;
            total += a.price;
            ++a.sold;
        }
        if (total > MAX_REVENUE) revert AmountTooLarge(total, MAX_REVENUE);
        orderIndex = sale.orders;
        // closing books orders * price as revenue: an order past MAX_REVENUE would make closing
        // revert forever and lock the whole model (orderIndex * price <= MAX_REVENUE by induction)
        uint256 room = MAX_REVENUE - orderIndex * sale.price;
        if (sale.price > room) revert AmountTooLarge(sale.price, room);
        c.sale.orders = uint32(orderIndex + 1);
        $.orders[combo][orderIndex] = OrderRecord(buyer, uint96(total));
        emit Ordered(combo, orderIndex, buyer, total, addonIds);
        if (orderIndex + 1 >= sale.minOrders) _bookOrderRoles(sale, orderIndex + 1);
        _collect(total);
    }

    /// @inheritdoc IProjectProduction
    function commitBond(uint256 combo, uint256 amount, uint256 warrantyPeriod, Content calldata content)
        external
        payable
        nonReentrant
        returns (uint256 bondId)
    {
        _requirePhase(Phase.Presale);
        _requireStatus(combo, Status.Model);
        if (warrantyPeriod == 0) revert ZeroAmount();
        if (amount > MAX_AMOUNT) revert AmountTooLarge(amount, MAX_AMOUNT);
        if (warrantyPeriod > type(uint32).max) revert AmountTooLarge(warrantyPeriod, type(uint32).max);
        ProjectStorage storage $ = _s();
        bondId = ++$.counters.bonds;
        uint256 warrantyEnd = _presaleEnd() + warrantyPeriod;
        $.bonds[bondId] = BondRecord(msg.sender, uint96(amount), uint32(combo), uint64(warrantyEnd));
        emit BondCommitted(bondId, combo, msg.sender, amount, warrantyEnd, content);
        _collect(amount);
    }

    /// @inheritdoc IProjectProduction
    function approveAward(uint256 bondId, uint256 orderIndex, uint256 amount, bytes32 evidenceHash)
        external
        returns (bool granted)
    {
        uint256 inspector = _inspectorIndex(msg.sender);
        ProjectStorage storage $ = _s();
        BondRecord memory b = $.bonds[bondId];
        if (b.provider == address(0)) revert UnknownBond(bondId);
        Status st = _closedStatus(b.combo);
        if (st != Status.Succeeded) revert CombinationWrongStatus(b.combo, st, Status.Succeeded);
        if (block.timestamp >= b.warrantyEnd) revert WarrantyOver(bondId, b.warrantyEnd);
        if ($.orders[b.combo][orderIndex].buyer == address(0)) revert UnknownOrder(b.combo, orderIndex);
        if (amount == 0) revert ZeroAmount();
        if (amount > b.amount) revert AwardExceedsBond(bondId, amount, b.amount);
        bytes32 key = keccak256(abi.encode(bondId, orderIndex, amount, evidenceHash));
        uint256 approvals = $.approvals[key];
        if (approvals & (GRANTED | (1 << inspector)) != 0) revert AwardAlreadyApproved(key, msg.sender);
        approvals |= 1 << inspector;
        emit AwardApproved(bondId, key, msg.sender);
        granted = _popcount16(approvals) == ProjectArgs.quorum();
        if (granted) {
            approvals |= GRANTED;
            $.bonds[bondId].amount = b.amount - uint96(amount);
            $.awardOwed[b.combo][orderIndex] += amount;
            emit AwardGranted(bondId, b.combo, orderIndex, amount);
        }
        $.approvals[key] = approvals;
    }

    /// @inheritdoc IProjectProduction
    function claimAward(uint256 combo, uint256 orderIndex) external nonReentrant returns (uint256 amount) {
        ProjectStorage storage $ = _s();
        address buyer = $.orders[combo][orderIndex].buyer;
        if (msg.sender != buyer || buyer == address(0)) revert UnknownOrder(combo, orderIndex);
        amount = $.awardOwed[combo][orderIndex];
        if (amount == 0) revert NothingToClaim(combo, buyer);
        delete $.awardOwed[combo][orderIndex];
        emit AwardClaimed(combo, orderIndex, buyer, amount);
        _pay(buyer, amount);
    }

    /// @inheritdoc IProjectProduction
    function withdrawBond(uint256 bondId) external nonReentrant returns (uint256 amount) {
        ProjectStorage storage $ = _s();
        BondRecord memory b = $.bonds[bondId];
        if (b.provider == address(0)) revert UnknownBond(bondId);
        if (msg.sender != b.provider) revert NotProvider(bondId, msg.sender);
        Status st = _closedStatus(b.combo);
        // a bond of a model that failed its presale covers nothing: free at once
        if (st != Status.PresaleFailed && (st != Status.Succeeded || block.timestamp < b.warrantyEnd)) {
            revert BondLocked(bondId, b.warrantyEnd);
        }
        amount = b.amount;
        if (amount == 0) revert NothingToClaim(b.combo, msg.sender);
        $.bonds[bondId].amount = 0;
        emit BondWithdrawn(bondId, msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IProjectProduction
    function closeModel(uint256 combo) external {
        Status st = _status(combo);
        if (st != Status.Succeeded && st != Status.PresaleFailed) {
            revert CombinationWrongStatus(combo, st, Status.Succeeded);
        }
        if (_s().combos[combo].state.flags & CLOSED != 0) revert CombinationWrongStatus(combo, st, Status.Model);
        _close(combo);
    }

    /// @inheritdoc IProjectProduction
    function refundOrder(uint256 combo, uint256 orderIndex) external nonReentrant returns (uint256 amount) {
        ProjectStorage storage $ = _s();
        OrderRecord memory o = $.orders[combo][orderIndex];
        if (msg.sender != o.buyer || o.buyer == address(0)) revert UnknownOrder(combo, orderIndex);
        Status st = _closedStatus(combo);
        if (st != Status.PresaleFailed) revert CombinationWrongStatus(combo, st, Status.PresaleFailed);
        amount = o.paid;
        if (amount == 0) revert NothingToClaim(combo, msg.sender);
        $.orders[combo][orderIndex].paid = 0;
        emit OrderRefunded(combo, orderIndex, msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IProjectProduction
    function claimAddonRevenue(uint256 addonId) external nonReentrant returns (uint256 amount) {
        ProjectStorage storage $ = _s();
        AddonRecord memory a = $.addons[addonId];
        if (a.merchant == address(0) || msg.sender != a.merchant) revert InvalidAddon(addonId, a.combo);
        Status st = _closedStatus(a.combo);
        if (st != Status.Succeeded) revert CombinationWrongStatus(a.combo, st, Status.Succeeded);
        amount = uint256(a.sold) * a.price;
        if (amount == 0 || a.claimed) revert NothingToClaim(a.combo, msg.sender);
        $.addons[addonId].claimed = true;
        emit AddonRevenueClaimed(addonId, msg.sender, amount);
        _pay(msg.sender, amount);
    }

    // ------------------------------------------------------------------ revenue

    /// @inheritdoc IProjectProduction
    function depositRevenue(uint256 combo, uint256 amount) external payable nonReentrant {
        Status st = _closedStatus(combo);
        if (st != Status.Succeeded) revert CombinationWrongStatus(combo, st, Status.Succeeded);
        _bookRevenue(combo, msg.sender, amount);
        _collect(amount);
    }

    /// @inheritdoc IProjectProduction
    function claimCreator() external nonReentrant returns (uint256 amount) {
        if (msg.sender != _creator()) revert NotCreator(msg.sender);
        _requirePhase(Phase.Closed);
        amount = _takeRoleOwed(false);
        emit CreatorPaid(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IProjectProduction
    function claimPlatform() external nonReentrant returns (uint256 amount) {
        _requireClone();
        address factory = ProjectArgs.factory();
        if (msg.sender != ICobuildFactory(factory).treasury()) revert NotTreasury(msg.sender);
        _requirePhase(Phase.Closed);
        amount = _takeRoleOwed(true);
        emit PlatformPaid(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    // ------------------------------------------------------------------ one transaction

    /// @inheritdoc IProjectProduction
    function selfPermit(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        address token = _token();
        if (token == address(0)) revert PermitFailed(token, 0, value);
        try IERC20Permit(token).permit(msg.sender, address(this), value, deadline, v, r, s) {}
        catch {
            // someone submitted this permit first, or the token has none: the allowance decides
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < value) revert PermitFailed(token, allowance, value);
        }
    }

    /// @inheritdoc IProjectProduction
    function multicall(bytes[] calldata data)
        public
        override(IProjectProduction, Multicall)
        returns (bytes[] memory results)
    {
        return super.multicall(data);
    }

    // ------------------------------------------------------------------ internals

    function _requireMaker(uint256 combo, uint256 dimension) private view returns (address maker) {
        ProjectStorage storage $ = _s();
        uint256 dims = _dimensions();
        if (dimension >= dims) revert InvalidDimension(dimension, dims);
        uint256 options = $.combos[combo].options;
        if (options == 0) revert UnknownCombination(combo);
        maker = $.options[_optionAt(options, dimension)].maker;
        if (msg.sender != maker) revert NotMaker(combo, dimension, msg.sender);
    }

    /// @dev Book the creator's and the platform's parts of a model's base revenue once its presale
    /// has succeeded (`orders >= minOrders`, final: orders are refunded only when it fails): the
    /// whole backlog at the `minOrders`-th order, one unit per order after it. So `roleOwed` is
    /// true without anyone closing the model, and closing has no loop over models.
    function _bookOrderRoles(Sale memory sale, uint256 orders) private {
        (uint256 creatorUnit,,, uint256 platformUnit) = _split(sale.price);
        uint256 units = orders == sale.minOrders ? orders : 1;
        RoleOwed storage roles = _s().roles;
        roles.creator += uint128(units * creatorUnit);
        roles.platform += uint128(units * platformUnit);
    }

    /// @dev Zero and return the creator's (or the platform's) unclaimed revenue.
    function _takeRoleOwed(bool platform) private returns (uint256 amount) {
        RoleOwed storage roles = _s().roles;
        amount = platform ? roles.platform : roles.creator;
        if (amount == 0) revert NothingToClaim(0, msg.sender);
        if (platform) roles.platform = 0;
        else roles.creator = 0;
    }

    function _popcount16(uint256 x) private pure returns (uint256 n) {
        x &= 0xffff;
        while (x != 0) {
            x &= x - 1;
            ++n;
        }
    }
}
