# SPDX-License-Identifier: MIT
"""A model that succeeds gives its backers back the surplus, the money they put in above its cost:
closing it books the surplus into the investors' accumulator with their part of the revenue
(`SurplusReturned`; the `RevenueDeposited` parts do not include it, it is not revenue), so
`revenueOf` counts it before the close and `claimRevenue` pays it, pro rata to the shares (the
stakes), once. Its makers are paid exactly their quotes, and their part of the revenue, however
much it raised. The terms need no bound: a creator who is also a maker, a backer and the buyer of
its own model at dust terms ends no richer than letting the presale fail, and every other party
ends with at least what the failure gives it, to the rounding of the pro-rata divisions."""

import copy

import brownie
import pytest

from cobuild.chain.snapshot import Snapshot
from cobuild.model.revenue import SCALE, unit_split
from cobuild.protocol import Phase, Status

from .kit import E, Harness, err, name, offer_grid, spec_for_production


def test_success_returns_the_surplus_through_claim_revenue(
    open_project, spec, money, creator, inspectors, makers, backers, buyers, treasury, stranger
):
    h = Harness.open(open_project, spec_for_production(spec), money, creator, inspectors)
    project, model = h.project, h.model
    o = offer_grid(h, makers)
    stakes = [(backers[0], 5 * E + 13), (backers[1], 2 * E // 3 + 5), (backers[2], E + 1)]
    combo = h.back([o[0][0], o[1][0], o[2][0]], stakes)
    quotes = [h.quotes[option] for option in h.parts[combo]]
    cost, funded = sum(quotes), sum(amount for _, amount in stakes)
    surplus = funded - cost
    assert surplus == model.surplus(model.combos[combo]) > cost  # raised well above its cost
    h.to_presale([combo])
    price, orders = 2 * E + 1, 3
    h.terms(combo, price, 2)
    for buyer in buyers[:orders]:
        h.order(buyer, combo)
    h.go(Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    # before the close the view already counts the surplus
    for backer, _ in stakes:
        assert project.revenueOf(combo, backer) == h.revenue_owed(combo, backer) > 0

    h.close(combo, stranger)
    parts = unit_split(price, orders, h.cfg.ratio)
    assert h.last.events["SurplusReturned"]["surplus"] == surplus
    deposited = h.last.events["RevenueDeposited"]
    assert (deposited["amount"], deposited["investorsPart"]) == (orders * price, parts.investors)
    # each backer: its part of the investors' revenue and of the surplus, pro rata to its stake,
    # floored by the accumulator (under a wei, and a wei per 10^18 of stake), once
    due = parts.investors + surplus
    claimed = 0
    for backer, stake in stakes:
        assert project.sharesOf(combo, backer) == stake
        got = h.claim_revenue(combo, backer)
        assert 0 <= due * stake // funded - got <= 1 + stake // SCALE
        claimed += got
        with brownie.reverts(err("NothingToClaim", combo, backer)):
            project.claimRevenue(combo, {"from": backer})
    assert 0 <= due - claimed <= len(stakes) + funded // SCALE
    # no refund besides: the surplus came back through the revenue
    with brownie.reverts(
        err("CombinationWrongStatus", combo, Status.Succeeded, Status.NotSelected)
    ):
        project.refund(combo, {"from": backers[0]})
    # each maker: exactly its quote (none claimed before) and its quote-weighted part of the
    # makers' revenue; nothing of the surplus
    for d, quote in enumerate(quotes):
        h.claim_maker(combo, d)
        paid = h.last.events["MakerPaid"]
        assert paid["escrow"] == quote
        assert 0 <= parts.makers * quote // cost - paid["revenue"] <= 1 + quote // SCALE
    h.claim_roles(treasury)
    assert money.balance(project) == model.held == model.revenue_dust()


def _settle(h, combo, treasury, parties):
    """Close the presale and let every party take everything the rules give it; returns each
    party's net (paid to it less paid by it, over the whole project, every payment checked
    against the chain by the harness) and what each backer got back as a backer."""
    h.go(Phase.Closed)
    succeeded = h.status(combo) == Status.Succeeded
    as_backer = {}
    for backer in h.stakes[combo]:
        if succeeded:
            owed = h.revenue_owed(combo, backer)
            as_backer[backer] = h.claim_revenue(combo, backer) if owed else 0
        else:
            as_backer[backer] = h.refund(combo, backer)
    for d in range(h.cfg.dimensions):
        if any(h.maker_owed(combo, d)):
            h.claim_maker(combo, d)
    if h.model.creator_owed:
        h.claim_creator()
    if h.model.platform_owed:
        h.claim_platform(treasury)
    assert h.money.balance(h.project) == h.model.held == h.model.revenue_dust()
    net = {name(p): h.model.paid_to[name(p)] - h.model.paid_by[name(p)] for p in parties}
    return net, as_backer


@pytest.mark.parametrize("price, minimum", [(1, 1), (10_003, 3)], ids=["1-wei", "dust-x3"])
def test_buying_its_own_model_at_dust_terms_leaves_everyone_as_a_failure(
    open_project, spec, money, creator, inspectors, makers, backers, treasury, price, minimum
):
    """The creator is also the maker of part 0, a backer and, in one of two worlds played from
    the same presale, the buyer of `minimum` units at `price`; in the other it sells none and
    the presale fails."""
    h = Harness.open(open_project, spec_for_production(spec), money, creator, inspectors)
    parts = [
        h.offer(creator, 0, E // 3 + 1),
        h.offer(makers[1], 1, 2 * E // 3 + 5),
        h.offer(makers[2], 2, E + 7),
    ]
    stakes = [(backers[0], 3 * E + 13), (creator, E // 2 + 1), (backers[1], 2 * E // 7 + 3)]
    combo = h.back(parts, [*stakes, (backers[2], 5)])
    h.to_presale([combo])
    h.terms(combo, price, minimum)  # accepted: the terms have no bound beyond non-zero
    parties = [creator, makers[1], makers[2], *backers[:3], treasury]
    start, saved = Snapshot(), copy.deepcopy(h.model)
    failed, failed_backers = _settle(h, combo, treasury, parties)
    assert h.status(combo) == Status.PresaleFailed
    start.restore()
    h.model = saved
    for _ in range(minimum):
        h.order(creator, combo)
    dealt, dealt_backers = _settle(h, combo, treasury, parties)
    assert h.status(combo) == Status.Succeeded

    # the self-dealer ends no richer than letting the presale fail
    assert dealt[creator.address] <= failed[creator.address]
    # nobody else ends poorer, to the rounding: a refund's last claimer takes the others'
    # rounding (under a wei each), the accumulator floors a claim (under a wei, and a wei per
    # 10^18 of stake)
    stake = dict(h.stakes[combo])
    for p in parties[1:]:
        rounding = len(stake) + stake[name(p)] // SCALE if name(p) in stake else 0
        assert dealt[name(p)] >= failed[name(p)] - rounding, (name(p), dealt, failed)
    # as a backer, each one gets at least its pro-rata failure refund, to the same rounding
    for backer, amount in stake.items():
        rounding = len(stake) + amount // SCALE
        assert dealt_backers[backer] >= failed_backers[backer] - rounding
    labels = ("creator", "maker-1", "maker-2", "backer-0", "backer-1", "backer-2", "treasury")
    change = {
        label: dealt[name(p)] - failed[name(p)] for label, p in zip(labels, parties, strict=True)
    }
    print(f"\n  bought at {price} x {minimum} rather than failed (wei): {change}")
