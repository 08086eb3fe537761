# SPDX-License-Identifier: MIT
"""Finding 1 of the second review: a late stake that comes back in every outcome took the early
backers' revenue.

Before, a stake placed in presale (after the model's terms, before its first order) entered the
production fund, which success paid to the makers by quote weight and failure refunded in full.
Ratio 3000/3000/3000/1000; the creator offers three options at 2 each (cost 6) and is the maker
of every part; one early backer invests 10 (fund 4); terms 10 a unit x 10 minimum orders; the
creator invests 26 late (the room the terms left: 30 - 4). With 10 orders of 10 the early
backer's revenue fell from 30 to 8.33 and the creator-maker took 21.67 with money that came back
to it as the fund; with one order short its 26 came back as a refund. Variant: a distributor that
will order 100 units fills the room first; the early backer got 83.33 instead of 300.

Rule: nobody takes part in investors' revenue with money that comes back to it, or with revenue
it alone knows is coming. Shares are bought only in ideation and rescue, at one price for every
backer (its pro-rata part of the quotes); makers are paid their quotes and nothing that grows with
investment; the money above the cost comes back to the backers in every outcome (see
docs/security.md, "Stakes, shares and the money above the cost").

Each test plays the same presale twice from one snapshot: honestly, and with the attack (a call
the rules refuse simply pays nothing), then every party claims everything; the attacker ends no
richer and every other party no poorer, to the wei, with ETH and with an ERC-20."""

from __future__ import annotations

import pytest
from outcomes import Ledger, assert_no_gain_no_loss, attempt, settle

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import back, offer

E = 10**18
PRICE = 10 * E
MIN_ORDERS = 10
EARLY = 10 * E
ROOM = 26 * E  # what the old rule let a late stake add: 30 (investors' part of 10 sales) - 4


@pytest.fixture(scope="module")
def presale_without_terms(open_project, money, creator, backers, to_presale):
    """A model on presale without terms: the creator is the maker of its three parts (2 each),
    one early backer put in 10."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, creator, d, 2 * E) for d in range(3)]
    combo = back(project, money, backers[0], options, EARLY)
    to_presale(project, combo)
    return project, combo


def _play(project, combo, money, creator, treasury, parties, *, late, buyer, orders):
    """Terms, then the optional late stake `late` = (who, amount), then `orders` orders by
    `buyer`; every party claims everything; returns each party's net."""
    ledger = Ledger(money, parties)
    project.setModelTerms(combo, PRICE, MIN_ORDERS, {"from": creator})
    if late is not None:
        who, amount = late
        attempt(project.invest, combo, amount, money.pay(who, project, amount))
    for _ in range(orders):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    settle(project, [combo], parties, creator, treasury, orders={combo: [buyer] * orders})
    return ledger.net()


def _honest_and_attacked(
    presale_without_terms, money, creator, treasury, parties, snapshot, attacker, **play
):
    """The same presale from one snapshot, without and with `attacker`'s late stake of ROOM."""
    project, combo = presale_without_terms
    game = (project, combo, money, creator, treasury, parties)
    with snapshot():
        honest = _play(*game, late=None, **play)
    with snapshot():
        attacked = _play(*game, late=(attacker, ROOM), **play)
    return honest, attacked


@pytest.mark.parametrize("orders", [MIN_ORDERS, MIN_ORDERS - 1], ids=["success", "failure"])
def test_a_creator_makers_late_stake_takes_nothing_from_the_backer(
    presale_without_terms, money, creator, treasury, backers, snapshot, orders
):
    buyer = actor("buyer")
    parties = [creator, backers[0], buyer, treasury]
    honest, attacked = _honest_and_attacked(
        presale_without_terms,
        money,
        creator,
        treasury,
        parties,
        snapshot,
        creator,
        buyer=buyer,
        orders=orders,
    )
    assert_no_gain_no_loss(
        honest, attacked, attacker=[creator], victims=[backers[0], buyer, treasury]
    )
    if orders == MIN_ORDERS:
        # the early backer's 30 of revenue (3 a unit) is all its own, and its 4 above the cost
        # come back (its 10 went in before the game)
        assert attacked[backers[0].address] == 34 * E


@pytest.mark.parametrize("orders", [100, MIN_ORDERS - 1], ids=["success", "failure"])
def test_a_distributor_that_knows_its_orders_takes_nothing_from_the_backer(
    presale_without_terms, money, creator, treasury, backers, snapshot, orders
):
    """The distributor will order `orders` units: revenue only it knows is coming."""
    distributor = actor("distributor")
    parties = [creator, backers[0], distributor, treasury]
    honest, attacked = _honest_and_attacked(
        presale_without_terms,
        money,
        creator,
        treasury,
        parties,
        snapshot,
        distributor,
        buyer=distributor,
        orders=orders,
    )
    assert_no_gain_no_loss(
        honest, attacked, attacker=[distributor], victims=[backers[0], creator, treasury]
    )
    if orders == 100:
        # the investors' 300 of the distributor's 100 orders go to the one early backer
        assert attacked[backers[0].address] == 300 * E + 4 * E
