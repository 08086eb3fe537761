// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDeviceMandates} from "../../interfaces/services/IDeviceMandates.sol";
import {ServicesEscrow} from "./ServicesEscrow.sol";

/// @title DeviceMandates
/// @notice Budgets an owner gives its devices, and the escrowed orders they make within them; see
/// {IDeviceMandates}.
contract DeviceMandates is IDeviceMandates, ServicesEscrow {
    /// @dev How long after its delivery time the vendor may mark an order delivered.
    uint256 public constant DELIVERY_SLOT = 1 hours;
    /// @dev How long after the vendor's mark the owner may still confirm before anyone releases.
    uint256 public constant CLAIM_WINDOW = 1 days;
    uint256 private constant DAY = 1 days;

    struct Mandate {
        address owner;
        bool revoked;
        uint64 periodStart;
        uint128 budget;
        uint128 spentInPeriod;
        MandateTerms terms;
    }

    uint256 private _mandateCount;
    uint256 private _orderCount;
    mapping(uint256 mandateId => Mandate) private _mandates;
    mapping(uint256 mandateId => mapping(address vendor => bool)) private _vendors;
    mapping(uint256 orderId => OrderView) private _orders; // as the view returns it: two slots

    /// @param asset the payment asset: zero for ETH, else an ERC-20
    constructor(address asset) ServicesEscrow(asset) {}

    // ------------------------------------------------------------------ the owner

    /// @inheritdoc IDeviceMandates
    function createMandate(MandateTerms calldata t, address[] calldata vendors, uint256 budget)
        external
        payable
        nonReentrant
        returns (uint256 mandateId)
    {
        if (
            t.device == address(0) || t.device == msg.sender || t.perOrderCap == 0 || t.periodCap < t.perOrderCap
                || t.period == 0 || t.windowStart >= t.windowEnd || t.windowEnd > DAY
        ) revert BadMandateTerms();
        mandateId = ++_mandateCount;
        Mandate storage m = _mandates[mandateId];
        m.owner = msg.sender;
        m.periodStart = uint64(block.timestamp);
        m.terms = t;
        emit MandateCreated(mandateId, msg.sender, t.device);
        for (uint256 i; i < vendors.length; ++i) {
            address vendor = vendors[i];
            _checkVendor(mandateId, t.device, vendor);
            _vendors[mandateId][vendor] = true;
            emit VendorSet(mandateId, vendor, true);
        }
        if (budget != 0) {
            m.budget = SafeCast.toUint128(budget);
            emit MandateFunded(mandateId, budget);
        }
        _collectOptional(budget);
    }

    /// @inheritdoc IDeviceMandates
    function fund(uint256 mandateId, uint256 amount) external payable nonReentrant {
        Mandate storage m = _live(mandateId);
        m.budget = SafeCast.toUint128(m.budget + amount);
        emit MandateFunded(mandateId, amount);
        _collect(amount);
    }

    /// @inheritdoc IDeviceMandates
    function setVendor(uint256 mandateId, address vendor, bool allowed) external {
        Mandate storage m = _owned(mandateId);
        if (allowed) _checkVendor(mandateId, m.terms.device, vendor);
        _vendors[mandateId][vendor] = allowed;
        emit VendorSet(mandateId, vendor, allowed);
    }

    /// @inheritdoc IDeviceMandates
    function withdrawBudget(uint256 mandateId, uint256 amount) external {
        Mandate storage m = _owned(mandateId);
        if (amount == 0) revert ZeroAmount();
        if (amount > m.budget) revert OverBudget(mandateId, amount, m.budget);
        m.budget -= uint128(amount);
        emit BudgetWithdrawn(mandateId, amount);
        _credit(msg.sender, amount);
    }

    /// @inheritdoc IDeviceMandates
    function revoke(uint256 mandateId) external {
        Mandate storage m = _live(mandateId);
        uint256 refunded = m.budget;
        m.revoked = true;
        m.budget = 0;
        emit MandateRevoked(mandateId, refunded);
        _credit(msg.sender, refunded);
    }

    /// @inheritdoc IDeviceMandates
    function reschedule(uint256 orderId, uint40 deliverAt) external {
        OrderView storage o = _existingOrder(orderId);
        uint256 mandateId = o.mandateId;
        Mandate storage m = _owned(mandateId);
        if (o.status != OrderStatus.Open) revert WrongOrderStatus(orderId, o.status);
        _outsideSlot(orderId, o);
        _checkWindow(mandateId, m.terms, deliverAt);
        o.deliverAt = deliverAt;
        emit Rescheduled(orderId, deliverAt);
    }

    /// @inheritdoc IDeviceMandates
    function cancelByOwner(uint256 orderId) external {
        OrderView storage o = _existingOrder(orderId);
        _owned(o.mandateId);
        if (o.status != OrderStatus.Open) revert WrongOrderStatus(orderId, o.status);
        _outsideSlot(orderId, o);
        _settle(orderId, o, SettleReason.OwnerCancelled, o.amount);
    }

    // ------------------------------------------------------------------ the device

    /// @inheritdoc IDeviceMandates
    function order(uint256 mandateId, address vendor, uint128 amount, uint40 deliverAt)
        external
        returns (uint256 orderId)
    {
        Mandate storage m = _existingMandate(mandateId);
        if (msg.sender != m.terms.device) revert NotDevice(mandateId, msg.sender);
        if (m.revoked) revert MandateIsRevoked(mandateId);
        if (!_vendors[mandateId][vendor]) revert VendorNotAllowed(mandateId, vendor);
        if (amount == 0) revert ZeroAmount();
        if (amount > m.terms.perOrderCap) revert OverOrderCap(mandateId, amount, m.terms.perOrderCap);
        uint256 period = m.terms.period;
        uint256 periodStart = m.periodStart;
        uint128 spent = m.spentInPeriod;
        if (block.timestamp >= periodStart + period) {
            // a new period: periods stay aligned to the mandate's creation (rounding down is the point)
            // slither-disable-next-line divide-before-multiply
            m.periodStart = uint64(periodStart + ((block.timestamp - periodStart) / period) * period);
            spent = 0;
        }
        if (uint256(spent) + amount > m.terms.periodCap) {
            revert OverPeriodCap(mandateId, spent, amount, m.terms.periodCap);
        }
        uint128 budget = m.budget;
        if (amount > budget) revert OverBudget(mandateId, amount, budget);
        _checkWindow(mandateId, m.terms, deliverAt);
        m.spentInPeriod = spent + amount;
        m.budget = budget - amount;
        orderId = ++_orderCount;
        _orders[orderId] = OrderView({
            mandateId: uint64(mandateId),
            vendor: vendor,
            amount: amount,
            deliverAt: deliverAt,
            deliveredAt: 0,
            status: OrderStatus.Open
        });
        emit Ordered(orderId, mandateId, vendor, amount, deliverAt);
    }

    // ------------------------------------------------------------------ delivery

    /// @inheritdoc IDeviceMandates
    function markDelivered(uint256 orderId) external {
        OrderView storage o = _open(orderId);
        if (msg.sender != o.vendor) revert NotVendor(orderId, msg.sender);
        uint256 until = uint256(o.deliverAt) + DELIVERY_SLOT;
        if (block.timestamp < o.deliverAt || block.timestamp >= until) {
            revert OrderOutsideWindow(orderId, o.deliverAt, until);
        }
        o.status = OrderStatus.Delivered;
        o.deliveredAt = uint40(block.timestamp);
        emit MarkedDelivered(orderId);
    }

    /// @inheritdoc IDeviceMandates
    function confirmDelivery(uint256 orderId) external {
        OrderView storage o = _existingOrder(orderId);
        uint256 mandateId = o.mandateId;
        Mandate storage m = _mandates[mandateId];
        bool byOwner = msg.sender == m.owner;
        if (!byOwner && msg.sender != m.terms.device) revert NotMandateOwner(mandateId, msg.sender);
        OrderStatus status = o.status;
        if (status != OrderStatus.Open && status != OrderStatus.Delivered) revert WrongOrderStatus(orderId, status);
        if (!byOwner) {
            // the device pays only under a live mandate, to a vendor its owner still allows
            if (m.revoked) revert MandateIsRevoked(mandateId);
            address vendor = o.vendor;
            if (!_vendors[mandateId][vendor]) revert VendorNotAllowed(mandateId, vendor);
        }
        uint256 deliverAt = o.deliverAt;
        if (block.timestamp < deliverAt) revert OrderOutsideWindow(orderId, deliverAt, type(uint256).max);
        _settle(orderId, o, SettleReason.Confirmed, 0);
    }

    /// @inheritdoc IDeviceMandates
    function release(uint256 orderId) external {
        OrderView storage o = _existingOrder(orderId);
        if (o.status != OrderStatus.Delivered) revert WrongOrderStatus(orderId, o.status);
        uint256 from = uint256(o.deliveredAt) + CLAIM_WINDOW;
        if (block.timestamp < from) revert OrderOutsideWindow(orderId, from, type(uint256).max);
        _settle(orderId, o, SettleReason.Released, 0);
    }

    /// @inheritdoc IDeviceMandates
    function cancelOrder(uint256 orderId) external {
        OrderView storage o = _open(orderId);
        if (msg.sender != o.vendor) revert NotVendor(orderId, msg.sender);
        _settle(orderId, o, SettleReason.VendorCancelled, o.amount);
    }

    /// @inheritdoc IDeviceMandates
    function expire(uint256 orderId) external {
        OrderView storage o = _open(orderId);
        uint256 from = uint256(o.deliverAt) + DELIVERY_SLOT;
        if (block.timestamp < from) revert OrderOutsideWindow(orderId, from, type(uint256).max);
        _settle(orderId, o, SettleReason.Expired, o.amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDeviceMandates
    function mandate(uint256 mandateId) external view returns (MandateView memory) {
        Mandate storage m = _existingMandate(mandateId);
        return MandateView({
            owner: m.owner,
            revoked: m.revoked,
            budget: m.budget,
            spentInPeriod: m.spentInPeriod,
            periodStart: m.periodStart,
            terms: m.terms
        });
    }

    /// @inheritdoc IDeviceMandates
    function isVendor(uint256 mandateId, address vendor) external view returns (bool) {
        return _vendors[mandateId][vendor];
    }

    /// @inheritdoc IDeviceMandates
    function orderOf(uint256 orderId) external view returns (OrderView memory) {
        return _existingOrder(orderId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The delivery must lie in the future, inside the owner's daily window.
    function _checkWindow(uint256 mandateId, MandateTerms storage t, uint40 deliverAt) private view {
        uint256 timeOfDay = uint256(deliverAt) % DAY;
        if (deliverAt <= block.timestamp || timeOfDay < t.windowStart || timeOfDay >= t.windowEnd) {
            revert OutsideDeliveryWindow(mandateId, deliverAt);
        }
    }

    /// @dev No vendor at the zero address (an order to it could never be found, its amount lost) and
    /// not the device itself (it would pay itself).
    function _checkVendor(uint256 mandateId, address device, address vendor) private pure {
        if (vendor == address(0) || vendor == device) revert BadVendor(mandateId, vendor);
    }

    /// @dev The delivery slot, from `deliverAt` for {DELIVERY_SLOT}, is the vendor's: the owner
    /// neither moves nor cancels the order then (before it, or once it passed unmarked, it may).
    function _outsideSlot(uint256 orderId, OrderView storage o) private view {
        uint256 from = o.deliverAt;
        uint256 until = from + DELIVERY_SLOT;
        if (block.timestamp >= from && block.timestamp < until) revert DeliverySlotOpen(orderId, from, until);
    }

    /// @dev Close the order: `toOwner` back to the mandate's owner, the rest to the vendor.
    function _settle(uint256 orderId, OrderView storage o, SettleReason reason, uint256 toOwner) private {
        o.status = OrderStatus.Settled;
        uint256 toVendor = o.amount - toOwner;
        emit OrderSettled(orderId, reason, toOwner, toVendor);
        _credit(_mandates[o.mandateId].owner, toOwner);
        _credit(o.vendor, toVendor);
    }

    function _existingMandate(uint256 mandateId) private view returns (Mandate storage m) {
        m = _mandates[mandateId];
        if (m.owner == address(0)) revert MandateNotFound(mandateId);
    }

    function _owned(uint256 mandateId) private view returns (Mandate storage m) {
        m = _existingMandate(mandateId);
        if (msg.sender != m.owner) revert NotMandateOwner(mandateId, msg.sender);
    }

    function _live(uint256 mandateId) private view returns (Mandate storage m) {
        m = _owned(mandateId);
        if (m.revoked) revert MandateIsRevoked(mandateId);
    }

    function _existingOrder(uint256 orderId) private view returns (OrderView storage o) {
        o = _orders[orderId];
        if (o.vendor == address(0)) revert OrderNotFound(orderId);
    }

    function _open(uint256 orderId) private view returns (OrderView storage o) {
        o = _existingOrder(orderId);
        if (o.status != OrderStatus.Open) revert WrongOrderStatus(orderId, o.status);
    }
}
