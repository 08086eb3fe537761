# SPDX-License-Identifier: MIT
"""investInNew creates a combination (one option per dimension, cost = sum of quotes) with the
first investment in it; ids follow the order of first funding; invalid picks are refused."""

from __future__ import annotations

import brownie
import pytest
from selection_model import Book, Ledger

from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, Status

E = 10**18
MAX_AMOUNT = 2**88 - 1


@pytest.fixture(scope="module")
def ideation(open_project, money, makers):
    """A project with two options per dimension: quotes (d+1) * 0.1 and (d+1) * 0.2."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=2)
    book = Book(project, money, Ledger(min_stake=E // 100, slots=2))
    opts = book.offer_grid(makers, [[(d + 1) * E // 10, (d + 1) * E // 5] for d in range(3)])
    return project, book, opts


@pytest.fixture
def forked_ideation(ideation):
    project, book, opts = ideation
    return project, book.fork(), opts


def test_first_investment_creates_combination_with_summed_cost(forked_ideation, money, backers):
    project, book, opts = forked_ideation
    picks = [opts[0][1], opts[1][0], opts[2][1]]
    balance = money.balance(project)
    tx = project.investInNew(picks, E // 2, money.pay(backers[0], project, E // 2))
    created = tx.events["CombinationCreated"]
    cost = sum(book.quotes[o] for o in picks)
    assert created["combo"] == 1 and list(created["optionIds"]) == picks
    assert created["cost"] == cost
    assert tx.events["Invested"]["combo"] == 1
    assert tx.events["Invested"]["backer"] == backers[0]
    assert tx.events["Invested"]["amount"] == E // 2
    assert money.balance(project) == balance + E // 2
    view = project.combination(1)
    assert view["status"] == Status.Backed
    assert list(view["optionIds"]) == picks
    assert (view["cost"], view["funded"], view["supporters"], view["backers"]) == (
        cost,
        E // 2,
        1,
        1,
    )
    assert project.combinationId(picks) == 1
    assert project.stakeOf(1, backers[0]) == E // 2


def test_ids_follow_order_of_first_funding(forked_ideation, backers):
    project, book, opts = forked_ideation
    order = [
        [opts[0][1], opts[1][1], opts[2][1]],
        [opts[0][0], opts[1][0], opts[2][0]],
        [opts[0][0], opts[1][1], opts[2][0]],
    ]
    ids = [book.invest(backers[i], picks, E // 10) for i, picks in enumerate(order)]
    assert ids == [1, 2, 3]
    assert [project.combinationId(p) for p in order] == ids
    assert project.combinationId([opts[0][1], opts[1][0], opts[2][0]]) == 0  # never funded
    assert project.counts()["combinations"] == 3


def test_invest_in_new_on_an_existing_combination_invests_in_it(forked_ideation, money, backers):
    """A front-run that creates the same combination first (even with 1 wei) cannot make the
    victim's call fail: it invests in the existing combination."""
    project, book, opts = forked_ideation
    picks = [opts[0][0], opts[1][0], opts[2][0]]
    book.invest(backers[0], picks, 1)  # the front-run
    before = money.balance(project)
    tx = project.investInNew(picks, E // 10, money.pay(backers[1], project, E // 10))
    assert "CombinationCreated" not in tx.events
    assert tx.events["Invested"]["combo"] == 1
    assert project.counts()["combinations"] == 1
    view = project.combination(1)
    assert (view["funded"], view["backers"]) == (E // 10 + 1, 2)
    assert project.stakeOf(1, backers[1]) == E // 10
    assert money.balance(project) == before + E // 10


def test_option_of_another_dimension_is_refused(forked_ideation, money, backers):
    project, _, opts = forked_ideation
    # dimension 0 given an option of dimension 1
    picks = [opts[1][0], opts[1][1], opts[2][0]]
    with brownie.reverts(f"InvalidOption: {opts[1][0]}, 0"):
        project.investInNew(picks, E, money.pay(backers[0], project, E))
    # right options, wrong order
    picks = [opts[0][0], opts[2][0], opts[1][0]]
    with brownie.reverts(f"InvalidOption: {opts[2][0]}, 1"):
        project.investInNew(picks, E, money.pay(backers[0], project, E))


@pytest.mark.parametrize("unknown", [0, 7, 2**32 - 1])
def test_unknown_option_is_refused(forked_ideation, money, backers, unknown):
    project, _, opts = forked_ideation
    picks = [opts[0][0], opts[1][0], unknown]
    with brownie.reverts(f"InvalidOption: {unknown}, 2"):
        project.investInNew(picks, E, money.pay(backers[0], project, E))


@pytest.mark.parametrize("length", [0, 2, 4])
def test_wrong_number_of_options_is_refused(forked_ideation, money, backers, length):
    project, _, opts = forked_ideation
    picks = [opts[0][0], opts[1][0], opts[2][0], opts[0][1]][:length]
    with brownie.reverts(f"InvalidDimension: {length}, 3"):
        project.investInNew(picks, E, money.pay(backers[0], project, E))


def test_zero_amount_is_refused(forked_ideation, money, backers):
    project, _, opts = forked_ideation
    with brownie.reverts("ZeroAmount: "):
        project.investInNew([o[0] for o in opts], 0, money.pay(backers[0], project, 0))
    assert project.counts()["combinations"] == 0


def test_cost_beyond_88_bits_is_refused(forked_ideation, money, makers, backers):
    project, book, _ = forked_ideation
    big = [book.offer(makers[d], d, MAX_AMOUNT) for d in range(3)]
    with brownie.reverts(f"AmountTooLarge: {3 * MAX_AMOUNT}, {MAX_AMOUNT}"):
        project.investInNew(big, E, money.pay(backers[0], project, E))


def test_no_new_combination_after_ideation(forked_ideation, money, backers):
    project, book, opts = forked_ideation
    book.invest(backers[0], [o[0] for o in opts], E)
    advance_to(project, Phase.Finalizing)
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Finalizing.value}, {Phase.Ideation.value}"):
        project.investInNew([o[1] for o in opts], E, money.pay(backers[1], project, E))
