# SPDX-License-Identifier: MIT
"""The Python money model itself (cobuild/model/revenue.py), off chain: after a model's close (its
base revenue and its surplus, the funding above the cost, booked in one accrual), under any
sequence of deposits, transfers and claims it conserves money (deposited + surplus == paid +
claimable + dust, the dust bounded by a few wei per member), conserves shares, keeps pre-transfer
revenue (and the surplus) with the seller, pays the surplus once and pro rata, refuses what the
contract refuses without changing its state, and books and pays exactly what the project model
(cobuild/model/project.py) does, to the wei."""

import copy
import warnings
from fractions import Fraction

import hypothesis
import pytest
from brownie.exceptions import BrownieTestWarning
from hypothesis import settings
from hypothesis import strategies as st

from cobuild.model.mirror import mirror
from cobuild.model.project import Config, ProjectModel, Rejected
from cobuild.model.revenue import (
    SCALE,
    InsufficientShares,
    NothingToClaim,
    Pool,
    RevenueModel,
    split,
    unit_split,
)
from cobuild.protocol import RankBy

HOLDERS = ["0x" + f"{i:040x}" for i in range(1, 7)]  # the sixth only ever buys
COMBO = 1


def given(**strategies):
    """`hypothesis.given` for tests that never touch the chain: brownie's own `given` reverts the
    chain after every example (20x slower here) and warns about the direct import."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BrownieTestWarning)
        return hypothesis.given(**strategies)


amounts = st.integers(min_value=1, max_value=10**24)
stakes = st.lists(st.integers(min_value=1, max_value=10**22), min_size=1, max_size=5)
quotes = st.lists(st.integers(min_value=1, max_value=10**21), min_size=1, max_size=4)
ratios = (
    st.lists(st.integers(0, 10_000), min_size=3, max_size=3)
    .map(sorted)
    .map(lambda cuts: (cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 10_000 - cuts[2]))
)
# a close: price, orders (at least the minimum, which is at least one), surplus
prices = st.integers(min_value=1, max_value=10**22)
orders_ = st.integers(min_value=1, max_value=50)
surpluses = st.integers(min_value=0, max_value=10**23)
closes = st.tuples(prices, orders_, surpluses)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("deposit"), amounts),
        st.tuples(st.just("transfer"), st.integers(0, 4), st.integers(0, 4), st.floats(0, 1)),
        st.tuples(st.just("claim"), st.integers(0, 4)),
        st.tuples(st.just("maker"), st.integers(0, 3)),
        st.tuples(st.just("roles")),
    ),
    max_size=40,
)


def new_model(ratio, stake_list, quote_list, close=None):
    """A succeeded model; with `close` = (price, orders, surplus), closed as the project closes
    it (which the chain does before any other revenue action)."""
    model = RevenueModel(ratio)
    model.add_model(COMBO, quote_list, dict(zip(HOLDERS, stake_list, strict=False)))
    if close is not None:
        model.deposit_base(COMBO, *close)
    return model


def rounding_short(paid, booked, shares, total):
    """How far `paid` falls short of the exact pro-rata part `booked * shares / total`; one
    accrual and one settlement round down by less than `shares / SCALE + 1` wei."""
    short = Fraction(booked * shares, total) - paid
    assert 0 <= short < Fraction(shares, SCALE) + 1
    return short


def apply(model, op):
    """Run one operation; refusals (like the contract's reverts) are part of the game."""
    kind = op[0]
    try:
        if kind == "deposit":
            model.deposit(COMBO, op[1])
        elif kind == "transfer":
            src, dst = HOLDERS[op[1]], HOLDERS[op[2]]
            model.transfer(COMBO, src, dst, int(model.shares_of(COMBO, src) * op[3]))
        elif kind == "claim":
            model.claim(COMBO, HOLDERS[op[1]])
        elif kind == "maker":
            dims = len(model.models[COMBO].quotes)
            model.claim_maker(COMBO, op[1] % dims)
        else:
            if model.creator_owed:
                model.claim_creator()
            if model.platform_owed:
                model.claim_platform()
    except NothingToClaim:
        pass


@settings(max_examples=200)
@given(ratio=ratios, stake_list=stakes, quote_list=quotes, close=closes, ops=operations)
def test_money_and_shares_are_conserved(ratio, stake_list, quote_list, close, ops):
    model = new_model(ratio, stake_list, quote_list, close)
    total_shares = model.total_shares(COMBO)
    assert model.returned() == close[2]
    for op in ops:
        apply(model, op)
        booked = model.deposited() + model.returned()
        assert booked == model.paid() + model.claimable() + model.dust()
        assert model.held() == booked - model.paid()
        assert 0 <= model.dust() <= model.dust_bound()
        assert sum(model.shares_of(COMBO, h) for h in model.holders(COMBO)) == total_shares


@given(ratio=ratios, stake_list=stakes, quote_list=quotes, close=closes, ops=operations)
def test_everyone_claiming_leaves_only_dust(ratio, stake_list, quote_list, close, ops):
    model = new_model(ratio, stake_list, quote_list, close)
    for op in ops:
        apply(model, op)
    for holder in model.holders(COMBO):
        apply(model, ("claim", HOLDERS.index(holder)))
    for dimension in range(len(quote_list)):
        model.claim_maker(COMBO, dimension)
    apply(model, ("roles",))
    assert model.claimable() == 0
    # the dust: the carries (whole wei once everyone is settled) plus the sub-wei remainders of
    # holders whose claim rounded to nothing
    assert model.deposited() + model.returned() - model.paid() == model.held()
    assert model.held() == model.dust() <= model.dust_bound()


@given(ratio=ratios, amount=amounts)
def test_split_is_the_ratio_with_investors_taking_the_rounding(ratio, amount):
    parts = split(amount, ratio)
    assert sum(parts) == amount
    assert parts.creator == amount * ratio[0] // 10_000
    assert parts.makers == amount * ratio[1] // 10_000
    assert parts.platform == amount * ratio[3] // 10_000
    assert amount * ratio[2] // 10_000 <= parts.investors <= amount * ratio[2] // 10_000 + 3


@given(
    stake_list=stakes,
    close=closes,
    first=st.none() | amounts,
    second=amounts,
    fraction=st.floats(0, 1),
)
def test_transfer_keeps_past_revenue_with_the_seller(stake_list, close, first, second, fraction):
    """Revenue accrued before a transfer, the close's (with the surplus) included, stays with the
    seller; a buyer after the close gets none of the surplus."""
    model = new_model((2500, 2500, 2500, 2500), [*stake_list, 1], [1], close)
    seller, buyer = HOLDERS[0], HOLDERS[len(stake_list)]
    if first is not None:
        model.deposit(COMBO, first)
    before = {h: model.revenue_of(COMBO, h) for h in model.holders(COMBO)}
    moved = int(model.shares_of(COMBO, seller) * fraction)
    model.transfer(COMBO, seller, buyer, moved)
    assert {h: model.revenue_of(COMBO, h) for h in model.holders(COMBO)} == before
    per_share_before = model.models[COMBO].investors.per_share
    model.deposit(COMBO, second)
    delta = model.models[COMBO].investors.per_share - per_share_before
    # from the transfer on, each earns by its new balance
    for holder in (seller, buyer):
        earned = model.revenue_of(COMBO, holder) - before[holder]
        assert earned == model.shares_of(COMBO, holder) * delta // SCALE


def test_refusals_change_nothing():
    model = new_model((3000, 3000, 3000, 1000), [10, 20], [5, 7], (10**18 + 1, 3, 18))
    model.deposit(COMBO, 10**18 + 7)
    snapshot = copy.deepcopy(model.__dict__)
    with pytest.raises(ValueError):  # a model closes once
        model.deposit_base(COMBO, 10**18 + 1, 3, 18)
    assert model.__dict__ == snapshot
    with pytest.raises(InsufficientShares) as refused:
        model.transfer(COMBO, HOLDERS[0], HOLDERS[1], 11)
    assert refused.value.message == f"InsufficientShares: 1, {HOLDERS[0]}, 10, 11"
    assert model.__dict__ == snapshot
    with pytest.raises(NothingToClaim) as refused:
        model.claim(COMBO, HOLDERS[4])
    assert refused.value.message == f"NothingToClaim: 1, {HOLDERS[4]}"
    assert model.__dict__ == snapshot
    model.claim(COMBO, HOLDERS[0])
    snapshot = copy.deepcopy(model.__dict__)
    with pytest.raises(NothingToClaim):
        model.claim(COMBO, HOLDERS[0])
    assert model.__dict__ == snapshot


def test_addresses_in_messages_are_lower_case_like_brownie():
    mixed = "0xAbCdEf0000000000000000000000000000000001"
    assert NothingToClaim(3, mixed).message == f"NothingToClaim: 3, {mixed.lower()}"


def test_bad_set_up_is_refused():
    with pytest.raises(ValueError):
        RevenueModel((5000, 5000, 1, 0))
    model = RevenueModel()
    with pytest.raises(ValueError):
        model.add_model(COMBO, [0, 1], {HOLDERS[0]: 1})
    with pytest.raises(ValueError):
        model.add_model(COMBO, [1], {HOLDERS[0]: 0})
    model.add_model(COMBO, [1], {HOLDERS[0]: 1})
    with pytest.raises(ValueError):
        model.add_model(COMBO, [1], {HOLDERS[0]: 1})
    with pytest.raises(ValueError):  # funding above the cost is never negative
        model.deposit_base(COMBO, 1, 1, -1)
    assert not model.models[COMBO].closed


# ---------------------------------------------------------------- the close and its surplus


def claimed(model, holder):
    """`holder`'s claim, 0 where the contract would refuse it (nothing owed)."""
    try:
        return model.claim(COMBO, holder)
    except NothingToClaim:
        return 0


@given(ratio=ratios, stake_list=stakes, quote_list=quotes, close=closes)
def test_close_books_the_surplus_with_the_investors_part(ratio, stake_list, quote_list, close):
    """`_close`: the makers' pool accrues their part of the base revenue over the cost; the
    investors' accrues their part and the surplus over the funding (the stakes), in one accrual.
    The split it returns (the `RevenueDeposited` parts) and the revenue leave the surplus out."""
    price, orders, surplus = close
    model = new_model(ratio, stake_list, quote_list)
    parts = model.deposit_base(COMBO, price, orders, surplus)
    assert parts == unit_split(price, orders, ratio) and sum(parts) == price * orders
    investors, makers = Pool(sum(stake_list)), Pool(sum(quote_list))
    investors.accrue(parts.investors + surplus)
    makers.accrue(parts.makers)
    book = model.models[COMBO]
    assert (book.investors, book.makers) == (investors, makers)
    assert (book.deposited, book.surplus, book.closed) == (price * orders, surplus, True)
    assert (model.deposited(), model.returned()) == (price * orders, surplus)
    assert (model.creator_owed, model.platform_owed) == (parts.creator, parts.platform)


@given(
    ratio=ratios,
    stake_list=stakes,
    quote_list=quotes,
    close=closes,
    later=amounts,
    order=st.permutations(range(5)),
)
def test_surplus_is_paid_once_and_pro_rata(ratio, stake_list, quote_list, close, later, order):
    """Every holder's first claim pays its part of the close, surplus included, pro rata to its
    shares; its surplus part alone (what it is paid above a close without surplus) is pro rata
    too. Nothing is left to claim after it, and a later deposit pays its own part only."""
    price, orders, surplus = close
    model = new_model(ratio, stake_list, quote_list, close)
    without = new_model(ratio, stake_list, quote_list, (price, orders, 0))
    total = sum(stake_list)
    investors = unit_split(price, orders, ratio).investors
    first = 0
    for i in (i for i in order if i < len(stake_list)):  # any claim order
        holder, stake = HOLDERS[i], stake_list[i]
        paid = claimed(model, holder)
        rounding_short(paid, investors + surplus, stake, total)
        part = paid - claimed(without, holder)
        assert abs(part - Fraction(surplus * stake, total)) < Fraction(stake, SCALE) + 1
        assert model.revenue_of(COMBO, holder) == 0 == claimed(model, holder)  # once
        first += paid
    # everything the close booked for the investors, but the rounding (a few wei, carried)
    pool = model.models[COMBO].investors
    assert pool.booked == investors + surplus
    rounding = Fraction(total, SCALE) + len(stake_list)  # less than shares / SCALE + 1 a holder
    assert first == pool.booked - pool.dust and 0 <= pool.dust < rounding
    dust = pool.dust
    model.deposit(COMBO, later)
    second = sum(claimed(model, h) for h in HOLDERS[: len(stake_list)])
    # the deposit's part and at most the dust the close left, never the surplus again
    part = split(later, ratio).investors
    assert part - rounding < second <= part + dust


# ---------------------------------------------------------------- against the project model

MAKER_NAMES = tuple(f"maker-{d}" for d in range(4))
CLOSE_OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("deposit"), amounts),
        st.tuples(st.just("transfer"), st.integers(0, 5), st.integers(0, 5), st.floats(0, 1)),
        st.tuples(st.just("claim"), st.integers(0, 5)),
        st.tuples(st.just("maker"), st.integers(0, 3)),
        st.tuples(st.just("roles")),
    ),
    max_size=25,
)


def succeeded_in_project_model(ratio, quote_list, stake_list, price, orders):
    """A `ProjectModel` played from ideation to the end of a presale that sold `orders` units at
    `price` (the minimum): one combination, maker d offering part d at `quote_list[d]`, holder i
    staking `stake_list[i]` (at least the cost in all). Returns (model, combo, the time it is
    closed)."""
    cfg = Config(
        creator="creator",
        ideation_end=100,
        rescue_window=10,
        development_period=10,
        testing_period=10,
        presale_period=10,
        min_total=1,
        min_stake=1,
        slots=1,
        max_rescues=0,
        rank_by=RankBy.Funding,
        ratio=tuple(ratio),
        advance_bps=2500,
        quorum=1,
        dimensions=len(quote_list),
        conditions=1,
        inspectors=("inspector",),
    )
    m = ProjectModel(cfg, "treasury")
    options = [
        mirror(m, "offerOption", 0, MAKER_NAMES[d], (d, q)) for d, q in enumerate(quote_list)
    ]
    combo = mirror(m, "investInNew", 0, HOLDERS[0], (options, stake_list[0]))
    for holder, stake in zip(HOLDERS[1:], stake_list[1:], strict=False):
        mirror(m, "invest", 0, holder, (combo, stake))
    mirror(m, "finalize", cfg.ideation_end, "creator", (0, [combo]))
    rescue, development, testing, presale = m.schedule()
    for d in range(len(quote_list)):
        mirror(m, "deliver", rescue, MAKER_NAMES[d], (combo, d))
    mirror(m, "recordVerdict", development, "inspector", (combo, 0, True))
    mirror(m, "setModelTerms", testing, "creator", (combo, price, orders))
    for i in range(orders):
        mirror(m, "order", testing, f"buyer-{i}", (combo, []))
    return m, combo, presale


def refused(call):
    """`call()`'s result, or None where the revenue model refuses it (as the contract reverts;
    a refusal changes nothing)."""
    try:
        return call()
    except NothingToClaim:
        return None


def play(pm, call, now, sender, args):
    """`mirror` as the chain runs it: the result, or None where the contract reverts, and then
    nothing changes (the project model may have changed its state before refusing: try a copy)."""
    try:
        mirror(copy.deepcopy(pm), call, now, sender, args)
    except Rejected:
        return None
    return mirror(pm, call, now, sender, args)


@settings(max_examples=60)
@given(
    ratio=ratios,
    stake_list=stakes,
    quote_list=quotes,
    extra=st.integers(0, 10**22),
    price=prices,
    orders=st.integers(1, 8),
    ops=CLOSE_OPERATIONS,
)
def test_close_and_claims_match_the_project_model(
    ratio, stake_list, quote_list, extra, price, orders, ops
):
    """The revenue model closes a model as `ProjectModel._close` does (the same pools, to the
    wei, with the surplus `ProjectModel.surplus`), and every later deposit, transfer and claim
    pays and books the same on both."""
    stake_list = list(stake_list)
    stake_list[0] += max(sum(quote_list) - sum(stake_list), 0) + extra  # funded to the cost
    pm, combo, now = succeeded_in_project_model(ratio, quote_list, stake_list, price, orders)
    mirror(pm, "closeModel", now, "", (combo,))
    c = pm.combos[combo]
    assert c.succeeded and ProjectModel.surplus(c) == sum(stake_list) - sum(quote_list)

    model = RevenueModel(ratio)
    model.add_model(combo, quote_list, dict(zip(HOLDERS, stake_list, strict=False)))
    model.deposit_base(combo, price, orders, ProjectModel.surplus(c))
    book = model.models[combo]

    def same():
        assert (c.investors, c.makers) == (book.investors, book.makers)
        assert (pm.creator_owed, pm.platform_owed) == (model.creator_owed, model.platform_owed)
        for holder in HOLDERS:
            assert pm.revenue_of(now, combo, holder) == model.revenue_of(combo, holder)
            assert pm.shares_of(now, combo, holder) == model.shares_of(combo, holder)

    same()
    for op in ops:
        kind = op[0]
        if kind == "deposit":
            mirror(pm, "depositRevenue", now, "licensee", (combo, op[1]))
            model.deposit(combo, op[1])
        elif kind == "transfer":
            src, dst = HOLDERS[op[1]], HOLDERS[op[2]]
            amount = int(model.shares_of(combo, src) * op[3])
            mirror(pm, "moveShares", now, "", (src, dst, combo, amount))
            model.transfer(combo, src, dst, amount)
        elif kind == "claim":
            holder = HOLDERS[op[1]]
            expected = refused(lambda h=holder: model.claim(combo, h))
            assert play(pm, "claimRevenue", now, holder, (combo,)) == expected
        elif kind == "maker":
            d = op[1] % len(quote_list)
            escrow, revenue = pm.maker_owed(now, combo, d)
            assert revenue == model.maker_revenue_of(combo, d)
            paid = play(pm, "claimMaker", now, MAKER_NAMES[d], (combo, d))
            # nothing at all owed: the contract reverts (and the revenue model is not asked)
            assert paid == (escrow + model.claim_maker(combo, d) if escrow + revenue else None)
        else:
            for call, claim, who in (
                ("claimCreator", model.claim_creator, "creator"),
                ("claimPlatform", model.claim_platform, "treasury"),
            ):
                assert play(pm, call, now, who, ()) == refused(lambda c=claim, w=who: c(w))
        same()
    assert pm.revenue_dust() == book.investors.dust + book.makers.dust
