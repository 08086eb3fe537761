# SPDX-License-Identifier: MIT
"""The batch that completes the ranking names who may be rescued: the first `maxRescues`
combinations the ranking did not select, in rank order, whether they were skipped underfunded
before the slots filled or left out funded after (issue 30). Only those are `Eliminated` in the
rescue window; every other combination left out is `NotSelected` at once.

The expected sets are computed here from the test's own record of every payment (supporters,
funding and cost from what was paid and quoted, the ranking keys, the top-n walk), independently
of `ProjectModel`, and the chain and the model must both agree with them, in both ranking modes,
with the ranking submitted in batches."""

from __future__ import annotations

import pytest
from selection_model import Book, Ledger

from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, RankBy, Status

E = 10**18
MIN_STAKE = E // 10
SLOTS = 2
BATCHES = (2, 3, 4)  # the ranking of 9 in three batches: the line spans them

# options by dimension: (quote in E, name); a combination picks one of each
QUOTES = [[1, 2, 5], [1, 1], [1, 1]]
# name -> (options by index in each dimension, stakes); ids follow this order. Costs: 3, 4 or 7 E.
PLAN = {
    "A": ((0, 0, 0), [E // 5] * 5),  # 5 supporters, 1.0 of 3: the crowd's favourite, underfunded
    "B": ((0, 0, 1), [E, E, 6 * E // 10, 6 * E // 10]),  # 4 supporters, 3.2 of 3
    "C": ((0, 1, 0), [10 * E]),  # 1 supporter, 10 of 3: a whale
    "D": ((0, 1, 1), [E, E, E // 2]),  # 3 supporters, 2.5 of 3
    "E": ((1, 0, 0), [2 * E, 2 * E]),  # 2 supporters, 4 of 4, exactly funded
    "F": ((1, 0, 1), [3 * E, 2 * E]),  # 2 supporters, 5 of 4
    # 1 supporter and 2 backers below the minimum stake, 6 of 7
    "G": ((2, 0, 0), [6 * E - 2 * (MIN_STAKE - 1), MIN_STAKE - 1, MIN_STAKE - 1]),
    "H": ((1, 1, 0), [9 * E // 2]),  # 1 supporter, 4.5 of 4
    "I": ((1, 1, 1), [2 * E, 2 * E]),  # ties E on both keys, created later: ranks right after it
}
# what the rule gives with 3 rescues, written out by hand as a check on the computation below
BY_HAND = {
    RankBy.Supporters: dict(
        order="ABDFEICGH", selected="BF", line="ADE"
    ),  # A, D skipped underfunded; E left out funded; I (E's tie) just misses the line
    RankBy.Funding: dict(
        order="CGFHEIBDA", selected="CF", line="GHE"
    ),  # G skipped underfunded; H, E left out funded
}


def expected(stakes, costs, rank_by, slots, max_rescues):
    """The rule from the test's own books: (ranking, selected, next in line), by id. Keys:
    supporters (stake >= minimum) and funding, descending, in the mode's order; ties to the lower
    id. Walk: a combination funded to its cost is selected while slots remain; otherwise it is
    next in line while fewer than `max_rescues` are."""
    keys = {}
    for combo, paid in stakes.items():
        funded = sum(paid.values())
        supporters = sum(1 for amount in paid.values() if amount >= MIN_STAKE)
        first, second = (funded, supporters) if rank_by == RankBy.Funding else (supporters, funded)
        keys[combo] = (-first, -second, combo)
    order = sorted(stakes, key=keys.__getitem__)
    selected, line = [], []
    for combo in order:
        if len(selected) < slots and sum(stakes[combo].values()) >= costs[combo]:
            selected.append(combo)
        elif len(line) < max_rescues:
            line.append(combo)
    return order, selected, line


def _build(open_project, eth, makers, backers, rank_by, max_rescues):
    project = open_project(
        eth, min_total=E, min_stake=MIN_STAKE, slots=SLOTS, max_rescues=max_rescues, rank_by=rank_by
    )
    book = Book(project, eth, Ledger(min_stake=MIN_STAKE, slots=SLOTS))
    options = book.offer_grid(makers, [[q * E for q in row] for row in QUOTES])
    ids, costs = {}, {}
    for name, (picks, stakes) in PLAN.items():
        chosen = [options[d][i] for d, i in enumerate(picks)]
        combo = None
        for k, stake in enumerate(stakes):
            combo = book.invest(backers[k], combo or chosen, stake)
        ids[name] = combo
        costs[combo] = sum(book.quotes[o] for o in chosen)  # from the quotes offered
    return project, book, ids, costs


@pytest.fixture(scope="module")
def build(open_project, eth, makers, backers):
    return lambda rank_by, max_rescues: _build(
        open_project, eth, makers, backers, rank_by, max_rescues
    )


@pytest.mark.parametrize("max_rescues", [0, 3, 16], ids=lambda n: f"rescues-{n}")
@pytest.mark.parametrize("rank_by", list(RankBy), ids=lambda r: r.name.lower())
def test_next_in_line_is_the_first_left_out_by_rank(build, stranger, creator, rank_by, max_rescues):
    project, book, ids, costs = build(rank_by, max_rescues)
    stakes = {combo: dict(paid) for combo, paid in book.ledger.stakes.items()}
    order, selected, line = expected(stakes, costs, rank_by, SLOTS, max_rescues)
    name = {combo: n for n, combo in ids.items()}
    hand = BY_HAND[rank_by]
    assert "".join(name[c] for c in order) == hand["order"]
    assert "".join(name[c] for c in selected) == hand["selected"]
    # 0 rescues: nobody is next in line; 16: every combination left out is
    left_out = [c for c in order if c not in selected]
    assert line == ([ids[n] for n in hand["line"]] if max_rescues == 3 else left_out[:max_rescues])
    # the line holds underfunded and funded combinations alike (3 rescues)
    if max_rescues == 3:
        funded = [sum(stakes[c].values()) >= costs[c] for c in line]
        assert any(funded) and not all(funded)
    # the model, from the same payments, agrees before the ranking is submitted ...
    assert book.ledger.ranking() == order
    assert book.ledger.selected_by_rank() == selected
    assert book.ledger.next_in_line() == line

    advance_to(project, Phase.Finalizing)
    start = 0
    for size in BATCHES:
        project.finalize(start, order[start : start + size], {"from": stranger})
        start += size
        if start < len(order):  # a partial attempt decides nothing, and another's neither
            project.finalize(0, order[:start], {"from": creator})
            assert all(project.status(c) == Status.Backed for c in order)
    assert project.phase() == Phase.Rescue
    assert list(project.selection())[:3] == [len(order), len(selected), 0]
    # ... and the chain too, once the batch that completed the ranking decided
    status = {
        c: (
            Status.Selected
            if c in selected
            else Status.Eliminated
            if c in line
            else Status.NotSelected
        )
        for c in order
    }
    assert {c: project.status(c) for c in order} == status
    assert {c: book.ledger.status(c) for c in order} == status
    assert book.ledger.next_in_line() == line


def test_the_line_does_not_follow_the_slots(build, stranger):
    """The line is counted from where the ranking leaves combinations out, not from the slots:
    an underfunded favourite skipped at the top takes a place in it before any funded one."""
    project, book, ids, _ = build(RankBy.Supporters, 1)
    advance_to(project, Phase.Finalizing)
    project.finalize(0, book.ledger.ranking(), {"from": stranger})
    assert [project.status(ids[n]) for n in "ABDFE"] == [
        Status.Eliminated,  # ranked first, underfunded: the only one next in line
        Status.Selected,
        Status.NotSelected,  # underfunded too, ranked after A: no place left
        Status.Selected,
        Status.NotSelected,  # funded, but the slots are full and the line too
    ]
    assert book.ledger.next_in_line() == [ids["A"]]
