# SPDX-License-Identifier: MIT
"""Disputes go to the listing's arbiters, decided by k of m agreeing on the same refund share;
one arbiter (a minority) decides nothing, nobody rules twice, the customer never rules on its own
booking, and a dispute the arbiters leave undecided is split in halves after the arbitration
period. ETH and ERC-20."""

import pytest
from services_support import DAY, HOUR, E, at, book, new_listing, now, rejects


@pytest.fixture
def disputed(svc, provider, customer, inspectors):
    start = now() + DAY
    listing_id = new_listing(
        svc, provider, [start], price=E + 1, quorum=2, arbiters=tuple(inspectors)
    )
    booking_id = book(svc, customer, listing_id, start)
    at(start + 10)
    svc.bookings.checkIn(booking_id, {"from": provider})
    svc.bookings.dispute(booking_id, {"from": customer})
    return listing_id, booking_id, start


def test_k_of_m_arbiters_decide(svc, disputed, provider, customer, inspectors):
    _, booking_id, _ = disputed
    svc.bookings.rule(booking_id, 7_500, {"from": inspectors[0]})
    svc.bookings.rule(booking_id, 2_500, {"from": inspectors[1]})  # disagreement: no quorum
    assert svc.bookings.booking(booking_id)["status"] == 2
    with rejects("AlreadyRuled", booking_id, inspectors[0]):
        svc.bookings.rule(booking_id, 2_500, {"from": inspectors[0]})
    svc.bookings.rule(booking_id, 7_500, {"from": inspectors[2]})
    to_customer = (E + 1) * 7_500 // 10_000
    assert svc.bookings.creditOf(customer) == to_customer
    assert svc.bookings.creditOf(provider) == E + 1 - to_customer
    assert svc.bookings.votesFor(booking_id, 7_500) == 2
    with rejects("WrongBookingStatus", booking_id, 3):
        svc.bookings.rule(booking_id, 7_500, {"from": inspectors[1]})


def test_a_disputed_booking_is_frozen_for_the_parties(svc, disputed, provider, customer):
    _, booking_id, start = disputed
    with rejects("WrongBookingStatus", booking_id, 2):
        svc.bookings.confirm(booking_id, {"from": customer})
    with rejects("WrongBookingStatus", booking_id, 2):
        svc.bookings.cancelByProvider(booking_id, {"from": provider})
    at(start + 2 * HOUR + DAY)
    with rejects("WrongBookingStatus", booking_id, 2):
        svc.bookings.release(booking_id, {"from": provider})


def test_only_arbiters_rule_and_within_bounds(svc, disputed, provider, stranger, inspectors):
    listing_id, booking_id, _ = disputed
    for who in (stranger, provider):
        with rejects("NotArbiter", listing_id, who):
            svc.bookings.rule(booking_id, 0, {"from": who})
    with rejects("BadRefundShare", 10_001):
        svc.bookings.rule(booking_id, 10_001, {"from": inspectors[0]})


def test_stalled_dispute_is_split(svc, disputed, provider, customer, stranger):
    _, booking_id, start = disputed
    stalled_from = start + 2 * HOUR + DAY + 3 * DAY
    with rejects("OutsideWindow", booking_id, stalled_from, 2**256 - 1):
        svc.bookings.settleStalled(booking_id, {"from": stranger})
    at(stalled_from)
    svc.bookings.settleStalled(booking_id, {"from": stranger})
    assert svc.bookings.creditOf(customer) == (E + 1) // 2
    assert svc.bookings.creditOf(provider) == E + 1 - (E + 1) // 2
    with rejects("WrongBookingStatus", booking_id, 3):
        svc.bookings.settleStalled(booking_id, {"from": stranger})


def test_dispute_window_and_panel(svc, provider, customer, inspectors):
    start = now() + DAY
    plain = new_listing(svc, provider, [start])
    booking_id = book(svc, customer, plain, start)
    with rejects("NoArbiters", plain):
        svc.bookings.dispute(booking_id, {"from": customer})
    paneled = new_listing(svc, provider, [start], quorum=2, arbiters=tuple(inspectors))
    second = book(svc, customer, paneled, start)
    with rejects("OutsideWindow", second, start, start + 2 * HOUR + DAY):
        svc.bookings.dispute(second, {"from": customer})  # nothing to dispute before the slot
    with rejects("NotCustomer", second, provider):
        svc.bookings.dispute(second, {"from": provider})
    with rejects("WrongBookingStatus", second, 1):
        svc.bookings.rule(second, 0, {"from": inspectors[0]})
    with rejects("WrongBookingStatus", second, 1):
        svc.bookings.settleStalled(second, {"from": customer})
    at(start + 2 * HOUR + DAY)
    with rejects("OutsideWindow", second, start, start + 2 * HOUR + DAY):
        svc.bookings.dispute(second, {"from": customer})


def test_a_customer_who_is_an_arbiter_cannot_rule_on_its_booking(svc, provider, inspectors):
    """One address, two roles: an arbiter of the listing books it and disputes; its vote on its
    own booking is refused, so two honest arbiters still decide."""
    start = now() + DAY
    listing_id = new_listing(svc, provider, [start], quorum=2, arbiters=tuple(inspectors))
    insider = inspectors[0]
    booking_id = book(svc, insider, listing_id, start)
    at(start + 1)
    svc.bookings.dispute(booking_id, {"from": insider})
    with rejects("ArbiterIsParty", booking_id, insider):
        svc.bookings.rule(booking_id, 10_000, {"from": insider})
    svc.bookings.rule(booking_id, 0, {"from": inspectors[1]})
    svc.bookings.rule(booking_id, 0, {"from": inspectors[2]})
    assert svc.bookings.creditOf(provider) == E
