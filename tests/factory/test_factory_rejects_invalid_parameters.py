# SPDX-License-Identifier: MIT
"""createProject rejects every invalid parameter with its named error, and accepts the limits."""

from __future__ import annotations

import re

import brownie
import pytest
from brownie import TestToken, chain

from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import ZERO_ADDRESS

U112 = 2**112
U40 = 2**40

# (case id, how to break a valid spec, expected revert message); the message is a function of the
# broken spec because some errors echo what was passed.
CASES = [
    ("ratio-short", dict(ratio=(3000, 3000, 3000, 999)), lambda s: "InvalidRatio: 9999"),
    ("ratio-over", dict(ratio=(3000, 3000, 3000, 1001)), lambda s: "InvalidRatio: 10001"),
    # four uint16 maxima: summed without overflow
    ("ratio-max", dict(ratio=(65535,) * 4), lambda s: "InvalidRatio: 262140"),
    ("ratio-zero", dict(ratio=(0, 0, 0, 0)), lambda s: "InvalidRatio: 0"),
    ("rescue-window-0", dict(rescue_window=0), lambda s: "InvalidPeriod: "),
    ("development-0", dict(development_period=0), lambda s: "InvalidPeriod: "),
    ("testing-0", dict(testing_period=0), lambda s: "InvalidPeriod: "),
    ("presale-0", dict(presale_period=0), lambda s: "InvalidPeriod: "),
    ("slots-0", dict(slots=0), lambda s: "InvalidSlots: 0"),
    ("dimensions-0", dict(dimensions=()), lambda s: "InvalidDimensions: 0"),
    (
        "dimensions-9",
        dict(dimensions=tuple(f"d{i}" for i in range(9))),
        lambda s: "InvalidDimensions: 9",
    ),
    ("conditions-0", dict(conditions=()), lambda s: "InvalidConditions: 0"),
    (
        "conditions-33",
        dict(conditions=tuple(f"c{i}" for i in range(33))),
        lambda s: "InvalidConditions: 33",
    ),
    ("advance-over", dict(advance_bps=10_001), lambda s: "InvalidAdvance: 10001"),
    ("min-stake-0", dict(min_stake=0), lambda s: f"InvalidLaunchConditions: {s.min_total}, 0"),
    (
        "min-total-2^112",
        dict(min_total=U112),
        lambda s: f"InvalidLaunchConditions: {U112}, {s.min_stake}",
    ),
    # the quorum is the majority of the three inspectors, 2, and nothing else (issue 30)
    ("quorum-0", dict(quorum=0), lambda s: "InvalidInspectors: 0, 3"),
    ("quorum-minority", dict(quorum=1), lambda s: "InvalidInspectors: 1, 3"),
    ("quorum-unanimous", dict(quorum=3), lambda s: "InvalidInspectors: 3, 3"),
    ("quorum-over-m", dict(quorum=4), lambda s: "InvalidInspectors: 4, 3"),
]


def _inspector_cases(inspectors):
    """Inspector lists that need the session's accounts."""
    many = [f"0x{i:040x}" for i in range(1, 18)]
    sixteen = many[:16]
    inspectors = [a.address for a in inspectors]
    return {
        "no-inspectors": (dict(inspectors=[]), "InvalidInspectors: 2, 0"),
        "zero-inspector": (
            dict(inspectors=[inspectors[0], ZERO_ADDRESS]),
            "InvalidInspectors: 2, 2",
        ),
        "duplicate-inspector": (
            dict(inspectors=[inspectors[0], inspectors[1], inspectors[0]]),
            "InvalidInspectors: 2, 3",
        ),
        # 16 inspectors need 9: half of them is no majority, more lets a minority block
        "16-inspectors-quorum-8": (dict(inspectors=sixteen, quorum=8), "InvalidInspectors: 8, 16"),
        "16-inspectors-quorum-10": (
            dict(inspectors=sixteen, quorum=10),
            "InvalidInspectors: 10, 16",
        ),
        "16-inspectors-quorum-16": (
            dict(inspectors=sixteen, quorum=16),
            "InvalidInspectors: 16, 16",
        ),
        "2-inspectors-quorum-1": (dict(inspectors=many[:2], quorum=1), "InvalidInspectors: 1, 2"),
        # one too many, even with its majority quorum
        "17-inspectors": (dict(inspectors=many, quorum=9), "InvalidInspectors: 9, 17"),
        "17-inspectors-quorum-17": (dict(inspectors=many, quorum=17), "InvalidInspectors: 17, 17"),
    }


INSPECTOR_CASE_IDS = [
    "no-inspectors",
    "zero-inspector",
    "duplicate-inspector",
    "16-inspectors-quorum-8",
    "16-inspectors-quorum-10",
    "16-inspectors-quorum-16",
    "2-inspectors-quorum-1",
    "17-inspectors",
    "17-inspectors-quorum-17",
]


def _spec(default_inspectors, **fields):
    fields.setdefault("inspectors", [a.address for a in default_inspectors])
    return ProjectSpec(**fields)


@pytest.mark.parametrize("case,fields,message", CASES, ids=[c[0] for c in CASES])
def test_invalid_parameter_reverts_with_named_error(
    factory, creator, inspectors, case, fields, message
):
    spec = _spec(inspectors, **fields)
    with brownie.reverts(message(spec)):
        factory.createProject(spec.params(), spec.labels(), {"from": creator})
    assert factory.projectCount() == 0


@pytest.mark.parametrize("case", INSPECTOR_CASE_IDS)
def test_invalid_inspectors_revert(factory, creator, inspectors, case):
    fields, message = _inspector_cases(inspectors)[case]
    spec = _spec(inspectors, **fields)
    with brownie.reverts(message):
        factory.createProject(spec.params(), spec.labels(), {"from": creator})


def test_the_quorum_is_the_majority_of_the_panel_and_nothing_else(factory, creator):
    """For every panel size m from 1 to 16, the only quorum accepted is floor(m/2) + 1: 1 of 1,
    2 of 2, 2 of 3, 3 of 4, ..., 9 of 16 (asked with calls: nothing is created)."""
    panel = [f"0x{i:040x}" for i in range(1, 17)]
    accepted = {}
    for m in range(1, 17):
        for quorum in range(m + 2):
            spec = ProjectSpec(inspectors=panel[:m], quorum=quorum)
            try:
                factory.createProject.call(spec.params(), spec.labels(), {"from": creator})
            except brownie.exceptions.VirtualMachineError as refused:
                assert refused.revert_msg == f"InvalidInspectors: {quorum}, {m}"
            else:
                accepted.setdefault(m, []).append(quorum)
    assert accepted == {m: [m // 2 + 1] for m in range(1, 17)}
    assert [accepted[m][0] for m in (1, 2, 3, 4, 5, 16)] == [1, 2, 2, 3, 3, 9]
    assert factory.projectCount() == 0


def _ideation_end_error(factory, creator, spec):
    with pytest.raises(brownie.exceptions.VirtualMachineError) as info:
        factory.createProject(spec.params(), spec.labels(), {"from": creator})
    match = re.fullmatch(r"InvalidIdeationEnd: (\d+), (\d+)", info.value.revert_msg or "")
    assert match, info.value.revert_msg
    return int(match[1]), int(match[2])


def test_ideation_end_in_the_past_or_now_reverts(factory, creator, inspectors):
    past = chain[-1].timestamp - 1
    end, now = _ideation_end_error(factory, creator, _spec(inspectors, ideation_end=past))
    assert end == past and now >= past
    # exactly the block's timestamp is not in the future either
    next_time = chain[-1].timestamp + 5
    brownie.web3.provider.make_request("evm_setNextBlockTimestamp", [next_time])
    end, now = _ideation_end_error(factory, creator, _spec(inspectors, ideation_end=next_time))
    assert end == now == next_time


def test_ideation_end_beyond_40_bits_reverts(factory, creator, inspectors):
    end, now = _ideation_end_error(factory, creator, _spec(inspectors, ideation_end=U40))
    assert end == U40 and now < U40


def test_token_without_code_reverts(factory, creator, inspectors, stranger):
    spec = _spec(inspectors, token=stranger.address)
    # brownie decodes address arguments in lower case
    with brownie.reverts(f"InvalidToken: {stranger.address.lower()}"):
        factory.createProject(spec.params(), spec.labels(), {"from": creator})


def test_limits_are_accepted(factory, creator, deployer):
    """The largest valid values of every bounded parameter open a project."""
    token = TestToken.deploy("Limit", "LIM", {"from": deployer})
    sixteen = [f"0x{i:040x}" for i in range(1, 17)]
    spec = ProjectSpec(
        inspectors=sixteen,
        quorum=9,  # their majority
        token=token.address,
        ratio=(10_000, 0, 0, 0),
        advance_bps=10_000,
        min_total=U112 - 1,
        min_stake=1,
        slots=2**16 - 1,
        ideation_end=U40 - 1,
        rescue_window=2**32 - 1,
        development_period=1,
        testing_period=1,
        presale_period=1,
        dimensions=tuple(f"d{i}" for i in range(8)),
        conditions=tuple(f"c{i}" for i in range(32)),
    )
    project = open_on_factory(factory, creator, spec).project
    config = project.config()
    assert config["slots"] == 2**16 - 1 and config["quorum"] == 9
    assert config["dimensions"] == 8 and config["conditions"] == 32
    assert config["minTotal"] == U112 - 1 and config["ideationEnd"] == U40 - 1
    assert list(config["inspectors"]) == [brownie.convert.to_address(a) for a in sixteen]
