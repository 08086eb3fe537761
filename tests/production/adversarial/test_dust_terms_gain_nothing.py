# SPDX-License-Identifier: MIT
"""Attack 3 of the first review, after the second: dust terms. Before the first review,
`setModelTerms` refused only zero, so a creator who was also the only maker set price 1 wei and
minimum 1, ordered once, and the whole production fund (10 of 10) went to the makers instead of
back to the backers. The first fix bounded the terms by the fund (`TermsBelowFund`).

Now there is no production fund: a success releases none of the backers' money to anyone (the
makers have had their quotes since the prototype passed, and the surplus, the money above the
cost, comes back to the backers either way). So the terms need no bound, and dust terms bought by
the creator, a maker and a buyer in one address gain it nothing: it ends no richer than letting the
presale fail, and every backer ends with at least what a failure refunds it."""

from __future__ import annotations

import pytest
from outcomes import Ledger, settle

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import back, offer
from cobuild.protocol import Status

E = 10**18
QUOTE = E  # three parts: the prototype costs 3
STAKE = 10 * E  # the backers' funding: 7 above the cost


@pytest.fixture(scope="module")
def self_dealer():
    """The creator, the only maker and (later) the only buyer: one address."""
    return actor("self-dealer")


@pytest.fixture(scope="module")
def model(open_project, money, self_dealer, backers, to_presale):
    project = open_project(money, sender=self_dealer, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, self_dealer, d, QUOTE) for d in range(3)]
    combo = back(project, money, backers[0], options, STAKE // 2)
    back(project, money, backers[1], combo, STAKE // 2)
    to_presale(project, combo, finalizer=self_dealer)
    return project, combo


@pytest.mark.parametrize("price", [1, E // 3 + 1], ids=["1-wei", "a-third"])
def test_buying_its_own_model_at_dust_terms_gains_nothing(
    model, money, self_dealer, backers, treasury, snapshot, price
):
    """Played twice from the presale: the self-dealer lets it fail (no terms), or sets dust terms
    (minimum 1 order) and buys the one unit itself. Then everybody claims everything."""
    project, combo = model
    parties = [self_dealer, *backers[:2], treasury]
    with snapshot():
        ledger = Ledger(money, parties)
        settle(project, [combo], parties, self_dealer, treasury)
        assert project.status(combo) == Status.PresaleFailed
        failed = ledger.net()
    with snapshot():
        ledger = Ledger(money, parties)
        project.setModelTerms(combo, price, 1, {"from": self_dealer})
        project.order(combo, [], money.pay(self_dealer, project, price))
        settle(project, [combo], parties, self_dealer, treasury, orders={combo: [self_dealer]})
        assert project.status(combo) == Status.Succeeded
        dealt = ledger.net()
    # the self-dealer: its quotes either way; buying its own unit costs it the platform's and the
    # investors' parts of the price
    assert dealt[self_dealer.address] <= failed[self_dealer.address]
    # each backer: its failure refund (half of the 7 above the cost), and its part of the sale
    for backer in backers[:2]:
        assert dealt[backer.address] >= failed[backer.address] == (STAKE - 3 * QUOTE) // 2
