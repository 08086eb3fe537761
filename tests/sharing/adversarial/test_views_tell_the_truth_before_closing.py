# SPDX-License-Identifier: MIT
"""Attack 7 of the review: views that lie. Before, `roleOwed` ignored the base revenue nobody had
booked yet by closing the model, while `revenueOf` and `makerOwed` counted it: a "claim everyone"
after a presale paid investors and makers but not the creator or the treasury (120 left unclaimed
in one run). Now the creator's and the platform's parts are booked as the orders come (the whole
backlog at the `minOrders`-th order, one unit per order after), claimable once the presale is
over; every view agrees with what a claim pays, whether or not anyone closed the model. (The
failed launch that reported 2 selected: test_failed_launch_refunds_everyone.py.)"""

from __future__ import annotations

import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, deliver_all, finalize, offer, pass_all
from cobuild.model.revenue import split
from cobuild.protocol import Phase, Status

E = 10**18
PRICE = 10 * E + 7
MIN_ORDERS = 3


@pytest.fixture(scope="module")
def presale(open_project, money, makers, backers, creator, to_presale):
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, makers[d], d, E + d) for d in range(3)]
    combo = back(project, money, backers[0], options, 4 * E)
    back(project, money, backers[1], combo, 3 * E + 1)
    to_presale(project, combo)
    project.setModelTerms(combo, PRICE, MIN_ORDERS, {"from": creator})
    return project, combo


def test_role_owed_follows_the_orders_once_the_presale_has_succeeded(presale, money):
    project, combo = presale
    unit = split(PRICE, project.config()["ratioBps"])
    buyer = actor("buyer")
    owed = []
    for _ in range(5):
        project.order(combo, [], money.pay(buyer, project, PRICE))
        owed.append(tuple(project.roleOwed()))
    # nothing before the minimum (the presale may still fail), the backlog at it, a unit after
    n = [0, 0, 3, 4, 5]
    assert owed == [(k * unit.creator, k * unit.platform) for k in n]


def test_claim_everyone_without_closing_pays_every_role_exactly(
    presale, money, makers, backers, creator, treasury
):
    project, combo = presale
    unit = split(PRICE, project.config()["ratioBps"])
    buyer = actor("buyer")
    for _ in range(4):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    # what each view promises, before anyone closes the model
    promised = {
        "creator": project.roleOwed()["creator"],
        "platform": project.roleOwed()["platform"],
        "investors": sum(project.revenueOf(combo, b) for b in backers[:2]),
        "makers": sum(project.makerOwed(combo, d)["revenue"] for d in range(3)),
    }
    assert promised["creator"] == 4 * unit.creator and promised["platform"] == 4 * unit.platform
    # everyone claims, in an order that closes the model through a claim that is not the roles'
    paid = {}
    before = money.balance(backers[0])
    project.claimRevenue(combo, {"from": backers[0]})
    paid["investors"] = money.balance(backers[0]) - before
    before = money.balance(backers[1])
    project.claimRevenue(combo, {"from": backers[1]})
    paid["investors"] += money.balance(backers[1]) - before
    paid["makers"] = 0
    for d in range(3):
        before = money.balance(makers[d])
        tx = project.claimMaker(combo, d, {"from": makers[d]})
        paid["makers"] += tx.events["MakerPaid"]["revenue"]
    for role, who, claim in (
        ("creator", creator, project.claimCreator),
        ("platform", treasury, project.claimPlatform),
    ):
        before = money.balance(who)
        claim({"from": who})
        paid[role] = money.balance(who) - before
    assert paid == promised
    assert tuple(project.roleOwed()) == (0, 0)
    # the four parts are the whole base revenue plus the backers' surplus (their 7 above the cost
    # of 3), but for the accumulators' rounding: under one wei per settlement and one per pool
    # (3 maker parts, 2 holders, 2 pools), kept for later
    surplus = (4 * E + 3 * E + 1) - (3 * E + 3)
    assert 0 <= 4 * PRICE + surplus - sum(paid.values()) <= 3 + 2 + 2


def test_refundable_of_is_what_a_refund_pays_in_every_status(
    open_project, money, makers, backers, creator, inspectors
):
    """`refundableOf` answers in every status, as the model does: 0 wherever `refund` reverts
    (before, it reverted itself for a backed, selected, eliminated, prototype or model position:
    a dApp listing a backer's positions got an error instead of 0)."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1, max_rescues=1)
    options = [offer(project, makers[d], d, E) for d in range(3)]
    first = back(project, money, backers[0], options, 4 * E)
    second = back(
        project, money, backers[1], [options[0], options[1], offer(project, makers[2], 2, E)], E
    )
    seen = {}

    def look():
        for combo, backer in ((first, backers[0]), (second, backers[1])):
            st = Status(project.status(combo))
            owed = project.refundableOf(combo, backer)
            seen[st] = owed
            if st not in (Status.NotSelected, Status.Dropped, Status.PresaleFailed):
                assert owed == 0, st

    look()  # Backed
    advance_to(project, Phase.Finalizing)
    finalize(project, creator)
    look()  # Selected, Eliminated (next in line)
    advance_to(project, Phase.Development)
    look()  # Prototype, NotSelected
    deliver_all(project, first)
    advance_to(project, Phase.Testing)
    pass_all(project, first, inspectors[:2])
    advance_to(project, Phase.Presale)
    look()  # Model
    assert seen[Status.NotSelected] == E
    assert {
        Status.Backed,
        Status.Selected,
        Status.Eliminated,
        Status.Prototype,
        Status.Model,
    } <= set(seen)
