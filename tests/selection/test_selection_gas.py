# SPDX-License-Identifier: MIT
"""Gas figures of ideation and selection (printed in the terminal summary, "selection gas"), and
the property behind them: no cost grows with the number of backers, and ranking costs the same
per combination wherever the batch starts. Budgets are the benchmark's business, not asserted here.
"""

from __future__ import annotations

import itertools

import pytest
from selection_model import Book, Ledger, send

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to
from cobuild.chain.platform import ProjectSpec, deploy_platform
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import Phase, content_hash

E = 10**18
MIN_STAKE = E // 100
MANY = 30  # backers already in a combination when the "crowded" figures are taken


def _asset(money):
    return "eth" if money.is_eth else "erc20"


def _prefund(money, project, accounts):
    if not money.is_eth:
        for who in accounts:
            send(money.token.mint, (who, 10**6 * E), {"from": who})
            send(money.token.approve, (project, 2**256 - 1), {"from": who})


@pytest.fixture(scope="module")
def crowd():
    return [actor(f"gas-backer-{i}") for i in range(MANY + 4)]


@pytest.fixture(scope="module")
def ideation(factory, creator, inspectors, money, makers, crowd):
    """A project (its creation measured) with two combinations: `lone` has one backer, `crowded`
    has MANY. min_total is out of reach, so finalizing fails the launch and opens refunds."""
    spec = ProjectSpec(
        inspectors=list(inspectors), token=money.address, min_total=10**6 * E, min_stake=MIN_STAKE
    )
    project = open_on_factory(factory, creator, spec).project
    _prefund(money, project, crowd)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3), fast=True)
    o = book.offer_grid(makers, [[E, E] for _ in range(3)])
    lone = book.invest(crowd[0], [x[0] for x in o], E)
    crowded = book.invest(crowd[0], [x[1] for x in o], E)
    for who in crowd[1:MANY]:
        book.invest(who, crowded, E)
    return project, book, o, lone, crowded


def test_create_project_gas(deployer, treasury, creator, inspectors, money, gas_log):
    """On a fresh factory: its first project (which also starts the registry) and the next one."""
    factory = deploy_platform(deployer, treasury).factory
    spec = ProjectSpec(inspectors=list(inspectors), token=money.address)
    first = open_on_factory(factory, creator, spec).tx.gas_used
    spec.content_hash = content_hash("another project")
    later = open_on_factory(factory, creator, spec).tx.gas_used
    gas_log.record("createProject: first of a factory", _asset(money), first)
    gas_log.record("createProject: a later one", _asset(money), later)
    assert later < first  # the registry's length slot is no longer zero


def test_investment_gas_does_not_grow_with_backers(ideation, money, crowd, gas_log):
    project, _, o, lone, crowded = ideation
    asset = _asset(money)
    newcomer = crowd[MANY]
    picks = [o[0][0], o[1][1], o[2][0]]
    tx = project.investInNew(picks, E, money.pay(newcomer, project, E))
    gas_log.record("investInNew (new combination)", asset, tx.gas_used)
    # a new backer, crossing the minimum stake (the supporter count moves)
    first = project.invest(lone, E, money.pay(newcomer, project, E)).gas_used
    later = project.invest(crowded, E, money.pay(crowd[MANY + 1], project, E)).gas_used
    gas_log.record("invest: new backer (1 backer before)", asset, first)
    gas_log.record(f"invest: new backer ({MANY} backers before)", asset, later)
    # a top-up of a supporter
    top_up = project.invest(lone, E, money.pay(newcomer, project, E)).gas_used
    top_up_crowded = project.invest(crowded, E, money.pay(crowd[MANY + 1], project, E)).gas_used
    gas_log.record("invest: top-up", asset, top_up)
    # a new backer below the minimum, then crossing it with a top-up
    below_min = MIN_STAKE - 1
    below = project.invest(lone, below_min, money.pay(crowd[MANY + 2], project, below_min)).gas_used
    cross = project.invest(lone, 1, money.pay(crowd[MANY + 2], project, 1)).gas_used
    gas_log.record("invest: new backer below the minimum stake", asset, below)
    gas_log.record("invest: top-up crossing the minimum stake", asset, cross)
    assert later == first
    assert top_up_crowded == top_up
    assert top_up < first


def test_argue_gas(ideation, money, crowd, gas_log):
    project, _, _, lone, crowded = ideation
    gas = project.argue(lone, "why", {"from": crowd[0]}).gas_used
    crowded_gas = project.argue(crowded, "why", {"from": crowd[MANY - 1]}).gas_used
    gas_log.record("argue", _asset(money), gas)
    assert crowded_gas == gas


def test_refund_gas_does_not_grow_with_backers(ideation, money, crowd, stranger, gas_log):
    project, book, _, lone, crowded = ideation
    advance_to(project, Phase.Finalizing)
    project.finalize(0, book.ledger.ranking(), {"from": stranger})
    assert project.phase() == Phase.Failed
    lone_gas = project.refund(lone, {"from": crowd[0]}).gas_used
    first = project.refund(crowded, {"from": crowd[1]}).gas_used
    last = project.refund(crowded, {"from": crowd[MANY - 1]}).gas_used
    gas_log.record("refund (failed launch)", _asset(money), first)
    # every refund is the same work: the first and the last of MANY, or the only backer
    assert first == last == lone_gas


# ---------------------------------------------------------------- finalize at 100 combinations

HUNDRED = (5, 5, 4)  # options per dimension: 100 combinations


@pytest.fixture(scope="module")
def hundred(open_project, money, makers, crowd):
    """100 combinations with 1 to 4 backers each (varied supporters and funding); slots 45."""
    project = open_project(money, min_total=E, min_stake=MIN_STAKE, slots=45)
    _prefund(money, project, crowd[:4])
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=45), fast=True)
    o = book.offer_grid(makers, [[E // 10 * (i + 1) for i in range(n)] for n in HUNDRED])
    for i, picks in enumerate(itertools.product(*o)):
        combo = book.invest(crowd[0], list(picks), E // 10 * (1 + i % 7))
        for who in crowd[1 : 1 + i % 4]:
            book.invest(who, combo, MIN_STAKE * (1 + i % 3))
    assert len(book.ledger.combos) == 100
    return project, book


def test_finalize_100_in_one_batch(hundred, money, crowd, stranger, gas_log):
    project, book = hundred
    advance_to(project, Phase.Finalizing)
    tx = project.finalize(0, book.ledger.ranking(), {"from": stranger})
    assert tx.events["SelectionFinalized"]["selected"] == len(book.ledger.selected_by_rank())
    gas_log.record("finalize: 100 combinations, one batch (total)", _asset(money), tx.gas_used)
    gas_log.record(
        "finalize: per combination (one batch of 100)", _asset(money), tx.gas_used // 100
    )
    # a rescue: the best-ranked combination next in line topped up to its cost by its backer
    combo = book.ledger.next_in_line()[0]
    gap = book.ledger.costs[combo] - book.ledger.funded(combo)
    tx = project.invest(combo, gap, money.pay(crowd[0], project, gap))
    assert book.ledger.rescue(combo, crowd[0].address, gap) and "CombinationRescued" in tx.events
    gas_log.record("invest: rescue (reaches the cost)", _asset(money), tx.gas_used)


def test_finalize_costs_the_same_per_combination_in_any_batch(hundred, money, stranger, gas_log):
    project, book = hundred
    order = book.ledger.ranking()
    advance_to(project, Phase.Finalizing)
    # the next-in-line bitmap is written in the first batch only: the best-ranked three (the
    # default maxRescues) are underfunded
    assert {order.index(c) for c in book.ledger.next_in_line()} == {0, 1, 2}
    gas = []
    for start, end in ((0, 10), (10, 50), (50, 90), (90, 100)):
        gas.append(project.finalize(start, order[start:end], {"from": stranger}).gas_used)
    assert project.phase() == Phase.Rescue
    marginal = (gas[1] - gas[0]) // 30  # 40 combinations against 10: the overhead cancels
    gas_log.record("finalize: marginal per combination (batches 10/40)", _asset(money), marginal)
    gas_log.record("finalize: batch of 40 combinations", _asset(money), gas[1])
    # two batches of 40 in the middle of the ranking cost the same to within a few storage
    # warm-ups and the selection bitmap's first write (one storage word, 22,100 gas, in the batch
    # that selects first; the next-in-line bitmap's is in the first batch, see above): no cost
    # depends on the position or on the backers
    assert abs(gas[1] - gas[2]) < gas[1] // 100 + 22_100
