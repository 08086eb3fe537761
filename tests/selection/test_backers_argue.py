# SPDX-License-Identifier: MIT
"""A backer publishes arguments ("PK") for a combination it backs: during ideation, finalization
and the rescue window; never for a combination it does not back, never later."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.lifecycle import advance_to, back, finalize, offer
from cobuild.protocol import Phase

E = 10**18
MIN_STAKE = E // 10


@pytest.fixture(scope="module")
def two_combinations(open_project, eth, makers, backers):
    """Combination `a` (funded, selected) and `b` (underfunded: eliminated, rescuable)."""
    project = open_project(eth, min_total=E, min_stake=MIN_STAKE, slots=2)
    opts = [[offer(project, makers[d], d, E // 2) for _ in range(2)] for d in range(3)]
    a = back(project, eth, backers[0], [o[0] for o in opts], 2 * E)
    back(project, eth, backers[1], a, MIN_STAKE // 2)  # a backer below the minimum stake
    b = back(project, eth, backers[2], [o[1] for o in opts], E)
    return project, a, b


def _argue(project, combo, who, text):
    tx = project.argue(combo, text, {"from": who})
    event = tx.events["ArgumentPublished"]
    assert (event["combo"], event["author"], event["text"]) == (combo, who, text)
    return tx


def test_argument_text_is_readable_and_long_content_goes_by_uri(two_combinations, backers):
    """The text itself is emitted (a dApp shows it); longer content by a content-addressed URI in
    it (an IPFS CID carries its own digest)."""
    project, a, _ = two_combinations
    text = "see the crash video: ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
    tx = project.argue(a, text, {"from": backers[0]})
    assert tx.events["ArgumentPublished"]["text"] == text


def test_backer_argues_during_ideation(two_combinations, backers):
    project, a, b = two_combinations
    _argue(project, a, backers[0], "foam absorbs the crash")
    _argue(project, a, backers[0], "and it is cheap")  # as often as it likes
    _argue(project, b, backers[2], "the engine is quieter")


def test_backer_below_minimum_stake_may_argue(two_combinations, backers):
    """`argue` asks for a stake in the combination, not for the supporter threshold."""
    project, a, _ = two_combinations
    assert project.combination(a)["supporters"] == 1 and project.combination(a)["backers"] == 2
    _argue(project, a, backers[1], "small stake, strong opinion")


@pytest.mark.parametrize("who", [3, 2])  # a stranger; a backer of another combination
def test_non_backer_cannot_argue(two_combinations, backers, who):
    project, a, _ = two_combinations
    with brownie.reverts(f"NotASupporter: {a}, {backers[who].address.lower()}"):
        project.argue(a, "not mine", {"from": backers[who]})


def test_unknown_combination_has_no_supporters(two_combinations, backers):
    project, *_ = two_combinations
    with brownie.reverts(f"NotASupporter: 9, {backers[0].address.lower()}"):
        project.argue(9, "?", {"from": backers[0]})


def test_arguments_continue_through_finalizing_and_rescue_then_stop(
    two_combinations, backers, creator
):
    project, a, b = two_combinations
    advance_to(project, Phase.Finalizing)
    _argue(project, a, backers[0], "last call")
    with brownie.reverts(f"NotASupporter: {a}, {backers[3].address.lower()}"):
        project.argue(a, "late", {"from": backers[3]})
    finalize(project, creator)
    assert project.phase() == Phase.Rescue
    _argue(project, b, backers[2], "fund it, fans!")
    advance_to(project, Phase.Development)
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Development.value}, {Phase.Ideation.value}"):
        project.argue(b, "too late", {"from": backers[2]})


def test_no_arguments_after_a_failed_launch(open_project, eth, makers, backers, creator):
    project = open_project(eth, min_total=10 * E, min_stake=MIN_STAKE)
    opts = [offer(project, makers[d], d, E // 2) for d in range(3)]
    a = back(project, eth, backers[0], opts, E)
    finalize(project, creator)
    assert project.phase() == Phase.Failed
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Failed.value}, {Phase.Ideation.value}"):
        project.argue(a, "it was good", {"from": backers[0]})
