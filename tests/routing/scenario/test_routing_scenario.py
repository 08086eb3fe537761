# SPDX-License-Identifier: MIT
"""scenarios/routing-and-consent.yaml: the seed car reaches the foam-material makers, the engine
maker and the car follower, not the fishing-tackle maker; the community's gas-cut notice reaches
its followers only; a friend's invitation reaches the follower it invites and not a non-follower;
the spammer reaches nobody; the delivery service uses alice's address once with her signed
consent, is refused for another purpose and after her signed revocation. Every inbox is listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cobuild.scenario.routing import Player, load
from tests.scenarios.golden_reports import assert_same_values

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = ROOT / "scenarios" / "routing-and-consent.yaml"

EXPECTED = {
    "foam-maker": [
        (
            "project-matches",
            "new project spherical safety car matches your interests (cars, engine, foam-material)",
        )
    ],
    "engine-maker": [
        (
            "project-matches",
            "new project spherical safety car matches your interests (cars, engine, foam-material)",
        )
    ],
    "car-fan": [
        (
            "project-matches",
            "new project spherical safety car matches your interests (cars, engine, foam-material)",
        )
    ],
    "fishing-maker": [],
    "neighbour-1": [
        ("post", "gas is cut tonight in your community"),
        ("post", "tackle swap at the lake"),
    ],
    "neighbour-2": [("post", "gas is cut tonight in your community")],
    "alice": [("invitation", "fishing trip on Sunday: join me?"), ("data-used", None)],
    "community": [],
    "friend": [],
    "spammer": [],
    "delivery": [],
    "stranger": [],
    "creator": [],
}


@pytest.fixture(scope="module")
def report(platform, tmp_path_factory):
    scenario = load(SCENARIO)
    return Player(
        scenario, tmp_path_factory.mktemp("routing") / "inbox.sqlite", platform.factory
    ).play()


def test_every_inbox_is_exactly_what_interests_and_follows_say(report):
    actual = {
        name: [(n["kind"], None if n["kind"] == "data-used" else n["text"]) for n in notices]
        for name, notices in report["inboxes"].items()
    }
    assert actual == EXPECTED


def test_the_file_expectations_hold(report):
    assert report["expectations"] and all(e["ok"] for e in report["expectations"].values()), report[
        "expectations"
    ]


def test_consent_uses_and_refusals(report):
    (grant,) = report["consent"]["alice"]
    assert grant["max_uses"] == 2 and grant["revoked_at_block"] is not None
    assert [u["use_number"] for u in grant["uses"]] == [1]
    assert [r["error"] for r in report["refusals"]] == [
        "PurposeMismatch",
        "NotGrantee",
        "GrantRevoked",
    ]


def test_report_values_are_those_before_the_toolkit_rebuild(report):
    assert_same_values("routing-and-consent", report)
