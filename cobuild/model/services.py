# SPDX-License-Identifier: MIT
"""The services' money rules in plain Python: activities, bookings and device mandates.

Each class mirrors one contract of `contracts/services/` call by call, checks in the same order,
and raises `Rejected(<custom error name>)` where the contract reverts, so a test can compare the
chain with it to the wei and error for error. Money is tracked per contract in a `Ledger`: what
came in, what each account may withdraw, what it withdrew, and what is held."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from cobuild.protocol import BPS, DAY, BookingStatus, OrderStatus

MAX_ARBITERS = 16
DELIVERY_SLOT = 3_600
CLAIM_WINDOW = DAY
ZERO = "0x" + "0" * 40

T = TypeVar("T")


class Rejected(Exception):
    """The call reverts on chain with custom error `error`."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _reject(error: str) -> None:
    raise Rejected(error)


def _found(table: dict[int, T], key: int, error: str) -> T:
    """`table[key]`, or the contract's not-found error."""
    if key not in table:
        _reject(error)
    return table[key]


def _added(table: dict[int, T], item: T) -> int:
    """Store `item` under the next id (the contracts count ids from 1)."""
    table[len(table) + 1] = item
    return len(table)


def _by(caller: str, owner: str, error: str) -> None:
    if caller != owner:
        _reject(error)


def _held_by(caller: str, item: T, role: str, error: str) -> T:
    """`item`, if `caller` holds its `role` (an attribute naming an account)."""
    _by(caller, getattr(item, role), error)
    return item


@dataclass
class Ledger:
    """One contract's money: in, credits, withdrawals and the balance it holds."""

    paid_in: dict[str, int] = field(default_factory=dict)
    credits: dict[str, int] = field(default_factory=dict)
    withdrawn: dict[str, int] = field(default_factory=dict)
    money_in: int = 0
    money_out: int = 0

    @property
    def held(self) -> int:
        return self.money_in - self.money_out

    @property
    def owed(self) -> int:
        """Everything credited and not yet withdrawn."""
        return sum(self.credits.values())

    def collect(self, who: str, amount: int) -> None:
        if amount == 0:
            _reject("ZeroAmount")
        self.paid_in[who] = self.paid_in.get(who, 0) + amount
        self.money_in += amount

    def credit(self, who: str, amount: int) -> None:
        if amount:
            self.credits[who] = self.credits.get(who, 0) + amount

    def withdraw(self, who: str) -> int:
        amount = self.credits.get(who, 0)
        if amount == 0:
            _reject("NothingToWithdraw")
        self.credits[who] = 0
        self.withdrawn[who] = self.withdrawn.get(who, 0) + amount
        self.money_out += amount
        return amount

    def net(self, who: str) -> int:
        """What `who` got back minus what it paid in (its balance change from this contract)."""
        return self.withdrawn.get(who, 0) - self.paid_in.get(who, 0)


# ---------------------------------------------------------------- activities


@dataclass
class Activity:
    organizer: str
    starts_at: int
    attestation_period: int
    capacity: int
    quorum: int
    deposit: int
    open: bool
    participants: int = 0
    attended: int = 0
    attendees_settled: int = 0
    settled_total: int = 0
    cancelled_at: int = 0
    invited: set[str] = field(default_factory=set)
    joined: set[str] = field(default_factory=set)
    attendees: set[str] = field(default_factory=set)
    settled: set[str] = field(default_factory=set)
    votes: dict[str, int] = field(default_factory=dict)
    attested: set[tuple[str, str]] = field(default_factory=set)

    @property
    def closes_at(self) -> int:
        return self.starts_at + self.attestation_period


@dataclass
class ActivitiesModel:
    """`Activities.sol`."""

    ledger: Ledger = field(default_factory=Ledger)
    activities: dict[int, Activity] = field(default_factory=dict)

    def open_activity(
        self,
        now: int,
        organizer: str,
        starts_at: int,
        attestation_period: int,
        capacity: int,
        quorum: int,
        deposit: int,
        open_: bool,
        invitees: tuple[str, ...] = (),
    ) -> int:
        if (
            starts_at <= now
            or capacity == 0
            or attestation_period == 0
            or quorum == 0
            or quorum >= capacity
        ):
            _reject("BadActivityTerms")
        activity = Activity(
            organizer, starts_at, attestation_period, capacity, quorum, deposit, open_
        )
        activity.invited.update(invitees)
        return _added(self.activities, activity)

    def _existing(self, id_: int) -> Activity:
        return _found(self.activities, id_, "ActivityNotFound")

    def _before_start(self, now: int, id_: int) -> Activity:
        a = self._existing(id_)
        if a.cancelled_at:
            _reject("ActivityIsCancelled")
        if now >= a.starts_at:
            _reject("ActivityStarted")
        return a

    def invite(self, now: int, caller: str, id_: int, invitees: tuple[str, ...]) -> None:
        a = self._before_start(now, id_)
        _by(caller, a.organizer, "NotOrganizer")
        a.invited.update(invitees)

    def join(self, now: int, who: str, id_: int) -> None:
        a = self._before_start(now, id_)
        if who in a.joined:
            _reject("AlreadyJoined")
        if not a.open and who not in a.invited:
            _reject("NotInvited")
        if a.participants >= a.capacity:
            _reject("ActivityFull")
        if a.deposit:
            self.ledger.collect(who, a.deposit)
        a.joined.add(who)
        a.participants += 1

    def leave(self, now: int, who: str, id_: int) -> None:
        a = self._before_start(now, id_)
        if who not in a.joined:
            _reject("NotParticipant")
        a.joined.discard(who)
        a.participants -= 1
        self.ledger.credit(who, a.deposit)

    def cancel(self, now: int, caller: str, id_: int) -> None:
        a = self._before_start(now, id_)
        _by(caller, a.organizer, "NotOrganizer")
        a.cancelled_at = now

    def confirm_attendance(self, now: int, by: str, id_: int, who: str) -> None:
        a = self._existing(id_)
        if a.cancelled_at:
            _reject("ActivityIsCancelled")
        if now < a.starts_at:
            _reject("ActivityNotStarted")
        if now >= a.closes_at:
            _reject("AttestationClosed")
        if by not in a.joined or who not in a.joined:
            _reject("NotParticipant")
        if who == by:
            _reject("SelfAttestation")
        if (by, who) in a.attested:
            _reject("AlreadyAttested")
        a.attested.add((by, who))
        a.votes[who] = a.votes.get(who, 0) + 1
        if a.votes[who] == a.quorum:
            a.attendees.add(who)
            a.attended += 1

    def settle_deposit(self, now: int, who: str, id_: int) -> int:
        a = self._existing(id_)
        if who not in a.joined:
            _reject("NotParticipant")
        if who in a.settled:
            _reject("DepositAlreadySettled")
        amount = a.deposit
        if not a.cancelled_at:
            if now < a.closes_at:
                _reject("AttestationOpen")
            if a.attended:
                if who not in a.attendees:
                    _reject("NotAnAttendee")
                pool = a.deposit * (a.participants - a.attended)
                share = pool // a.attended
                a.attendees_settled += 1
                if a.attendees_settled == a.attended:
                    share = pool - share * (a.attended - 1)
                amount += share
        a.settled.add(who)
        a.settled_total += amount
        self.ledger.credit(who, amount)
        return amount

    def cancelled_at(self, id_: int) -> int:
        return self._existing(id_).cancelled_at

    def is_member(self, id_: int, who: str) -> bool:
        a = self.activities.get(id_)
        return a is not None and (a.organizer == who or who in a.joined)

    def locked(self) -> int:
        """Deposits not yet settled: every participant's deposit stays in its activity's pool
        until it is settled to someone (its owner, or the attendees)."""
        return sum(a.deposit * a.participants - a.settled_total for a in self.activities.values())


# ---------------------------------------------------------------- bookings


@dataclass
class Listing:
    provider: str
    price: int
    slot_length: int
    slot_capacity: int
    release_window: int
    cancel_notice: int
    cancel_fee_bps: int
    arbitration_period: int
    quorum: int
    arbiters: tuple[str, ...]
    closed: bool = False
    slots: dict[int, int] = field(default_factory=dict)  # offered start -> booked


@dataclass
class Booking:
    customer: str
    listing_id: int
    slot_start: int
    price: int
    arrive_by: int
    activity_id: int
    status: BookingStatus = BookingStatus.Booked
    checked_in: bool = False
    ruled: set[str] = field(default_factory=set)
    votes: dict[int, int] = field(default_factory=dict)


@dataclass
class BookingsModel:
    """`Bookings.sol`, linked to an `ActivitiesModel` (or to none)."""

    activities: ActivitiesModel | None = None
    ledger: Ledger = field(default_factory=Ledger)
    listings: dict[int, Listing] = field(default_factory=dict)
    bookings: dict[int, Booking] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # settlements by reason

    def create_listing(
        self,
        provider: str,
        price: int,
        slot_length: int,
        slot_capacity: int,
        release_window: int = 0,
        cancel_notice: int = 0,
        cancel_fee_bps: int = 0,
        arbitration_period: int = 0,
        quorum: int = 0,
        arbiters: tuple[str, ...] = (),
    ) -> int:
        m = len(arbiters)
        if (
            price == 0
            or slot_length == 0
            or slot_capacity == 0
            or cancel_fee_bps > BPS
            or (m and arbitration_period == 0)
        ):
            _reject("BadListingTerms")
        # a majority of the panel (2k > m): two opposite rulings cannot both reach the quorum
        if m > MAX_ARBITERS or quorum > m or (m and 2 * quorum <= m):
            _reject("InvalidArbiters")
        if len(set(arbiters)) != m or ZERO in arbiters or provider in arbiters:
            _reject("BadListingTerms")
        return _added(
            self.listings,
            Listing(
                provider,
                price,
                slot_length,
                slot_capacity,
                release_window,
                cancel_notice,
                cancel_fee_bps,
                arbitration_period,
                quorum,
                tuple(arbiters),
            ),
        )

    def _listing(self, listing_id: int) -> Listing:
        return _found(self.listings, listing_id, "ListingNotFound")

    def _provider_listing(self, caller: str, listing_id: int) -> Listing:
        return _held_by(caller, self._listing(listing_id), "provider", "NotProvider")

    def set_price(self, caller: str, listing_id: int, price: int) -> None:
        ls = self._provider_listing(caller, listing_id)
        if price == 0:
            _reject("BadListingTerms")
        ls.price = price

    def close_listing(self, caller: str, listing_id: int) -> None:
        self._provider_listing(caller, listing_id).closed = True

    def offer_slots(self, now: int, caller: str, listing_id: int, starts: list[int]) -> None:
        ls = self._provider_listing(caller, listing_id)
        if ls.closed:
            _reject("ListingIsClosed")
        new = dict(ls.slots)
        for start in starts:
            if start <= now:
                _reject("SlotInPast")
            new.setdefault(start, 0)
        ls.slots = new

    def book(
        self,
        now: int,
        customer: str,
        listing_id: int,
        slot_start: int,
        arrive_by: int,
        activity_id: int,
        price: int,
    ) -> int:
        ls = self._listing(listing_id)
        if ls.closed:
            _reject("ListingIsClosed")
        if slot_start <= now:
            _reject("SlotInPast")
        if slot_start not in ls.slots or ls.slots[slot_start] >= ls.slot_capacity:
            _reject("SlotUnavailable")
        if price != ls.price:
            _reject("PriceChanged")
        if arrive_by and not (slot_start <= arrive_by <= slot_start + ls.slot_length):
            _reject("BadArriveBy")
        # without its vote a unanimous panel could never decide its dispute: it would stall
        if ls.quorum and ls.quorum == len(ls.arbiters) and customer in ls.arbiters:
            _reject("ArbiterIsCustomer")
        if activity_id:
            if self.activities is None:
                _reject("NoActivities")
            assert self.activities is not None
            if not self.activities.is_member(activity_id, customer):
                _reject("NotInActivity")
            if self.activities.cancelled_at(activity_id):
                _reject("LinkedActivityCancelled")
        self.ledger.collect(customer, ls.price)
        ls.slots[slot_start] += 1
        return _added(
            self.bookings,
            Booking(customer, listing_id, slot_start, ls.price, arrive_by, activity_id),
        )

    def _existing(self, booking_id: int) -> Booking:
        return _found(self.bookings, booking_id, "BookingNotFound")

    def _booked(self, booking_id: int) -> Booking:
        b = self._existing(booking_id)
        if b.status != BookingStatus.Booked:
            _reject("WrongBookingStatus")
        return b

    def _deadline(self, b: Booking) -> int:
        return b.arrive_by or b.slot_start + self.listings[b.listing_id].slot_length

    def _releases_at(self, b: Booking) -> int:
        ls = self.listings[b.listing_id]
        return b.slot_start + ls.slot_length + ls.release_window

    def _refund_at(self, b: Booking, at: int) -> int:
        ls = self.listings[b.listing_id]
        if at + ls.cancel_notice <= b.slot_start:
            return b.price
        return b.price - b.price * ls.cancel_fee_bps // BPS

    def _cancelled_before_slot(self, b: Booking) -> int:
        """When the booking's linked activity was cancelled, if that was before the slot started
        (else 0). Such a booking is settled by its linked refund (or a cancellation, or the
        customer's confirmation): its provider does not check in, and it is no no-show and takes
        no dispute."""
        if not b.activity_id or self.activities is None:
            return 0
        cancelled = self.activities.cancelled_at(b.activity_id)
        return cancelled if cancelled and cancelled < b.slot_start else 0

    def _split(self, b: Booking, reason: str, to_customer: int) -> None:
        b.status = BookingStatus.Settled
        self.counts[reason] = self.counts.get(reason, 0) + 1
        self.ledger.credit(b.customer, to_customer)
        self.ledger.credit(self.listings[b.listing_id].provider, b.price - to_customer)

    def _free_slot(self, now: int, b: Booking) -> None:
        if now < b.slot_start:
            self.listings[b.listing_id].slots[b.slot_start] -= 1

    def confirm(self, now: int, caller: str, booking_id: int) -> None:
        b = self._booked(booking_id)
        _by(caller, b.customer, "NotCustomer")
        self._split(b, "confirmed", 0)

    def check_in(self, now: int, caller: str, booking_id: int) -> None:
        b = self._booked(booking_id)
        _by(caller, self.listings[b.listing_id].provider, "NotProvider")
        if b.checked_in:
            _reject("AlreadyCheckedIn")
        if now < b.slot_start or now >= self._deadline(b):
            _reject("OutsideWindow")
        if self._cancelled_before_slot(b):
            _reject("ActivityCancelledBeforeSlot")
        b.checked_in = True

    def release(self, now: int, booking_id: int) -> None:
        b = self._booked(booking_id)
        if not b.checked_in:
            _reject("NotCheckedIn")
        if now < self._releases_at(b):
            _reject("OutsideWindow")
        self._split(b, "released", 0)

    def dispute(self, now: int, caller: str, booking_id: int) -> None:
        b = self._booked(booking_id)
        _by(caller, b.customer, "NotCustomer")
        if self.listings[b.listing_id].quorum == 0:
            _reject("NoArbiters")
        if now < b.slot_start or now >= self._releases_at(b):
            _reject("OutsideWindow")
        if self._cancelled_before_slot(b):
            _reject("ActivityCancelledBeforeSlot")
        b.status = BookingStatus.Disputed

    def rule(self, now: int, arbiter: str, booking_id: int, refund_bps: int) -> None:
        b = self._existing(booking_id)
        if b.status != BookingStatus.Disputed:
            _reject("WrongBookingStatus")
        ls = self.listings[b.listing_id]
        if arbiter not in ls.arbiters:
            _reject("NotArbiter")
        if arbiter == b.customer:
            _reject("ArbiterIsParty")
        if arbiter in b.ruled:
            _reject("AlreadyRuled")
        if refund_bps > BPS:
            _reject("BadRefundShare")
        b.ruled.add(arbiter)
        b.votes[refund_bps] = b.votes.get(refund_bps, 0) + 1
        if b.votes[refund_bps] == ls.quorum:
            self._split(b, "arbitrated", b.price * refund_bps // BPS)

    def settle_stalled(self, now: int, booking_id: int) -> None:
        b = self._existing(booking_id)
        if b.status != BookingStatus.Disputed:
            _reject("WrongBookingStatus")
        if now < self._releases_at(b) + self.listings[b.listing_id].arbitration_period:
            _reject("OutsideWindow")
        self._split(b, "stalled", b.price // 2)

    def cancel_by_provider(self, now: int, caller: str, booking_id: int) -> None:
        b = self._booked(booking_id)
        _by(caller, self.listings[b.listing_id].provider, "NotProvider")
        self._free_slot(now, b)
        self._split(b, "provider_cancelled", b.price)

    def cancel_by_customer(self, now: int, caller: str, booking_id: int) -> None:
        b = self._booked(booking_id)
        _by(caller, b.customer, "NotCustomer")
        if now >= b.slot_start:
            _reject("OutsideWindow")
        self._free_slot(now, b)
        self._split(b, "customer_cancelled", self._refund_at(b, now))

    def claim_no_show(self, now: int, booking_id: int) -> None:
        b = self._booked(booking_id)
        if b.checked_in:
            _reject("AlreadyCheckedIn")
        if now < self._deadline(b):
            _reject("OutsideWindow")
        if self._cancelled_before_slot(b):
            _reject("ActivityCancelledBeforeSlot")
        self._split(b, "no_show", b.price)

    def refund_cancelled_activity(self, now: int, booking_id: int) -> None:
        b = self._booked(booking_id)
        cancelled = 0
        if b.activity_id and self.activities is not None:
            cancelled = self.activities.cancelled_at(b.activity_id)
        if not cancelled:
            _reject("ActivityNotCancelled")
        if b.checked_in:
            _reject("AlreadyCheckedIn")
        if cancelled >= b.slot_start:
            _reject("ActivityCancelledAfterSlotStart")
        self._free_slot(now, b)
        self._split(b, "activity_cancelled", self._refund_at(b, cancelled))

    def locked(self) -> int:
        """Prices of bookings not yet settled."""
        return sum(b.price for b in self.bookings.values() if b.status != BookingStatus.Settled)


# ---------------------------------------------------------------- device mandates


@dataclass
class Mandate:
    owner: str
    device: str
    per_order_cap: int
    period_cap: int
    period: int
    window_start: int
    window_end: int
    period_start: int
    vendors: set[str]
    budget: int = 0
    spent_in_period: int = 0
    revoked: bool = False


@dataclass
class Order:
    mandate_id: int
    vendor: str
    amount: int
    deliver_at: int
    delivered_at: int = 0
    status: OrderStatus = OrderStatus.Open


@dataclass
class MandatesModel:
    """`DeviceMandates.sol`."""

    ledger: Ledger = field(default_factory=Ledger)
    mandates: dict[int, Mandate] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # refused device orders by error
    reschedules: int = 0

    def create_mandate(
        self,
        now: int,
        owner: str,
        device: str,
        per_order_cap: int,
        period_cap: int,
        period: int,
        window_start: int,
        window_end: int,
        vendors: tuple[str, ...] = (),
        budget: int = 0,
    ) -> int:
        if (
            device in (ZERO, owner)
            or per_order_cap == 0
            or period_cap < per_order_cap
            or period == 0
            or window_start >= window_end
            or window_end > DAY
        ):
            _reject("BadMandateTerms")
        for vendor in vendors:
            self._check_vendor(device, vendor)
        if budget:
            self.ledger.collect(owner, budget)
        return _added(
            self.mandates,
            Mandate(
                owner,
                device,
                per_order_cap,
                period_cap,
                period,
                window_start,
                window_end,
                now,
                set(vendors),
                budget,
            ),
        )

    def _existing(self, mandate_id: int) -> Mandate:
        return _found(self.mandates, mandate_id, "MandateNotFound")

    def _owned(self, caller: str, mandate_id: int) -> Mandate:
        return _held_by(caller, self._existing(mandate_id), "owner", "NotMandateOwner")

    def _live(self, caller: str, mandate_id: int) -> Mandate:
        m = self._owned(caller, mandate_id)
        if m.revoked:
            _reject("MandateIsRevoked")
        return m

    def fund(self, caller: str, mandate_id: int, amount: int) -> None:
        m = self._live(caller, mandate_id)
        self.ledger.collect(caller, amount)
        m.budget += amount

    @staticmethod
    def _check_vendor(device: str, vendor: str) -> None:
        """No vendor at the zero address (an order to it would be lost), nor the device itself."""
        if vendor in (ZERO, device):
            _reject("BadVendor")

    def set_vendor(self, caller: str, mandate_id: int, vendor: str, allowed: bool) -> None:
        m = self._owned(caller, mandate_id)
        if allowed:
            self._check_vendor(m.device, vendor)
        (m.vendors.add if allowed else m.vendors.discard)(vendor)

    def withdraw_budget(self, caller: str, mandate_id: int, amount: int) -> None:
        m = self._owned(caller, mandate_id)
        if amount == 0:
            _reject("ZeroAmount")
        if amount > m.budget:
            _reject("OverBudget")
        m.budget -= amount
        self.ledger.credit(caller, amount)

    def revoke(self, caller: str, mandate_id: int) -> None:
        m = self._live(caller, mandate_id)
        refunded, m.budget, m.revoked = m.budget, 0, True
        self.ledger.credit(caller, refunded)

    @staticmethod
    def _check_window(now: int, m: Mandate, deliver_at: int) -> None:
        time_of_day = deliver_at % DAY
        if deliver_at <= now or not (m.window_start <= time_of_day < m.window_end):
            _reject("OutsideDeliveryWindow")

    def order(
        self, now: int, device: str, mandate_id: int, vendor: str, amount: int, at: int
    ) -> int:
        try:
            return self._order(now, device, mandate_id, vendor, amount, at)
        except Rejected as rejected:
            self.refused[rejected.error] = self.refused.get(rejected.error, 0) + 1
            raise

    def _order(
        self, now: int, device: str, mandate_id: int, vendor: str, amount: int, at: int
    ) -> int:
        m = self._existing(mandate_id)
        if device != m.device:
            _reject("NotDevice")
        if m.revoked:
            _reject("MandateIsRevoked")
        if vendor not in m.vendors:
            _reject("VendorNotAllowed")
        if amount == 0:
            _reject("ZeroAmount")
        if amount > m.per_order_cap:
            _reject("OverOrderCap")
        period_start, spent = m.period_start, m.spent_in_period
        if now >= period_start + m.period:
            period_start += (now - period_start) // m.period * m.period
            spent = 0
        if spent + amount > m.period_cap:
            _reject("OverPeriodCap")
        if amount > m.budget:
            _reject("OverBudget")
        self._check_window(now, m, at)
        m.period_start, m.spent_in_period = period_start, spent + amount
        m.budget -= amount
        return _added(self.orders, Order(mandate_id, vendor, amount, at))

    def _order_of(self, order_id: int) -> Order:
        if order_id not in self.orders:
            _reject("OrderNotFound")
        return self.orders[order_id]

    def _open(self, order_id: int) -> Order:
        o = self._order_of(order_id)
        if o.status != OrderStatus.Open:
            _reject("WrongOrderStatus")
        return o

    def _settle(self, o: Order, to_owner: int) -> None:
        o.status = OrderStatus.Settled
        self.ledger.credit(self.mandates[o.mandate_id].owner, to_owner)
        self.ledger.credit(o.vendor, o.amount - to_owner)

    @staticmethod
    def _outside_slot(now: int, o: Order) -> None:
        """The delivery slot is the vendor's: the owner neither moves nor cancels its order then."""
        if o.deliver_at <= now < o.deliver_at + DELIVERY_SLOT:
            _reject("DeliverySlotOpen")

    def reschedule(self, now: int, caller: str, order_id: int, deliver_at: int) -> None:
        o = self._order_of(order_id)
        m = self._owned(caller, o.mandate_id)
        if o.status != OrderStatus.Open:
            _reject("WrongOrderStatus")
        self._outside_slot(now, o)
        self._check_window(now, m, deliver_at)
        o.deliver_at = deliver_at
        self.reschedules += 1

    def mark_delivered(self, now: int, caller: str, order_id: int) -> None:
        o = self._open(order_id)
        _by(caller, o.vendor, "NotVendor")
        if not (o.deliver_at <= now < o.deliver_at + DELIVERY_SLOT):
            _reject("OrderOutsideWindow")
        o.status, o.delivered_at = OrderStatus.Delivered, now

    def confirm_delivery(self, now: int, caller: str, order_id: int) -> None:
        o = self._order_of(order_id)
        m = self.mandates[o.mandate_id]
        if caller not in (m.owner, m.device):
            _reject("NotMandateOwner")
        if o.status not in (OrderStatus.Open, OrderStatus.Delivered):
            _reject("WrongOrderStatus")
        if caller != m.owner:  # the device pays under a live mandate, to a vendor still allowed
            if m.revoked:
                _reject("MandateIsRevoked")
            if o.vendor not in m.vendors:
                _reject("VendorNotAllowed")
        if now < o.deliver_at:  # nothing is paid before the delivery time
            _reject("OrderOutsideWindow")
        self._settle(o, 0)

    def release(self, now: int, order_id: int) -> None:
        o = self._order_of(order_id)
        if o.status != OrderStatus.Delivered:
            _reject("WrongOrderStatus")
        if now < o.delivered_at + CLAIM_WINDOW:
            _reject("OrderOutsideWindow")
        self._settle(o, 0)

    def cancel_order(self, now: int, caller: str, order_id: int) -> None:
        o = self._open(order_id)
        _by(caller, o.vendor, "NotVendor")
        self._settle(o, o.amount)

    def cancel_by_owner(self, now: int, caller: str, order_id: int) -> None:
        o = self._order_of(order_id)
        self._owned(caller, o.mandate_id)
        if o.status != OrderStatus.Open:
            _reject("WrongOrderStatus")
        self._outside_slot(now, o)
        self._settle(o, o.amount)

    def expire(self, now: int, order_id: int) -> None:
        o = self._open(order_id)
        if now < o.deliver_at + DELIVERY_SLOT:
            _reject("OrderOutsideWindow")
        self._settle(o, o.amount)

    def locked(self) -> int:
        """Budgets not yet spent or withdrawn, and orders not yet settled."""
        budgets = sum(m.budget for m in self.mandates.values())
        return budgets + sum(
            o.amount for o in self.orders.values() if o.status != OrderStatus.Settled
        )
