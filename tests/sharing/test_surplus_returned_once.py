# SPDX-License-Identifier: MIT
"""The surplus (a model's funding above its cost) comes back to its backers once, when the model
closes: `_close` accrues it into the investors' pool with their part of the base revenue, in one
accrual over the shares (the stakes), and emits `SurplusReturned(combo, surplus)` after
`RevenueDeposited` (whose parts leave it out: it is not revenue, the ratio does not split it).

Whether the model is closed by `closeModel` or by the first claim (or transfer), every holder's
first claim pays its part of the close pro rata to its shares, within the accumulator's rounding,
and its surplus part alone is pro rata too; nothing of it is paid again, and a later deposit pays
its own part only. A share buyer after the close gets none of it: it was booked to the holders at
the close and stays with the seller as settled credit. Every payment equals the Python model
(cobuild/model/revenue.py, closing as cobuild/model/project.py closes) to the wei; the exact
pro-rata parts are computed directly, as fractions."""

from fractions import Fraction

import brownie
import pytest
from sharing_support import E, ModelPlan, revert

from cobuild.model.revenue import SCALE, RevenueModel, split, unit_split

LATER = 2 * E + 13  # a deposit after the close


@pytest.fixture(scope="module", params=["closeModel", "first claim"])
def module_sharing(request, build_model, money):
    """The default model (four uneven stakes, funded above its cost), closed by `closeModel`, or
    left for the first claim or transfer to close."""
    return build_model(money, ModelPlan(close=request.param == "closeModel"))


def closing_events(tx):
    """The names of the close's events in `tx`, in their order (brownie keeps the log order)."""
    names = ("ModelClosed", "RevenueDeposited", "SurplusReturned")
    return [e.name for e in tx.events if e.name in names]


def assert_closed_by(sharing, tx):
    """`tx` closed the model: its base revenue, then the surplus the model computed."""
    assert closing_events(tx) == ["ModelClosed", "RevenueDeposited", "SurplusReturned"]
    closing = unit_split(sharing.plan.price, sharing.plan.orders, sharing.model.ratio)
    assert tx.events["RevenueDeposited"]["investorsPart"] == closing.investors
    assert tx.events["SurplusReturned"]["combo"] == sharing.combo
    assert tx.events["SurplusReturned"]["surplus"] == sharing.surplus


def pro_rata_short(paid, booked, shares, total):
    """How far `paid` falls short of the exact part `booked * shares / total`: one accrual and
    one settlement round down, by less than `shares / SCALE + 1` wei."""
    short = Fraction(booked * shares, total) - paid
    assert 0 <= short < Fraction(shares, SCALE) + 1
    return short


def test_surplus_is_paid_once_and_pro_rata(sharing):
    s, combo, plan = sharing, sharing.combo, sharing.plan
    view = s.project.combination(combo)
    assert s.surplus == view["funded"] - view["cost"] > 0
    total = s.project.totalShares(combo)
    assert total == view["funded"] == s.model.total_shares(combo)
    closing = unit_split(plan.price, plan.orders, s.model.ratio).investors + s.surplus
    # the same close without a surplus: what each holder is paid above it is its surplus part
    without = RevenueModel(s.model.ratio)
    stakes = {str(h): s.project.sharesOf(combo, h) for h in s.investors}
    without.add_model(combo, plan.quotes, stakes)
    without.deposit_base(combo, plan.price, plan.orders, 0)

    first = 0
    for holder in s.investors:
        shares = stakes[str(holder)]
        assert s.project.revenueOf(combo, holder) == s.model.revenue_of(combo, str(holder))
        paid = s.claim(holder)  # to the wei against the model
        if s.close_tx is None and first == 0:
            assert_closed_by(s, s.last_tx)  # the first claim closed the model
        else:
            assert "SurplusReturned" not in s.last_tx.events
        pro_rata_short(paid, closing, shares, total)
        surplus_part = paid - without.claim(combo, str(holder))
        assert abs(surplus_part - Fraction(s.surplus * shares, total)) < Fraction(shares, SCALE) + 1
        # paid once
        assert s.project.revenueOf(combo, holder) == 0
        with brownie.reverts(revert("NothingToClaim", combo, holder)):
            s.project.claimRevenue(combo, {"from": holder})
        first += paid
    if s.close_tx is not None:
        assert_closed_by(s, s.close_tx)
    # everything the close booked for the investors went out, but the rounding it carries (less
    # than shares / SCALE + 1 wei a holder)
    pool = s.model.models[combo].investors
    rounding = Fraction(total, SCALE) + len(s.investors)
    assert first == closing - pool.dust and 0 <= pool.dust < rounding

    # a later deposit pays its own part (and at most the carried rounding), not the surplus again
    dust = pool.dust
    s.deposit(LATER)
    second = sum(s.claim(h) for h in s.investors)
    part = split(LATER, s.model.ratio).investors
    assert part - rounding < second <= part + dust
    s.claim_all()
    s.assert_matches_model()
    assert s.money.balance(s.project) == s.model.dust() <= s.model.dust_bound()


def test_a_share_buyer_after_the_close_gets_none_of_the_surplus(sharing, newcomer):
    """The seller's part of the close (its surplus part with it) is booked to it at the close; a
    sale of all its shares parks it as the seller's credit, and the buyer earns from the next
    deposit on. A model nobody closed is closed by the sale itself, before the shares move."""
    s, combo, plan = sharing, sharing.combo, sharing.plan
    seller = s.investors[1]
    held, total = s.project.sharesOf(combo, seller), s.project.totalShares(combo)
    owed = s.project.revenueOf(combo, seller)
    assert owed == s.model.revenue_of(combo, str(seller))
    closing = unit_split(plan.price, plan.orders, s.model.ratio).investors + s.surplus
    pro_rata_short(owed, closing, held, total)

    s.transfer(seller, newcomer, held)
    if s.close_tx is None:
        assert_closed_by(s, s.last_tx)
        moved = s.last_tx.events["SharesMoved"]
        assert s.last_tx.events["SurplusReturned"].pos[0] < moved.pos[0]
    assert s.project.sharesOf(combo, newcomer) == held and s.project.sharesOf(combo, seller) == 0
    assert s.project.revenueOf(combo, newcomer) == 0  # none of the close, surplus included
    assert s.project.revenueOf(combo, seller) == owed  # settled credit, not lost
    with brownie.reverts(revert("NothingToClaim", combo, newcomer)):
        s.project.claimRevenue(combo, {"from": newcomer})

    s.deposit(LATER)
    assert s.project.revenueOf(combo, seller) == owed  # nothing from after its sale
    bought = s.project.revenueOf(combo, newcomer)
    part = split(LATER, s.model.ratio).investors
    assert abs(bought - Fraction(part * held, total)) <= 2  # the deposit's part only
    assert s.claim(newcomer) == bought
    assert s.claim(seller) == owed  # its part of the close, surplus included, once
    with brownie.reverts(revert("NothingToClaim", combo, seller)):
        s.project.claimRevenue(combo, {"from": seller})
    s.claim_all()
    s.assert_matches_model()
