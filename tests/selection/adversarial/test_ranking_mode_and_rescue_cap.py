# SPDX-License-Identifier: MIT
"""Attack 4 of the review: the selection rule is gameable unless it is explicit and bounded.

- Ranking by supporters (the seed's count of people) lets a sybil with many small addresses
  outrank real backers; ranking by funding lets a whale buy the rank. The creator chooses the
  mode at creation (`rankBy`, immutable, in `config()` before anyone invests); both are played
  here, and docs/security.md states the trade-off.
- Before, any eliminated combination already funded to its cost was rescued by a 1-wei top-up, so
  `slots` capped nothing. Then `maxRescues` capped the rescued prototypes, first come first served,
  which a griefer burnt with dust (test_rescue_cap_cannot_be_burnt_with_dust.py). Now the ranking
  names the first `maxRescues` combinations it left out as the only ones that may be rescued."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain import ranking
from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, finalize, offer
from cobuild.protocol import Phase, RankBy, Status

E = 10**18
MIN_STAKE = E // 4
OUT, RESCUABLE = Status.NotSelected.value, Status.Eliminated.value


def _sybil_against_crowd(open_project, money, makers, rank_by):
    """X: 5 throw-away addresses of 0.26 each (1.3); Y: 4 real backers of 5 each (20). One slot;
    both are funded above their cost (1.2)."""
    project = open_project(money, min_total=E, min_stake=MIN_STAKE, slots=1, rank_by=rank_by)
    options = [[offer(project, makers[d], d, 4 * E // 10) for _ in range(2)] for d in range(3)]
    x = back(project, money, actor("sybil-0"), [o[0] for o in options], 26 * E // 100)
    for i in range(1, 5):
        back(project, money, actor(f"sybil-{i}"), x, 26 * E // 100)
    y = back(project, money, actor("crowd-0"), [o[1] for o in options], 5 * E)
    for i in range(1, 4):
        back(project, money, actor(f"crowd-{i}"), y, 5 * E)
    return project, x, y


def test_by_supporters_the_sybil_wins_and_by_funding_the_crowd_wins(
    open_project, money, makers, creator
):
    for rank_by, winner in ((RankBy.Supporters, "x"), (RankBy.Funding, "y")):
        project, x, y = _sybil_against_crowd(open_project, money, makers, rank_by)
        assert project.config()["rankBy"] == rank_by  # visible before anyone invests
        assert ranking.ranking(project) == ([x, y] if winner == "x" else [y, x])
        finalize(project, creator)
        chosen = x if winner == "x" else y
        assert project.status(chosen) == Status.Selected
        assert project.status(y if chosen == x else x) == Status.Eliminated


def test_by_funding_a_whale_outbids_a_crowd(open_project, money, makers, creator):
    """The other side of the trade-off: one address with 21 outranks 4 people with 20."""
    project = open_project(money, min_total=E, min_stake=MIN_STAKE, slots=1, rank_by=RankBy.Funding)
    options = [[offer(project, makers[d], d, 4 * E // 10) for _ in range(2)] for d in range(3)]
    whale = back(project, money, actor("whale"), [o[0] for o in options], 21 * E)
    crowd = back(project, money, actor("crowd-0"), [o[1] for o in options], 5 * E)
    for i in range(1, 4):
        back(project, money, actor(f"crowd-{i}"), crowd, 5 * E)
    finalize(project, creator)
    assert project.status(whale) == Status.Selected and project.status(crowd) == Status.Eliminated


@pytest.fixture(scope="module")
def fans_finalized(open_project, money, makers, creator):
    """`fans_finalized(count, max_rescues)`: one slot for `count` combinations, each funded above
    its cost (1.2) by one fan (fan k puts 2 + k into the k-th), `max_rescues` rescues allowed;
    selection finalized. Returns (project, combos in rank order)."""

    def _finalized(count, max_rescues):
        project = open_project(
            money, min_total=E, min_stake=MIN_STAKE, slots=1, max_rescues=max_rescues
        )
        options = [
            [offer(project, makers[d], d, 4 * E // 10) for _ in range(count)] for d in range(3)
        ]
        for k in range(count):
            back(project, money, actor(f"fan-{k}"), [o[k] for o in options], (2 + k) * E)
        finalize(project, creator)
        return project, ranking.ranking(project)

    return _finalized


@pytest.fixture(scope="module")
def rescue_window(fans_finalized):
    """Slot 1 of 5 funded combinations; 1 rescue allowed. The 4 left out are all funded to their
    cost already, so a 1-wei top-up would rescue each of them without the cap."""
    project, ranked = fans_finalized(5, max_rescues=1)
    assert [project.status(c) for c in ranked] == [Status.Selected, Status.Eliminated] + [
        Status.NotSelected
    ] * 3
    return project, ranked


def _fan(project, combo):
    """The one fan of `combo` (fan k backs the k-th combination created)."""
    return actor(f"fan-{combo - 1}")


def test_the_cap_is_the_next_in_line_and_nobody_races_for_it(rescue_window, money):
    """Only the best-ranked combination left out may be rescued; a 1-wei top-up of any other is
    refused at once (it is out, and its refund is open already), whoever sends it first."""
    project, ranked = rescue_window
    selected, next_in_line, *out = ranked
    for combo in out:  # sent first, to no avail
        with brownie.reverts(f"CombinationWrongStatus: {combo}, {OUT}, {RESCUABLE}"):
            project.invest(combo, 1, money.pay(_fan(project, combo), project, 1))
    tx = project.invest(next_in_line, 1, money.pay(_fan(project, next_in_line), project, 1))
    assert tx.events["CombinationRescued"]["combo"] == next_in_line
    assert list(project.selection())[1:3] == [1, 1]
    # the ones left out get their whole stake back, already in the rescue window
    combo = out[0]
    before = money.balance(_fan(project, combo))
    project.refund(combo, {"from": _fan(project, combo)})
    assert money.balance(_fan(project, combo)) == before + (2 + combo - 1) * E
    advance_to(project, Phase.Development)
    assert [project.status(c) for c in (selected, next_in_line)] == [Status.Prototype] * 2


def test_no_rescue_at_all_with_a_zero_cap(fans_finalized, money):
    project, (_, out) = fans_finalized(2, max_rescues=0)
    assert project.status(out) == Status.NotSelected
    with brownie.reverts(f"CombinationWrongStatus: {out}, {OUT}, {RESCUABLE}"):
        project.invest(out, 1, money.pay(_fan(project, out), project, 1))
