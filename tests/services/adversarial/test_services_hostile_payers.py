# SPDX-License-Identifier: MIT
"""A hostile payer: `CallbackToken` calls the payer while a services contract pulls its payment
(book, join, createMandate, fund); the payer re-enters that contract's withdrawal from there and
the reentrancy guard refuses it, while the payment itself goes through whole. (ETH payments call
nobody back.) The fee-on-transfer and value checks are in test_services_payment_asset.py."""

import pytest
from brownie import CallbackToken
from hostile_actor import Hostile
from services_support import DAY, E, listing_terms, mandate_terms, now

from cobuild.chain.money import Money


@pytest.fixture(scope="module")
def money(deployer):
    return Money(CallbackToken.deploy({"from": deployer}))


@pytest.mark.parametrize("what", ["book", "join", "createMandate", "fund"])
def test_a_hostile_payer_cannot_reenter_while_it_pays(svc, deployer, provider, fridge, what):
    payer = Hostile.deploy(deployer, svc.money)
    b, a, m = svc.bookings, svc.activities, svc.mandates
    start = now() + 2 * DAY
    if what == "book":
        b.createListing(b"ride", listing_terms(), {"from": provider})
        b.offerSlots(1, [start], {"from": provider})
        target, data = b, b.book.encode_input(1, start, 0, 0, E)
    elif what == "join":
        a.openActivity((start, DAY, 5, 2, E, True, "x"), [], {"from": deployer})
        target, data = a, a.join.encode_input(1)
    elif what == "createMandate":
        target, data = m, m.createMandate.encode_input(mandate_terms(fridge), [], E)
    else:
        payer.pay(m, m.createMandate.encode_input(mandate_terms(fridge), [], E), E)
        target, data = m, m.fund.encode_input(1, E)
    payer.fund(target, E)
    held = svc.balance(target)
    payer.arm(target, target.withdraw.encode_input())
    payer.call(target, data)
    assert payer.hook_refused()
    assert svc.balance(target) - held == E
