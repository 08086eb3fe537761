# SPDX-License-Identifier: MIT
"""A device moves money only under a live mandate, to a vendor its owner still allows, and never
before an order's delivery time; the owner cancels an open order (a full refund) at any time but
during its delivery slot, which is the vendor's; once the vendor marked the order delivered, the
vendor's claim holds whatever the owner did since (issue 30, finding 4). No vendor is the zero
address or the device itself.

Each test plays an attack on chain and in the model (`Twin`: the same custom error or the same
success at every step, every credit to the wei), and compares everyone's position with the honest
play computed by the model from the same point: the attacker ends no richer, every victim no
poorer. ETH and ERC-20."""

import pytest
from services_support import DAY, EVENING, HOUR, ZERO, E, Twin, next_time_of_day, now

SLOT = HOUR  # DeviceMandates.DELIVERY_SLOT


@pytest.fixture
def twin(svc):
    return Twin(svc)


def _three_orders(twin, owner, fridge, vendor):
    """The fridge's mandate (5 in the budget, 1 an order, 3 a week) and three orders of 1 for the
    evening two days ahead; the mandate's id, the orders' ids and their delivery time."""
    mandate_id = twin.mandate(owner, fridge, [vendor], 5 * E)
    deliver_at = next_time_of_day(now() + 2 * DAY, EVENING + HOUR)
    orders = [twin.order(fridge, mandate_id, vendor, E, deliver_at) for _ in range(3)]
    return mandate_id, orders, deliver_at


def test_a_revoked_device_confirms_nothing(twin, owner, fridge, vendor):
    """The review's attack: the fridge (compromised, or its vendor's accomplice) orders 3 x 1 for
    two days later; its owner removes the vendor and revokes the fridge; the fridge confirms the
    three orders before their delivery, which paid the vendor 3 on the old contract (the owner got
    back 2 of 5). Refused; the owner cancels the three orders and gets its 5 back."""
    mandate_id, orders, _ = _three_orders(twin, owner, fridge, vendor)
    honest = twin.model.copy()  # an honest fridge confirms nothing undelivered

    twin.mandate_call("setVendor", owner, mandate_id, str(vendor), False)
    twin.mandate_call("revoke", owner, mandate_id)
    for order_id in orders:
        twin.mandate_call("confirmDelivery", fridge, order_id, expect="MandateIsRevoked")
    t = twin.clock
    for order_id in orders:
        twin.mandate_call("cancelByOwner", owner, order_id)

    honest.mandates.set_vendor(str(owner), mandate_id, str(vendor), False)
    honest.mandates.revoke(str(owner), mandate_id)
    for order_id in orders:
        honest.mandates.cancel_by_owner(t, str(owner), order_id)
    assert twin.model.position(owner) == honest.position(owner) == 0  # all 5 back
    for who in (fridge, vendor):
        assert twin.model.position(who) == honest.position(who) == 0


def test_a_device_neither_pays_a_removed_vendor_nor_pays_early(twin, owner, fridge, vendor):
    """The next attacks of the device: confirming once the vendor was removed but before the
    owner revoked it (`VendorNotAllowed`, even at the delivery time), and confirming a live order
    before its delivery (`OrderOutsideWindow`). At its delivery time an order of a vendor still
    allowed is the device's to confirm; the owner confirms whom it wants, from that time too."""
    mandate_id, orders, deliver_at = _three_orders(twin, owner, fridge, vendor)
    early, removed, kept = orders
    twin.mandate_call("confirmDelivery", fridge, early, expect="OrderOutsideWindow")
    twin.mandate_call("confirmDelivery", owner, early, expect="OrderOutsideWindow")
    twin.at(deliver_at)
    twin.mandate_call("confirmDelivery", fridge, early)  # on time, vendor allowed: paid
    honest = twin.model.copy()

    twin.mandate_call("setVendor", owner, mandate_id, str(vendor), False)
    twin.mandate_call("confirmDelivery", fridge, removed, expect="VendorNotAllowed")
    twin.mandate_call("markDelivered", vendor, removed)  # the vendor came: its claim holds
    twin.mandate_call("confirmDelivery", owner, kept)  # the owner's own choice
    twin.at(deliver_at + DAY + 120)
    twin.mandate_call("release", owner, removed)

    honest.mandates.set_vendor(str(owner), mandate_id, str(vendor), False)
    honest.mandates.mark_delivered(deliver_at + 2, str(vendor), removed)
    honest.mandates.confirm_delivery(deliver_at + 3, str(owner), kept)
    honest.mandates.release(deliver_at + DAY + 120, removed)
    for who in (owner, fridge, vendor):
        assert twin.model.position(who) == honest.position(who)
    assert twin.model.position(vendor) == 3 * E


def test_the_owner_cancels_before_the_slot_and_the_vendor_keeps_its_slot(
    twin, owner, fridge, vendor, stranger
):
    """The owner cancels an open order before its delivery time; in the delivery slot the order is
    the vendor's (the owner neither cancels nor moves it: `DeliverySlotOpen`); once marked, it is
    released to the vendor after the claim window, by anyone, on a revoked mandate too; an order
    nobody marked is the owner's again after the slot. Nobody else cancels for the owner."""
    mandate_id, orders, deliver_at = _three_orders(twin, owner, fridge, vendor)
    before, marked, unmarked = orders
    for who in (fridge, vendor, stranger):
        twin.mandate_call("cancelByOwner", who, before, expect="NotMandateOwner")
    twin.mandate_call("cancelByOwner", owner, before)
    twin.mandate_call("cancelByOwner", owner, before, expect="WrongOrderStatus")
    twin.at(deliver_at)
    honest = twin.model.copy()

    for order_id in (marked, unmarked):  # the owner tries to back out at the door
        twin.mandate_call("cancelByOwner", owner, order_id, expect="DeliverySlotOpen")
        later = deliver_at + DAY
        twin.mandate_call("reschedule", owner, order_id, later, expect="DeliverySlotOpen")
    twin.mandate_call("markDelivered", vendor, marked)
    twin.mandate_call("revoke", owner, mandate_id)
    twin.mandate_call("cancelByOwner", owner, marked, expect="WrongOrderStatus")
    twin.mandate_call("confirmDelivery", fridge, marked, expect="MandateIsRevoked")
    twin.at(deliver_at + SLOT)
    twin.mandate_call("cancelByOwner", owner, unmarked)  # the vendor did not come
    released_at = deliver_at + DAY + 60
    twin.at(released_at)
    twin.mandate_call("release", stranger, marked)

    honest.mandates.mark_delivered(deliver_at + 60, str(vendor), marked)
    honest.mandates.revoke(str(owner), mandate_id)
    honest.mandates.expire(deliver_at + SLOT, unmarked)
    honest.mandates.release(released_at, marked)
    for who in (owner, fridge, vendor):
        assert twin.model.position(who) == honest.position(who)
    assert twin.model.position(vendor) == E
    assert twin.model.position(owner) == -E


def test_no_vendor_at_the_zero_address_nor_the_device(twin, owner, fridge, vendor):
    """An order to the zero address would lock its amount for good (an order's vendor is its
    existence mark); a device that is its own vendor pays itself. Both are refused when the
    mandate is made and when a vendor is allowed; removing one is always possible."""
    for vendors in ([ZERO], [vendor, fridge]):
        twin.mandate(owner, fridge, vendors, E, expect="BadVendor")
    mandate_id = twin.mandate(owner, fridge, [vendor], E)
    for bad in (ZERO, str(fridge)):
        twin.mandate_call("setVendor", owner, mandate_id, bad, True, expect="BadVendor")
        twin.mandate_call("setVendor", owner, mandate_id, bad, False)
    twin.mandate_call("setVendor", owner, mandate_id, str(owner), True)  # its own money
    assert twin.model.position(owner) == -E
