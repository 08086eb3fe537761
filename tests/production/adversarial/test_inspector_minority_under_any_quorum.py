# SPDX-License-Identifier: MIT
"""Finding 5 of the second review: a minority fails a prototype under a supermajority quorum.

Before, the factory accepted any quorum k with 2k > m, and a condition failed at m - k + 1 fails:
1 of 3 failed a prototype when k = 3; 2 of 5 when k = 4; and the same minority blocked by not
voting. Rule: k is the majority of the panel, floor(m/2) + 1, whatever panel the creator names
(any other quorum is refused, `InvalidInspectors`). Then passing takes a strict majority, failing
takes m - k + 1 = ceil(m/2) fails (half of an even panel: a tie can never reach the majority of
passes), and a strict minority (fewer than m/2) can neither pass, fail nor block a prototype.

Every panel size the factory allows (1 to 16 inspectors) against every quorum: whatever the
factory accepts, a minority fails nothing and blocks nothing."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, deliver_all, finalize, offer
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import ZERO_HASH, Phase, Status

E = 10**18
PANELS = range(1, 17)


@pytest.mark.parametrize("m", PANELS)
def test_the_only_quorum_accepted_is_the_majority(factory, creator, m):
    inspectors = [actor(f"inspector-{i}") for i in range(m)]
    for k in range(0, m + 2):
        spec = ProjectSpec(inspectors=inspectors, quorum=k)
        if k == m // 2 + 1:
            assert open_on_factory(factory, creator, spec).project.config()["quorum"] == k
        else:
            with brownie.reverts(f"InvalidInspectors: {k}, {m}"):
                open_on_factory(factory, creator, spec)


def _under_test(factory, creator, eth, m, k):
    """A prototype of one part under test by m inspectors with quorum k (None: refused)."""
    inspectors = [actor(f"inspector-{i}") for i in range(m)]
    spec = ProjectSpec(
        inspectors=inspectors,
        quorum=k,
        min_total=E,
        min_stake=E // 100,
        slots=1,
        dimensions=("body",),
        conditions=("road", "weather"),
    )
    try:
        project = open_on_factory(factory, creator, spec).project
    except brownie.exceptions.VirtualMachineError:
        return None, inspectors, 0
    option = offer(project, creator, 0, E)
    combo = back(project, eth, actor("backer"), [option], 2 * E)
    finalize(project, creator)
    advance_to(project, Phase.Development)
    deliver_all(project, combo)
    advance_to(project, Phase.Testing)
    return project, inspectors, combo


@pytest.mark.parametrize(("m", "k"), [(m, k) for m in (1, 2, 3, 4, 5, 16) for k in range(1, m + 1)])
def test_a_minority_neither_fails_nor_blocks_a_prototype(factory, creator, eth, snapshot, m, k):
    """Whatever quorum the factory accepts: the largest strict minority (fewer than half of the
    panel) votes fail on one condition and abstains on the other; everybody else passes both.
    The prototype passes."""
    with snapshot():
        project, inspectors, combo = _under_test(factory, creator, eth, m, k)
        if project is None:
            return  # the factory refused this quorum: no project can have it
        minority = (m - 1) // 2
        for condition in range(2):
            for i, inspector in enumerate(inspectors):
                if i >= minority:
                    project.recordVerdict(combo, condition, True, ZERO_HASH, {"from": inspector})
                elif condition == 0:
                    project.recordVerdict(combo, condition, False, ZERO_HASH, {"from": inspector})
        advance_to(project, Phase.Presale)
        assert project.status(combo) == Status.Model, f"{minority} of {m} stopped it (k={k})"
