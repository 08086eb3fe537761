# SPDX-License-Identifier: MIT
"""When the minimum total is not reached the launch fails: every combination is out and every
backer withdraws exactly what it paid, once."""

from __future__ import annotations

import brownie
import pytest
from selection_model import Book, Ledger

from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, Status

E = 10**18
MIN_STAKE = E // 10


@pytest.fixture(scope="module")
def failed(open_project, money, makers, backers, stranger):
    """Five backers over three combinations (one backer in all three, with top-ups; one below the
    minimum stake); the total stays one wei short of the minimum."""
    project = open_project(money, min_total=10 * E, min_stake=MIN_STAKE, slots=2)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=2))
    o = book.offer_grid(makers, [[E // 4, E // 2] for _ in range(3)])
    b = backers
    a = book.invest(b[0], [o[0][0], o[1][0], o[2][0]], 3 * E)
    book.invest(b[1], a, E + 7)
    book.invest(b[0], a, E // 3)
    c = book.invest(b[2], [o[0][1], o[1][0], o[2][0]], 2 * E)
    book.invest(b[0], c, 11)
    d = book.invest(b[3], [o[0][1], o[1][1], o[2][1]], MIN_STAKE - 1)
    book.invest(b[0], d, E)
    book.invest(b[4], d, 10 * E - 1 - book.ledger.total())  # one wei short in total
    assert book.ledger.total() == 10 * E - 1
    advance_to(project, Phase.Finalizing)
    tx = project.finalize(0, book.ledger.ranking(), {"from": stranger})
    return project, book, tx


@pytest.fixture
def forked_failed(failed):
    project, book, tx = failed
    return project, book.fork(), tx


def _refunds(book):
    """(combo, backer address, stake) for every position in the books."""
    return [
        (combo, backer, stake)
        for combo in book.ledger.combos
        for backer, stake in book.ledger.stakes[combo].items()
    ]


def test_launch_fails_below_minimum_total(forked_failed):
    project, book, tx = forked_failed
    assert tx.events["LaunchFailed"]["totalInvested"] == book.ledger.total()
    assert tx.events["LaunchFailed"]["minTotal"] == 10 * E
    assert "SelectionFinalized" not in tx.events
    assert project.phase() == Phase.Failed
    assert list(project.schedule()) == [0, 0, 0, 0]
    assert all(project.status(c) == Status.NotSelected for c in book.ledger.combos)
    # the ranking would have selected some, but a failed launch selects nothing, and says so
    assert len(book.ledger.selected_by_rank()) == 2
    assert list(project.selection()) == [len(book.ledger.combos), 0, 0, book.ledger.total()]


def test_every_backer_is_refunded_exactly_once(forked_failed, money, backers):
    project, book, _ = forked_failed
    escrow = money.balance(project)
    assert escrow == book.ledger.total()
    accounts = {b.address: b for b in backers}
    for combo, backer, stake in _refunds(book):
        assert project.refundableOf(combo, backer) == stake
        before = money.balance(backer)
        tx = project.refund(combo, {"from": accounts[backer]})
        assert money.balance(backer) == before + stake
        event = tx.events["Refunded"]
        assert (event["combo"], event["backer"], event["amount"]) == (combo, backer, stake)
        assert project.refundableOf(combo, backer) == 0
        assert project.stakeOf(combo, backer) == 0
        escrow -= stake
        assert money.balance(project) == escrow
        with brownie.reverts(f"NothingToClaim: {combo}, {backer.lower()}"):
            project.refund(combo, {"from": accounts[backer]})
    assert money.balance(project) == 0


def test_refund_order_does_not_matter(forked_failed, money, backers):
    """Reverse order, and one backer interleaved: each still gets its own stake."""
    project, book, _ = forked_failed
    accounts = {b.address: b for b in backers}
    for combo, backer, stake in reversed(_refunds(book)):
        before = money.balance(backer)
        project.refund(combo, {"from": accounts[backer]})
        assert money.balance(backer) == before + stake
    assert money.balance(project) == 0


def test_non_backer_has_nothing_to_claim(forked_failed, stranger, backers):
    project, book, _ = forked_failed
    for combo in book.ledger.combos:
        with brownie.reverts(f"NothingToClaim: {combo}, {stranger.address.lower()}"):
            project.refund(combo, {"from": stranger})
    # a backer of another combination only
    with brownie.reverts(f"NothingToClaim: 1, {backers[3].address.lower()}"):
        project.refund(1, {"from": backers[3]})
    with brownie.reverts(f"NothingToClaim: 99, {backers[0].address.lower()}"):
        project.refund(99, {"from": backers[0]})


def test_refund_before_the_outcome_is_refused(open_project, money, makers, backers):
    project = open_project(money, min_total=10 * E, min_stake=MIN_STAKE)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3))
    o = book.offer_grid(makers, [[E] for _ in range(3)])
    combo = book.invest(backers[0], [x[0] for x in o], E)
    backed = f"CombinationWrongStatus: {combo}, {Status.Backed.value}, {Status.NotSelected.value}"
    with brownie.reverts(backed):
        project.refund(combo, {"from": backers[0]})
    advance_to(project, Phase.Finalizing)  # not finalized yet: still only backed
    with brownie.reverts(backed):
        project.refund(combo, {"from": backers[0]})
