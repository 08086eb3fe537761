// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IActivities} from "../../interfaces/services/IActivities.sol";
import {IBookings} from "../../interfaces/services/IBookings.sol";
import {ServicesEscrow} from "./ServicesEscrow.sol";

/// @title Bookings
/// @notice Listings, slots and escrowed bookings with arbiter disputes; see {IBookings}.
contract Bookings is IBookings, ServicesEscrow {
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_ARBITERS = 16;

    struct Listing {
        // slot 1
        address provider;
        uint32 slotLength;
        uint32 slotCapacity;
        uint8 quorum;
        bool closed;
        bool unanimous; // quorum == panel: without one arbiter's vote nothing is decided
        // slot 2
        uint128 price;
        uint32 releaseWindow;
        uint32 cancelNotice;
        uint16 cancelFeeBps;
        uint32 arbitrationPeriod;
    }

    struct Slot {
        bool offered;
        uint32 booked;
    }

    IActivities private immutable _activities;

    uint256 private _listingCount;
    uint256 private _bookingCount;
    mapping(uint256 listingId => Listing) private _listings;
    mapping(uint256 listingId => address[]) private _arbiters;
    mapping(uint256 listingId => mapping(address => bool)) private _isArbiter;
    mapping(uint256 listingId => mapping(uint40 start => Slot)) private _slots;
    // stored as the view returns it: two slots, so a new booking costs two fresh words
    mapping(uint256 bookingId => BookingView) private _bookings;
    mapping(uint256 bookingId => mapping(address arbiter => bool)) private _ruled;
    mapping(uint256 bookingId => mapping(uint16 refundBps => uint8)) private _votes;

    /// @param asset the payment asset: zero for ETH, else an ERC-20
    /// @param activities_ the {IActivities} bookings may link to (zero: none); it must use the
    /// same notion of time, and is trusted only for `organizerOf`, `isParticipant`, `cancelledAt`
    constructor(address asset, address activities_) ServicesEscrow(asset) {
        _activities = IActivities(activities_);
    }

    // ------------------------------------------------------------------ listings

    /// @inheritdoc IBookings
    function createListing(bytes32 kind, ListingTerms calldata t) external returns (uint256 listingId) {
        uint256 m = t.arbiters.length;
        if (
            t.price == 0 || t.slotLength == 0 || t.slotCapacity == 0 || t.cancelFeeBps > BPS
                || (m != 0 && t.arbitrationPeriod == 0)
        ) revert BadListingTerms();
        // a majority of the panel (2k > m): a minority decides nothing, and two opposite rulings
        // cannot both reach the quorum
        if (m > MAX_ARBITERS || t.quorum > m || (m != 0 && 2 * uint256(t.quorum) <= m)) {
            revert InvalidArbiters(t.quorum, m);
        }
        listingId = ++_listingCount;
        for (uint256 i; i < m; ++i) {
            address arbiter = t.arbiters[i];
            if (arbiter == address(0) || arbiter == msg.sender || _isArbiter[listingId][arbiter]) {
                revert BadListingTerms();
            }
            _isArbiter[listingId][arbiter] = true;
        }
        _arbiters[listingId] = t.arbiters;
        _listings[listingId] = Listing({
            provider: msg.sender,
            slotLength: t.slotLength,
            slotCapacity: t.slotCapacity,
            quorum: t.quorum,
            closed: false,
            unanimous: m != 0 && t.quorum == m,
            price: t.price,
            releaseWindow: t.releaseWindow,
            cancelNotice: t.cancelNotice,
            cancelFeeBps: t.cancelFeeBps,
            arbitrationPeriod: t.arbitrationPeriod
        });
        emit ListingCreated(listingId, msg.sender, kind, t.price);
    }

    /// @inheritdoc IBookings
    function setPrice(uint256 listingId, uint128 price) external {
        Listing storage ls = _providerListing(listingId);
        if (price == 0) revert BadListingTerms();
        ls.price = price;
        emit PriceSet(listingId, price);
    }

    /// @inheritdoc IBookings
    function closeListing(uint256 listingId) external {
        _providerListing(listingId).closed = true;
        emit ListingClosed(listingId);
    }

    /// @inheritdoc IBookings
    function offerSlots(uint256 listingId, uint40[] calldata starts) external {
        Listing storage ls = _providerListing(listingId);
        if (ls.closed) revert ListingIsClosed(listingId);
        for (uint256 i; i < starts.length; ++i) {
            uint40 start = starts[i];
            if (start <= block.timestamp) revert SlotInPast(start);
            Slot storage s = _slots[listingId][start];
            if (!s.offered) {
                s.offered = true;
                emit SlotOffered(listingId, start);
            }
        }
    }

    // ------------------------------------------------------------------ booking

    /// @inheritdoc IBookings
    function book(uint256 listingId, uint40 slotStart, uint40 arriveBy, uint64 activityId, uint128 price)
        external
        payable
        nonReentrant
        returns (uint256 bookingId)
    {
        Listing storage ls = _listing(listingId);
        if (ls.closed) revert ListingIsClosed(listingId);
        if (slotStart <= block.timestamp) revert SlotInPast(slotStart);
        Slot storage s = _slots[listingId][slotStart];
        if (!s.offered || s.booked >= ls.slotCapacity) revert SlotUnavailable(listingId, slotStart);
        uint128 current = ls.price;
        if (price != current) revert PriceChanged(price, current);
        if (arriveBy != 0 && (arriveBy < slotStart || arriveBy > uint256(slotStart) + ls.slotLength)) {
            revert BadArriveBy(arriveBy);
        }
        // it could not vote on its own dispute, and the others could never decide it
        if (ls.unanimous && _isArbiter[listingId][msg.sender]) revert ArbiterIsCustomer(listingId, msg.sender);
        if (activityId != 0) _checkLink(activityId);
        ++s.booked;
        bookingId = ++_bookingCount;
        _bookings[bookingId] = BookingView({
            customer: msg.sender,
            listingId: uint32(listingId),
            slotStart: slotStart,
            status: BookingStatus.Booked,
            checkedIn: false,
            price: current,
            arriveBy: arriveBy,
            activityId: activityId
        });
        emit Booked(bookingId, listingId, msg.sender, slotStart, arriveBy, activityId, current);
        _collect(current);
    }

    /// @inheritdoc IBookings
    function confirm(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (msg.sender != b.customer) revert NotCustomer(bookingId, msg.sender);
        _split(bookingId, b, SettleReason.Confirmed, 0);
    }

    /// @inheritdoc IBookings
    function checkIn(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        Listing storage ls = _listings[b.listingId];
        if (msg.sender != ls.provider) revert NotProvider(b.listingId, msg.sender);
        if (b.checkedIn) revert AlreadyCheckedIn(bookingId);
        uint256 deadline = _deadline(b, ls);
        if (block.timestamp < b.slotStart || block.timestamp >= deadline) {
            revert OutsideWindow(bookingId, b.slotStart, deadline);
        }
        _notRefundable(bookingId, b);
        b.checkedIn = true;
        emit CheckedIn(bookingId);
    }

    /// @inheritdoc IBookings
    function release(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (!b.checkedIn) revert NotCheckedIn(bookingId);
        uint256 releasesAt = _releasesAt(b, _listings[b.listingId]);
        if (block.timestamp < releasesAt) revert OutsideWindow(bookingId, releasesAt, type(uint256).max);
        _split(bookingId, b, SettleReason.Released, 0);
    }

    /// @inheritdoc IBookings
    function dispute(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (msg.sender != b.customer) revert NotCustomer(bookingId, msg.sender);
        Listing storage ls = _listings[b.listingId];
        if (ls.quorum == 0) revert NoArbiters(b.listingId);
        uint256 until = _releasesAt(b, ls);
        if (block.timestamp < b.slotStart || block.timestamp >= until) {
            revert OutsideWindow(bookingId, b.slotStart, until);
        }
        _notRefundable(bookingId, b);
        b.status = BookingStatus.Disputed;
        emit Disputed(bookingId);
    }

    /// @inheritdoc IBookings
    function rule(uint256 bookingId, uint16 refundBps) external {
        BookingView storage b = _existingBooking(bookingId);
        if (b.status != BookingStatus.Disputed) revert WrongBookingStatus(bookingId, b.status);
        uint256 listingId = b.listingId;
        if (!_isArbiter[listingId][msg.sender]) revert NotArbiter(listingId, msg.sender);
        if (msg.sender == b.customer) revert ArbiterIsParty(bookingId, msg.sender);
        if (_ruled[bookingId][msg.sender]) revert AlreadyRuled(bookingId, msg.sender);
        if (refundBps > BPS) revert BadRefundShare(refundBps);
        _ruled[bookingId][msg.sender] = true;
        uint8 votes = ++_votes[bookingId][refundBps];
        emit Ruled(bookingId, msg.sender, refundBps, votes);
        if (votes == _listings[listingId].quorum) {
            _split(bookingId, b, SettleReason.Arbitrated, (uint256(b.price) * refundBps) / BPS);
        }
    }

    /// @inheritdoc IBookings
    function settleStalled(uint256 bookingId) external {
        BookingView storage b = _existingBooking(bookingId);
        if (b.status != BookingStatus.Disputed) revert WrongBookingStatus(bookingId, b.status);
        Listing storage ls = _listings[b.listingId];
        uint256 from = _releasesAt(b, ls) + ls.arbitrationPeriod;
        if (block.timestamp < from) revert OutsideWindow(bookingId, from, type(uint256).max);
        _split(bookingId, b, SettleReason.Stalled, b.price / 2);
    }

    /// @inheritdoc IBookings
    function cancelByProvider(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (msg.sender != _listings[b.listingId].provider) revert NotProvider(b.listingId, msg.sender);
        _freeSlot(b);
        _split(bookingId, b, SettleReason.ProviderCancelled, b.price);
    }

    /// @inheritdoc IBookings
    function cancelByCustomer(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (msg.sender != b.customer) revert NotCustomer(bookingId, msg.sender);
        if (block.timestamp >= b.slotStart) revert OutsideWindow(bookingId, 0, b.slotStart);
        _freeSlot(b);
        _split(bookingId, b, SettleReason.CustomerCancelled, _refundAt(b, block.timestamp));
    }

    /// @inheritdoc IBookings
    function claimNoShow(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        if (b.checkedIn) revert AlreadyCheckedIn(bookingId);
        uint256 deadline = _deadline(b, _listings[b.listingId]);
        if (block.timestamp < deadline) revert OutsideWindow(bookingId, deadline, type(uint256).max);
        _notRefundable(bookingId, b);
        _split(bookingId, b, SettleReason.NoShow, b.price);
    }

    /// @inheritdoc IBookings
    function refundCancelledActivity(uint256 bookingId) external {
        BookingView storage b = _booked(bookingId);
        uint64 activityId = b.activityId;
        uint64 cancelled = activityId == 0 ? 0 : _activities.cancelledAt(activityId);
        if (cancelled == 0) revert ActivityNotCancelled(bookingId, activityId);
        // the provider showed up, or the slot had started: the booking follows its own path
        if (b.checkedIn) revert AlreadyCheckedIn(bookingId);
        if (cancelled >= b.slotStart) revert ActivityCancelledAfterSlotStart(bookingId, activityId, cancelled);
        _freeSlot(b);
        _split(bookingId, b, SettleReason.ActivityCancelled, _refundAt(b, cancelled));
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IBookings
    function activities() external view returns (address) {
        return address(_activities);
    }

    /// @inheritdoc IBookings
    function listing(uint256 listingId)
        external
        view
        returns (address provider, bool closed, ListingTerms memory terms)
    {
        Listing storage ls = _listing(listingId);
        provider = ls.provider;
        closed = ls.closed;
        terms = ListingTerms({
            price: ls.price,
            slotLength: ls.slotLength,
            slotCapacity: ls.slotCapacity,
            releaseWindow: ls.releaseWindow,
            cancelNotice: ls.cancelNotice,
            cancelFeeBps: ls.cancelFeeBps,
            arbitrationPeriod: ls.arbitrationPeriod,
            quorum: ls.quorum,
            arbiters: _arbiters[listingId]
        });
    }

    /// @inheritdoc IBookings
    function slot(uint256 listingId, uint40 start) external view returns (bool offered, uint32 booked) {
        Slot storage s = _slots[listingId][start];
        return (s.offered, s.booked);
    }

    /// @inheritdoc IBookings
    function booking(uint256 bookingId) external view returns (BookingView memory) {
        return _existingBooking(bookingId);
    }

    /// @inheritdoc IBookings
    function votesFor(uint256 bookingId, uint16 refundBps) external view returns (uint8) {
        return _votes[bookingId][refundBps];
    }

    // ------------------------------------------------------------------ internals

    function _checkLink(uint64 activityId) private view {
        IActivities acts = _activities;
        if (address(acts) == address(0)) revert NoActivities();
        if (acts.organizerOf(activityId) != msg.sender && !acts.isParticipant(activityId, msg.sender)) {
            revert NotInActivity(activityId, msg.sender);
        }
        if (acts.cancelledAt(activityId) != 0) revert LinkedActivityCancelled(activityId);
    }

    /// @dev Revert when the booking's linked activity was cancelled before its slot started: such a
    /// booking is settled by {refundCancelledActivity} (by the terms at that cancellation), or by a
    /// cancellation or the customer's confirmation; it takes no check-in, no no-show claim and no
    /// dispute. Reached only from the slot's start, so any such cancellation is already known.
    function _notRefundable(uint256 bookingId, BookingView storage b) private view {
        uint64 activityId = b.activityId;
        if (activityId == 0) return;
        uint64 cancelled = _activities.cancelledAt(activityId);
        if (cancelled != 0 && cancelled < b.slotStart) {
            revert ActivityCancelledBeforeSlot(bookingId, activityId, cancelled);
        }
    }

    /// @dev The customer's refund for a cancellation at `at`: full until the notice period, then
    /// the price less the fee (the linked-activity refund uses the same terms, so linking a booking
    /// to one's own activity never cancels cheaper than cancelling it directly).
    function _refundAt(BookingView storage b, uint256 at) private view returns (uint256) {
        Listing storage ls = _listings[b.listingId];
        uint256 price = b.price;
        if (at + ls.cancelNotice <= b.slotStart) return price;
        return price - (price * ls.cancelFeeBps) / BPS;
    }

    function _deadline(BookingView storage b, Listing storage ls) private view returns (uint256) {
        uint40 arriveBy = b.arriveBy;
        return arriveBy != 0 ? arriveBy : uint256(b.slotStart) + ls.slotLength;
    }

    function _releasesAt(BookingView storage b, Listing storage ls) private view returns (uint256) {
        return uint256(b.slotStart) + ls.slotLength + ls.releaseWindow;
    }

    function _freeSlot(BookingView storage b) private {
        if (block.timestamp < b.slotStart) --_slots[b.listingId][b.slotStart].booked;
    }

    /// @dev Close the booking: `toCustomer` to its customer, the rest of the price to its provider.
    function _split(uint256 bookingId, BookingView storage b, SettleReason reason, uint256 toCustomer) private {
        b.status = BookingStatus.Settled;
        uint256 toProvider = b.price - toCustomer;
        emit BookingSettled(bookingId, reason, toCustomer, toProvider);
        _credit(b.customer, toCustomer);
        // a full refund leaves the provider's word cold
        if (toProvider != 0) _credit(_listings[b.listingId].provider, toProvider);
    }

    function _listing(uint256 listingId) private view returns (Listing storage ls) {
        ls = _listings[listingId];
        if (ls.provider == address(0)) revert ListingNotFound(listingId);
    }

    function _providerListing(uint256 listingId) private view returns (Listing storage ls) {
        ls = _listing(listingId);
        if (msg.sender != ls.provider) revert NotProvider(listingId, msg.sender);
    }

    function _existingBooking(uint256 bookingId) private view returns (BookingView storage b) {
        b = _bookings[bookingId];
        if (b.customer == address(0)) revert BookingNotFound(bookingId);
    }

    function _booked(uint256 bookingId) private view returns (BookingView storage b) {
        b = _existingBooking(bookingId);
        if (b.status != BookingStatus.Booked) revert WrongBookingStatus(bookingId, b.status);
    }
}
