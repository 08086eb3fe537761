# SPDX-License-Identifier: MIT
"""A device order sits in escrow until delivery: from its delivery time the owner or the device
confirms it (the vendor is paid); or the vendor marks it delivered inside the slot and takes the
price after the claim window; an order never marked delivered expires back to the owner; the vendor
may cancel an open order, and so may the owner outside the delivery slot (see
test_revoked_device_moves_no_money.py). Each settles once. ETH and ERC-20."""

import pytest
from services_support import (
    DAY,
    EVENING,
    HOUR,
    E,
    at,
    new_mandate,
    next_time_of_day,
    now,
    rejects,
    rejects_unknown,
)


@pytest.fixture
def ordered(svc, owner, fridge, vendor):
    mandate_id = new_mandate(svc, owner, fridge, vendors=[vendor], budget=3 * E)
    deliver_at = next_time_of_day(now(), EVENING)
    order_id = svc.mandates.order(mandate_id, vendor, E, deliver_at, {"from": fridge}).return_value
    return order_id, deliver_at


@pytest.mark.parametrize("confirmer", ["owner", "fridge"])
def test_owner_or_device_confirms(svc, ordered, owner, fridge, vendor, confirmer):
    order_id, deliver_at = ordered
    who = {"owner": owner, "fridge": fridge}[confirmer]
    with rejects("OrderOutsideWindow", order_id, deliver_at, 2**256 - 1):
        svc.mandates.confirmDelivery(order_id, {"from": who})  # nothing is paid before
    at(deliver_at)
    svc.mandates.confirmDelivery(order_id, {"from": who})
    assert svc.mandates.creditOf(vendor) == E
    with rejects("WrongOrderStatus", order_id, 3):
        svc.mandates.confirmDelivery(order_id, {"from": owner})
    assert svc.withdraw_all(svc.mandates, vendor) == E


def test_strangers_and_the_vendor_do_not_confirm(svc, ordered, vendor, stranger):
    order_id, _ = ordered
    for who in (vendor, stranger):
        with rejects("NotMandateOwner", 1, who):
            svc.mandates.confirmDelivery(order_id, {"from": who})


def test_vendor_marks_delivered_then_takes_the_price(svc, ordered, owner, vendor, stranger):
    order_id, deliver_at = ordered
    with rejects("OrderOutsideWindow", order_id, deliver_at, deliver_at + HOUR):
        svc.mandates.markDelivered(order_id, {"from": vendor})
    at(deliver_at + 60)
    with rejects("NotVendor", order_id, stranger):
        svc.mandates.markDelivered(order_id, {"from": stranger})
    with rejects("WrongOrderStatus", order_id, 1):
        svc.mandates.release(order_id, {"from": stranger})
    svc.mandates.markDelivered(order_id, {"from": vendor})
    marked = svc.mandates.orderOf(order_id)["deliveredAt"]
    with rejects("OrderOutsideWindow", order_id, marked + DAY, 2**256 - 1):
        svc.mandates.release(order_id, {"from": stranger})
    with rejects("WrongOrderStatus", order_id, 2):
        svc.mandates.expire(order_id, {"from": owner})  # a delivered order does not expire
    at(marked + DAY)
    svc.mandates.release(order_id, {"from": stranger})
    assert svc.mandates.creditOf(vendor) == E
    assert svc.mandates.creditOf(owner) == 0


def test_an_undelivered_order_expires_to_the_owner(svc, ordered, owner, vendor, stranger):
    order_id, deliver_at = ordered
    with rejects("OrderOutsideWindow", order_id, deliver_at + HOUR, 2**256 - 1):
        svc.mandates.expire(order_id, {"from": stranger})
    at(deliver_at + HOUR)
    with rejects("OrderOutsideWindow", order_id, deliver_at, deliver_at + HOUR):
        svc.mandates.markDelivered(order_id, {"from": vendor})
    svc.mandates.expire(order_id, {"from": stranger})
    assert svc.mandates.creditOf(owner) == E
    with rejects("WrongOrderStatus", order_id, 3):
        svc.mandates.expire(order_id, {"from": stranger})


def test_vendor_cancels_with_a_full_refund(svc, ordered, owner, vendor, stranger):
    order_id, _ = ordered
    with rejects("NotVendor", order_id, stranger):
        svc.mandates.cancelOrder(order_id, {"from": stranger})
    svc.mandates.cancelOrder(order_id, {"from": vendor})
    assert svc.mandates.creditOf(owner) == E
    with rejects("WrongOrderStatus", order_id, 3):
        svc.mandates.cancelOrder(order_id, {"from": vendor})


def test_unknown_order(svc, owner):
    rejects_unknown("OrderNotFound", 42, owner, svc.mandates.confirmDelivery, svc.mandates.orderOf)
