# SPDX-License-Identifier: MIT
"""Cancellations and no-shows refund the customer by the listing's terms: the provider's
cancellation and its no-show in full; the customer's own cancellation in full until the notice
period, then less the fee, and not once the slot started. A ride's arrive-by time is the provider's
check-in deadline. ETH and ERC-20."""

import pytest
from services_support import DAY, HOUR, E, at, book, new_listing, now, rejects


@pytest.fixture
def start():
    return now() + 3 * DAY


def test_provider_cancels_refunds_in_full_and_frees_the_slot(
    svc, provider, customer, stranger, start
):
    listing_id = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, listing_id, start)
    with rejects("NotProvider", listing_id, stranger):
        svc.bookings.cancelByProvider(booking_id, {"from": stranger})
    svc.bookings.cancelByProvider(booking_id, {"from": provider})
    assert svc.bookings.creditOf(customer) == E
    assert svc.bookings.creditOf(provider) == 0
    assert tuple(svc.bookings.slot(listing_id, start)) == (True, 0)
    assert svc.withdraw_all(svc.bookings, customer) == E
    book(svc, stranger, listing_id, start)  # the slot is free again


def test_customer_cancels_free_before_the_notice(svc, provider, customer, start):
    listing_id = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, listing_id, start)
    svc.bookings.cancelByCustomer(booking_id, {"from": customer})
    assert svc.bookings.creditOf(customer) == E


def test_customer_cancels_late_pays_the_fee(svc, provider, customer, start):
    listing_id = new_listing(svc, provider, [start], price=E + 7, fee_bps=2_000)
    booking_id = book(svc, customer, listing_id, start)
    at(start - HOUR)  # inside the day's notice
    svc.bookings.cancelByCustomer(booking_id, {"from": customer})
    fee = (E + 7) * 2_000 // 10_000
    assert svc.bookings.creditOf(customer) == E + 7 - fee
    assert svc.bookings.creditOf(provider) == fee


def test_customer_cannot_cancel_once_the_slot_started(svc, provider, customer, stranger, start):
    listing_id = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, listing_id, start)
    with rejects("NotCustomer", booking_id, stranger):
        svc.bookings.cancelByCustomer(booking_id, {"from": stranger})
    at(start)
    with rejects("OutsideWindow", booking_id, 0, start):
        svc.bookings.cancelByCustomer(booking_id, {"from": customer})


def test_no_show_refunds_after_the_slot(svc, provider, customer, stranger, start):
    listing_id = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, listing_id, start)
    end = start + 2 * HOUR
    with rejects("OutsideWindow", booking_id, end, 2**256 - 1):
        svc.bookings.claimNoShow(booking_id, {"from": stranger})
    at(end)
    with rejects("OutsideWindow", booking_id, start, end):
        svc.bookings.checkIn(booking_id, {"from": provider})  # too late to show up
    svc.bookings.claimNoShow(booking_id, {"from": stranger})  # anyone; the customer is credited
    assert svc.bookings.creditOf(customer) == E
    with rejects("WrongBookingStatus", booking_id, 3):
        svc.bookings.claimNoShow(booking_id, {"from": customer})


def test_a_checked_in_booking_is_no_no_show(svc, provider, customer, start):
    listing_id = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, listing_id, start)
    at(start + 10)
    svc.bookings.checkIn(booking_id, {"from": provider})
    at(start + 3 * HOUR)
    with rejects("AlreadyCheckedIn", booking_id):
        svc.bookings.claimNoShow(booking_id, {"from": customer})


def test_a_ride_must_arrive_by_its_time(svc, provider, customer, start):
    listing_id = new_listing(svc, provider, [start])
    arrive_by = start + HOUR
    with rejects("BadArriveBy", start - 1):
        book(svc, customer, listing_id, start, arrive_by=start - 1)
    with rejects("BadArriveBy", start + 2 * HOUR + 1):
        book(svc, customer, listing_id, start, arrive_by=start + 2 * HOUR + 1)
    booking_id = book(svc, customer, listing_id, start, arrive_by=arrive_by)
    assert svc.bookings.booking(booking_id)["arriveBy"] == arrive_by
    at(arrive_by)
    with rejects("OutsideWindow", booking_id, start, arrive_by):
        svc.bookings.checkIn(booking_id, {"from": provider})  # late: the customer misses the trip
    svc.bookings.claimNoShow(booking_id, {"from": customer})
    assert svc.bookings.creditOf(customer) == E
