# SPDX-License-Identifier: MIT
"""Attack 1 of the review: finalization griefing. Before, a batch whose first id proved a skip
restarted the ranking, so anyone could append one skipping id (or front-run) and make the next
honest batch throw away a correct prefix: over five rounds the griefer spent 266,624 gas, the
honest callers 1,255,089, and the project ended `Failed`; a 1-id front-run left a complete 40-id
ranking at 39/40.

Now every submitter extends only its own attempt (`finalize(start, ids)`, `start` = where its own
attempt stands), so a griefer's skipping, stale, duplicate or front-running batches cannot touch an
honest one: a complete ranking in one call always finishes, a ranking in several batches finishes
at the same gas to the unit, and the griefer only spends its own gas."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain import ranking
from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, offer, sleep_until
from cobuild.protocol import DAY, Phase, Status

E = 10**18
COMBOS = 40
SLOTS = 5


@pytest.fixture(scope="module")
def finalizing(open_project, money, makers):
    """40 combinations (4 x 4 x 3 options), uneven funding and supporters, ideation over."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=SLOTS)
    options = [
        [offer(project, makers[d], d, E // 10 + d, f"part {d}.{i}") for i in range(n)]
        for d, n in enumerate((4, 4, 3))
    ]
    combos = [(a, b, c) for a in options[0] for b in options[1] for c in options[2]][:COMBOS]
    for k, picks in enumerate(combos):
        for j in range(1 + k % 3):  # 1 to 3 backers: supporters tie often, funding breaks ties
            back(project, money, actor(f"fan-{j}"), list(picks), E // 10 + (k * 7919) % 10**17)
    advance_to(project, Phase.Finalizing)
    order = ranking.ranking(project)
    assert len(order) == COMBOS
    return project, order


def _expected_selection(project, order):
    """The first SLOTS combinations of the true order whose funding covers their cost."""
    views = [project.combination(c) for c in order]
    return [c for c, v in zip(order, views, strict=True) if v["funded"] >= v["cost"]][:SLOTS]


def test_a_complete_ranking_in_one_call_finishes_after_any_front_run(finalizing, stranger):
    """The review's front-run (one id, then a skipping batch) lands first: the honest complete
    ranking still finishes, with the true selection."""
    project, order = finalizing
    griefer, honest = actor("griefer"), stranger
    project.finalize(0, [order[-1]], {"from": griefer})  # a 1-id front-run
    project.finalize(0, order[:3] + order[4:], {"from": actor("griefer-2")})  # skips order[3]
    assert project.phase() == Phase.Finalizing
    tx = project.finalize(0, order, {"from": honest})
    assert project.phase() == Phase.Rescue
    assert tx.events["SelectionFinalized"]["attempt"] == tx.events["RankingStarted"]["attempt"]
    assert list(project.selection())[:2] == [COMBOS, SLOTS]
    selected = [c for c in order if project.status(c) == Status.Selected]
    assert selected == _expected_selection(project, order)


def test_interleaved_griefing_cannot_derail_or_tax_a_ranking_in_batches(
    finalizing, stranger, snapshot
):
    """Five rounds as in the review: honest batches of 10, each preceded by the griefer's
    skipping, stale, duplicate and restarting batches. The honest ranking finishes, and each of
    its batches costs exactly what it costs with no griefer at all."""
    project, order = finalizing
    honest, griefer = stranger, actor("griefer")
    batches = [(start, order[start : start + 10]) for start in range(0, COMBOS, 10)]
    with snapshot():
        # the same batches with no griefer, from another fresh submitter (a replay of identical
        # transactions after a revert would reuse their hashes)
        twin = actor("honest-twin")
        alone = [project.finalize(s, b, {"from": twin}).gas_used for s, b in batches]
        assert project.phase() == Phase.Rescue
    griefer_gas, honest_gas = 0, []
    for start, batch in batches:
        # a wrong start reverts for the griefer; these cost it gas and change nothing for others
        stale = project.rankingOf(griefer)["ranked"]
        with brownie.reverts(f"RankingStartMismatch: {stale + 1000}, {stale}"):
            project.finalize(stale + 1000, batch, {"from": griefer})
        skipping = [c for c in order[: start + 12] if c != order[start]]
        griefer_gas += project.finalize(0, skipping, {"from": griefer}).gas_used
        with brownie.reverts(f"RankingOutOfOrder: 2, {order[0]}"):
            project.finalize(0, [order[0], order[0]], {"from": griefer})
        honest_gas.append(project.finalize(start, batch, {"from": honest}).gas_used)
        if start + 10 < COMBOS:
            assert tuple(project.rankingOf(honest))[1:] == (start + 10, batch[-1])
    assert project.phase() == Phase.Rescue
    assert honest_gas == alone  # the griefer cannot make an honest batch cost one unit more
    assert griefer_gas > 0
    assert [c for c in order if project.status(c) == Status.Selected] == _expected_selection(
        project, order
    )


def test_partial_attempts_alone_fail_the_project_after_seven_days(finalizing, money, stranger):
    """The last resort stays: without a complete ranking 7 days after ideation the project has
    failed, and every backer gets its whole stake back."""
    project, order = finalizing
    project.finalize(0, order[:20], {"from": stranger})
    project.finalize(0, order[:3] + order[4:], {"from": actor("griefer")})  # can never complete
    ideation_end = project.config()["ideationEnd"]
    sleep_until(ideation_end + 7 * DAY - 60)
    assert project.phase() == Phase.Finalizing
    sleep_until(ideation_end + 7 * DAY)
    assert project.phase() == Phase.Failed
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Failed.value}, {Phase.Finalizing.value}"):
        project.finalize(20, order[20:], {"from": stranger})
    fan = actor("fan-0")
    stake = project.stakeOf(order[0], fan)
    before = money.balance(fan)
    project.refund(order[0], {"from": fan})
    assert money.balance(fan) == before + stake


def test_the_toolkit_finalizes_whatever_the_griefer_did(finalizing, stranger):
    """`ranking.finalize` (the runner's and the console's path) continues the caller's own
    attempt or starts one; a griefer's attempt in between changes nothing."""
    project, order = finalizing
    project.finalize(0, order[:10], {"from": stranger})
    project.finalize(0, [order[5]], {"from": actor("griefer")})
    receipts = ranking.finalize(project, stranger, batch=12)
    assert [r.events["CombinationRanked"][0]["rank"] for r in receipts] == [11, 23, 35]
    assert project.phase() == Phase.Rescue
