"""The Python money model itself (cobuild/model/revenue.py), off chain: under any sequence of
deposits, transfers and claims it conserves money (deposited == paid + claimable + dust, the dust
bounded by a few wei per member), conserves shares, keeps pre-transfer revenue with the seller,
and refuses what the contract refuses without changing its state."""

import copy
import warnings

import hypothesis
import pytest
from brownie.exceptions import BrownieTestWarning
from hypothesis import settings
from hypothesis import strategies as st

from cobuild.model.revenue import (
    SCALE,
    InsufficientShares,
    NothingToClaim,
    RevenueModel,
    split,
)

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


def new_model(ratio, stake_list, quote_list):
    model = RevenueModel(ratio)
    model.add_model(COMBO, quote_list, dict(zip(HOLDERS, stake_list, strict=False)))
    return model


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
@given(ratio=ratios, stake_list=stakes, quote_list=quotes, ops=operations)
def test_money_and_shares_are_conserved(ratio, stake_list, quote_list, ops):
    model = new_model(ratio, stake_list, quote_list)
    total_shares = model.total_shares(COMBO)
    for op in ops:
        apply(model, op)
        assert model.deposited() == model.paid() + model.claimable() + model.dust()
        assert 0 <= model.dust() <= model.dust_bound()
        assert sum(model.shares_of(COMBO, h) for h in model.holders(COMBO)) == total_shares


@given(ratio=ratios, stake_list=stakes, quote_list=quotes, ops=operations)
def test_everyone_claiming_leaves_only_dust(ratio, stake_list, quote_list, ops):
    model = new_model(ratio, stake_list, quote_list)
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
    assert model.deposited() - model.paid() == model.dust() <= model.dust_bound()


@given(ratio=ratios, amount=amounts)
def test_split_is_the_ratio_with_investors_taking_the_rounding(ratio, amount):
    parts = split(amount, ratio)
    assert sum(parts) == amount
    assert parts.creator == amount * ratio[0] // 10_000
    assert parts.makers == amount * ratio[1] // 10_000
    assert parts.platform == amount * ratio[3] // 10_000
    assert amount * ratio[2] // 10_000 <= parts.investors <= amount * ratio[2] // 10_000 + 3


@given(stake_list=stakes, first=amounts, second=amounts, fraction=st.floats(0, 1))
def test_transfer_keeps_past_revenue_with_the_seller(stake_list, first, second, fraction):
    model = new_model((2500, 2500, 2500, 2500), [*stake_list, 1], [1])
    seller, buyer = HOLDERS[0], HOLDERS[len(stake_list)]
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
    model = new_model((3000, 3000, 3000, 1000), [10, 20], [5, 7])
    model.deposit(COMBO, 10**18 + 7)
    snapshot = copy.deepcopy(model.__dict__)
    with pytest.raises(InsufficientShares) as refused:
        model.transfer(COMBO, HOLDERS[0], HOLDERS[1], 11)
    assert refused.value.message == f"InsufficientShares: 1, {HOLDERS[0]}, 10, 11"
    assert model.__dict__ == snapshot
    with pytest.raises(NothingToClaim) as refused:
        model.claim(COMBO, HOLDERS[4])
    assert refused.value.message == f"NothingToClaim: 1, {HOLDERS[4]}"
    model.claim(COMBO, HOLDERS[0])
    with pytest.raises(NothingToClaim):
        model.claim(COMBO, HOLDERS[0])


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
