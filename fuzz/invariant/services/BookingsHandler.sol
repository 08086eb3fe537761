// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IActivities} from "../../../interfaces/services/IActivities.sol";
import {IBookings} from "../../../interfaces/services/IBookings.sol";
import {Activities} from "../../../contracts/services/Activities.sol";
import {Bookings} from "../../../contracts/services/Bookings.sol";
import {ServicesActor, ServicesHandlerBase} from "./ServicesHandlerBase.sol";

/// @notice Every role of {Activities} and {Bookings} (organizers, participants, providers,
/// customers, arbiters, anyone) acting at random, bookings linked to activities, time running over
/// starts, slots, deadlines, release and arbitration windows. The handler keeps its own books: the
/// seats it expects taken, each booking's settlements and each activity's deposits in and out, and
/// computes by its own arithmetic what every settlement must credit to whom.
contract BookingsHandler is ServicesHandlerBase {
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_LISTINGS = 5;
    uint256 private constant MAX_SLOTS = 40; // per listing
    uint256 private constant MAX_ACTIVITIES = 40; // the newest 8 are the ones acted on
    uint256 private constant MAX_BOOKINGS = 80;

    bytes32 internal constant ONCE = "booking once";
    bytes32 internal constant LINKED = "linked refund";
    bytes32 internal constant RULES = "booking rules";
    bytes32 internal constant SEATS = "seats";
    bytes32 internal constant DEPOSITS = "deposits";
    bytes32 internal constant ATTENDANCE = "attendance";

    Activities public immutable activities;
    Bookings public immutable bookings;

    // bookings
    uint256[] public listingIds;
    mapping(uint256 listingId => uint40[]) public slotsOf;
    mapping(uint256 listingId => mapping(uint40 start => uint32)) public seats;
    mapping(uint256 listingId => address[]) private _panel;
    // what the scans need of a listing, kept here (the listing view copies the whole panel)
    mapping(uint256 listingId => uint256) private _closeOfDispute; // slotLength + releaseWindow
    mapping(uint256 listingId => uint256) private _slotLength;
    mapping(uint256 listingId => bool) private _closed;
    uint256 public bookingCount;
    mapping(uint256 bookingId => uint256) public settlements;
    mapping(uint256 bookingId => mapping(uint16 bps => uint8)) private _votes;
    mapping(uint256 bookingId => mapping(address arbiter => bool)) private _ruled;
    uint256 public linkedRefunds;

    // activities
    uint256 public activityCount;
    mapping(uint256 id => uint256) public depositsIn;
    mapping(uint256 id => uint256) public depositsOut;
    mapping(uint256 id => mapping(address who => uint256)) public depositSettlements;
    mapping(uint256 id => mapping(address by => mapping(address who => bool))) private _confirmed;
    mapping(uint256 id => mapping(address who => uint32)) private _attendanceVotes;
    mapping(uint256 id => uint32) public attendedCount;
    mapping(uint256 id => uint32) public attendeesSettled;

    struct Before {
        IBookings.BookingView b;
        address provider;
        IBookings.ListingTerms t;
        uint256 customerCredit;
        uint256 providerCredit;
    }

    constructor(bool withToken) ServicesHandlerBase(withToken) {
        activities = new Activities(asset);
        bookings = new Bookings(asset, address(activities));
        _register(activities);
        _register(bookings);
    }

    // ================================================================== activities

    function openActivity(
        uint256 organizerSeed,
        uint256 startSeed,
        uint256 periodSeed,
        uint256 capacitySeed,
        uint256 depositSeed,
        uint256 inviteMask
    ) external {
        (organizerSeed, startSeed, periodSeed, capacitySeed, depositSeed, inviteMask) =
        (
            _mix(organizerSeed, 0),
            _mix(startSeed, 1),
            _mix(periodSeed, 2),
            _mix(capacitySeed, 3),
            _mix(depositSeed, 4),
            _mix(inviteMask, 5)
        );
        _need(activityCount < MAX_ACTIVITIES, "enough activities");
        uint256 ahead;
        for (uint256 id = activityCount; id > 0 && id + 8 > activityCount; --id) {
            if (_beforeStart(id)) ++ahead;
        }
        _need(ahead < 4, "four activities ahead already");
        ServicesActor org = _actor(organizerSeed);
        uint32 capacity = uint32(_bound(capacitySeed, 2, 5));
        IActivities.ActivityTerms memory t = IActivities.ActivityTerms({
            startsAt: uint64(block.timestamp + _bound(startSeed, 1 hours, 4 * DAY)),
            attestationPeriod: uint32(_bound(periodSeed, 1 hours, DAY)),
            capacity: capacity,
            quorum: uint32(_bound(capacitySeed >> 8, 1, capacity - 1)),
            deposit: depositSeed % 4 == 0 ? 0 : uint128(_bound(depositSeed >> 2, 1, 1e18)),
            open: inviteMask & 1 == 1,
            place: "the lake"
        });
        address[] memory invitees = _mask(inviteMask >> 1);
        bytes memory ret = _call(org, address(activities), abi.encodeCall(IActivities.openActivity, (t, invitees)));
        if (abi.decode(ret, (uint256)) != ++activityCount) _break(ATTENDANCE, "activity ids are not 1, 2, ...");
    }

    /// @notice The organizer (one time in eight someone else) invites more people, or one time in
    /// two cancels the activity.
    function inviteOrCancel(uint256 callerSeed, uint256 idSeed, uint256 inviteMask) external {
        (callerSeed, idSeed, inviteMask) = (_mix(callerSeed, 0), _mix(idSeed, 1), _mix(inviteMask, 2));
        bool cancelling = inviteMask % 2 == 0;
        // three cancellations in four go for an activity that bookings are linked to (issue 30's
        // organizer: book a ride linked to one's own activity, then cancel the activity)
        uint256 id = _activityWhere(idSeed, cancelling && (inviteMask >> 1) % 4 != 0 ? _linkedAhead : _beforeStart);
        IActivities.ActivityView memory a = activities.activity(id);
        ServicesActor caller = _pick(callerSeed, a.organizer);
        bytes memory data = cancelling
            ? abi.encodeCall(IActivities.cancel, (id))
            : abi.encodeCall(IActivities.invite, (id, _mask(inviteMask >> 3)));
        _call(caller, address(activities), data);
        if (address(caller) != a.organizer || a.cancelledAt != 0 || block.timestamp >= a.startsAt) {
            _break(ATTENDANCE, cancelling ? "a cancellation against the rules" : "an invitation against the rules");
        }
    }

    function join(uint256 actorSeed, uint256 idSeed) external {
        (actorSeed, idSeed) = (_mix(actorSeed, 0), _mix(idSeed, 1));
        uint256 id = _activityWhere(idSeed, _joinable);
        ServicesActor who = _member(actorSeed, id, false);
        for (uint256 i; i < actors.length && actorSeed % 8 != 0; ++i) {
            ServicesActor c = _actor(actorSeed + i);
            if (
                !activities.isParticipant(id, address(c))
                    && (activities.activity(id).open || activities.isInvited(id, address(c)))
            ) {
                who = c;
                break;
            }
        }
        IActivities.ActivityView memory a = activities.activity(id);
        bool invited = activities.isInvited(id, address(who));
        bool joined = activities.isParticipant(id, address(who));
        _pay(who, address(activities), a.deposit, abi.encodeCall(IActivities.join, (id)));
        if (
            joined || a.cancelledAt != 0 || block.timestamp >= a.startsAt || (!a.open && !invited)
                || a.participants >= a.capacity
        ) _break(ATTENDANCE, "a join against the rules");
        depositsIn[id] += a.deposit;
    }

    function leave(uint256 actorSeed, uint256 idSeed) external {
        (actorSeed, idSeed) = (_mix(actorSeed, 0), _mix(idSeed, 1));
        uint256 id = _activityWhere(idSeed, _beforeStart);
        ServicesActor who = _member(actorSeed, id, true);
        IActivities.ActivityView memory a = activities.activity(id);
        bool joined = activities.isParticipant(id, address(who));
        _call(who, address(activities), abi.encodeCall(IActivities.leave, (id)));
        if (!joined || a.cancelledAt != 0 || block.timestamp >= a.startsAt) {
            _break(ATTENDANCE, "a leave against the rules");
        }
        _credit(address(activities), address(who), a.deposit);
        depositsOut[id] += a.deposit;
    }

    function confirmAttendance(uint256 bySeed, uint256 whoSeed, uint256 idSeed) external {
        (bySeed, whoSeed, idSeed) = (_mix(bySeed, 0), _mix(whoSeed, 1), _mix(idSeed, 2));
        uint256 id = _activityWhere(idSeed, _attestable);
        IActivities.ActivityView memory at = activities.activity(id);
        _warpInto(idSeed, at.startsAt, uint256(at.startsAt) + at.attestationPeriod);
        ServicesActor by = _member(bySeed, id, true);
        address who = address(_member(whoSeed, id, true));
        if (who == address(by) && whoSeed % 8 != 0) who = address(_member(whoSeed + 1, id, true));
        IActivities.ActivityView memory a = activities.activity(id);
        bool byJoined = activities.isParticipant(id, address(by));
        bool whoJoined = activities.isParticipant(id, who);
        _call(by, address(activities), abi.encodeCall(IActivities.confirmAttendance, (id, who)));
        if (
            !byJoined || !whoJoined || address(by) == who || _confirmed[id][address(by)][who] || a.cancelledAt != 0
                || block.timestamp < a.startsAt || block.timestamp >= uint256(a.startsAt) + a.attestationPeriod
        ) _break(ATTENDANCE, "a confirmation against the rules");
        _confirmed[id][address(by)][who] = true;
        if (++_attendanceVotes[id][who] == a.quorum) ++attendedCount[id];
    }

    /// @notice Settle a deposit; the handler computes what it must credit: the deposit back after a
    /// cancellation or when nobody attended, else an attendee's deposit plus an equal share of the
    /// no-shows' deposits, the last attendee to settle taking the rounding dust.
    function settleDeposit(uint256 actorSeed, uint256 idSeed) external {
        (actorSeed, idSeed) = (_mix(actorSeed, 0), _mix(idSeed, 1));
        uint256 id = _activityWhere(idSeed, _settleable);
        IActivities.ActivityView memory at = activities.activity(id);
        if (at.cancelledAt == 0) {
            uint256 closesAt = uint256(at.startsAt) + at.attestationPeriod;
            _warpInto(idSeed, closesAt, closesAt + 1 hours);
        }
        ServicesActor who = _member(actorSeed, id, true);
        IActivities.ActivityView memory a = activities.activity(id);
        bool joined = activities.isParticipant(id, address(who));
        uint256 creditBefore = activities.creditOf(address(who));
        _call(who, address(activities), abi.encodeCall(IActivities.settleDeposit, (id)));
        uint256 expected = a.deposit;
        if (a.cancelledAt == 0) {
            if (block.timestamp < uint256(a.startsAt) + a.attestationPeriod) {
                _break(DEPOSITS, "a deposit settled during attestation");
            }
            uint256 attended = attendedCount[id];
            if (attended != 0) {
                if (_attendanceVotes[id][address(who)] < a.quorum) _break(DEPOSITS, "a no-show took a deposit");
                uint256 pool = uint256(a.deposit) * (a.participants - attended);
                uint256 share = pool / attended;
                if (++attendeesSettled[id] == attended) share = pool - share * (attended - 1);
                expected += share;
            }
        }
        if (!joined) _break(DEPOSITS, "a stranger settled a deposit");
        if (++depositSettlements[id][address(who)] > 1) _break(DEPOSITS, "a deposit settled twice");
        if (activities.creditOf(address(who)) - creditBefore != expected) {
            _break(DEPOSITS, "a deposit settlement credited other than the rules");
        }
        _credit(address(activities), address(who), expected);
        depositsOut[id] += expected;
    }

    // ================================================================== listings

    function createListing(
        uint256 providerSeed,
        uint256 priceSeed,
        uint256 slotSeed,
        uint256 windowSeed,
        uint256 feeSeed,
        uint256 panelSeed
    ) external {
        (providerSeed, priceSeed, slotSeed, windowSeed, feeSeed, panelSeed) =
        (
            _mix(providerSeed, 0),
            _mix(priceSeed, 1),
            _mix(slotSeed, 2),
            _mix(windowSeed, 3),
            _mix(feeSeed, 4),
            _mix(panelSeed, 5)
        );
        _need(listingIds.length < MAX_LISTINGS, "enough listings");
        ServicesActor provider = _actor(providerSeed);
        uint256 m = panelSeed % 4;
        address[] memory panel = new address[](m);
        uint256 next = providerSeed + 1 + (panelSeed >> 2);
        for (uint256 i; i < m; ++i) {
            if (next % actors.length == providerSeed % actors.length) ++next;
            panel[i] = address(_actor(next++));
        }
        IBookings.ListingTerms memory t = IBookings.ListingTerms({
            price: priceSeed % 2 == 0
                ? uint128(_bound(priceSeed >> 1, 1, 1000))
                : uint128(_bound(priceSeed >> 1, 1, 1e18)),
            slotLength: uint32(_bound(slotSeed, 30 minutes, 4 hours)),
            slotCapacity: uint32(_bound(slotSeed >> 32, 1, 3)),
            releaseWindow: uint32(_bound(windowSeed, 0, DAY)),
            cancelNotice: uint32(_bound(windowSeed >> 32, 0, DAY)),
            cancelFeeBps: uint16(_bound(feeSeed, 0, BPS)),
            arbitrationPeriod: uint32(_bound(windowSeed >> 64, 1 hours, DAY)),
            quorum: m == 0 ? 0 : uint8(m / 2 + 1 + ((panelSeed >> 8) % (m - m / 2))),
            arbiters: panel
        });
        bytes memory ret = _call(provider, address(bookings), abi.encodeCall(IBookings.createListing, ("ride", t)));
        uint256 listingId = abi.decode(ret, (uint256));
        listingIds.push(listingId);
        _panel[listingId] = panel;
        _slotLength[listingId] = t.slotLength;
        _closeOfDispute[listingId] = uint256(t.slotLength) + t.releaseWindow;
    }

    /// @notice The provider sets a new price (open bookings keep theirs), or one time in eight
    /// closes its listing.
    function setPriceOrClose(uint256 callerSeed, uint256 listingSeed, uint256 priceSeed) external {
        (callerSeed, listingSeed, priceSeed) = (_mix(callerSeed, 0), _mix(listingSeed, 1), _mix(priceSeed, 2));
        uint256 listingId = _listingId(listingSeed);
        (address provider,,) = bookings.listing(listingId);
        ServicesActor caller = _pick(callerSeed, provider);
        bytes memory data = priceSeed % 8 == 0
            ? abi.encodeCall(IBookings.closeListing, (listingId))
            : abi.encodeCall(IBookings.setPrice, (listingId, uint128(_bound(priceSeed >> 3, 1, 1e18))));
        _call(caller, address(bookings), data);
        if (address(caller) != provider) _break(RULES, "someone else priced or closed a listing");
        if (priceSeed % 8 == 0) _closed[listingId] = true;
    }

    /// @notice The provider offers a slot on the half hour, up to two days ahead.
    function offerSlot(uint256 callerSeed, uint256 listingSeed, uint256 whenSeed) external {
        (callerSeed, listingSeed, whenSeed) = (_mix(callerSeed, 0), _mix(listingSeed, 1), _mix(whenSeed, 2));
        uint256 listingId = _listingId(listingSeed);
        (address provider,,) = bookings.listing(listingId);
        _offer(_pick(callerSeed, provider), listingId, whenSeed);
    }

    function _offer(ServicesActor caller, uint256 listingId, uint256 whenSeed) private returns (uint40 start) {
        _need(slotsOf[listingId].length < MAX_SLOTS, "enough slots");
        (address provider,,) = bookings.listing(listingId);
        start = uint40((block.timestamp / 30 minutes + 1 + (whenSeed % 96)) * 30 minutes);
        (bool offered,) = bookings.slot(listingId, start);
        uint40[] memory starts = new uint40[](1);
        starts[0] = start;
        _call(caller, address(bookings), abi.encodeCall(IBookings.offerSlots, (listingId, starts)));
        if (address(caller) != provider) _break(RULES, "someone else offered a slot");
        if (!offered) slotsOf[listingId].push(start);
    }

    // ================================================================== bookings

    function book(uint256 customerSeed, uint256 listingSeed, uint256 slotSeed, uint256 arriveSeed, uint256 linkSeed)
        external
    {
        (customerSeed, listingSeed, slotSeed, arriveSeed, linkSeed) =
        (_mix(customerSeed, 0), _mix(listingSeed, 1), _mix(slotSeed, 2), _mix(arriveSeed, 3), _mix(linkSeed, 4));
        _need(bookingCount < MAX_BOOKINGS, "enough bookings");
        (uint256 listingId, uint40 start) = _bookable(listingSeed, slotSeed);
        ServicesActor customer = _actor(customerSeed);
        (, bool closed, IBookings.ListingTerms memory t) = bookings.listing(listingId);
        uint40 arriveBy = arriveSeed % 3 == 0 ? 0 : uint40(start + _bound(arriveSeed >> 2, 0, t.slotLength));
        uint64 activityId;
        if (linkSeed % 3 != 0) (activityId, customer) = _linkable(linkSeed >> 2, customer);
        bool linkOk = activityId == 0
            || ((activities.organizerOf(activityId) == address(customer)
                    || activities.isParticipant(activityId, address(customer)))
                && activities.cancelledAt(activityId) == 0);
        (bool offered, uint32 taken) = bookings.slot(listingId, start);
        _pay(
            customer,
            address(bookings),
            t.price,
            abi.encodeCall(IBookings.book, (listingId, start, arriveBy, activityId, t.price))
        );
        ++bookingCount;
        ++seats[listingId][start];
        if (closed || !offered || taken >= t.slotCapacity || block.timestamp >= start || !linkOk) {
            _break(RULES, "a booking against the rules");
        }
    }

    function confirm(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _isBooked);
        ServicesActor caller = _pick(callerSeed, s.b.customer);
        _call(caller, address(bookings), abi.encodeCall(IBookings.confirm, (id)));
        if (address(caller) != s.b.customer || s.b.status != IBookings.BookingStatus.Booked) {
            _break(RULES, "a confirmation against the rules");
        }
        _settled(id, s, 0);
    }

    function checkIn(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _checkInnable);
        _warpInto(callerSeed, s.b.slotStart, _deadline(s));
        ServicesActor caller = _pick(callerSeed, s.provider);
        _call(caller, address(bookings), abi.encodeCall(IBookings.checkIn, (id)));
        if (
            address(caller) != s.provider || s.b.status != IBookings.BookingStatus.Booked || s.b.checkedIn
                || block.timestamp < s.b.slotStart || block.timestamp >= _deadline(s)
        ) _break(RULES, "a check-in against the rules");
        if (_cancelledBeforeSlot(s.b)) _break(LINKED, "a check-in on a booking whose activity was cancelled");
    }

    function release(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _releasable);
        uint256 releasesAt = uint256(s.b.slotStart) + s.t.slotLength + s.t.releaseWindow;
        _warpInto(callerSeed, releasesAt, releasesAt + 1 hours);
        _call(_actor(callerSeed), address(bookings), abi.encodeCall(IBookings.release, (id)));
        if (
            s.b.status != IBookings.BookingStatus.Booked || !s.b.checkedIn
                || block.timestamp < uint256(s.b.slotStart) + s.t.slotLength + s.t.releaseWindow
        ) _break(RULES, "a release against the rules");
        _settled(id, s, 0);
    }

    function dispute(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _disputable);
        _warpInto(callerSeed, s.b.slotStart, uint256(s.b.slotStart) + s.t.slotLength + s.t.releaseWindow);
        ServicesActor caller = _pick(callerSeed, s.b.customer);
        _call(caller, address(bookings), abi.encodeCall(IBookings.dispute, (id)));
        if (
            address(caller) != s.b.customer || s.b.status != IBookings.BookingStatus.Booked || s.t.quorum == 0
                || block.timestamp < s.b.slotStart
                || block.timestamp >= uint256(s.b.slotStart) + s.t.slotLength + s.t.releaseWindow
        ) _break(RULES, "a dispute against the rules");
        if (_cancelledBeforeSlot(s.b)) _break(LINKED, "a dispute on a booking whose activity was cancelled");
    }

    /// @notice An arbiter of the panel (or, one time in eight, anyone) rules a refund share.
    function rule(uint256 bookingSeed, uint256 arbiterSeed, uint256 bpsSeed) external {
        (bookingSeed, arbiterSeed, bpsSeed) = (_mix(bookingSeed, 0), _mix(arbiterSeed, 1), _mix(bpsSeed, 2));
        (uint256 id, Before memory s) = _before(bookingSeed, _isDisputed);
        address[] storage panel = _panel[s.b.listingId];
        address natural = panel.length == 0 ? address(0) : panel[arbiterSeed % panel.length];
        ServicesActor caller = _pick(arbiterSeed >> 8, natural);
        uint256 pick = bpsSeed % 5;
        uint16[4] memory usual = [uint16(0), 2500, 5000, 10_000];
        uint16 bps = pick < 4 ? usual[pick] : uint16(bpsSeed % 10_001);
        _call(caller, address(bookings), abi.encodeCall(IBookings.rule, (id, bps)));
        if (
            s.b.status != IBookings.BookingStatus.Disputed || !_onPanel(panel, address(caller))
                || address(caller) == s.b.customer || _ruled[id][address(caller)]
        ) _break(RULES, "a ruling against the rules");
        _ruled[id][address(caller)] = true;
        bool decides = ++_votes[id][bps] == s.t.quorum;
        bool settled = bookings.booking(id).status == IBookings.BookingStatus.Settled;
        if (decides != settled) _break(RULES, "a ruling settled without its quorum, or not with it");
        if (settled) _settled(id, s, (uint256(s.b.price) * bps) / BPS);
    }

    function settleStalled(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _isDisputed);
        uint256 from = uint256(s.b.slotStart) + s.t.slotLength + s.t.releaseWindow + s.t.arbitrationPeriod;
        _warpInto(callerSeed, from, from + 1 hours);
        _call(_actor(callerSeed), address(bookings), abi.encodeCall(IBookings.settleStalled, (id)));
        if (s.b.status != IBookings.BookingStatus.Disputed || block.timestamp < from) {
            _break(RULES, "a stalled split against the rules");
        }
        _settled(id, s, s.b.price / 2);
    }

    function cancelByProvider(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _isBooked);
        ServicesActor caller = _pick(callerSeed, s.provider);
        _call(caller, address(bookings), abi.encodeCall(IBookings.cancelByProvider, (id)));
        if (address(caller) != s.provider || s.b.status != IBookings.BookingStatus.Booked) {
            _break(RULES, "a provider's cancellation against the rules");
        }
        _freeSeat(s.b);
        _settled(id, s, s.b.price);
    }

    function cancelByCustomer(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _beforeSlot);
        ServicesActor caller = _pick(callerSeed, s.b.customer);
        _call(caller, address(bookings), abi.encodeCall(IBookings.cancelByCustomer, (id)));
        if (
            address(caller) != s.b.customer || s.b.status != IBookings.BookingStatus.Booked
                || block.timestamp >= s.b.slotStart
        ) _break(RULES, "a customer's cancellation against the rules");
        _freeSeat(s.b);
        _settled(id, s, _refundAt(s, block.timestamp));
    }

    function claimNoShow(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _noShowable);
        _warpInto(callerSeed, _deadline(s), _deadline(s) + 1 hours);
        _call(_actor(callerSeed), address(bookings), abi.encodeCall(IBookings.claimNoShow, (id)));
        if (s.b.status != IBookings.BookingStatus.Booked || s.b.checkedIn || block.timestamp < _deadline(s)) {
            _break(RULES, "a no-show claim against the rules");
        }
        if (_cancelledBeforeSlot(s.b)) _break(LINKED, "a no-show claim on a booking whose activity was cancelled");
        _settled(id, s, s.b.price);
    }

    /// @notice Anyone asks the linked refund; it is owed only for a booking still booked, not
    /// checked in, whose activity was cancelled before its slot, by the terms at that cancellation.
    function refundCancelledActivity(uint256 bookingSeed, uint256 callerSeed) external {
        (bookingSeed, callerSeed) = (_mix(bookingSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(bookingSeed, _linkedCancelled);
        uint64 cancelled = s.b.activityId == 0 ? 0 : activities.cancelledAt(s.b.activityId);
        _call(_actor(callerSeed), address(bookings), abi.encodeCall(IBookings.refundCancelledActivity, (id)));
        if (
            s.b.status != IBookings.BookingStatus.Booked || cancelled == 0 || cancelled >= s.b.slotStart
                || s.b.checkedIn
        ) _break(LINKED, "a linked refund against the rules");
        ++linkedRefunds;
        _freeSeat(s.b);
        _settled(id, s, _refundAt(s, cancelled));
    }

    // ================================================================== views for the invariants

    function listingCount() external view returns (uint256) {
        return listingIds.length;
    }

    function slotCount(uint256 listingId) external view returns (uint256) {
        return slotsOf[listingId].length;
    }

    /// @notice What the bookings escrow holds for open bookings, from the contract's own views.
    function heldByBookings() public view returns (uint256 sum) {
        for (uint256 id = 1; id <= bookingCount; ++id) {
            IBookings.BookingView memory b = bookings.booking(id);
            if (b.status != IBookings.BookingStatus.Settled) sum += b.price;
        }
    }

    /// @notice What the activities escrow holds for deposits not yet settled (by the ghost books).
    function heldByActivities() public view returns (uint256 sum) {
        for (uint256 id = 1; id <= activityCount; ++id) {
            sum += depositsIn[id] - depositsOut[id];
        }
    }

    /// @notice What an escrow holds beyond its credits.
    function held(address escrow) public view returns (uint256) {
        return escrow == address(bookings) ? heldByBookings() : heldByActivities();
    }

    // ================================================================== internals

    /// @dev The booking the action is about: mostly the first from the seed for which the action
    /// can make sense (`ok`), one time in eight the seed's whatever its state (to try the checks).
    function _before(uint256 bookingSeed, function(uint256) view returns (bool) ok)
        private
        view
        returns (uint256 id, Before memory s)
    {
        _need(bookingCount != 0, "no booking");
        id = 1 + (bookingSeed % bookingCount);
        for (uint256 i; i < bookingCount && bookingSeed % 8 != 0; ++i) {
            uint256 c = 1 + ((bookingSeed + i) % bookingCount);
            if (ok(c)) {
                id = c;
                break;
            }
        }
        s.b = bookings.booking(id);
        (s.provider,, s.t) = bookings.listing(s.b.listingId);
        s.customerCredit = bookings.creditOf(s.b.customer);
        s.providerCredit = bookings.creditOf(s.provider);
    }

    /// @dev A booking was settled with `toCustomer` to its customer and the rest of its price to its
    /// provider: once, credited exactly so.
    function _settled(uint256 id, Before memory s, uint256 toCustomer) private {
        if (++settlements[id] > 1) _break(ONCE, "a booking settled twice");
        if (bookings.booking(id).status != IBookings.BookingStatus.Settled) _break(ONCE, "a settlement left it open");
        uint256 toProvider = s.b.price - toCustomer;
        uint256 gotCustomer = bookings.creditOf(s.b.customer) - s.customerCredit;
        uint256 gotProvider = bookings.creditOf(s.provider) - s.providerCredit;
        bool exact = s.b.customer == s.provider
            ? gotCustomer == s.b.price
            : gotCustomer == toCustomer && gotProvider == toProvider;
        if (!exact) _break(ONCE, "a settlement credited other than the rules");
        _credit(address(bookings), s.b.customer, toCustomer);
        _credit(address(bookings), s.provider, toProvider);
    }

    function _freeSeat(IBookings.BookingView memory b) private {
        if (block.timestamp < b.slotStart) --seats[b.listingId][b.slotStart];
    }

    function _refundAt(Before memory s, uint256 at) private pure returns (uint256) {
        if (at + s.t.cancelNotice <= s.b.slotStart) return s.b.price;
        return s.b.price - (uint256(s.b.price) * s.t.cancelFeeBps) / BPS;
    }

    function _deadline(Before memory s) private pure returns (uint256) {
        return s.b.arriveBy != 0 ? s.b.arriveBy : uint256(s.b.slotStart) + s.t.slotLength;
    }

    function _cancelledBeforeSlot(IBookings.BookingView memory b) private view returns (bool) {
        if (b.activityId == 0) return false;
        uint64 at = activities.cancelledAt(b.activityId);
        return at != 0 && at < b.slotStart;
    }

    function _onPanel(address[] storage panel, address who) private view returns (bool) {
        for (uint256 i; i < panel.length; ++i) {
            if (panel[i] == who) return true;
        }
        return false;
    }

    /// @dev Mostly the first open listing from the seed with a slot still ahead (its first such slot
    /// from the seed); one time in eight the seed's listing and slot, whatever they are.
    function _bookable(uint256 listingSeed, uint256 slotSeed) private returns (uint256, uint40) {
        _need(listingIds.length != 0, "no listing");
        for (uint256 i; i < listingIds.length && slotSeed % 8 != 0; ++i) {
            uint256 listingId = listingIds[(listingSeed + i) % listingIds.length];
            bool closed = _closed[listingId];
            uint40[] storage starts = slotsOf[listingId];
            for (uint256 j; j < starts.length && !closed; ++j) {
                uint40 start = starts[(slotSeed + j) % starts.length];
                if (start > block.timestamp) return (listingId, start);
            }
        }
        uint256 id = listingIds[listingSeed % listingIds.length];
        if (slotSeed % 8 != 0) {
            // nothing ahead: the customer asks the provider for a slot, and the provider offers it
            (address provider,,) = bookings.listing(id);
            return (id, _offer(_pick(8 * (listingSeed % actors.length) + 1, provider), id, slotSeed >> 3));
        }
        _need(slotsOf[id].length != 0, "no slot offered");
        return (id, slotsOf[id][slotSeed % slotsOf[id].length]);
    }

    /// @dev Among the newest eight activities, mostly the first from the seed where `ok` says the action
    /// makes sense; one time in eight the seed's.
    function _activityWhere(uint256 seed, function(uint256) view returns (bool) ok) private view returns (uint256) {
        _need(activityCount != 0, "no activity");
        uint256 n = activityCount < 8 ? activityCount : 8;
        for (uint256 i; i < n && seed % 8 != 0; ++i) {
            uint256 id = activityCount - ((seed + i) % n);
            if (ok(id)) return id;
        }
        return activityCount - (seed % n);
    }

    function _isBooked(uint256 id) private view returns (bool) {
        return bookings.booking(id).status == IBookings.BookingStatus.Booked;
    }

    function _isDisputed(uint256 id) private view returns (bool) {
        return bookings.booking(id).status == IBookings.BookingStatus.Disputed;
    }

    function _beforeSlot(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        return b.status == IBookings.BookingStatus.Booked && block.timestamp < b.slotStart;
    }

    function _checkInnable(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        uint256 deadline = b.arriveBy != 0 ? b.arriveBy : uint256(b.slotStart) + _slotLength[b.listingId];
        return b.status == IBookings.BookingStatus.Booked && !b.checkedIn && block.timestamp < deadline
            && !_cancelledBeforeSlot(b);
    }

    function _releasable(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        return b.status == IBookings.BookingStatus.Booked && b.checkedIn;
    }

    function _disputable(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        return b.status == IBookings.BookingStatus.Booked && _panel[b.listingId].length != 0
            && block.timestamp < uint256(b.slotStart) + _closeOfDispute[b.listingId] && !_cancelledBeforeSlot(b);
    }

    function _noShowable(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        return b.status == IBookings.BookingStatus.Booked && !b.checkedIn && !_cancelledBeforeSlot(b);
    }

    function _linkedCancelled(uint256 id) private view returns (bool) {
        IBookings.BookingView memory b = bookings.booking(id);
        if (b.status != IBookings.BookingStatus.Booked || b.activityId == 0) return false;
        return activities.cancelledAt(b.activityId) != 0;
    }

    /// @dev Before its start, and an open booking is linked to it.
    function _linkedAhead(uint256 id) private view returns (bool) {
        if (!_beforeStart(id)) return false;
        for (uint256 b = 1; b <= bookingCount; ++b) {
            if (_isBooked(b) && bookings.booking(b).activityId == id) return true;
        }
        return false;
    }

    function _beforeStart(uint256 id) private view returns (bool) {
        IActivities.ActivityView memory a = activities.activity(id);
        return a.cancelledAt == 0 && block.timestamp < a.startsAt;
    }

    function _joinable(uint256 id) private view returns (bool) {
        IActivities.ActivityView memory a = activities.activity(id);
        return a.cancelledAt == 0 && block.timestamp < a.startsAt && a.participants < a.capacity;
    }

    /// @dev Not cancelled, attestation not over, and someone to confirm.
    function _attestable(uint256 id) private view returns (bool) {
        IActivities.ActivityView memory a = activities.activity(id);
        return a.cancelledAt == 0 && block.timestamp < uint256(a.startsAt) + a.attestationPeriod && a.participants > 1;
    }

    /// @dev Someone has a deposit to settle there (now or once attestation closes).
    function _settleable(uint256 id) private view returns (bool) {
        IActivities.ActivityView memory a = activities.activity(id);
        for (uint256 k; k < actors.length; ++k) {
            address who = address(actors[k]);
            if (!activities.isParticipant(id, who) || depositSettlements[id][who] != 0) continue;
            if (a.cancelledAt != 0 || attendedCount[id] == 0 || _attendanceVotes[id][who] >= a.quorum) return true;
            if (block.timestamp < uint256(a.startsAt) + a.attestationPeriod) return true;
        }
        return false;
    }

    /// @dev Time moves to a moment in [from, until) when it is before it, unless the seed says one time
    /// in eight to act whenever it is (to try the time checks).
    function _warpInto(uint256 seed, uint256 from, uint256 until) private {
        if ((seed >> 128) % 8 == 0 || block.timestamp >= from || until <= from) return;
        vm.warp(from + ((seed >> 131) % (until - from)));
    }

    /// @dev Mostly the first actor from the seed that takes part in activity `id` (`joined`) or not.
    function _member(uint256 seed, uint256 id, bool joined) private view returns (ServicesActor) {
        for (uint256 i; i < actors.length && seed % 8 != 0; ++i) {
            ServicesActor a = _actor(seed + i);
            if (activities.isParticipant(id, address(a)) == joined) return a;
        }
        return _actor(seed);
    }

    /// @dev A booking linked to an activity: mostly one of the newest eight activities not started nor
    /// cancelled, booked by its organizer or one of its participants; one time in eight any activity, booked by
    /// `who` (0 when there is no activity).
    function _linkable(uint256 seed, ServicesActor who) private view returns (uint64, ServicesActor) {
        if (activityCount == 0) return (0, who);
        if (seed % 8 == 0) return (uint64(1 + (seed >> 3) % activityCount), who);
        uint256 n = activityCount < 8 ? activityCount : 8;
        for (uint256 i; i < n; ++i) {
            uint256 id = activityCount - ((seed + i) % n);
            // an activity still ahead, so that it can be cancelled while the booking is open
            if (!_beforeStart(id)) continue;
            ServicesActor c = _member(seed >> 8, id, true);
            if ((seed >> 4) % 3 == 0 || !activities.isParticipant(id, address(c))) {
                c = actors[_actorIndexOf(activities.organizerOf(id))];
            }
            return (uint64(id), c);
        }
        return (0, who);
    }

    function _activityId(uint256 seed) private view returns (uint256) {
        _need(activityCount != 0, "no activity");
        return 1 + (seed % activityCount);
    }

    function _listingId(uint256 seed) private view returns (uint256) {
        _need(listingIds.length != 0, "no listing");
        return listingIds[seed % listingIds.length];
    }

    function _mask(uint256 mask) private view returns (address[] memory list) {
        uint256 n;
        for (uint256 i; i < actors.length; ++i) {
            if ((mask >> i) & 1 == 1) ++n;
        }
        list = new address[](n);
        n = 0;
        for (uint256 i; i < actors.length; ++i) {
            if ((mask >> i) & 1 == 1) list[n++] = address(actors[i]);
        }
    }
}
