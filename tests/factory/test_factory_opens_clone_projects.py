# SPDX-License-Identifier: MIT
"""createProject opens an EIP-1167 clone carrying its configuration, announces everything a dApp
needs in ProjectCreated, and keeps the registry."""

from __future__ import annotations

import brownie
import pytest
from brownie import TestToken, web3

from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import DAY, NO_CONTENT, RankBy, content_hash

# EIP-1167 minimal proxy runtime code around the implementation address (45 bytes)
PROXY_HEAD = bytes.fromhex("363d3d373d3d3d363d73")
PROXY_TAIL = bytes.fromhex("5af43d82803e903d91602b57fd5bf3")


def _addr(a) -> bytes:
    return bytes.fromhex(str(a)[2:])


def packed_config(factory, shares, creator, spec: ProjectSpec, ideation_end: int) -> bytes:
    """The clone's immutable arguments, packed by hand from the documented layout."""
    inspectors = list(spec.inspectors)
    return b"".join(
        [
            _addr(factory),
            _addr(shares),
            _addr(spec.token),
            _addr(creator),
            spec.content_hash,
            ideation_end.to_bytes(8, "big"),
            spec.rescue_window.to_bytes(4, "big"),
            spec.development_period.to_bytes(4, "big"),
            spec.testing_period.to_bytes(4, "big"),
            spec.presale_period.to_bytes(4, "big"),
            spec.min_total.to_bytes(16, "big"),
            spec.min_stake.to_bytes(16, "big"),
            spec.slots.to_bytes(2, "big"),
            spec.max_rescues.to_bytes(2, "big"),
            *(r.to_bytes(2, "big") for r in spec.ratio),
            spec.advance_bps.to_bytes(2, "big"),
            spec.quorum.to_bytes(1, "big"),
            int(spec.rank_by).to_bytes(1, "big"),
            len(spec.dimensions).to_bytes(1, "big"),
            len(spec.conditions).to_bytes(1, "big"),
            len(inspectors).to_bytes(1, "big"),
            *(_addr(i) for i in inspectors),
        ]
    )


@pytest.fixture(scope="module")
def token(deployer):
    return TestToken.deploy("Cobuild Dollar", "CBD", {"from": deployer})


@pytest.fixture
def odd_spec(inspectors, token, chain_now):
    """Every field distinct from the defaults and from each other, so a swap would show. The
    quorum is fixed by the panel (its majority), so the panel is 13 (quorum 7: no other count)."""
    panel = [inspectors[2].address, inspectors[0].address, inspectors[1].address]
    panel += [brownie.convert.to_address(f"0x{0xC0B0 + i:040x}") for i in range(10)]
    return ProjectSpec(
        inspectors=panel,
        token=token.address,
        content_hash=content_hash("a spherical safety car"),
        ideation_end=chain_now + 9 * DAY + 17,
        rescue_window=2 * DAY + 1,
        development_period=31 * DAY + 2,
        testing_period=11 * DAY + 3,
        presale_period=15 * DAY + 4,
        min_total=123_456_789 * 10**12,
        min_stake=7 * 10**15 + 5,
        slots=45,
        max_rescues=6,
        rank_by=RankBy.Funding,
        ratio=(3331, 2999, 2670, 1000),
        advance_bps=2500,
        quorum=7,  # 13 // 2 + 1
        title="The spherical safety car",
        description="It rolls instead of crashing",
        uri="ipfs://bafy-spherical-car",
        tags=("cars", "safety", "foam", "engines"),
        dimensions=("shape", "material", "engine", "axle"),
        conditions=("road", "weather", "traffic", "crash", "night"),
    )


@pytest.fixture
def chain_now():
    return brownie.chain[-1].timestamp


def test_project_created_event_carries_params_and_labels(factory, creator, odd_spec):
    opened = open_on_factory(factory, creator, odd_spec)
    event = opened.tx.events["ProjectCreated"]
    assert event["project"] == opened.project.address
    assert event["projectId"] == 1
    assert event["creator"] == creator
    params = event["params"]
    expected = odd_spec.params()
    assert len(params) == len(expected)
    # addresses compare as strings; arrays as lists
    for got, want in zip(params, expected, strict=True):
        if isinstance(want, list):
            assert [str(x).lower() if isinstance(x, str) else x for x in got] == [
                str(x).lower() if isinstance(x, str) else x for x in want
            ]
        elif isinstance(want, bytes):
            assert bytes(got) == want
        elif isinstance(want, str):
            assert str(got).lower() == want.lower()
        else:
            assert got == want
    title, description, uri, tags, dimensions, conditions = event["labels"]
    assert (title, description) == (odd_spec.title, odd_spec.description)
    assert uri == odd_spec.uri
    assert list(tags) == list(odd_spec.tags)
    assert list(dimensions) == list(odd_spec.dimensions)
    assert list(conditions) == list(odd_spec.conditions)


def test_config_returns_exactly_what_was_passed(factory, creator, odd_spec):
    project = open_on_factory(factory, creator, odd_spec).project
    config = project.config()
    s = odd_spec
    assert config["factory"] == factory.address
    assert config["token"] == s.token
    assert config["creator"] == creator.address
    assert bytes(config["contentHash"]) == s.content_hash
    assert config["ideationEnd"] == s.ideation_end
    assert config["rescueWindow"] == s.rescue_window
    assert config["developmentPeriod"] == s.development_period
    assert config["testingPeriod"] == s.testing_period
    assert config["presalePeriod"] == s.presale_period
    assert config["minTotal"] == s.min_total
    assert config["minStake"] == s.min_stake
    assert config["slots"] == s.slots
    assert config["maxRescues"] == s.max_rescues
    assert config["rankBy"] == s.rank_by
    assert list(config["ratioBps"]) == list(s.ratio)
    assert config["advanceBps"] == s.advance_bps
    assert config["quorum"] == s.quorum
    assert config["dimensions"] == len(s.dimensions)
    assert config["conditions"] == len(s.conditions)
    assert list(config["inspectors"]) == list(s.inspectors)


def test_project_is_a_clone_with_its_configuration_in_code(factory, platform, creator, odd_spec):
    project = open_on_factory(factory, creator, odd_spec).project
    code = bytes(web3.eth.get_code(project.address))
    args = packed_config(factory, platform.shares, creator, odd_spec, odd_spec.ideation_end)
    assert len(args) == 187 + 20 * len(odd_spec.inspectors)
    assert len(code) == 45 + len(args)
    assert code == PROXY_HEAD + _addr(platform.implementation) + PROXY_TAIL + args


def test_registry_numbers_projects_from_one(factory, creator, stranger, odd_spec, inspectors):
    assert factory.projectCount() == 0
    first = open_on_factory(factory, creator, odd_spec).project
    second = open_on_factory(factory, stranger, ProjectSpec(inspectors=list(inspectors))).project
    assert factory.projectCount() == 2
    assert factory.projectAt(1) == first.address and factory.projectAt(2) == second.address
    assert factory.projectId(first) == 1 and factory.projectId(second) == 2
    assert factory.projectId(stranger) == 0  # not a project
    assert factory.projectId(factory.implementation()) == 0
    assert second.config()["creator"] == stranger.address
    with brownie.reverts():
        factory.projectAt(0)
    with brownie.reverts():
        factory.projectAt(3)


def test_implementation_is_not_a_project(platform, creator):
    """Called directly, the implementation refuses: its own code holds no configuration."""
    with brownie.reverts("NotAProject: "):
        platform.implementation.config()
    with brownie.reverts("NotAProject: "):
        platform.implementation.offerOption(0, 1, NO_CONTENT, {"from": creator})
