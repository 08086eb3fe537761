# SPDX-License-Identifier: MIT
"""The fridge orders within its owner's limits: a payment over the order cap or the period cap,
over the budget, to a vendor not allowed, outside the delivery window, by anyone but the device,
or after revocation is refused with a named error, and nothing moves. ETH and ERC-20."""

import pytest
from services_support import (
    DAY,
    EVENING,
    HOUR,
    ZERO,
    E,
    at,
    mandate_terms,
    new_mandate,
    next_time_of_day,
    now,
    rejects,
)


@pytest.fixture
def fridge_mandate(svc, owner, fridge, vendor):
    return new_mandate(svc, owner, fridge, vendors=[vendor], budget=5 * E)


def _evening():
    return next_time_of_day(now(), EVENING + HOUR)  # 19:00, inside 18:00-22:00


def _order(svc, fridge, mandate_id, vendor, amount, deliver_at=None):
    deliver_at = deliver_at or _evening()
    return svc.mandates.order(mandate_id, vendor, amount, deliver_at, {"from": fridge})


def test_an_order_within_the_limits_is_escrowed(svc, fridge_mandate, fridge, vendor):
    order_id = _order(svc, fridge, fridge_mandate, vendor, E).return_value
    o = svc.mandates.orderOf(order_id)
    assert (o["vendor"], o["amount"], o["status"]) == (vendor, E, 1)
    m = svc.mandates.mandate(fridge_mandate)
    assert (m["budget"], m["spentInPeriod"]) == (4 * E, E)
    assert svc.balance(svc.mandates) == 5 * E  # still held: in escrow until delivery


def test_over_the_order_cap_is_refused(svc, fridge_mandate, fridge, vendor):
    with rejects("OverOrderCap", fridge_mandate, E + 1, E):
        _order(svc, fridge, fridge_mandate, vendor, E + 1)


def test_a_vendor_not_allowed_is_refused(svc, fridge_mandate, owner, fridge, vendor, other_vendor):
    with rejects("VendorNotAllowed", fridge_mandate, other_vendor):
        _order(svc, fridge, fridge_mandate, other_vendor, E)
    svc.mandates.setVendor(fridge_mandate, other_vendor, True, {"from": owner})
    _order(svc, fridge, fridge_mandate, other_vendor, E)
    svc.mandates.setVendor(fridge_mandate, vendor, False, {"from": owner})
    assert not svc.mandates.isVendor(fridge_mandate, vendor)
    with rejects("VendorNotAllowed", fridge_mandate, vendor):
        _order(svc, fridge, fridge_mandate, vendor, E)


def test_after_revocation_every_order_is_refused(svc, fridge_mandate, owner, fridge, vendor):
    _order(svc, fridge, fridge_mandate, vendor, E)
    svc.mandates.revoke(fridge_mandate, {"from": owner})
    assert svc.mandates.creditOf(owner) == 4 * E  # the unspent budget, at once
    with rejects("MandateIsRevoked", fridge_mandate):
        _order(svc, fridge, fridge_mandate, vendor, 1)
    with rejects("MandateIsRevoked", fridge_mandate):
        svc.mandates.revoke(fridge_mandate, {"from": owner})
    with rejects("MandateIsRevoked", fridge_mandate):
        svc.mandates.fund(fridge_mandate, E, svc.pay(owner, svc.mandates, E))
    assert svc.withdraw_all(svc.mandates, owner) == 4 * E


def test_the_period_cap_holds_and_resets(svc, fridge_mandate, owner, fridge, vendor):
    for _ in range(3):
        _order(svc, fridge, fridge_mandate, vendor, E)
    with rejects("OverPeriodCap", fridge_mandate, 3 * E, 1, 3 * E):
        _order(svc, fridge, fridge_mandate, vendor, 1)
    created = svc.mandates.mandate(fridge_mandate)["periodStart"]
    at(created + 7 * DAY)
    _order(svc, fridge, fridge_mandate, vendor, E)  # a new week
    assert svc.mandates.mandate(fridge_mandate)["periodStart"] == created + 7 * DAY
    _order(svc, fridge, fridge_mandate, vendor, E)  # the budget of 5 is spent
    with rejects("OverBudget", fridge_mandate, E, 0):
        _order(svc, fridge, fridge_mandate, vendor, E)


def test_only_the_device_orders(svc, fridge_mandate, owner, vendor, stranger):
    for who in (owner, stranger, vendor):
        with rejects("NotDevice", fridge_mandate, who):
            _order(svc, who, fridge_mandate, vendor, E)
    with rejects("MandateNotFound", 77):
        _order(svc, stranger, 77, vendor, E)


def test_delivery_must_fall_in_the_owners_window(svc, fridge_mandate, fridge, vendor):
    noon = next_time_of_day(now(), 12 * HOUR)
    with rejects("OutsideDeliveryWindow", fridge_mandate, noon):
        _order(svc, fridge, fridge_mandate, vendor, E, noon)
    ten_pm = next_time_of_day(now(), 22 * HOUR)
    with rejects("OutsideDeliveryWindow", fridge_mandate, ten_pm):
        _order(svc, fridge, fridge_mandate, vendor, E, ten_pm)
    past = now() - DAY
    past -= past % DAY - EVENING
    with rejects("OutsideDeliveryWindow", fridge_mandate, past):
        _order(svc, fridge, fridge_mandate, vendor, E, past)
    with rejects("ZeroAmount"):
        _order(svc, fridge, fridge_mandate, vendor, 0)


@pytest.mark.parametrize(
    "terms",
    [
        {"device": ZERO},
        {"device": "OWNER"},
        {"per_order": 0},
        {"per_order": 2 * 10**18, "per_period": 10**18},
        {"period": 0},
        {"window": (20 * HOUR, 18 * HOUR)},
        {"window": (18 * HOUR, DAY + 1)},
    ],
)
def test_bad_mandate_terms(svc, owner, fridge, terms):
    terms = dict(terms)  # the parameter is shared by the ETH and the ERC-20 run
    device = terms.pop("device", fridge)
    device = owner if device == "OWNER" else device
    with rejects("BadMandateTerms"):
        svc.mandates.createMandate(mandate_terms(device, **terms), [], 0, {"from": owner})


def test_funding_and_withdrawing_the_budget(svc, owner, fridge, vendor, stranger):
    mandate_id = new_mandate(svc, owner, fridge, vendors=[vendor], budget=0)
    with rejects("OverBudget", mandate_id, 1, 0):
        _order(svc, fridge, mandate_id, vendor, 1)
    svc.mandates.fund(mandate_id, 2 * E, svc.pay(owner, svc.mandates, 2 * E))
    with rejects("NotMandateOwner", mandate_id, stranger):
        svc.mandates.fund(mandate_id, E, svc.pay(stranger, svc.mandates, E))
    with rejects("NotMandateOwner", mandate_id, fridge):
        svc.mandates.withdrawBudget(mandate_id, E, {"from": fridge})
    with rejects("NotMandateOwner", mandate_id, fridge):
        svc.mandates.setVendor(mandate_id, fridge, True, {"from": fridge})  # no self-dealing device
    with rejects("OverBudget", mandate_id, 2 * E + 1, 2 * E):
        svc.mandates.withdrawBudget(mandate_id, 2 * E + 1, {"from": owner})
    with rejects("ZeroAmount"):
        svc.mandates.withdrawBudget(mandate_id, 0, {"from": owner})
    svc.mandates.withdrawBudget(mandate_id, E, {"from": owner})
    assert svc.mandates.creditOf(owner) == E
    assert svc.mandates.mandate(mandate_id)["budget"] == E
