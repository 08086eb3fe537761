# SPDX-License-Identifier: MIT
"""A model whose presale succeeded but that nobody closed yet: its base revenue and its surplus
(the funding above its cost, which goes back to the backers) are not booked, but the views already
count them, and the first claim, transfer or deposit books them before doing anything else, so
the holders at the end of the presale (not a later buyer) earn them."""

import pytest
from sharing_support import E, ModelPlan

from cobuild.chain.actors import actor
from cobuild.protocol import Status


@pytest.fixture(scope="module")
def module_sharing(build_model, money):
    return build_model(money, ModelPlan(close=False))


def closing_events(tx):
    """The names of the close's events in `tx`, in their order."""
    names = ("ModelClosed", "RevenueDeposited", "SurplusReturned")
    return [e.name for e in tx.events if e.name in names]  # brownie keeps the log order


def test_views_count_the_base_revenue_and_the_surplus_before_closing(sharing):
    s, combo = sharing, sharing.combo
    assert s.project.status(combo) == Status.Succeeded
    assert s.project.combination(combo)["orders"] * s.plan.price > 0
    assert s.surplus > 0
    for holder in s.investors:
        assert s.project.revenueOf(combo, holder) == s.model.revenue_of(combo, str(holder)) > 0
    for dimension in range(len(s.makers)):
        revenue = s.project.makerOwed(combo, dimension)["revenue"]
        assert revenue == s.model.maker_revenue_of(combo, dimension) > 0


def test_maker_claim_closes_the_model_and_pays_the_viewed_revenue(sharing):
    s, combo = sharing, sharing.combo
    viewed = s.project.makerOwed(combo, 1)
    s.claim_maker(1)
    assert closing_events(s.last_tx) == ["ModelClosed", "RevenueDeposited", "SurplusReturned"]
    assert s.last_tx.events["MakerPaid"]["escrow"] == viewed["escrow"]
    assert s.last_tx.events["MakerPaid"]["revenue"] == viewed["revenue"]


def test_first_transfer_books_the_base_revenue_for_the_seller(sharing):
    s, combo = sharing, sharing.combo
    seller, buyer = s.investors[0], actor("share-buyer")
    owed = s.project.revenueOf(combo, seller)
    s.transfer(seller, buyer, s.project.sharesOf(combo, seller))
    assert s.last_tx.events["ModelClosed"]["revenue"] == s.plan.orders * s.plan.price
    assert s.last_tx.events["SurplusReturned"]["surplus"] == s.surplus
    assert s.project.revenueOf(combo, seller) == owed
    assert s.project.revenueOf(combo, buyer) == 0
    assert s.claim(seller) == owed


def test_first_deposit_books_the_base_revenue_first(sharing):
    s = sharing
    s.deposit(E + 7)  # compares the later deposit's split with the model
    events = s.last_tx.events["RevenueDeposited"]
    assert [e["amount"] for e in events] == [s.plan.orders * s.plan.price, E + 7]
    # the close's surplus comes after its base revenue, before the deposit
    assert events[0].pos[0] < s.last_tx.events["SurplusReturned"].pos[0] < events[1].pos[0]
    s.claim_every_role()
    s.assert_matches_model()
