# SPDX-License-Identifier: MIT
"""A booking's price reaches its provider in exactly one of three ways: the customer confirms,
the release window after a checked-in slot passes undisputed, or the arbiters decide (see
test_booking_disputes.py). ETH and ERC-20."""

import pytest
from services_support import DAY, HOUR, E, at, book, new_listing, now, rejects, rejects_unknown


@pytest.fixture
def ride(svc, provider):
    start = now() + 2 * DAY
    return new_listing(svc, provider, [start]), start


def test_booking_escrows_the_price(svc, ride, customer):
    listing_id, start = ride
    before = svc.balance(svc.bookings)
    booking_id = book(svc, customer, listing_id, start)
    assert svc.balance(svc.bookings) - before == E
    b = svc.bookings.booking(booking_id)
    assert (b["customer"], b["status"], b["price"]) == (customer, 1, E)
    assert tuple(svc.bookings.slot(listing_id, start)) == (True, 1)


def test_customer_confirms_and_provider_withdraws_once(svc, ride, customer, provider):
    listing_id, start = ride
    booking_id = book(svc, customer, listing_id, start)
    svc.bookings.confirm(booking_id, {"from": customer})
    assert svc.bookings.creditOf(provider) == E
    assert svc.withdraw_all(svc.bookings, provider) == E
    with rejects("NothingToWithdraw", provider):
        svc.bookings.withdraw({"from": provider})
    with rejects("WrongBookingStatus", booking_id, 3):
        svc.bookings.confirm(booking_id, {"from": customer})
    assert svc.balance(svc.bookings) == 0


def test_only_the_customer_confirms(svc, ride, customer, provider, stranger):
    listing_id, start = ride
    booking_id = book(svc, customer, listing_id, start)
    for who in (provider, stranger):
        with rejects("NotCustomer", booking_id, who):
            svc.bookings.confirm(booking_id, {"from": who})


def test_release_after_an_undisputed_window(svc, ride, customer, provider, stranger):
    listing_id, start = ride
    booking_id = book(svc, customer, listing_id, start)
    with rejects("OutsideWindow", booking_id, start, start + 2 * HOUR):
        svc.bookings.checkIn(booking_id, {"from": provider})
    at(start + 60)
    with rejects("NotProvider", listing_id, stranger):
        svc.bookings.checkIn(booking_id, {"from": stranger})
    with rejects("NotCheckedIn", booking_id):
        svc.bookings.release(booking_id, {"from": stranger})
    svc.bookings.checkIn(booking_id, {"from": provider})
    with rejects("AlreadyCheckedIn", booking_id):
        svc.bookings.checkIn(booking_id, {"from": provider})
    releases_at = start + 2 * HOUR + DAY
    with rejects("OutsideWindow", booking_id, releases_at, 2**256 - 1):
        svc.bookings.release(booking_id, {"from": stranger})
    at(releases_at)
    svc.bookings.release(booking_id, {"from": stranger})  # anyone may push the release
    assert svc.bookings.creditOf(provider) == E
    assert svc.bookings.creditOf(customer) == 0
    with rejects("WrongBookingStatus", booking_id, 3):
        svc.bookings.release(booking_id, {"from": stranger})


def test_unknown_booking(svc, customer):
    rejects_unknown("BookingNotFound", 7, customer, svc.bookings.confirm, svc.bookings.booking)
