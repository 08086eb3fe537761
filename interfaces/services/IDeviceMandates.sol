// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicesEscrow} from "./IServicesEscrow.sol";

/// @title IDeviceMandates
/// @notice An owner's mandate to a device (a fridge): a budget the owner funds, the vendors it may
/// pay, a cap per order and per period, and a daily delivery window. The device orders within all
/// of them, or its order is refused with a named error; its order is escrowed until delivery. Only
/// the owner reschedules an order's delivery, changes the vendors or revokes the device, each at
/// once. Release, never before the order's delivery time: the owner confirms delivery, or the
/// device does while its mandate is not revoked and the order's vendor is still allowed; or the
/// vendor marks it delivered within the delivery slot (one hour from the delivery time) and, unless
/// the owner confirms sooner, takes the price once the claim window is over, whatever the owner did
/// since the mark. An order not marked delivered by the end of its slot expires back to the owner.
/// The vendor may cancel an open order, and so may the owner, except during its delivery slot,
/// which is the vendor's (a full refund either way). The vendors list is the owner's trust, the
/// caps bound what one order or one period can cost; revoking the device or removing a vendor stops
/// the device from moving any more money at once.
interface IDeviceMandates is IServicesEscrow {
    /// @notice A mandate's limits.
    /// @param device the address that may order
    /// @param perOrderCap the most one order may cost
    /// @param periodCap the most all orders of one period may cost
    /// @param period the period's length, seconds (periods count from the mandate's creation)
    /// @param windowStart the delivery window's start, seconds after midnight UTC
    /// @param windowEnd the delivery window's end (exclusive), seconds after midnight UTC
    struct MandateTerms {
        address device;
        uint128 perOrderCap;
        uint128 periodCap;
        uint32 period;
        uint32 windowStart;
        uint32 windowEnd;
    }

    /// @notice A mandate's state.
    struct MandateView {
        address owner;
        bool revoked;
        uint128 budget;
        uint128 spentInPeriod;
        uint64 periodStart;
        MandateTerms terms;
    }

    /// @notice Why an order was settled (`OrderSettled.reason`, a uint8 in the ABI).
    enum SettleReason {
        Confirmed, // by the owner or the device
        Released, // after the claim window
        VendorCancelled,
        Expired, // not marked delivered by the end of its slot
        OwnerCancelled
    }

    /// @notice An order's life.
    enum OrderStatus {
        None,
        Open,
        Delivered,
        Settled
    }

    /// @notice An order.
    struct OrderView {
        uint64 mandateId;
        address vendor;
        uint128 amount;
        uint40 deliverAt;
        uint40 deliveredAt;
        OrderStatus status;
    }

    /// @notice `owner` gave `device` mandate `mandateId`.
    event MandateCreated(uint256 indexed mandateId, address indexed owner, address indexed device);
    /// @notice `amount` was added to the mandate's budget.
    event MandateFunded(uint256 indexed mandateId, uint256 amount);
    /// @notice `vendor` may (`allowed`) or may no longer be paid by the mandate.
    event VendorSet(uint256 indexed mandateId, address indexed vendor, bool allowed);
    /// @notice The mandate was revoked; its unspent budget, `refunded`, was credited to the owner.
    event MandateRevoked(uint256 indexed mandateId, uint256 refunded);
    /// @notice `amount` of the budget was credited back to the owner.
    event BudgetWithdrawn(uint256 indexed mandateId, uint256 amount);
    /// @notice The device ordered from `vendor`.
    event Ordered(
        uint256 indexed orderId, uint256 indexed mandateId, address indexed vendor, uint128 amount, uint40 deliverAt
    );
    /// @notice The owner moved an order's delivery to `deliverAt`.
    event Rescheduled(uint256 indexed orderId, uint40 deliverAt);
    /// @notice The vendor marked the order delivered.
    event MarkedDelivered(uint256 indexed orderId);
    /// @notice An order was settled, for `reason`: `toOwner` refunded, `toVendor` released.
    event OrderSettled(uint256 indexed orderId, SettleReason reason, uint256 toOwner, uint256 toVendor);

    /// @notice No mandate has this id.
    error MandateNotFound(uint256 mandateId);
    /// @notice Only the mandate's owner may do this.
    error NotMandateOwner(uint256 mandateId, address caller);
    /// @notice Only the mandate's device may order.
    error NotDevice(uint256 mandateId, address caller);
    /// @notice The mandate was revoked.
    error MandateIsRevoked(uint256 mandateId);
    /// @notice The owner did not allow this vendor.
    error VendorNotAllowed(uint256 mandateId, address vendor);
    /// @notice The order costs more than one order may.
    error OverOrderCap(uint256 mandateId, uint256 amount, uint256 cap);
    /// @notice The order would take this period's spending over its cap.
    error OverPeriodCap(uint256 mandateId, uint256 spent, uint256 amount, uint256 cap);
    /// @notice The order costs more than the mandate's budget holds.
    error OverBudget(uint256 mandateId, uint256 amount, uint256 budget);
    /// @notice The delivery time is in the past or outside the owner's daily window.
    error OutsideDeliveryWindow(uint256 mandateId, uint40 deliverAt);
    /// @notice Terms refused: a zero device (or the owner itself), zero caps or period, a period cap
    /// below the order cap, or an empty or inverted window, or one past midnight.
    error BadMandateTerms();
    /// @notice No order has this id.
    error OrderNotFound(uint256 orderId);
    /// @notice The order is not in the status this needs.
    error WrongOrderStatus(uint256 orderId, OrderStatus status);
    /// @notice Only the order's vendor may do this.
    error NotVendor(uint256 orderId, address caller);
    /// @notice Too early or too late for this: it is allowed from `from` until `until` (exclusive).
    error OrderOutsideWindow(uint256 orderId, uint256 from, uint256 until);
    /// @notice The order's delivery slot runs from `from` until `until` (exclusive): it is the
    /// vendor's, and the owner neither moves nor cancels the order during it.
    error DeliverySlotOpen(uint256 orderId, uint256 from, uint256 until);
    /// @notice A vendor may be neither the zero address nor the mandate's device.
    error BadVendor(uint256 mandateId, address vendor);

    /// @notice Give `terms.device` a mandate paying `vendors`, funded with `budget` (ETH as value, or
    /// the token pulled; may be 0 and funded later).
    /// @return mandateId the new mandate's id (1-based)
    function createMandate(MandateTerms calldata terms, address[] calldata vendors, uint256 budget)
        external
        payable
        returns (uint256 mandateId);

    /// @notice Add `amount` to a mandate's budget. Owner only, not revoked.
    function fund(uint256 mandateId, uint256 amount) external payable;

    /// @notice Allow or disallow a vendor, at once: open orders keep their vendor, but the device no
    /// longer confirms them (the owner may cancel them outside their delivery slot). Owner only;
    /// never the zero address or the device.
    function setVendor(uint256 mandateId, address vendor, bool allowed) external;

    /// @notice Credit `amount` of the unspent budget back to yourself. Owner only.
    function withdrawBudget(uint256 mandateId, uint256 amount) external;

    /// @notice Revoke the device at once: no order and no confirmation by it from now on; the unspent
    /// budget is credited to the owner (open orders go on: the owner may cancel them outside their
    /// delivery slot, and a vendor's mark still releases). Owner only.
    function revoke(uint256 mandateId) external;

    /// @notice Order `amount` from `vendor` for delivery at `deliverAt`, paid from the budget into
    /// escrow. The device only, within every limit of the mandate.
    /// @return orderId the new order's id (1-based)
    function order(uint256 mandateId, address vendor, uint128 amount, uint40 deliverAt)
        external
        returns (uint256 orderId);

    /// @notice Move an open order's delivery to `deliverAt` (future, inside the daily window), except
    /// during its current delivery slot. Owner only.
    function reschedule(uint256 orderId, uint40 deliverAt) external;

    /// @notice Mark an open order delivered, from its delivery time until the slot's end (one
    /// hour later). Vendor only.
    function markDelivered(uint256 orderId) external;

    /// @notice Confirm delivery of an open or delivered order, from its delivery time: the vendor is
    /// credited. The owner, or the device while its mandate is not revoked and the order's vendor
    /// is still allowed.
    function confirmDelivery(uint256 orderId) external;

    /// @notice Release a delivered order to its vendor once the claim window after its marking is
    /// over. Anyone.
    function release(uint256 orderId) external;

    /// @notice Cancel an open order as its vendor: the owner is refunded in full.
    function cancelOrder(uint256 orderId) external;

    /// @notice Cancel an open order as the mandate's owner, before its delivery slot (or once the
    /// slot passed unmarked): the owner is refunded in full. Not during the slot, and not once the
    /// vendor marked it delivered.
    function cancelByOwner(uint256 orderId) external;

    /// @notice Refund an order not marked delivered by the end of its slot to the owner. Anyone.
    function expire(uint256 orderId) external;

    /// @notice A mandate's state.
    function mandate(uint256 mandateId) external view returns (MandateView memory);

    /// @notice Whether the mandate may pay `vendor`.
    function isVendor(uint256 mandateId, address vendor) external view returns (bool);

    /// @notice An order.
    function orderOf(uint256 orderId) external view returns (OrderView memory);
}
