# SPDX-License-Identifier: MIT
"""finalize takes the ranking (supporters desc, funding desc, id asc) in batches, each submitter
building an attempt of its own; it accepts only that order (strictly), and the attempt that holds
every combination decides: the first n combinations whose funding covers their prototype cost are
selected, underfunded ones are skipped, and the first `maxRescues` left out (skipped or not) are
next in line for a rescue, the others out for good. (Griefing: test_finalize_cannot_be_griefed.py;
the line in both ranking modes: test_next_in_line_by_rank.py.)"""

from __future__ import annotations

import brownie
import pytest
from selection_model import Book, Ledger, combination_matches, forked

from cobuild.chain import ranking
from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, Status

E = 10**18
MIN_STAKE = E // 10
SLOTS = 3
RESCUES = 3
QUOTE = 3 * E // 10  # every option: a combination costs 0.9


@pytest.fixture(scope="module")
def ideation(open_project, eth, makers, backers):
    """Seven combinations with ties on supporters and on funding (see the comments)."""
    project = open_project(
        eth, min_total=5 * E, min_stake=MIN_STAKE, slots=SLOTS, max_rescues=RESCUES
    )
    book = Book(project, eth, Ledger(min_stake=MIN_STAKE, slots=SLOTS))
    o = book.offer_grid(makers, [[QUOTE] * 3 for _ in range(3)])

    def picks(i, j, k):
        return [o[0][i], o[1][j], o[2][k]]

    b = backers
    # c1: 2 supporters, 1.0
    c1 = book.invest(b[0], picks(0, 0, 0), E // 2)
    book.invest(b[1], c1, E // 2)
    # c2: 3 supporters, 0.6 (underfunded, ranked first)
    c2 = book.invest(b[0], picks(1, 0, 0), E // 5)
    book.invest(b[1], c2, E // 5)
    book.invest(b[2], c2, E // 5)
    # c3: 2 supporters, 1.0: ties c1 on both keys, ranks after it (later id)
    c3 = book.invest(b[2], picks(2, 0, 0), 7 * E // 10)
    book.invest(b[3], c3, 3 * E // 10)
    # c4: 2 supporters, 1.5: ranks before c1 and c3 on funding
    c4 = book.invest(b[3], picks(0, 1, 0), E)
    book.invest(b[4], c4, E // 2)
    # c5: 1 supporter and three backers below the minimum, 5.0: the most money, few supporters
    c5 = book.invest(b[5], picks(0, 2, 0), 5 * E - 3 * (MIN_STAKE - 1))
    for i in (6, 7, 8):
        book.invest(b[i], c5, MIN_STAKE - 1)
    # c6: no supporter, 0.05
    c6 = book.invest(b[9], picks(0, 0, 1), E // 20)
    # c7: 3 supporters, 0.6: ties c2 on both keys
    c7 = book.invest(b[4], picks(0, 0, 2), E // 5)
    book.invest(b[5], c7, E // 5)
    book.invest(b[6], c7, E // 5)
    return project, book, dict(c1=c1, c2=c2, c3=c3, c4=c4, c5=c5, c6=c6, c7=c7)


@pytest.fixture
def forked_ideation(ideation):
    return forked(ideation)


@pytest.fixture
def finalizing(forked_ideation):
    """The project as finalization opens; the model's ranking: (project, book, order)."""
    project, book, _ = forked_ideation
    advance_to(project, Phase.Finalizing)
    return project, book, book.ledger.ranking()


def test_books_match_the_model(forked_ideation):
    project, book, _ = forked_ideation
    assert all(
        combination_matches(project.combination(c), book.ledger, c) for c in book.ledger.combos
    )


def test_rule_orders_supporters_then_funding_then_id(forked_ideation):
    """The model's order has the ties the fixture built, and the toolkit's ranking agrees."""
    project, book, c = forked_ideation
    order = book.ledger.ranking()
    pos = {combo: i for i, combo in enumerate(order)}
    assert pos[c["c2"]] < pos[c["c7"]]  # same supporters, same funding: earlier id first
    assert pos[c["c4"]] < pos[c["c1"]] < pos[c["c3"]]  # same supporters: more funding first
    assert pos[c["c7"]] < pos[c["c4"]] < pos[c["c5"]] < pos[c["c6"]]  # supporters first
    assert ranking.ranking(project) == order


def test_finalize_ranks_in_order_and_selects_top_n_funded(forked_ideation, stranger):
    project, book, c = forked_ideation
    order = book.ledger.ranking()
    expected = book.ledger.selected_by_rank()
    advance_to(project, Phase.Finalizing)
    tx = project.finalize(0, order, {"from": stranger})
    assert tx.events["RankingStarted"]["submitter"] == stranger
    attempt = tx.events["RankingStarted"]["attempt"]
    ranked = [
        (e["combo"], e["attempt"], e["rank"], e["selected"]) for e in tx.events["CombinationRanked"]
    ]
    assert ranked == [(combo, attempt, i + 1, combo in expected) for i, combo in enumerate(order)]
    # the two top-ranked combinations are underfunded and skipped; the slots go further down
    assert order[:2] == [c["c2"], c["c7"]] and not set(order[:2]) & set(expected)
    assert len(expected) == SLOTS and c["c5"] not in expected  # funded, but the slots are full
    # next in line: the two skipped underfunded, then c5; c6 (ranked last) is out for good
    line = book.ledger.next_in_line()
    assert line == [c["c2"], c["c7"], c["c5"]] == [x for x in order if x not in expected][:RESCUES]
    done = tx.events["SelectionFinalized"]
    rescue_end = tx.timestamp + project.config()["rescueWindow"]
    assert (done["attempt"], done["selected"], done["totalInvested"], done["rescueEnd"]) == (
        attempt,
        SLOTS,
        book.ledger.total(),
        rescue_end,
    )
    assert project.phase() == Phase.Rescue
    assert list(project.selection()) == [len(order), SLOTS, 0, book.ledger.total()]
    assert tuple(project.rankingOf(stranger)) == (attempt, len(order), order[-1])
    for combo in order:
        view = project.combination(combo)
        assert view["status"] == book.ledger.status(combo)
        assert view["status"] == (
            Status.Selected
            if combo in expected
            else Status.Eliminated
            if combo in line
            else Status.NotSelected
        )
    assert project.status(c["c6"]) == Status.NotSelected


def test_batches_continue_the_submitters_own_attempt(finalizing, stranger, creator):
    project, book, order = finalizing
    done = 0
    for batch in (order[:3], [], order[3:4], order[4:]):
        project.finalize(done, batch, {"from": stranger})
        done += len(batch)
        assert project.rankingOf(stranger)["ranked"] == done
        assert project.phase() == (Phase.Rescue if done == len(order) else Phase.Finalizing)
        if done < len(order):
            # nothing is decided by a partial attempt: selection stays empty, status Backed
            assert list(project.selection()) == [0, 0, 0, 0]
            assert all(project.status(x) == Status.Backed for x in order)
    assert tuple(project.rankingOf(creator)) == (0, 0, 0)  # another submitter has no attempt
    assert list(project.selection()) == [len(order), SLOTS, 0, book.ledger.total()]
    by_rank = book.ledger.selected_by_rank()
    assert [x for x in order if project.status(x) == Status.Selected] == by_rank
    # the line's count carries across the batches: two marked in the first, the third in the last
    assert [x for x in order if project.status(x) == Status.Eliminated] == [
        x for x in order if x not in by_rank
    ][:RESCUES]
    assert [x for x in order if project.status(x) == Status.Eliminated] == (
        book.ledger.next_in_line()
    )


def test_a_batch_must_start_where_its_own_attempt_stands(finalizing, stranger, creator):
    project, _, order = finalizing
    with brownie.reverts("RankingStartMismatch: 3, 0"):
        project.finalize(3, order[3:], {"from": stranger})  # no attempt yet
    project.finalize(0, order[:3], {"from": stranger})
    for start in (2, 4):
        with brownie.reverts(f"RankingStartMismatch: {start}, 3"):
            project.finalize(start, order[start:], {"from": stranger})
    # another submitter's attempt has its own position
    with brownie.reverts("RankingStartMismatch: 3, 0"):
        project.finalize(3, order[3:], {"from": creator})
    project.finalize(3, order[3:], {"from": stranger})
    assert project.phase() == Phase.Rescue


def test_each_adjacent_swap_is_out_of_order(finalizing, stranger):
    project, _, order = finalizing
    for i in range(1, len(order)):
        swapped = [*order[: i - 1], order[i], order[i - 1], *order[i + 1 :]]
        with brownie.reverts(f"RankingOutOfOrder: {i + 1}, {order[i - 1]}"):
            project.finalize(0, swapped, {"from": stranger})
    assert project.selection()["ranked"] == 0 and tuple(project.rankingOf(stranger)) == (0, 0, 0)


def test_out_of_order_across_batches(finalizing, stranger):
    project, _, order = finalizing
    project.finalize(0, order[:3], {"from": stranger})
    # the next batch must start after order[2]: anything ranked before it is refused
    with brownie.reverts(f"RankingOutOfOrder: 4, {order[1]}"):
        project.finalize(3, [order[1]], {"from": stranger})
    with brownie.reverts(f"RankingOutOfOrder: 5, {order[3]}"):
        project.finalize(3, [order[4], order[3]], {"from": stranger})
    project.finalize(3, order[3:], {"from": stranger})
    assert project.phase() == Phase.Rescue


def test_duplicates_are_refused(finalizing, stranger):
    project, _, order = finalizing
    with brownie.reverts(f"RankingOutOfOrder: 2, {order[0]}"):
        project.finalize(0, [order[0], order[0]], {"from": stranger})
    project.finalize(0, order[:2], {"from": stranger})
    with brownie.reverts(f"RankingOutOfOrder: 3, {order[1]}"):
        project.finalize(2, [order[1]], {"from": stranger})
    with brownie.reverts(f"RankingOutOfOrder: 3, {order[0]}"):
        project.finalize(2, [order[0]], {"from": stranger})


@pytest.mark.parametrize("position", [0, 3])
def test_unknown_ids_are_refused(finalizing, stranger, position):
    project, _, order = finalizing
    count = len(order)
    for unknown in (0, count + 1, 2**256 - 1):
        bad = [*order[:position], unknown, *order[position:]]
        with brownie.reverts(f"UnknownCombination: {unknown}"):
            project.finalize(0, bad, {"from": stranger})


def test_finalize_only_while_finalizing(forked_ideation, stranger):
    project, book, _ = forked_ideation
    order = book.ledger.ranking()
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Ideation.value}, {Phase.Finalizing.value}"):
        project.finalize(0, order, {"from": stranger})
    advance_to(project, Phase.Finalizing)
    project.finalize(0, order, {"from": stranger})
    for batch in (order, [], order[:1]):
        with brownie.reverts(f"ProjectWrongPhase: {Phase.Rescue.value}, {Phase.Finalizing.value}"):
            project.finalize(0, batch, {"from": stranger})
    advance_to(project, Phase.Development)
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Development.value}, {Phase.Finalizing.value}"):
        project.finalize(0, [], {"from": stranger})


def test_minimum_total_reached_exactly_launches(open_project, eth, makers, backers, stranger):
    project = open_project(eth, min_total=2 * E + 1, min_stake=MIN_STAKE, slots=1)
    book = Book(project, eth, Ledger(min_stake=MIN_STAKE, slots=1))
    o = book.offer_grid(makers, [[QUOTE] for _ in range(3)])
    combo = book.invest(backers[0], [x[0] for x in o], 2 * E)
    book.invest(backers[1], combo, 1)
    advance_to(project, Phase.Finalizing)
    tx = project.finalize(0, [combo], {"from": stranger})
    assert "LaunchFailed" not in tx.events
    assert tx.events["SelectionFinalized"]["totalInvested"] == 2 * E + 1
    assert project.phase() == Phase.Rescue


def test_project_without_combinations_fails_with_an_empty_ranking(open_project, eth, stranger):
    project = open_project(eth, min_total=1)
    advance_to(project, Phase.Finalizing)
    tx = project.finalize(0, [], {"from": stranger})
    assert tx.events["LaunchFailed"]["totalInvested"] == 0
    assert tx.events["LaunchFailed"]["minTotal"] == 1
    assert project.phase() == Phase.Failed
