# SPDX-License-Identifier: MIT
"""Attack 5 of the review: an inspector minority. Before, fail verdicts counted for nothing: with
quorum 1 of 3 one pass beat two fails. Now the factory requires a majority quorum (2k > m), and a
condition fails, with the prototype dropped at once, as soon as the fails leave fewer inspectors
to vote than the quorum; the views show it immediately and refunds open."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, deliver_all, finalize, offer
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import ZERO_HASH, Phase, Status

E = 10**18


@pytest.mark.parametrize(
    ("quorum", "count", "accepted"),
    [(1, 3, False), (2, 4, False), (1, 2, False), (2, 3, True), (3, 4, True), (1, 1, True)],
)
def test_the_factory_requires_a_majority_quorum(factory, creator, quorum, count, accepted):
    inspectors = [actor(f"inspector-{i}") for i in range(count)]
    spec = ProjectSpec(inspectors=inspectors, quorum=quorum)
    if accepted:
        assert open_on_factory(factory, creator, spec).project.config()["quorum"] == quorum
    else:
        with brownie.reverts(f"InvalidInspectors: {quorum}, {count}"):
            open_on_factory(factory, creator, spec)


@pytest.fixture(scope="module")
def testing(open_project, money, makers, backers, creator):
    """One prototype under test by 3 inspectors, quorum 2, three conditions."""
    project = open_project(money, min_total=E, min_stake=E // 100, slots=1, advance_bps=2000)
    options = [offer(project, makers[d], d, E) for d in range(3)]
    combo = back(project, money, backers[0], options, 3 * E)
    back(project, money, backers[1], combo, 2 * E)
    finalize(project, creator)
    advance_to(project, Phase.Development)
    deliver_all(project, combo)
    advance_to(project, Phase.Testing)
    return project, combo


def _verdict(project, combo, condition, inspector, passed):
    return project.recordVerdict(combo, condition, passed, ZERO_HASH, {"from": inspector})


def test_two_fails_beat_one_pass_at_once_and_refunds_open(testing, inspectors, money, backers):
    project, combo = testing
    _verdict(project, combo, 1, inspectors[0], True)
    _verdict(project, combo, 1, inspectors[1], False)
    assert project.status(combo) == Status.Prototype  # one fail leaves the quorum reachable
    tx = _verdict(project, combo, 1, inspectors[2], False)
    assert tx.events["PrototypeFailed"]["condition"] == 1
    assert project.status(combo) == Status.Dropped  # at once, not when testing ends
    with brownie.reverts(
        f"CombinationWrongStatus: {combo}, {Status.Dropped.value}, {Status.Prototype.value}"
    ):
        _verdict(project, combo, 0, inspectors[0], True)
    # the backers take their pro-rata part of funding minus the advances, now
    pool = 5 * E - 3 * (E * 2000 // 10_000)
    got = 0
    for backer in backers[:2]:
        before = money.balance(backer)
        project.refund(combo, {"from": backer})
        got += money.balance(backer) - before
    assert got == pool


def test_a_minority_can_neither_pass_nor_fail_a_prototype(testing, inspectors):
    project, combo = testing
    for condition in range(3):
        _verdict(project, combo, condition, inspectors[2], False)  # the dissenting minority
    assert project.status(combo) == Status.Prototype
    for condition in range(3):
        for inspector in inspectors[:2]:
            _verdict(project, combo, condition, inspector, True)
    assert project.status(combo) == Status.Model  # passed with a quorum: a model at once
    advance_to(project, Phase.Presale)
    assert project.status(combo) == Status.Model
