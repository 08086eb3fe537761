# SPDX-License-Identifier: MIT
"""Verdicts under the only quorum a project can have, the panel's majority k = floor(m/2) + 1, for
odd and even panels: a condition passes at its k-th pass, even after m - k fails; it fails, and the
prototype is dropped at once (`PrototypeFailed`), at its ceil(m/2)-th fail, so a tie of an even
panel fails; a strict minority of fails leaves it open, and a condition still open when testing
ends drops the prototype then. Every verdict and status is compared with the money model, and the
dropped prototypes refund their backers their funding less the advances, pro rata."""

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.protocol import ZERO_HASH, Phase, Status

from .kit import E, Harness, err, offer_grid, spec_for_production


@pytest.mark.parametrize("m", [1, 2, 4, 5])
def test_a_condition_passes_with_a_majority_and_fails_with_half_the_panel(
    open_project, spec, eth, creator, makers, backers, m
):
    panel = [actor(f"panel-{m}-{i}") for i in range(m)]
    spec = spec_for_production(spec)
    spec.inspectors, spec.quorum = panel, m // 2 + 1
    h = Harness.open(open_project, spec, eth, creator, panel)
    project = h.project
    k, fails = h.cfg.quorum, (m + 1) // 2
    assert k == m // 2 + 1 and m - k + 1 == fails
    o = offer_grid(h, makers)
    passing = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E + 1)])
    failing = h.back([o[0][1], o[1][0], o[2][0]], [(backers[1], 2 * E + 3), (backers[2], E // 3)])
    unfinished = h.back([o[0][0], o[1][1], o[2][1]], [(backers[3], 3 * E + 7)])
    combos = [passing, failing, unfinished]
    h.select(combos)
    h.go(Phase.Development)
    for combo in combos:
        h.deliver(combo)
    h.go(Phase.Testing)

    # passing: on every condition, the most fails that leave it open, then k passes
    for condition in range(h.cfg.conditions):
        votes = [False] * (m - k) + [True] * k
        for i, passed in enumerate(votes):
            tx = h.verdict(passing, condition, panel[i], passed)
            assert ("PrototypeFailed" in tx.events) is False
    assert "PrototypePassed" in tx.events and project.status(passing) == Status.Model
    # failing: passes from the others, then the ceil(m/2)-th fail on one condition drops it at
    # once (for an even panel, a tie)
    for i in range(m - fails):
        h.verdict(failing, 1, panel[i], True)
    for i in range(m - fails, m):
        tx = h.verdict(failing, 1, panel[i], False)
        assert ("PrototypeFailed" in tx.events) == (i == m - 1)
        assert project.status(failing) == (Status.Dropped if i == m - 1 else Status.Prototype)
    assert tx.events["PrototypeFailed"]["condition"] == 1
    with brownie.reverts(err("CombinationWrongStatus", failing, Status.Dropped, Status.Prototype)):
        project.recordVerdict(failing, 0, True, ZERO_HASH, {"from": panel[0]})
    # unfinished: k passes on every condition but the last, a strict minority of fails there
    for condition in range(h.cfg.conditions - 1):
        for inspector in panel[:k]:
            h.verdict(unfinished, condition, inspector, True)
    for inspector in panel[: fails - 1]:
        h.verdict(unfinished, h.cfg.conditions - 1, inspector, False)
    h.check_statuses()
    assert project.status(unfinished) == Status.Prototype

    h.go(Phase.Presale)
    h.check_statuses()
    statuses = [project.status(combo) for combo in combos]
    assert statuses == [Status.Model, Status.Dropped, Status.Dropped]
    for combo in (failing, unfinished):
        refunded = sum(h.refund(combo, backer) for backer in h.stakes[combo])
        c = h.model.combos[combo]
        assert refunded == c.funded - c.advance_total  # the makers keep their advances
