# SPDX-License-Identifier: MIT
"""The access-control matrix of the services: every function reserved to a role refuses a
stranger with the role's named error, and so does every other role of the same booking, activity
or mandate (one address holding one role never acts for another). Functions open to anyone
(`release`, `claimNoShow`, `settleStalled`, `refundCancelledActivity`, `expire`, order `release`)
only ever credit the parties they name, which the behaviour tests check. ETH only: the subject is
not the asset."""

import pytest
from brownie.exceptions import VirtualMachineError
from services_support import (
    DAY,
    EVENING,
    E,
    book,
    join,
    new_listing,
    new_mandate,
    next_time_of_day,
    now,
    open_activity,
)


@pytest.fixture(scope="module")
def money(eth):
    return eth


@pytest.fixture(scope="module")
def records_and_roles(
    svc, provider, customer, organizer, friends, owner, fridge, vendor, inspectors
):
    start = now() + 2 * DAY
    listing_id = new_listing(svc, provider, [start], capacity=3, quorum=2, arbiters=inspectors)
    activity_id = open_activity(svc, organizer, start + DAY)
    join(svc, friends[0], activity_id)
    booking_id = book(svc, customer, listing_id, start)
    mandate_id = new_mandate(svc, owner, fridge, vendors=[vendor])
    deliver_at = next_time_of_day(now(), EVENING)
    svc.mandates.order(mandate_id, vendor, E, deliver_at, {"from": fridge})
    people = {"provider": provider, "customer": customer, "organizer": organizer}
    people |= {"participant": friends[0], "owner": owner, "device": fridge, "vendor": vendor}
    people |= {"arbiter": inspectors[0]}
    return {"ids": (listing_id, booking_id, activity_id, mandate_id, 1, deliver_at), **people}


# function -> (the roles allowed, the error everyone else gets, the call)
MATRIX = {
    "setPrice": ({"provider"}, "NotProvider", lambda s, i: s.bookings.setPrice(i[0], 2 * E)),
    "closeListing": ({"provider"}, "NotProvider", lambda s, i: s.bookings.closeListing(i[0])),
    "offerSlots": ({"provider"}, "NotProvider", lambda s, i: s.bookings.offerSlots(i[0], [i[5]])),
    "checkIn": ({"provider"}, "NotProvider", lambda s, i: s.bookings.checkIn(i[1])),
    "cancelByProvider": (
        {"provider"},
        "NotProvider",
        lambda s, i: s.bookings.cancelByProvider(i[1]),
    ),
    "confirm": ({"customer"}, "NotCustomer", lambda s, i: s.bookings.confirm(i[1])),
    "cancelByCustomer": (
        {"customer"},
        "NotCustomer",
        lambda s, i: s.bookings.cancelByCustomer(i[1]),
    ),
    "dispute": ({"customer"}, "NotCustomer", lambda s, i: s.bookings.dispute(i[1])),
    "invite": ({"organizer"}, "NotOrganizer", lambda s, i: s.activities.invite(i[2], [])),
    "cancel": ({"organizer"}, "NotOrganizer", lambda s, i: s.activities.cancel(i[2])),
    "leave": ({"participant"}, "NotParticipant", lambda s, i: s.activities.leave(i[2])),
    "setVendor": (
        {"owner"},
        "NotMandateOwner",
        lambda s, i: s.mandates.setVendor(i[3], ELSEWHERE, True),
    ),
    "withdrawBudget": (
        {"owner"},
        "NotMandateOwner",
        lambda s, i: s.mandates.withdrawBudget(i[3], 1),
    ),
    "revoke": ({"owner"}, "NotMandateOwner", lambda s, i: s.mandates.revoke(i[3])),
    "reschedule": (
        {"owner"},
        "NotMandateOwner",
        lambda s, i: s.mandates.reschedule(i[4], i[5] + DAY),
    ),
    "order": ({"device"}, "NotDevice", lambda s, i: s.mandates.order(i[3], ELSEWHERE, 1, i[5])),
    "confirmDelivery": (
        {"owner", "device"},
        "NotMandateOwner",
        lambda s, i: s.mandates.confirmDelivery(i[4]),
    ),
    "cancelOrder": ({"vendor"}, "NotVendor", lambda s, i: s.mandates.cancelOrder(i[4])),
    "cancelByOwner": (
        {"owner"},
        "NotMandateOwner",
        lambda s, i: s.mandates.cancelByOwner(i[4]),
    ),
    "markDelivered": ({"vendor"}, "NotVendor", lambda s, i: s.mandates.markDelivered(i[4])),
}
ELSEWHERE = "0x" + "11" * 20
ROLES = ["provider", "customer", "organizer", "participant", "owner", "device", "vendor"]


@pytest.mark.parametrize("function", MATRIX)
def test_only_the_rightful_role_passes_the_check(svc, records_and_roles, stranger, function):
    allowed, error, call = MATRIX[function]
    ids = records_and_roles["ids"]
    for name in [*ROLES, "arbiter", "stranger"]:
        if name in allowed:
            continue
        who = stranger if name == "stranger" else records_and_roles[name]
        with pytest.raises(VirtualMachineError) as refused:
            call(_Services(svc, who), ids)
        message = refused.value.revert_msg or ""
        assert message.split(":")[0] == error, f"{function} by {name}: {message}"


class _As:
    """A view of a contract whose transactions are sent from `who`."""

    def __init__(self, contract, who):
        self._contract, self._who = contract, who

    def __getattr__(self, name):
        method = getattr(self._contract, name)
        return lambda *args: method(*args, {"from": self._who})


class _Services:
    def __init__(self, svc, who):
        self.bookings = _As(svc.bookings, who)
        self.activities = _As(svc.activities, who)
        self.mandates = _As(svc.mandates, who)
