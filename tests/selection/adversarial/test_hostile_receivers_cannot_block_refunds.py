# SPDX-License-Identifier: MIT
"""A receiver that reverts, and one that re-enters the project while it is paid, can fail only
their own withdrawal: everyone else is refunded exactly, nobody is paid twice, and the escrow
always holds exactly what is still owed. Both ways out of selection: a failed launch and a
combination not selected."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3
from hostile_actor import Hostile
from selection_model import Book, Ledger, forked

from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, Status

E = 10**18
MIN_STAKE = E // 10


@pytest.fixture(scope="module", params=["failed-launch", "not-selected"])
def hostile(request, open_project, eth, makers, backers, deployer, stranger):
    """Combinations `a` and `b`, each backed by three honest backers, a reverting receiver and a
    reentrant receiver; refunds are open (the launch failed, or `a`, `b` were not selected)."""
    failed = request.param == "failed-launch"
    project = open_project(eth, min_total=100 * E if failed else E, min_stake=MIN_STAKE, slots=1)
    book = Book(project, eth, Ledger(min_stake=MIN_STAKE, slots=1))
    o = book.offer_grid(makers, [[E, E] for _ in range(3)])
    reverting, reentrant = Hostile.deploy(deployer), Hostile.deploy(deployer)
    a = book.invest(backers[0], [o[0][0], o[1][0], o[2][0]], E // 2)
    b = book.invest(backers[0], [o[0][1], o[1][0], o[2][0]], E // 3)
    for i, hostile_backer in enumerate((reverting, reentrant)):
        for combo, amount in ((a, E // 5 + i), (b, E // 7 + i)):
            hostile_backer.call(project, project.invest.encode_input(combo, amount), amount)
            book.ledger.add(combo, hostile_backer.address, amount)
    for i in (1, 2):
        book.invest(backers[i], a, E // 4 + i)
        book.invest(backers[i], b, E // 6 + i)
    if not failed:  # a funded combination with more supporters takes the only slot
        top = book.invest(backers[3], [o[0][0], o[1][1], o[2][1]], 3 * E)
        for i in (4, 5, 6, 7, 8):
            book.invest(backers[i], top, MIN_STAKE)
    advance_to(project, Phase.Finalizing)
    project.finalize(0, book.ledger.ranking(), {"from": stranger})
    if not failed:
        advance_to(project, Phase.Development)
    assert project.phase() == (Phase.Failed if failed else Phase.Development)
    assert project.status(a) == project.status(b) == Status.NotSelected
    return project, book, a, b, reverting, reentrant


@pytest.fixture
def forked_hostile(hostile):
    return forked(hostile)


def _owed(project, book, combos):
    """What the escrow still owes on `combos` (the model's stakes not yet refunded)."""
    return sum(project.refundableOf(c, who) for c in combos for who in book.ledger.stakes[c])


def _refund_honest(project, book, backers, combos):
    for combo in combos:
        for backer in backers[:3]:
            paid = book.ledger.stake(combo, backer.address)
            before = backer.balance()
            project.refund(combo, {"from": backer})
            assert backer.balance() == before + paid
            assert book.ledger.refunded(combo, backer.address) == paid


def _escrow_matches(project, book, refundable):
    """The escrow holds every wei paid in and not refunded (by the money model), and that is the
    selected funding plus what is still refundable."""
    held = web3.eth.get_balance(project.address)
    assert held == book.ledger.model.held
    kept = sum(book.ledger.funded(c) for c in book.ledger.combos if c not in refundable)
    assert held == kept + _owed(project, book, refundable)


def test_reverting_receiver_fails_only_its_own_refund(forked_hostile, backers):
    project, book, a, b, reverting, _ = forked_hostile
    stake = book.ledger.stake(a, reverting.address)
    reverting.refuse()
    with brownie.reverts(f"PaymentFailed: {reverting.address.lower()}, {stake}"):
        reverting.call(project, project.refund.encode_input(a))
    assert project.refundableOf(a, reverting.address) == stake  # still owed
    _refund_honest(project, book, backers, (a, b))
    _escrow_matches(project, book, (a, b))
    # once it accepts ETH it collects exactly its stake, once
    reverting.accept()
    reverting.call(project, project.refund.encode_input(a))
    assert reverting.contract.balance() == stake
    with brownie.reverts(f"NothingToClaim: {a}, {reverting.address.lower()}"):
        reverting.call(project, project.refund.encode_input(a))
    assert book.ledger.refunded(a, reverting.address) == stake
    _escrow_matches(project, book, (a, b))


@pytest.mark.parametrize("second", ["same", "other"])
def test_reentrant_refund_is_refused_and_pays_once(forked_hostile, backers, second):
    project, book, a, b, _, reentrant = forked_hostile
    target = a if second == "same" else b
    hook = project.refund.encode_input(target)
    reentrant.arm(project, hook)
    stake_a = book.ledger.stake(a, reentrant.address)
    tx = reentrant.call(project, project.refund.encode_input(a))
    assert [e["amount"] for e in tx.events["Refunded"]] == [stake_a]
    assert reentrant.hook_refused()
    assert reentrant.received() == reentrant.balance() == stake_a
    assert book.ledger.refunded(a, reentrant.address) == stake_a
    with brownie.reverts(f"NothingToClaim: {a}, {reentrant.address.lower()}"):
        reentrant.call(project, project.refund.encode_input(a))
    # its other position is intact and is paid normally, outside the hook
    stake_b = book.ledger.stake(b, reentrant.address)
    assert project.refundableOf(b, reentrant.address) == stake_b
    reentrant.accept()
    reentrant.call(project, project.refund.encode_input(b))
    assert reentrant.balance() == stake_a + stake_b
    assert book.ledger.refunded(b, reentrant.address) == stake_b
    _refund_honest(project, book, backers, (a, b))
    _escrow_matches(project, book, (a, b))


def test_reentrant_receiver_that_insists_fails_only_itself(forked_hostile, backers):
    project, book, a, b, _, reentrant = forked_hostile
    stake = book.ledger.stake(a, reentrant.address)
    hook = project.refund.encode_input(a)
    reentrant.arm(project, hook, bubble=True)
    with brownie.reverts(f"PaymentFailed: {reentrant.address.lower()}, {stake}"):
        reentrant.call(project, project.refund.encode_input(a))
    assert project.refundableOf(a, reentrant.address) == stake
    _refund_honest(project, book, backers, (a, b))
    _escrow_matches(project, book, (a, b))
    reentrant.accept()
    reentrant.call(project, project.refund.encode_input(a))
    assert reentrant.balance() == stake
