# SPDX-License-Identifier: MIT
"""Finding 3 of the second review: the rescue cap burnt with dust.

Before, rescues were first come, first served, and an option could quote 1 wei. A griefer offered
four 1-wei options, funded two junk combinations to their cost with 3 wei each, and topped each
up by 1 wei in the first block of the rescue window: both rescues of `maxRescues: 2` were used,
and the fans' two combinations, each one top-up away, reverted `RescueCapReached`. Cost: 733,358
gas and 8 wei.

Rule: rescue slots follow the crowd's own ranking. The ranking that completes the selection marks
the first `maxRescues` eliminated combinations, in rank order, as the ones that may be rescued
(status `Eliminated` during the window); every other combination that was not selected is
`NotSelected` at once, and its backers' refunds open. Each of those next in line has a rescue of
its own, so nobody races for one, and a rescue slot costs what outranking the fans costs.

Played with both ranking modes, with ETH and with an ERC-20."""

from __future__ import annotations

import pytest
from outcomes import Ledger, attempt

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, finalize, offer
from cobuild.protocol import Phase, RankBy, Status

E = 10**18


@pytest.fixture(
    scope="module", params=[RankBy.Supporters, RankBy.Funding], ids=["supporters", "funding"]
)
def ideation(request, open_project, money, makers):
    """Two slots and two rescues. Four combinations of two parts (quotes 1 each, cost 2): two are
    funded by three backers of 1 each, two by two fans of 0.5 each (one top-up of 1 away)."""
    project = open_project(
        money,
        min_total=E,
        min_stake=E // 100,
        slots=2,
        max_rescues=2,
        rank_by=request.param,
        dimensions=("body", "engine"),
    )
    a = [offer(project, makers[0], 0, E) for _ in range(2)]
    b = [offer(project, makers[1], 1, E) for _ in range(2)]
    funded = [back(project, money, actor(f"crowd-{i}-0"), [a[0], b[i]], E) for i in range(2)]
    for i, combo in enumerate(funded):
        for j in (1, 2):
            back(project, money, actor(f"crowd-{i}-{j}"), combo, E)
    fans = [back(project, money, actor(f"fan-{i}-0"), [a[1], b[i]], E // 2) for i in range(2)]
    for i, combo in enumerate(fans):
        back(project, money, actor(f"fan-{i}-1"), combo, E // 2)
    return project, funded, fans


def _grief(project, money, griefer):
    """Four 1-wei options and two junk combinations funded to their cost (2) with 3 wei each."""
    junk_a = [offer(project, griefer, 0, 1) for _ in range(2)]
    junk_b = [offer(project, griefer, 1, 1) for _ in range(2)]
    return [back(project, money, griefer, [junk_a[i], junk_b[i]], 3) for i in range(2)]


def _rescue_window(project, money, creator, fans, griefer, junk):
    finalize(project, creator)
    assert project.phase() == Phase.Rescue
    for combo in junk:  # first in the window
        attempt(project.invest, combo, 1, money.pay(griefer, project, 1))
    for i, combo in enumerate(fans):
        attempt(project.invest, combo, E, money.pay(actor(f"fan-{i}-0"), project, E))


def test_dust_cannot_take_the_fans_rescues(ideation, money, creator, snapshot):
    project, funded, fans = ideation
    griefer = actor("griefer")
    people = [actor(f"fan-{i}-{j}") for i in range(2) for j in range(2)]
    with snapshot():
        _rescue_window(project, money, creator, fans, griefer, [])
        honest = {c: project.status(c) for c in funded + fans}
    with snapshot():
        ledger = Ledger(money, [griefer, *people])
        junk = _grief(project, money, griefer)
        _rescue_window(project, money, creator, fans, griefer, junk)
        attacked = {c: project.status(c) for c in funded + fans}
        # the fans' combinations are rescued exactly as without the griefer
        assert attacked == honest
        assert all(honest[c] == Status.Selected for c in fans)
        assert all(project.status(c) == Status.NotSelected for c in junk)
        # the griefer's dust is only its own: refunded, it ends where it started
        advance_to(project, Phase.Development)
        for combo in junk:
            project.refund(combo, {"from": griefer})
        assert ledger.net()[griefer.address] == 0
