# SPDX-License-Identifier: MIT
"""Activities: terms checked at opening, invitees or open to all, joins up to the capacity paying
the deposit, leaves before the start with the deposit back, the organizer alone invites and
cancels, and nothing of this after the start. ETH and ERC-20."""

import pytest
from services_support import DAY, E, at, join, now, open_activity, rejects


@pytest.mark.parametrize(
    "terms",
    [
        {"capacity": 0, "quorum": 0},
        {"quorum": 0},
        {"capacity": 2, "quorum": 2},  # a quorum no other participants can reach
        {"attestation": 0},
    ],
)
def test_bad_terms_are_refused(svc, organizer, terms):
    with rejects("BadActivityTerms"):
        open_activity(svc, organizer, now() + DAY, **terms)


def test_an_activity_cannot_start_in_the_past(svc, organizer):
    with rejects("BadActivityTerms"):
        open_activity(svc, organizer, now() - 1)


def test_invitation_only(svc, organizer, friends, stranger):
    activity_id = open_activity(svc, organizer, now() + DAY, invitees=friends[:2], open_=False)
    join(svc, friends[0], activity_id)
    with rejects("NotInvited", activity_id, stranger):
        join(svc, stranger, activity_id)
    with rejects("NotOrganizer", activity_id, friends[0]):
        svc.activities.invite(activity_id, [stranger], {"from": friends[0]})
    svc.activities.invite(activity_id, [stranger], {"from": organizer})
    assert svc.activities.isInvited(activity_id, stranger)
    join(svc, stranger, activity_id)
    assert svc.activities.activity(activity_id)["participants"] == 2


def test_join_pays_the_deposit_and_leave_credits_it(svc, organizer, friends):
    activity_id = open_activity(svc, organizer, now() + DAY, deposit=E // 10 + 3)
    before = svc.balance(svc.activities)
    join(svc, friends[0], activity_id)
    assert svc.balance(svc.activities) - before == E // 10 + 3
    with rejects("AlreadyJoined", activity_id, friends[0]):
        join(svc, friends[0], activity_id)
    svc.activities.leave(activity_id, {"from": friends[0]})
    assert svc.activities.creditOf(friends[0]) == E // 10 + 3
    assert not svc.activities.isParticipant(activity_id, friends[0])
    with rejects("NotParticipant", activity_id, friends[0]):
        svc.activities.leave(activity_id, {"from": friends[0]})
    assert svc.withdraw_all(svc.activities, friends[0]) == E // 10 + 3


def test_wrong_deposit_value(svc, organizer, friends):
    activity_id = open_activity(svc, organizer, now() + DAY, deposit=E)
    if svc.money.is_eth:
        with rejects("WrongPaymentValue", E, E - 1):
            svc.activities.join(activity_id, {"from": friends[0], "value": E - 1})
    else:
        params = svc.pay(friends[0], svc.activities, E)
        with rejects("WrongPaymentValue", 0, 1):
            svc.activities.join(activity_id, params | {"value": 1})
    free = open_activity(svc, organizer, now() + DAY, deposit=0)
    with rejects("WrongPaymentValue", 0, 1):
        svc.activities.join(free, {"from": friends[0], "value": 1})
    svc.activities.join(free, {"from": friends[0]})


def test_capacity(svc, organizer, friends):
    activity_id = open_activity(svc, organizer, now() + DAY, capacity=3)
    for friend in friends[:3]:
        join(svc, friend, activity_id)
    with rejects("ActivityFull", activity_id, 3):
        join(svc, friends[3], activity_id)
    svc.activities.leave(activity_id, {"from": friends[0]})
    join(svc, friends[3], activity_id)  # a leave frees a place


def test_nothing_changes_after_the_start(svc, organizer, friends):
    starts = now() + DAY
    activity_id = open_activity(svc, organizer, starts)
    join(svc, friends[0], activity_id)
    at(starts)
    with rejects("ActivityStarted", activity_id, starts):
        join(svc, friends[1], activity_id)
    with rejects("ActivityStarted", activity_id, starts):
        svc.activities.leave(activity_id, {"from": friends[0]})
    with rejects("ActivityStarted", activity_id, starts):
        svc.activities.cancel(activity_id, {"from": organizer})
    with rejects("ActivityStarted", activity_id, starts):
        svc.activities.invite(activity_id, [friends[1]], {"from": organizer})


def test_only_the_organizer_cancels_once(svc, organizer, friends):
    activity_id = open_activity(svc, organizer, now() + DAY)
    with rejects("NotOrganizer", activity_id, friends[0]):
        svc.activities.cancel(activity_id, {"from": friends[0]})
    svc.activities.cancel(activity_id, {"from": organizer})
    assert svc.activities.cancelledAt(activity_id) > 0
    with rejects("ActivityIsCancelled", activity_id):
        svc.activities.cancel(activity_id, {"from": organizer})
    with rejects("ActivityIsCancelled", activity_id):
        join(svc, friends[0], activity_id)


def test_unknown_activity(svc, friends):
    with rejects("ActivityNotFound", 5):
        svc.activities.join(5, {"from": friends[0]})
    with rejects("ActivityNotFound", 5):
        svc.activities.activity(5)
    with rejects("ActivityNotFound", 5):
        svc.activities.cancelledAt(5)
