# SPDX-License-Identifier: MIT
"""Cancelling an activity makes every linked booking refundable by pull, exactly and once — each
customer or anyone pulls one booking, no loop — by the terms as they stood when the activity was
cancelled, so linking a booking to one's own activity never makes a cancellation cheaper. Every
deposit comes back too. ETH and ERC-20."""

from brownie import Bookings
from services_support import DAY, HOUR, E, at, book, join, new_listing, now, open_activity, rejects


def test_cancelling_refunds_every_linked_booking_exactly_once(
    svc, organizer, friends, provider, stranger
):
    dinner_at = now() + 3 * DAY
    activity_id = open_activity(svc, organizer, dinner_at, deposit=E // 10)
    for friend in friends:
        join(svc, friend, activity_id)
    table = new_listing(svc, provider, [dinner_at], price=E + 3, capacity=10)
    ride = new_listing(svc, provider, [dinner_at - HOUR], price=E // 3)
    bookings = [book(svc, organizer, table, dinner_at, activity=activity_id)]
    bookings += [book(svc, f, table, dinner_at, activity=activity_id) for f in friends[:3]]
    bookings.append(book(svc, friends[3], ride, dinner_at - HOUR, activity=activity_id))
    unlinked = book(svc, stranger, table, dinner_at)
    for booking_id in bookings:
        with rejects("ActivityNotCancelled", booking_id, activity_id):
            svc.bookings.refundCancelledActivity(booking_id, {"from": stranger})

    svc.activities.cancel(activity_id, {"from": organizer})  # the gas is cut tonight
    held = svc.balance(svc.bookings)
    for booking_id in bookings:
        svc.bookings.refundCancelledActivity(booking_id, {"from": stranger})
        with rejects("WrongBookingStatus", booking_id, 3):
            svc.bookings.refundCancelledActivity(booking_id, {"from": stranger})
    with rejects("ActivityNotCancelled", unlinked, 0):
        svc.bookings.refundCancelledActivity(unlinked, {"from": stranger})
    paid = {organizer: E + 3, friends[0]: E + 3, friends[1]: E + 3, friends[2]: E + 3}
    paid[friends[3]] = E // 3
    for who, amount in paid.items():
        assert svc.withdraw_all(svc.bookings, who) == amount
    assert held - svc.balance(svc.bookings) == sum(paid.values())
    assert svc.bookings.creditOf(provider) == 0
    for friend in friends:  # and the deposits
        assert svc.activities.settleDeposit(activity_id, {"from": friend}).return_value == E // 10
        with rejects("DepositAlreadySettled", activity_id, friend):
            svc.activities.settleDeposit(activity_id, {"from": friend})


def test_a_late_cancellation_keeps_the_fee(svc, organizer, provider):
    """The organizer books a table, links it to its own dinner and cancels the dinner inside the
    notice period: the refund is the same as cancelling the booking then, fee withheld."""
    dinner_at = now() + 2 * DAY
    activity_id = open_activity(svc, organizer, dinner_at)
    table = new_listing(svc, provider, [dinner_at], fee_bps=2_500)
    booking_id = book(svc, organizer, table, dinner_at, activity=activity_id)
    at(dinner_at - HOUR)
    svc.activities.cancel(activity_id, {"from": organizer})
    at(dinner_at + 5 * DAY)  # refunds stay open later on, by the terms at the cancellation
    svc.bookings.refundCancelledActivity(booking_id, {"from": organizer})
    assert svc.bookings.creditOf(organizer) == E - E // 4
    assert svc.bookings.creditOf(provider) == E // 4


def test_only_members_link_and_only_to_a_live_activity(svc, organizer, friends, provider, stranger):
    starts = now() + 2 * DAY
    activity_id = open_activity(svc, organizer, starts)
    join(svc, friends[0], activity_id)
    listing_id = new_listing(svc, provider, [starts], capacity=5)
    with rejects("NotInActivity", activity_id, stranger):
        book(svc, stranger, listing_id, starts, activity=activity_id)
    book(svc, friends[0], listing_id, starts, activity=activity_id)
    svc.activities.cancel(activity_id, {"from": organizer})
    with rejects("LinkedActivityCancelled", activity_id):
        book(svc, organizer, listing_id, starts, activity=activity_id)


def test_a_deployment_without_activities_links_nothing(svc, deployer, provider, customer):
    lone = Bookings.deploy(svc.money.address, "0x" + "0" * 40, {"from": deployer})
    start = now() + DAY
    lone.createListing(b"ride", (E, HOUR, 1, DAY, DAY, 0, 0, 0, []), {"from": provider})
    lone.offerSlots(1, [start], {"from": provider})
    with rejects("NoActivities"):
        lone.book(1, start, 0, 1, E, svc.pay(customer, lone, E))
    booking_id = lone.book(1, start, 0, 0, E, svc.pay(customer, lone, E)).return_value
    with rejects("ActivityNotCancelled", booking_id, 0):
        lone.refundCancelledActivity(booking_id, {"from": customer})
    assert lone.activities() == "0x" + "0" * 40
