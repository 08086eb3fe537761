# SPDX-License-Identifier: MIT
"""Only the owner reschedules a delivery, at once, to a future time inside its own window; the
device, the vendor and a stranger are refused. ETH and ERC-20."""

import pytest
from services_support import DAY, EVENING, HOUR, E, at, new_mandate, next_time_of_day, now, rejects


@pytest.fixture
def ordered(svc, owner, fridge, vendor):
    mandate_id = new_mandate(svc, owner, fridge, vendors=[vendor], budget=2 * E)
    deliver_at = next_time_of_day(now(), EVENING)
    order_id = svc.mandates.order(mandate_id, vendor, E, deliver_at, {"from": fridge}).return_value
    return mandate_id, order_id, deliver_at


def test_a_reschedule_by_anyone_but_the_owner_is_refused(
    svc, ordered, fridge, vendor, stranger, other_vendor
):
    mandate_id, order_id, deliver_at = ordered
    for who in (fridge, vendor, stranger, other_vendor):
        with rejects("NotMandateOwner", mandate_id, who):
            svc.mandates.reschedule(order_id, deliver_at + DAY, {"from": who})
    assert svc.mandates.orderOf(order_id)["deliverAt"] == deliver_at


def test_the_owner_reschedules_at_once(svc, ordered, owner, vendor):
    _, order_id, deliver_at = ordered
    later = deliver_at + DAY + 2 * HOUR  # tomorrow 20:00
    tx = svc.mandates.reschedule(order_id, later, {"from": owner})
    assert tx.events["Rescheduled"]["deliverAt"] == later
    assert svc.mandates.orderOf(order_id)["deliverAt"] == later
    at(deliver_at + 60)
    with rejects("OrderOutsideWindow", order_id, later, later + HOUR):
        svc.mandates.markDelivered(order_id, {"from": vendor})  # the old slot is gone
    at(later)
    svc.mandates.markDelivered(order_id, {"from": vendor})
    with rejects("WrongOrderStatus", order_id, 2):
        svc.mandates.reschedule(order_id, later + DAY, {"from": owner})


def test_a_reschedule_stays_in_the_window(svc, ordered, owner):
    mandate_id, order_id, deliver_at = ordered
    with rejects("OutsideDeliveryWindow", mandate_id, deliver_at + 5 * HOUR):
        svc.mandates.reschedule(order_id, deliver_at + 5 * HOUR, {"from": owner})
    with rejects("OrderNotFound", 9):
        svc.mandates.reschedule(9, deliver_at, {"from": owner})
