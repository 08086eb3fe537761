# SPDX-License-Identifier: MIT
"""Finding 1, one step further: the same riskless stake placed in ideation instead of presale.

Before, a successful model paid its makers the production fund, everything its backers had put in
above the cost, so every stake added to a combination became its makers' income while it also
bought investor shares. A maker (or the creator as the maker of every part) that invested in its
own combination got its stake back as that income in success, and as a refund in failure: shares
for nothing, taken from the other backers' revenue. An outsider's stake did the same damage: the
early backer was diluted and the makers, not the diluted backers, were paid for it.

Rule: makers are paid their quotes (the advance, then the rest on passing), never an amount that
grows with investment; the money above the cost comes back to the backers pro rata in every
outcome. So every backer of a combination pays the same price for a share, its pro-rata part of
the quotes, whoever it is: a maker that invests in its own combination gives up part of the quote
the other backers would have paid it, exactly as an outsider pays it.

Three worlds from one snapshot in ideation: nobody else invests; an outsider invests 26; the
maker of part 0 invests 26. Then a success (10 orders of 10) or a failure (9 orders)."""

from __future__ import annotations

import pytest
from outcomes import Ledger, settle

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import back, offer

E = 10**18
PRICE = 10 * E
MIN_ORDERS = 10
EARLY = 10 * E
STAKE = 26 * E


@pytest.fixture(scope="module")
def ideation(open_project, money, makers, backers):
    """Three makers offer one part each at 2 (cost 6); one early backer puts in 10."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, makers[d], d, 2 * E) for d in range(3)]
    combo = back(project, money, backers[0], options, EARLY)
    return project, combo


def _play(project, combo, money, creator, treasury, to_presale, parties, stake, orders):
    ledger = Ledger(money, parties)
    if stake is not None:
        who, amount = stake
        back(project, money, who, combo, amount)
    to_presale(project, combo)
    project.setModelTerms(combo, PRICE, MIN_ORDERS, {"from": creator})
    buyer = actor("buyer")
    for _ in range(orders):
        project.order(combo, [], money.pay(buyer, project, PRICE))
    # the same claims in the same order in every world: the early backer, the other stake, the rest
    first = [parties[0]] + ([stake[0]] if stake else [])
    order = first + [p for p in parties if p not in first]
    settle(project, [combo], order, creator, treasury, orders={combo: [buyer] * orders})
    return ledger.net()


@pytest.mark.parametrize("orders", [MIN_ORDERS, MIN_ORDERS - 1], ids=["success", "failure"])
def test_a_stake_pays_the_backers_not_the_makers(
    ideation, money, makers, backers, creator, treasury, to_presale, snapshot, orders
):
    project, combo = ideation
    outsider = actor("outsider")
    parties = [backers[0], *makers, outsider, creator, treasury]
    play = (project, combo, money, creator, treasury, to_presale, parties)
    with snapshot():
        alone = _play(*play, None, orders)
    with snapshot():
        outside = _play(*play, (outsider, STAKE), orders)
    with snapshot():
        own = _play(*play, (makers[0], STAKE), orders)
    m0, b0, out = makers[0].address, backers[0].address, outsider.address

    # the makers' income does not grow with investment: quotes and their part of revenue only
    for m in makers:
        assert outside[m.address] == alone[m.address]
    # a maker that invests in its own combination ends as the maker plus an outsider investing
    # the same: combining the roles gives nothing; the early backer cannot tell them apart
    assert own[m0] == outside[m0] + outside[out]
    assert own[b0] == outside[b0]
    # one price for a share: the early backer's net per unit of stake (its 10 went in before the
    # game) is the outsider's, to the rounding of the pro-rata divisions (a wei per claim)
    assert abs((outside[b0] - EARLY) * STAKE - outside[out] * EARLY) <= 2 * (EARLY + STAKE)
