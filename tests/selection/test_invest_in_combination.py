# SPDX-License-Identifier: MIT
"""invest adds to a combination's escrow, per backer; supporters count distinct backers whose
stake reaches the minimum (once, however many top-ups), backers count every stake."""

from __future__ import annotations

import brownie
import pytest
from brownie import TestToken
from selection_model import Book, Ledger, combination_matches

from cobuild.chain.lifecycle import advance_to, finalize
from cobuild.chain.money import Money
from cobuild.protocol import Phase, Status

E = 10**18
MIN_STAKE = E // 10
MAX_AMOUNT = 2**88 - 1


@pytest.fixture(scope="module")
def ideation(open_project, money, makers, backers):
    """Two combinations of a project with minimum stake 0.1 (and minimum total 1)."""
    project = open_project(money, min_total=E, min_stake=MIN_STAKE, slots=2)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=2))
    opts = book.offer_grid(makers, [[E // 10, E // 5] for _ in range(3)])
    a = book.invest(backers[0], [o[0] for o in opts], E // 20)
    b = book.invest(backers[1], [o[1] for o in opts], E // 20)
    return project, book, a, b


@pytest.fixture
def forked_ideation(ideation):
    project, book, a, b = ideation
    return project, book.fork(), a, b


def _matches(project, book, *combos):
    return all(combination_matches(project.combination(c), book.ledger, c) for c in combos)


def test_investment_is_escrowed_per_backer_and_combination(forked_ideation, money, backers):
    project, book, a, b = forked_ideation
    if not money.is_eth:
        money.token.mint(backers[2], 10 * E, {"from": backers[2]})
    escrow = money.balance(project)
    paid = money.balance(backers[2])
    book.invest(backers[2], a, 3 * E)
    book.invest(backers[2], b, E)
    book.invest(backers[0], a, E // 4)  # top-up
    assert money.balance(project) == escrow + 3 * E + E + E // 4
    assert money.balance(backers[2]) == paid - 4 * E  # gas is free on the test chain
    assert project.stakeOf(a, backers[2]) == 3 * E
    assert project.stakeOf(b, backers[2]) == E
    assert project.stakeOf(a, backers[0]) == E // 20 + E // 4
    assert _matches(project, book, a, b)


def test_supporters_count_once_stakes_reach_minimum(forked_ideation, backers):
    project, book, a, b = forked_ideation

    def counts(combo):
        view = project.combination(combo)
        return view["supporters"], view["backers"]

    # backers[0] created `a` below the minimum: a backer, not a supporter
    assert counts(a) == (0, 1)
    book.invest(backers[0], a, MIN_STAKE - E // 20 - 1)  # one wei short
    assert counts(a) == (0, 1)
    book.invest(backers[0], a, 1)  # exactly the minimum: crosses
    assert counts(a) == (1, 1)
    book.invest(backers[0], a, 5 * E)  # more top-ups never count again
    book.invest(backers[0], a, 1)
    assert counts(a) == (1, 1)
    book.invest(backers[3], a, MIN_STAKE)  # a new backer at the minimum
    assert counts(a) == (2, 2)
    book.invest(backers[4], a, MIN_STAKE - 1)  # a new backer below it
    assert counts(a) == (2, 3)
    book.invest(backers[4], a, 2 * MIN_STAKE)  # crossing in one large top-up
    assert counts(a) == (3, 3)
    # per combination: backers[3] supports `a`, but is a mere backer of `b`
    book.invest(backers[3], b, 1)
    assert counts(b) == (0, 2)
    assert _matches(project, book, a, b)


@pytest.mark.parametrize("combo", [0, 3, 2**32])
def test_unknown_combination_is_refused(forked_ideation, money, backers, combo):
    project, *_ = forked_ideation
    with brownie.reverts(f"UnknownCombination: {combo}"):
        project.invest(combo, E, money.pay(backers[0], project, E))


def test_zero_amount_is_refused(forked_ideation, money, backers):
    project, _, a, _ = forked_ideation
    with brownie.reverts("ZeroAmount: "):
        project.invest(a, 0, money.pay(backers[2], project, 0))
    assert project.combination(a)["backers"] == 1


def test_funding_beyond_88_bits_is_refused(forked_ideation, money, backers):
    project, _, a, _ = forked_ideation
    funded = project.combination(a)["funded"]
    # refused before any payment is taken
    with brownie.reverts(f"AmountTooLarge: {MAX_AMOUNT - funded + 1}, {MAX_AMOUNT - funded}"):
        project.invest(a, MAX_AMOUNT - funded + 1, {"from": backers[2]})


@pytest.mark.parametrize(
    "phase",
    [
        Phase.Finalizing,
        Phase.Failed,
        Phase.Development,
        Phase.Testing,
        Phase.Presale,
        Phase.Closed,
    ],
    ids=lambda phase: phase.name.lower(),
)
def test_invest_outside_ideation_and_rescue_reverts(
    open_project, money, makers, backers, creator, to_presale, phase
):
    """Shares are bought in ideation and the rescue window only (issue 30): not even in a model
    whose terms are set and which has no order yet, where late investment used to be open."""
    min_total = 10 * E if phase == Phase.Failed else E
    project = open_project(money, min_total=min_total, min_stake=MIN_STAKE, slots=1)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=1))
    opts = book.offer_grid(makers, [[E // 10] for _ in range(3)])
    combo = book.invest(backers[0], [o[0] for o in opts], E)
    if phase == Phase.Finalizing:
        advance_to(project, Phase.Finalizing)
    elif phase in (Phase.Failed, Phase.Development, Phase.Testing):
        finalize(project, creator)
        if phase != Phase.Failed:
            advance_to(project, phase)
    else:
        to_presale(project, combo)
        project.setModelTerms(combo, E, 2, {"from": creator})
        view = project.combination(combo)
        assert (view["status"], view["orders"]) == (Status.Model, 0)
        advance_to(project, phase)
    assert project.phase() == phase
    refused = f"ProjectWrongPhase: {phase.value}, {Phase.Ideation.value}"
    assert book.ledger.refusal("invest", backers[0].address, (combo, E)) == refused
    for backer in (backers[0], backers[1]):  # a backer, and a newcomer
        with brownie.reverts(refused):
            project.invest(combo, E, money.pay(backer, project, E))


# ---------------------------------------------------------------- payment value


def test_eth_value_must_equal_amount(open_project, eth, makers, backers):
    project = open_project(eth, min_stake=MIN_STAKE)
    book = Book(project, eth, Ledger(min_stake=MIN_STAKE, slots=3))
    opts = book.offer_grid(makers, [[E // 10] for _ in range(3)])
    picks = [o[0] for o in opts]
    with brownie.reverts(f"WrongPaymentValue: {E}, {E - 1}"):
        project.investInNew(picks, E, {"from": backers[0], "value": E - 1})
    combo = book.invest(backers[0], picks, E)
    with brownie.reverts(f"WrongPaymentValue: {E}, {E + 1}"):
        project.invest(combo, E, {"from": backers[1], "value": E + 1})
    with brownie.reverts(f"WrongPaymentValue: {E}, 0"):
        project.invest(combo, E, {"from": backers[1]})
    assert eth.balance(project) == E


def test_eth_sent_to_token_project_is_refused(open_project, deployer, makers, backers):
    money = Money(TestToken.deploy("Cobuild Dollar", "CBD", {"from": deployer}))
    project = open_project(money, min_stake=MIN_STAKE)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3))
    opts = book.offer_grid(makers, [[E // 10] for _ in range(3)])
    picks = [o[0] for o in opts]
    with brownie.reverts(f"WrongPaymentValue: 0, {E}"):
        project.investInNew(picks, E, {**money.pay(backers[0], project, E), "value": E})
    combo = book.invest(backers[0], picks, E)
    with brownie.reverts("WrongPaymentValue: 0, 1"):
        project.invest(combo, E, {**money.pay(backers[1], project, E), "value": 1})
    assert money.balance(project) == E
    assert brownie.web3.eth.get_balance(project.address) == 0
