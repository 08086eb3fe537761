# SPDX-License-Identifier: MIT
"""No-show deposits go to the attendees, when `quorum` other participants confirmed each one's
attendance — not the organizer alone. Attendees share the no-shows' deposits equally, the last to
settle takes the rounding dust (nothing stays locked); if nobody reached the quorum every deposit
comes back. ETH and ERC-20."""

import pytest
from services_support import DAY, E, at, join, now, open_activity, rejects

DEPOSIT = E // 10 + 1


@pytest.fixture
def trip(svc, organizer, friends):
    """The fishing trip: the organizer and four friends, quorum 2, deposit 0.1 + 1 wei."""
    starts = now() + DAY
    activity_id = open_activity(svc, organizer, starts, capacity=5, quorum=2, deposit=DEPOSIT)
    for who in [organizer, *friends]:
        join(svc, who, activity_id)
    return activity_id, starts


def _confirm(svc, activity_id, by, who):
    svc.activities.confirmAttendance(activity_id, who, {"from": by})


def test_attendees_share_the_no_shows_deposits(svc, trip, organizer, friends):
    activity_id, starts = trip
    at(starts + 60)
    attendees = [organizer, friends[0], friends[1]]  # friends 2 and 3 did not come
    for who in attendees:
        for by in attendees:
            if by != who:
                _confirm(svc, activity_id, by, who)
    assert svc.activities.activity(activity_id)["attended"] == 3
    closes = starts + DAY
    with rejects("AttestationOpen", activity_id, closes):
        svc.activities.settleDeposit(activity_id, {"from": organizer})
    at(closes)
    pool = 2 * DEPOSIT
    share = pool // 3
    amounts = [
        svc.activities.settleDeposit(activity_id, {"from": w}).return_value for w in attendees
    ]
    assert amounts == [DEPOSIT + share, DEPOSIT + share, DEPOSIT + pool - 2 * share]
    assert sum(amounts) == 5 * DEPOSIT  # every wei of the deposits is claimable
    for no_show in friends[2:]:
        with rejects("NotAnAttendee", activity_id, no_show):
            svc.activities.settleDeposit(activity_id, {"from": no_show})
    with rejects("DepositAlreadySettled", activity_id, organizer):
        svc.activities.settleDeposit(activity_id, {"from": organizer})
    for who in attendees:
        svc.withdraw_all(svc.activities, who)
    assert svc.balance(svc.activities) == 0


def test_the_organizer_alone_confirms_nobody(svc, trip, organizer, friends):
    activity_id, starts = trip
    at(starts + 60)
    for friend in friends:
        _confirm(svc, activity_id, organizer, friend)
    assert svc.activities.activity(activity_id)["attended"] == 0
    at(starts + DAY)
    for who in [organizer, *friends]:  # no quorum reached: everyone's deposit back
        assert svc.activities.settleDeposit(activity_id, {"from": who}).return_value == DEPOSIT


def test_confirmation_rules(svc, trip, organizer, friends, stranger):
    activity_id, starts = trip
    with rejects("ActivityNotStarted", activity_id, starts):
        _confirm(svc, activity_id, organizer, friends[0])
    at(starts)
    with rejects("SelfAttestation", activity_id, friends[0]):
        _confirm(svc, activity_id, friends[0], friends[0])
    with rejects("NotParticipant", activity_id, stranger):
        _confirm(svc, activity_id, stranger, friends[0])
    with rejects("NotParticipant", activity_id, stranger):
        _confirm(svc, activity_id, friends[0], stranger)
    _confirm(svc, activity_id, friends[1], friends[0])
    with rejects("AlreadyAttested", activity_id, friends[1], friends[0]):
        _confirm(svc, activity_id, friends[1], friends[0])
    assert svc.activities.attendanceVotes(activity_id, friends[0]) == 1
    at(starts + DAY)
    with rejects("AttestationClosed", activity_id, starts + DAY):
        _confirm(svc, activity_id, friends[2], friends[0])
    with rejects("NotParticipant", activity_id, stranger):
        svc.activities.settleDeposit(activity_id, {"from": stranger})


def test_a_whale_with_many_addresses_cannot_take_honest_deposits(svc, organizer):
    """Sybils join with deposits and confirm one another, but confirm no honest participant; the
    honest ones confirm each other: each side ends with at least its own deposits back, and the
    sybils gain nothing from the honest side."""
    from cobuild.chain.actors import actor

    honest = [actor(f"honest-{i}") for i in range(3)]
    sybils = [actor(f"sybil-{i}") for i in range(3)]
    starts = now() + DAY
    activity_id = open_activity(svc, organizer, starts, capacity=6, quorum=2, deposit=DEPOSIT)
    for who in honest + sybils:
        join(svc, who, activity_id)
    at(starts + 1)
    for group in (honest, sybils):
        for who in group:
            for by in group:
                if by != who:
                    _confirm(svc, activity_id, by, who)
    at(starts + DAY)
    got = {w: svc.activities.settleDeposit(activity_id, {"from": w}).return_value for w in honest}
    assert all(amount == DEPOSIT for amount in got.values())  # no no-shows: nobody forfeits


def test_nothing_to_confirm_in_a_cancelled_activity(svc, organizer, friends):
    activity_id = open_activity(svc, organizer, now() + DAY)
    join(svc, friends[0], activity_id)
    svc.activities.cancel(activity_id, {"from": organizer})
    with rejects("ActivityIsCancelled", activity_id):
        _confirm(svc, activity_id, organizer, friends[0])
