"""A batch can only be checked against the last ranked combination, so anyone can submit a
sequence that skips a combination (or starts with the wrong one). Such a ranking can never
complete; without a way out every coin of the project would be locked in Finalizing for good.
The next batch that starts with the skipped combination proves the ranking wrong and starts it
over; a correct partial ranking can never be discarded."""

from __future__ import annotations

import brownie
import pytest
from selection_model import Book, Ledger

from scripts.cobuild import ranking
from scripts.cobuild.chain import DAY, Phase, Status
from scripts.cobuild.lifecycle import advance_to, sleep_until

E = 10**18
MIN_STAKE = E // 10
SLOTS = 2


@pytest.fixture(scope="module")
def finalizing(open_with, money, makers, backers):
    """Six combinations with distinct ranks; cost 3 each. In rank order: funded, underfunded,
    funded, funded, underfunded, funded (so a wrong prefix selects other combinations)."""
    project = open_with(money, min_total=E, min_stake=MIN_STAKE, slots=SLOTS)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=SLOTS))
    o = book.offer_grid(makers, [[E, E] for _ in range(3)])
    grid = [[o[0][i], o[1][j], o[2][k]] for i in (0, 1) for j in (0, 1) for k in (0, 1)][:6]
    plan = [(6, 4 * E), (5, 2 * E), (4, 3 * E), (3, 5 * E), (2, E), (1, 3 * E)]
    for picks, (supporters, funded) in zip(grid, plan, strict=True):
        combo = book.invest(backers[0], picks, funded - (supporters - 1) * MIN_STAKE)
        for who in backers[1:supporters]:
            book.invest(who, combo, MIN_STAKE)
    advance_to(project, Phase.Finalizing)
    return project, book


@pytest.fixture
def setup(finalizing):
    project, book = finalizing
    return project, book.fork()


def _assert_selection_is_the_rule(project, ledger, tx_list):
    order = ledger.ranking()
    by_rank = ledger.selected_by_rank()
    assert project.phase() == Phase.Rescue
    for rank, combo in enumerate(order, start=1):
        view = project.combination(combo)
        assert view["rank"] == rank
        assert view["status"] == (Status.Selected if combo in by_rank else Status.Eliminated)
    assert list(project.selection())[:2] == [len(order), len(by_rank)]
    done = tx_list[-1].events["SelectionFinalized"]
    assert done["selected"] == len(by_rank) and done["totalInvested"] == ledger.total()


def test_ranking_that_starts_with_the_wrong_combination_is_restarted(setup, stranger, backers):
    project, book = setup
    order = book.ledger.ranking()
    # the last-ranked (funded) combination first: accepted, and selected in that wrong round
    project.finalize([order[-1]], {"from": backers[9]})
    assert project.status(order[-1]) == Status.Selected
    # the true first combination proves it; the rest of the batch is the whole ranking
    tx = project.finalize([order[0], *order], {"from": stranger})
    ranks = [(e["combo"], e["rank"]) for e in tx.events["CombinationRanked"]]
    assert ranks == [(c, r) for r, c in enumerate(order, start=1)]
    _assert_selection_is_the_rule(project, book.ledger, [tx])
    assert project.status(order[-1]) == Status.Eliminated  # its old selection is gone


def test_skip_after_a_correct_prefix_is_discarded(setup, stranger, backers, creator):
    project, book = setup
    order = book.ledger.ranking()
    project.finalize(order[:2], {"from": creator})
    project.finalize([order[3]], {"from": backers[9]})  # skips order[2]
    assert project.selection()["ranked"] == 3
    # nothing can complete this: order[2] no longer fits anywhere
    with brownie.reverts(f"RankingOutOfOrder: 5, {order[2]}"):
        project.finalize([order[4], order[2]], {"from": stranger})
    # starting a batch with the skipped combination restarts; the old ranks no longer count
    tx = project.finalize([order[2], *order[:3]], {"from": stranger})
    assert project.selection()["ranked"] == 3
    assert [e["rank"] for e in tx.events["CombinationRanked"]] == [1, 2, 3]
    assert project.combination(order[3])["rank"] == 0
    assert project.status(order[3]) == Status.Backed
    last = project.finalize(order[3:], {"from": stranger})
    _assert_selection_is_the_rule(project, book.ledger, [last])


def test_correct_prefix_cannot_be_discarded(setup, stranger):
    project, book = setup
    order = book.ledger.ranking()
    project.finalize(order[:3], {"from": stranger})
    # every combination ranking before the last ranked one is already ranked in this round
    for combo in order[:3]:
        with brownie.reverts(f"RankingOutOfOrder: 4, {combo}"):
            project.finalize([combo, *order], {"from": stranger})
    assert project.selection()["ranked"] == 3
    tx = project.finalize(order[3:], {"from": stranger})
    _assert_selection_is_the_rule(project, book.ledger, [tx])


def test_restart_then_fail_to_launch_refunds_everyone(open_with, money, makers, backers, stranger):
    """A discarded round leaves nothing behind: the true ranking decides, here a failed launch."""
    project = open_with(money, min_total=100 * E, min_stake=MIN_STAKE, slots=1)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=1))
    o = book.offer_grid(makers, [[E, E] for _ in range(3)])
    a = book.invest(backers[0], [x[0] for x in o], 4 * E)
    book.invest(backers[1], a, E)
    b = book.invest(backers[2], [x[1] for x in o], 3 * E)
    advance_to(project, Phase.Finalizing)
    project.finalize([b], {"from": stranger})
    tx = project.finalize([a, a, b], {"from": stranger})
    assert "LaunchFailed" in tx.events and project.phase() == Phase.Failed
    for combo in (a, b):
        for backer, paid in book.ledger.stakes[combo].items():
            before = money.balance(backer)
            project.refund(combo, {"from": book.accounts[backer]})
            assert money.balance(backer) == before + paid
    assert money.balance(project) == 0


@pytest.mark.parametrize("wrong", ["first", "middle"])
def test_toolkit_finalize_detects_and_repairs_a_wrong_prefix(setup, stranger, backers, wrong):
    project, book = setup
    order = book.ledger.ranking()
    if wrong == "first":
        project.finalize([order[2]], {"from": backers[9]})
        assert ranking.skipped(project, order, 1) == order[0]
    else:
        project.finalize([*order[:2], order[3]], {"from": backers[9]})
        assert ranking.skipped(project, order, 3) == order[2]
    receipts = ranking.finalize(project, stranger, batch=2)
    _assert_selection_is_the_rule(project, book.ledger, receipts)


def test_toolkit_sees_a_correct_prefix_as_correct(setup, stranger):
    project, book = setup
    order = book.ledger.ranking()
    project.finalize(order[:4], {"from": stranger})
    assert ranking.skipped(project, order, 4) is None
    receipts = ranking.finalize(project, stranger, batch=1)
    assert len(receipts) == len(order) - 4
    _assert_selection_is_the_rule(project, book.ledger, receipts)


def test_unfinished_ranking_fails_the_launch_after_the_window(setup, money, backers, stranger):
    """Liveness: however the ranking is griefed or neglected, 7 days after ideation an unfinalized
    project has failed and every backer takes its full refund."""
    project, book = setup
    order = book.ledger.ranking()
    project.finalize([order[-1]], {"from": backers[9]})  # a wrong start, then nobody completes it
    sleep_until(project.config()[4] + 7 * DAY - 60)
    assert project.phase() == Phase.Finalizing
    sleep_until(project.config()[4] + 7 * DAY)
    assert project.phase() == Phase.Failed
    with brownie.reverts(f"ProjectWrongPhase: {int(Phase.Failed)}, {int(Phase.Finalizing)}"):
        project.finalize(order, {"from": stranger})
    stakes = {combo: project.stakeOf(combo, backers[0])[0] for combo in order}
    before = money.balance(backers[0])
    for combo in order:
        assert project.status(combo) == Status.NotSelected
        project.refund(combo, {"from": backers[0]})
    assert money.balance(backers[0]) - before == sum(stakes.values())


@pytest.mark.parametrize("unknown", [0, 7])
def test_unknown_id_after_a_partial_ranking_is_refused_without_a_restart(setup, stranger, unknown):
    """An id that is no combination cannot prove a skip (there is nothing it could rank before):
    the batch is refused and the partial ranking stands."""
    project, book = setup
    order = book.ledger.ranking()
    project.finalize(order[:2], {"from": stranger})
    with brownie.reverts(f"UnknownCombination: {unknown}"):
        project.finalize([unknown, *order[2:]], {"from": stranger})
    assert project.selection()["ranked"] == 2
    last = project.finalize(order[2:], {"from": stranger})
    _assert_selection_is_the_rule(project, book.ledger, [last])
