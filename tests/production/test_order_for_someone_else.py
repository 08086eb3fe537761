# SPDX-License-Identifier: MIT
"""Ordering on someone else's behalf (issue 35): `orderFor(beneficiary, combo, addonIds)`. The
caller pays; the beneficiary is the order's buyer: its refund when the presale fails, its awards;
the payer can take neither. A zero beneficiary is refused. With ETH and an ERC-20."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, offer
from cobuild.chain.platform import ProjectSpec
from cobuild.protocol import DAY, ZERO_ADDRESS, Phase, Status, content
from cobuild.protocol import revert_message as err

E = 10**18
PRICE = 2 * E + 1


@pytest.fixture(scope="module")
def presale(open_project, inspectors, money, makers, backers, creator, merchant, to_presale):
    """A model on presale, terms 2 E + 1 with a minimum of 3 orders, one add-on."""
    spec = ProjectSpec(
        inspectors=list(inspectors), token=money.address, min_total=E, min_stake=E // 100, slots=1
    )
    project = open_project(spec=spec)
    combo = back(
        project, money, backers[0], [offer(project, makers[d], d, E) for d in range(3)], 4 * E
    )
    to_presale(project, combo)
    project.setModelTerms(combo, PRICE, 3, {"from": creator})
    tx = project.offerAddon(combo, E // 7, content("seat"), {"from": merchant})
    return project, combo, tx.events["AddonOffered"]["addonId"]


def test_the_beneficiary_is_the_buyer_and_is_refunded_not_the_payer(presale, money):
    project, combo, addon = presale
    payer, friend = actor("payer"), actor("friend")
    total = PRICE + E // 7
    tx = project.orderFor(friend, combo, [addon], money.pay(payer, project, total))
    index = tx.events["Ordered"]["orderIndex"]
    assert tx.events["Ordered"]["buyer"] == friend
    assert tuple(project.orderOf(combo, index))[:2] == (friend, total)
    advance_to(project, Phase.Closed)  # one order of three: the presale failed
    assert project.status(combo) == Status.PresaleFailed
    with brownie.reverts(err("UnknownOrder", combo, index)):
        project.refundOrder(combo, index, {"from": payer})
    before = money.balance(friend)
    project.refundOrder(combo, index, {"from": friend})
    assert money.balance(friend) - before == total


def test_a_zero_beneficiary_is_refused(presale, money):
    project, combo, _ = presale
    payer = actor("payer")
    with brownie.reverts(err("InvalidBeneficiary", ZERO_ADDRESS)):
        project.orderFor(ZERO_ADDRESS, combo, [], money.pay(payer, project, PRICE))


def test_orders_for_others_count_toward_the_minimum_and_pay_the_roles(presale, money, creator):
    """Three orders paid by one payer for three friends: the presale succeeds as with three
    buyers paying for themselves; the payer holds no order."""
    project, combo, _ = presale
    payer = actor("payer")
    for i in range(3):
        project.orderFor(actor(f"friend-{i}"), combo, [], money.pay(payer, project, PRICE))
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    buyers = {project.orderOf(combo, i)[0] for i in range(3)}
    assert buyers == {actor(f"friend-{i}").address for i in range(3)}
    assert project.roleOwed()[0] > 0


def test_an_order_with_a_permit_needs_a_token_that_takes_one(presale, money):
    """`selfPermit` (see tests/lifecycle/test_permits_and_batches.py): an ETH project takes no
    permit, and a token without permits (the test token) falls back to the allowance, which is 0
    here."""
    project, _, _ = presale
    buyer = actor("permit-buyer")
    fake = (PRICE, brownie.chain.time() + DAY, 27, b"\x01" * 32, b"\x02" * 32)
    with brownie.reverts(err("PermitFailed", money.address, 0, PRICE)):
        project.selfPermit(*fake, {"from": buyer})
