# SPDX-License-Identifier: MIT
"""Attack 2 of the first review: a late investor who knows the orders. Then, late investment was
at par until the presale's last second and a failed presale refunded it in full, so a riskless
bet: a backer put in 10, 30 orders of 10 came in, and a 20 late stake placed 30 s before the end
took 60 of the investors' 90; the early backer got 30. The first fix opened late investment only
from the terms to the first order; the second review showed that still riskless for a maker and
for a distributor who knows its own orders (test_late_stakes_take_no_revenue.py).

Rule now: no shares are sold after ideation and the rescue window. A stake in presale is refused
(`ProjectWrongPhase`) at every point of it: before the terms, between the terms and the first
order, after the orders, 30 s before the end."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, offer, sleep_until
from cobuild.protocol import Phase, Status

E = 10**18
PRICE = 10 * E
MIN_ORDERS = 2
ORDERS = 30
REFUSED = f"ProjectWrongPhase: {Phase.Presale.value}, {Phase.Ideation.value}"


@pytest.fixture(scope="module")
def model(open_project, money, makers, backers, to_presale):
    """A model on presale, without terms yet: one early backer put in 10 (cost 6)."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, makers[d], d, 2 * E) for d in range(3)]
    combo = back(project, money, backers[0], options, 10 * E)
    to_presale(project, combo)
    return project, combo


def _try_late(project, combo, money, who, amount):
    with brownie.reverts(REFUSED):
        project.invest(combo, amount, money.pay(who, project, amount))


def test_no_stake_at_any_point_of_the_presale_and_the_early_backer_keeps_its_90(
    model, money, backers, creator
):
    project, combo = model
    sniper, buyer = actor("sniper"), actor("buyer")
    _try_late(project, combo, money, sniper, E)  # before the terms
    project.setModelTerms(combo, PRICE, MIN_ORDERS, {"from": creator})
    _try_late(project, combo, money, sniper, E)  # terms set, no order yet
    _try_late(project, combo, money, backers[0], E)  # an early backer adding to its stake
    for _ in range(ORDERS):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    sleep_until(project.schedule()[3] - 30)  # 30 s before the end, with 300 of revenue known
    assert project.phase() == Phase.Presale
    _try_late(project, combo, money, sniper, 20 * E)
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    assert project.stakeOf(combo, sniper) == 0 and project.sharesOf(combo, sniper) == 0
    before = money.balance(backers[0])
    project.claimRevenue(combo, {"from": backers[0]})
    # the investors' 30 % of every sale (3 of 10), all of it to the only investor, and its 4
    # above the cost of 6
    assert money.balance(backers[0]) - before == ORDERS * 3 * E + 4 * E
