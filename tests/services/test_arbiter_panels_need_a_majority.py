# SPDX-License-Identifier: MIT
"""A listing's arbiters decide by a majority quorum, 2k > m (issue 30, finding 6), as a project's
inspectors do: a minority of the panel decides nothing, and two opposite rulings can never both
reach the quorum. k arbiters decide; m - k + 1 arbiters, voting apart or not at all, can keep every
ruling below k, and then the dispute is split in halves after the arbitration period (neither side
gains by stalling).

The attacks are played on chain and in the model (`Twin`: the same custom error or the same
success at every step, every credit to the wei), and everyone's position is compared with the
honest play computed by the model. ETH and ERC-20."""

import pytest
from services_support import DAY, HOUR, E, Twin, now

from cobuild.protocol import BookingStatus

PRICE = E + 1
SLOT = 2 * HOUR
STALL = 3 * DAY  # `listing_terms`' arbitration period


@pytest.fixture
def twin(svc):
    return Twin(svc)


@pytest.fixture
def panel(accounts, inspectors):
    """Six arbiters: the three inspectors and three more of anvil's accounts (none of them the
    provider or the customer of these tests)."""
    return [*inspectors, *accounts[1:4]]


MINORITIES = [(1, 3), (2, 4), (1, 2), (3, 6), (0, 3), (4, 3)]  # (k, m), 2k <= m or k > m
MAJORITIES = [(1, 1), (2, 2), (2, 3), (3, 4), (3, 5), (4, 6)]


@pytest.mark.parametrize(
    "quorum,size,ok", [(k, m, False) for k, m in MINORITIES] + [(k, m, True) for k, m in MAJORITIES]
)
def test_a_panel_needs_a_majority_quorum(twin, provider, panel, quorum, size, ok):
    arbiters = tuple(panel[:size])
    expect = None if ok else "InvalidArbiters"
    start = now() + DAY
    twin.listing(provider, [start], quorum=quorum, arbiters=arbiters, expect=expect)


def test_one_arbiter_of_three_decides_nothing(twin, provider, customer, panel):
    """The review's attack: one arbiter of three (the customer's friend) rules a full refund of a
    ride the provider made. A panel deciding by one of three is refused; with two of three the
    friend's vote decides nothing, and the two others' ruling settles the booking."""
    start = now() + DAY
    friend, honest_arbiters = panel[0], panel[1:3]
    arbiters = (friend, *honest_arbiters)
    twin.listing(provider, [start], quorum=1, arbiters=arbiters, expect="InvalidArbiters")
    listing_id = twin.listing(provider, [start], price=PRICE, quorum=2, arbiters=arbiters)
    ride = twin.book(customer, listing_id, start)
    twin.at(start + 60)
    twin.booking_call("checkIn", provider, ride)
    twin.booking_call("dispute", customer, ride)
    honest = twin.model.copy()

    twin.booking_call("rule", friend, ride, 10_000)
    assert twin.model.bookings.bookings[ride].status == BookingStatus.Disputed
    for arbiter in honest_arbiters:
        twin.booking_call("rule", arbiter, ride, 0)

    t = twin.clock
    for arbiter in honest_arbiters:
        honest.bookings.rule(t, str(arbiter), ride, 0)
    for who in (customer, provider):
        assert twin.model.position(who) == honest.position(who)
    assert twin.model.position(provider) == PRICE


def test_a_blocking_minority_only_forces_the_half_split(twin, provider, customer, panel, stranger):
    """Three of four decide; two of four can only keep both rulings below the quorum (the
    customer's two friends for a full refund, two others for none), and then anyone splits the
    dispute in halves once the arbitration period is over. With a quorum of two of four, the
    friends' ruling would have settled it (refused)."""
    start = now() + DAY
    arbiters = tuple(panel[:4])
    twin.listing(provider, [start], quorum=2, arbiters=arbiters, expect="InvalidArbiters")
    listing_id = twin.listing(provider, [start], price=PRICE, quorum=3, arbiters=arbiters)
    ride = twin.book(customer, listing_id, start)
    twin.at(start + 60)
    twin.booking_call("checkIn", provider, ride)
    twin.booking_call("dispute", customer, ride)
    for arbiter, refund in zip(arbiters, (10_000, 10_000, 0, 0), strict=True):
        twin.booking_call("rule", arbiter, ride, refund)
    stalled_from = start + SLOT + DAY + STALL
    twin.booking_call("settleStalled", stranger, ride, expect="OutsideWindow")
    twin.at(stalled_from)
    twin.booking_call("settleStalled", stranger, ride)
    assert twin.model.position(customer) == PRICE // 2 - PRICE
    assert twin.model.position(provider) == PRICE - PRICE // 2


@pytest.mark.parametrize("size", [1, 2])
def test_an_arbiter_of_a_unanimous_panel_cannot_book_its_listing(
    twin, provider, customer, panel, size
):
    """One address, two roles: the arbiter of a panel deciding unanimously (1 of 1, 2 of 2)
    books the ride, rides, disputes, and cannot vote (`ArbiterIsParty`): the others could never
    reach the quorum, and the stalled dispute would refund it half of a ride it took. Its booking
    is refused; on a panel where the others can decide (2 of 3) it books, and they rule."""
    start = now() + DAY
    arbiters = tuple(panel[:size])
    listing_id = twin.listing(provider, [start], price=PRICE, quorum=size, arbiters=arbiters)
    insider = arbiters[0]
    price = twin.model.bookings.listings[listing_id].price
    params = twin.params(insider, twin.svc.bookings, price)
    twin.act(
        lambda m, t: m.bookings.book(t, str(insider), listing_id, start, 0, 0, price),
        lambda: twin.svc.bookings.book(listing_id, start, 0, 0, price, params),
        expect="ArbiterIsCustomer",
    )
    honest = twin.model.copy()
    twin.book(customer, listing_id, start)  # the seat stays for the others
    assert twin.model.position(insider) == honest.position(insider) == 0

    majority = twin.listing(provider, [start], price=PRICE, quorum=2, arbiters=tuple(panel[:3]))
    ride = twin.book(panel[0], majority, start)
    twin.at(start + 60)
    twin.booking_call("checkIn", provider, ride)
    twin.booking_call("dispute", panel[0], ride)
    twin.booking_call("rule", panel[0], ride, 10_000, expect="ArbiterIsParty")
    for arbiter in panel[1:3]:
        twin.booking_call("rule", arbiter, ride, 0)
    assert twin.model.position(panel[0]) == -PRICE
    assert twin.model.position(provider) == PRICE
