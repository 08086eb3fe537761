// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicesEscrow} from "./IServicesEscrow.sol";

/// @title IBookings
/// @notice Bookable services: a provider lists a ride, a restaurant table or a delivery with a
/// price, time slots it offers (each up to a capacity), cancellation terms and, optionally, a panel
/// of arbiters deciding disputes by a k-of-m quorum. A customer books a slot and pays its price into
/// escrow. The price goes to the provider when the customer confirms, or after the release window
/// once the provider checked in undisputed, or as a quorum of arbiters decides. The customer is
/// refunded in full when the provider cancels or does not check in by the deadline (the ride's
/// arrive-by time, else the slot's end), and by the terms when it cancels itself. A booking may be
/// linked to an activity of the {IActivities} contract fixed at deployment: when the activity is
/// cancelled before the booking's slot starts, the booking is refundable by pull, by the terms as
/// they stood at the cancellation (never cheaper than the customer cancelling the booking itself
/// then), and its provider can no longer check in; an activity cancelled later changes nothing for
/// the booking. A panel of m arbiters decides by a majority quorum k (2k > m). Every listing term a
/// booking depends on is fixed when the listing is made; only the price of new bookings may change,
/// and a booking states the price it accepts.
interface IBookings is IServicesEscrow {
    /// @notice A listing's terms.
    /// @param price what a booking costs (new bookings; changeable with {setPrice})
    /// @param slotLength how long a slot lasts, seconds
    /// @param slotCapacity how many bookings one slot takes
    /// @param releaseWindow after the slot's end, how long the customer may dispute before the
    /// provider may release
    /// @param cancelNotice a customer's cancellation is free until this long before the slot
    /// @param cancelFeeBps after that (and until the slot starts), the provider keeps this share
    /// @param arbitrationPeriod after the release window, how long arbiters have to decide a dispute
    /// before it is split in halves
    /// @param quorum how many arbiters must agree on an outcome: a majority of the panel (0 without
    /// arbiters)
    /// @param arbiters the panel (none: the listing takes no disputes)
    struct ListingTerms {
        uint128 price;
        uint32 slotLength;
        uint32 slotCapacity;
        uint32 releaseWindow;
        uint32 cancelNotice;
        uint16 cancelFeeBps;
        uint32 arbitrationPeriod;
        uint8 quorum;
        address[] arbiters;
    }

    /// @notice A booking's life.
    enum BookingStatus {
        None,
        Booked,
        Disputed,
        Settled
    }

    /// @notice Why a booking was settled (`BookingSettled.reason`, a uint8 in the ABI).
    enum SettleReason {
        Confirmed, // by the customer
        Released, // after the window
        Arbitrated, // by the arbiters' quorum
        Stalled, // a dispute the arbiters did not decide, split in halves
        ProviderCancelled,
        CustomerCancelled,
        NoShow, // the provider did not check in
        ActivityCancelled // the linked activity was cancelled
    }

    /// @notice A booking.
    struct BookingView {
        address customer;
        uint32 listingId;
        uint40 slotStart;
        BookingStatus status;
        bool checkedIn;
        uint128 price;
        uint40 arriveBy;
        uint64 activityId;
    }

    /// @notice Listing `listingId` was made by `provider`; `kind` is a free label (ride, table, ...).
    event ListingCreated(uint256 indexed listingId, address indexed provider, bytes32 kind, uint128 price);
    /// @notice The price of new bookings of `listingId` is now `price`.
    event PriceSet(uint256 indexed listingId, uint128 price);
    /// @notice `listingId` takes no new bookings.
    event ListingClosed(uint256 indexed listingId);
    /// @notice The provider offers the slot starting at `start`.
    event SlotOffered(uint256 indexed listingId, uint40 start);
    /// @notice `customer` booked the slot `slotStart` of `listingId` for `price`.
    event Booked(
        uint256 indexed bookingId,
        uint256 indexed listingId,
        address indexed customer,
        uint40 slotStart,
        uint40 arriveBy,
        uint64 activityId,
        uint128 price
    );
    /// @notice The provider checked in (showed up, arrived) for a booking.
    event CheckedIn(uint256 indexed bookingId);
    /// @notice The customer disputed a booking.
    event Disputed(uint256 indexed bookingId);
    /// @notice `arbiter` voted to refund `refundBps` of the price; `votes` arbiters agree so far.
    event Ruled(uint256 indexed bookingId, address indexed arbiter, uint16 refundBps, uint8 votes);
    /// @notice A booking was settled, for `reason`: `toCustomer` refunded, `toProvider` released.
    event BookingSettled(
        uint256 indexed bookingId, SettleReason reason, uint256 toCustomer, uint256 toProvider
    );

    /// @notice No listing has this id.
    error ListingNotFound(uint256 listingId);
    /// @notice Only the listing's provider may do this.
    error NotProvider(uint256 listingId, address caller);
    /// @notice Terms refused: zero price, slot length or capacity, fee above 100 %, a zero, repeated
    /// or provider arbiter, or an arbitration period of 0 with arbiters.
    error BadListingTerms();
    /// @notice A panel takes at most 16 arbiters and decides by a majority of them: `count` <
    /// 2 * `quorum` and `quorum` <= `count` (so a minority decides nothing and two opposite rulings
    /// cannot both reach the quorum); without arbiters the quorum is 0.
    error InvalidArbiters(uint256 quorum, uint256 count);
    /// @notice The listing takes no new bookings.
    error ListingIsClosed(uint256 listingId);
    /// @notice A slot must start in the future.
    error SlotInPast(uint40 start);
    /// @notice The slot is not offered, or full.
    error SlotUnavailable(uint256 listingId, uint40 start);
    /// @notice The listing's price is not the one the customer accepted.
    error PriceChanged(uint128 expected, uint128 actual);
    /// @notice An arrive-by time must lie inside the slot.
    error BadArriveBy(uint40 arriveBy);
    /// @notice This deployment links to no activities contract.
    error NoActivities();
    /// @notice Only a participant or the organizer of the activity may link a booking to it.
    error NotInActivity(uint256 activityId, address who);
    /// @notice The linked activity is already cancelled.
    error LinkedActivityCancelled(uint256 activityId);
    /// @notice No booking has this id.
    error BookingNotFound(uint256 bookingId);
    /// @notice Only the booking's customer may do this.
    error NotCustomer(uint256 bookingId, address caller);
    /// @notice The booking is not in the status this needs.
    error WrongBookingStatus(uint256 bookingId, BookingStatus status);
    /// @notice Too early or too late for this: it is allowed from `from` until `until` (exclusive).
    error OutsideWindow(uint256 bookingId, uint256 from, uint256 until);
    /// @notice The provider already checked in.
    error AlreadyCheckedIn(uint256 bookingId);
    /// @notice The provider has not checked in: nothing to release (the customer may claim a no-show).
    error NotCheckedIn(uint256 bookingId);
    /// @notice The listing has no arbiters: it takes no disputes.
    error NoArbiters(uint256 listingId);
    /// @notice Only an arbiter of the listing may rule.
    error NotArbiter(uint256 listingId, address caller);
    /// @notice An arbiter who is the booking's customer cannot rule on it.
    error ArbiterIsParty(uint256 bookingId, address arbiter);
    /// @notice An arbiter of a panel deciding unanimously (quorum = panel) cannot book its listing:
    /// it could not rule on its own dispute, and the others could never reach the quorum.
    error ArbiterIsCustomer(uint256 listingId, address arbiter);
    /// @notice `arbiter` already ruled on this booking.
    error AlreadyRuled(uint256 bookingId, address arbiter);
    /// @notice A refund share above 100 %.
    error BadRefundShare(uint16 refundBps);
    /// @notice The booking is linked to no activity, or its activity was not cancelled.
    error ActivityNotCancelled(uint256 bookingId, uint64 activityId);
    /// @notice The linked activity was cancelled at `cancelledAt`, once the booking's slot had
    /// started: no linked refund, the booking follows its own release, no-show and dispute rules.
    error ActivityCancelledAfterSlotStart(uint256 bookingId, uint64 activityId, uint64 cancelledAt);
    /// @notice The linked activity was cancelled at `cancelledAt`, before the booking's slot: the
    /// booking is settled by {refundCancelledActivity} and takes no check-in, no-show claim or
    /// dispute.
    error ActivityCancelledBeforeSlot(uint256 bookingId, uint64 activityId, uint64 cancelledAt);

    /// @notice List a service. The caller is its provider.
    /// @return listingId the new listing's id (1-based)
    function createListing(bytes32 kind, ListingTerms calldata terms) external returns (uint256 listingId);

    /// @notice Set the price of new bookings. Provider only.
    function setPrice(uint256 listingId, uint128 price) external;

    /// @notice Take no new bookings from now on (existing ones keep their terms). Provider only.
    function closeListing(uint256 listingId) external;

    /// @notice Offer slots starting at `starts` (future times, each up to the listing's capacity;
    /// offering a slot again changes nothing). Provider only.
    function offerSlots(uint256 listingId, uint40[] calldata starts) external;

    /// @notice Book the slot starting at `slotStart`, paying `price` (which must be the listing's
    /// current price). `arriveBy` (0: none) is the time by which the provider must check in, inside
    /// the slot; `activityId` (0: none) links the booking to an activity the caller takes part in
    /// or organizes. An arbiter of a unanimous panel cannot book its listing.
    /// @return bookingId the new booking's id (1-based)
    function book(uint256 listingId, uint40 slotStart, uint40 arriveBy, uint64 activityId, uint128 price)
        external
        payable
        returns (uint256 bookingId);

    /// @notice Confirm the service: the price is credited to the provider. Customer only.
    function confirm(uint256 bookingId) external;

    /// @notice Mark that you showed up (arrived), from the slot's start until its deadline (the
    /// arrive-by time, else the slot's end). Provider only; not for a booking whose linked activity
    /// was cancelled before the slot.
    function checkIn(uint256 bookingId) external;

    /// @notice Release a checked-in, undisputed booking to its provider once the release window
    /// after the slot's end is over. Anyone.
    function release(uint256 bookingId) external;

    /// @notice Dispute a booking, from the slot's start until the release window ends. Customer
    /// only, listings with arbiters only; not a booking whose linked activity was cancelled before
    /// the slot.
    function dispute(uint256 bookingId) external;

    /// @notice Vote to refund `refundBps` of a disputed booking's price to its customer (the rest to
    /// its provider); when `quorum` arbiters voted the same share, it is settled so. Arbiters of the
    /// listing only (not the customer), once each.
    function rule(uint256 bookingId, uint16 refundBps) external;

    /// @notice Split a dispute the arbiters did not decide within the arbitration period: half to
    /// each side (the customer's half rounded down). Anyone.
    function settleStalled(uint256 bookingId) external;

    /// @notice Cancel a booking as its provider (while booked and not disputed): a full refund.
    function cancelByProvider(uint256 bookingId) external;

    /// @notice Cancel a booking as its customer, before the slot starts: a full refund until the
    /// notice period, then the price less the cancellation fee.
    function cancelByCustomer(uint256 bookingId) external;

    /// @notice A full refund when the provider did not check in by the deadline. Anyone; the
    /// customer is credited. Not for a booking whose linked activity was cancelled before the slot
    /// (its refund is {refundCancelledActivity}'s).
    function claimNoShow(uint256 bookingId) external;

    /// @notice Refund a booking whose linked activity was cancelled before the booking's slot
    /// started, by the cancellation terms at the moment of the activity's cancellation; the slot is
    /// freed if it has not started. Not once the provider checked in, nor for an activity cancelled
    /// after the slot's start. Anyone; the customer is credited; once.
    function refundCancelledActivity(uint256 bookingId) external;

    /// @notice The activities contract bookings may link to (zero: none).
    function activities() external view returns (address);

    /// @notice A listing's provider, whether it is closed, and its terms.
    function listing(uint256 listingId)
        external
        view
        returns (address provider, bool closed, ListingTerms memory terms);

    /// @notice Whether the slot is offered, and how many bookings it holds.
    function slot(uint256 listingId, uint40 start) external view returns (bool offered, uint32 booked);

    /// @notice A booking.
    function booking(uint256 bookingId) external view returns (BookingView memory);

    /// @notice How many arbiters voted to refund `refundBps` of a booking.
    function votesFor(uint256 bookingId, uint16 refundBps) external view returns (uint8);
}
