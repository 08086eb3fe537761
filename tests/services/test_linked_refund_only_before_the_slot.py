# SPDX-License-Identifier: MIT
"""A booking linked to an activity is refunded through it only when the activity was cancelled
before the booking's slot started and the provider did not check in (issue 30, finding 2); a
booking whose activity was cancelled before its slot is settled by that refund: its provider can no
longer check in, and it is neither a no-show nor disputable. Any other booking follows its own
release and dispute path, whatever happens to the activity afterwards.

Each test plays an attack on chain and in the model (`Twin`: the same custom error or the same
success at every step, every credit to the wei), and compares everyone's position with the honest
play computed by the model from the same point: the attacker ends no richer, every victim no
poorer. ETH and ERC-20."""

import pytest
from services_support import DAY, HOUR, E, Twin, now

PRICE = E + 7  # a price the fee does not divide evenly
SLOT = 2 * HOUR  # the listings' slot length (`listing_terms`' default)


@pytest.fixture
def twin(svc):
    return Twin(svc)


@pytest.mark.parametrize("fee_bps", [2_000, 0])
def test_a_ride_taken_is_not_refunded_through_the_customers_own_activity(
    twin, customer, provider, stranger, fee_bps
):
    """The review's attack: the customer opens an activity starting 30 days after its ride, books
    the ride linked to it, is checked in and rides; then it cancels its own activity and pulls the
    linked refund (0.8 of the price, or all of it without a late fee, on the old contract).
    Refused: the provider checked in. The booking is released to the provider as if the activity
    had never been cancelled."""
    ride_at = now() + DAY
    listing_id = twin.listing(provider, [ride_at], price=PRICE, fee_bps=fee_bps)
    party = twin.open_activity(customer, ride_at + 30 * DAY, deposit=0)
    ride = twin.book(customer, listing_id, ride_at, activity=party)
    twin.at(ride_at + 60)
    twin.booking_call("checkIn", provider, ride)
    twin.at(ride_at + SLOT)  # the ride is over, the release window runs
    honest = twin.model.copy()

    twin.cancel_activity(customer, party)  # its own activity, 30 days ahead: allowed
    twin.booking_call("refundCancelledActivity", customer, ride, expect="AlreadyCheckedIn")
    twin.booking_call("cancelByCustomer", customer, ride, expect="OutsideWindow")
    twin.booking_call("claimNoShow", customer, ride, expect="AlreadyCheckedIn")
    releases_at = ride_at + SLOT + DAY
    twin.at(releases_at)
    twin.booking_call("refundCancelledActivity", stranger, ride, expect="AlreadyCheckedIn")
    twin.booking_call("release", stranger, ride)

    honest.bookings.release(releases_at, ride)
    assert twin.model.position(customer) == honest.position(customer) == -PRICE
    assert twin.model.position(provider) == honest.position(provider) == PRICE


def test_a_booking_linked_to_an_activity_the_customer_only_joined(
    twin, svc, organizer, customer, provider, stranger
):
    """The same with an activity the customer merely joined, cancelled by its organizer (a
    friend of the customer) once the rides started: refused whether the provider checked in
    (`AlreadyCheckedIn`) or not yet (`ActivityCancelledAfterSlotStart`); a provider who then does
    not come is a no-show, refunded in full by its own rule, as without the activity."""
    ride_at = now() + DAY
    listing_id = twin.listing(provider, [ride_at], price=PRICE, capacity=2)
    trip = twin.open_activity(organizer, ride_at + 30 * DAY)
    twin.join(customer, trip)
    taken = twin.book(customer, listing_id, ride_at, activity=trip)
    missed = twin.book(customer, listing_id, ride_at, activity=trip)
    twin.at(ride_at + 60)
    twin.booking_call("checkIn", provider, taken)
    honest = twin.model.copy()

    twin.cancel_activity(organizer, trip)
    twin.booking_call("refundCancelledActivity", customer, taken, expect="AlreadyCheckedIn")
    expect = "ActivityCancelledAfterSlotStart"
    twin.booking_call("refundCancelledActivity", stranger, missed, expect=expect)
    twin.at(ride_at + SLOT)
    twin.booking_call("claimNoShow", stranger, missed)  # the provider did not come: in full
    twin.at(ride_at + SLOT + DAY)
    twin.booking_call("release", stranger, taken)

    # the honest play: the activity goes ahead; the same rides, the same outcomes
    honest.bookings.claim_no_show(ride_at + SLOT, missed)
    honest.bookings.release(ride_at + SLOT + DAY, taken)
    for who in (customer, provider):
        assert twin.model.position(who) == honest.position(who)
    assert twin.model.position(provider) == PRICE
    assert svc.bookings.creditOf(customer) == PRICE  # the missed ride, in full


def test_a_provider_cannot_check_in_after_the_activity_was_cancelled(
    twin, organizer, customer, provider, inspectors, stranger
):
    """The next attack, by the provider: the dinner a ride leads to is cancelled an hour before
    the ride (inside the notice: the late fee is the provider's); the provider checks in anyway to
    take the whole price. Refused: the booking is refundable by the terms at the cancellation, and
    neither its no-show claim (the customer dodging the fee) nor a dispute reopens it."""
    ride_at = now() + 2 * DAY
    arbiters = tuple(inspectors)
    listing_id = twin.listing(provider, [ride_at], price=PRICE, quorum=2, arbiters=arbiters)
    dinner = twin.open_activity(organizer, ride_at + HOUR, deposit=0)
    twin.join(customer, dinner)
    ride = twin.book(customer, listing_id, ride_at, activity=dinner)
    twin.at(ride_at - HOUR)
    twin.cancel_activity(organizer, dinner)
    honest = twin.model.copy()

    twin.at(ride_at + 60)
    twin.booking_call("checkIn", provider, ride, expect="ActivityCancelledBeforeSlot")
    twin.booking_call("dispute", customer, ride, expect="ActivityCancelledBeforeSlot")
    twin.at(ride_at + SLOT)
    twin.booking_call("claimNoShow", customer, ride, expect="ActivityCancelledBeforeSlot")
    twin.booking_call("release", stranger, ride, expect="NotCheckedIn")
    twin.booking_call("refundCancelledActivity", stranger, ride)

    honest.bookings.refund_cancelled_activity(ride_at - HOUR + 1, ride)
    for who in (customer, provider):
        assert twin.model.position(who) == honest.position(who)
    fee = PRICE * 2_000 // 10_000
    assert twin.model.position(provider) == fee
    assert twin.model.position(customer) == -fee


def test_a_refund_before_the_slot_frees_the_slot(twin, organizer, customer, provider, stranger):
    """A booking refunded through its cancelled activity before the slot gives the slot back, as
    the customer's own cancellation does: the provider can sell it again."""
    ride_at = now() + 2 * DAY
    listing_id = twin.listing(provider, [ride_at], price=PRICE)
    dinner = twin.open_activity(organizer, ride_at + HOUR, deposit=0)
    twin.join(customer, dinner)
    ride = twin.book(customer, listing_id, ride_at, activity=dinner)
    twin.cancel_activity(organizer, dinner)
    twin.booking_call("refundCancelledActivity", stranger, ride)
    assert twin.model.bookings.listings[listing_id].slots[ride_at] == 0
    twin.book(stranger, listing_id, ride_at)
    assert twin.model.position(customer) == 0  # cancelled before the notice: in full
    assert twin.model.position(provider) == 0
