"""Attack 2 of the review: a late investor who knows the orders. Before, late investment was at
par until the presale's last second and a failed presale refunded it in full, so a riskless bet:
a backer put in 10, 30 orders of 10 came in, and a 20 late stake placed 30 s before the end took
60 of the investors' 90; the early backer got 30.

Rule: nobody takes part in revenue that was already fixed when they invested. Late investment is
open from the model's terms to its first order, and only up to what the terms justify (the
investors' part of the minimum sales must cover the production fund it grows)."""

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


@pytest.fixture(scope="module")
def open_presale(open_attack, money, makers, backers, to_presale):
    """`open_presale()`: a model on presale, without terms yet: one early backer put in 10 (cost
    6, fund 4). Returns (project, combo)."""

    def _open():
        project = open_attack(money, min_total=E, min_stake=E // 100, slots=1)
        options = [offer(project, makers[d], d, 2 * E) for d in range(3)]
        combo = back(project, money, backers[0], options, 10 * E)
        to_presale(project, combo)
        return project, combo

    return _open


@pytest.fixture(scope="module")
def model(open_presale, creator):
    """A model on presale: one early backer put in 10 (cost 6, fund 4); terms 10 a sale."""
    project, combo = open_presale()
    project.setModelTerms(combo, PRICE, MIN_ORDERS, {"from": creator})
    return project, combo


def test_late_stake_after_the_orders_is_refused_and_the_early_backer_keeps_its_90(
    model, money, backers
):
    project, combo = model
    buyer, sniper = actor("buyer"), actor("sniper")
    for _ in range(ORDERS):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    # 30 s before the presale ends, with 300 of revenue known
    sleep_until(project.schedule()[3] - 30)
    assert project.phase() == Phase.Presale
    with brownie.reverts(f"LateInvestmentClosed: {combo}, {ORDERS}"):
        project.invest(combo, 20 * E, money.pay(sniper, project, 20 * E))
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    before = money.balance(backers[0])
    project.claimRevenue(combo, {"from": backers[0]})
    # the investors' 30 % of every sale (3 of 10), all of it to the only investor
    assert money.balance(backers[0]) - before == ORDERS * 3 * E
    assert tuple(project.stakeOf(combo, sniper)) == (0, 0)


def test_before_the_first_order_a_late_stake_is_bounded_by_the_terms(model, money, backers):
    """No revenue is known yet, so late investment is open, but only up to what the terms
    justify: the investors' part of the minimum sales (2 x 3) covers the fund (4) plus 2 more."""
    project, combo = model
    late = actor("late-investor")
    with brownie.reverts(f"LateInvestmentExceedsTerms: {20 * E}, {2 * E}"):
        project.invest(combo, 20 * E, money.pay(late, project, 20 * E))
    project.invest(combo, 2 * E, money.pay(late, project, 2 * E))
    with brownie.reverts("LateInvestmentExceedsTerms: 1, 0"):
        project.invest(combo, 1, money.pay(late, project, 1))
    buyer = actor("buyer")
    for _ in range(ORDERS):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    advance_to(project, Phase.Closed)
    paid = {}
    for who in (backers[0], late):
        before = money.balance(who)
        project.claimRevenue(combo, {"from": who})
        paid[who] = money.balance(who) - before
    # shares are stakes: 10 and 2 of 12; the 90 of revenue is split exactly so (to the wei)
    assert paid[backers[0]] + paid[late] == ORDERS * 3 * E
    assert paid[backers[0]] == ORDERS * 3 * E * 10 // 12
    # and the early backer is never worse off than if the presale had failed (its fund share: 4)
    assert paid[backers[0]] >= 4 * E


def test_no_late_investment_without_terms(open_presale, money):
    """Before its terms nobody knows what a late stake buys: refused."""
    project, combo = open_presale()
    with brownie.reverts(f"TermsNotSet: {combo}"):
        project.invest(combo, E, money.pay(actor("late-investor"), project, E))
