# SPDX-License-Identifier: MIT
"""Fixtures of the scenario tests: where the scenario files are, and writing small ones."""

from pathlib import Path

import pytest
import yaml

from cobuild.scenario.services import is_services_file

ROOT = Path(__file__).resolve().parents[2]
# project scenarios; `format: services` files (scenarios/saturday.yaml) are tests/services' own,
# and routing-and-consent ones have a player of their own
# (tests/routing/scenario/test_routing_scenario.py)
SCENARIOS = [
    p
    for p in sorted((ROOT / "scenarios").glob("*.yaml"))
    if not is_services_file(p)
    and (yaml.safe_load(p.read_text()) or {}).get("format") != "routing-and-consent"
]


def small_scenario() -> dict:
    """A valid, small scenario document that tests change one field at a time."""
    return {
        "name": "small",
        "actors": {
            "creator": "ada",
            "inspectors": ["inspector-1"],
            "makers": ["maker-1", "maker-2"],
            "backers": {"count": 3, "prefix": "backer"},
        },
        "project": {
            "min_total": 1,
            "min_stake": 0.1,
            "slots": 1,
            "conditions": ["road"],
        },
        "dimensions": {
            "body": {"sphere": {"maker": "maker-1", "quote": 1}},
            "engine": {"e1": {"maker": "maker-2", "quote": 1}},
        },
        "combinations": {"A": "sphere + e1"},
        "steps": [
            {"invest": {"backers": "backer-1..backer-3", "combo": "A", "amount": 1}},
            "finalize",
            {"phase": "development"},
            {"claim": "everyone"},
        ],
    }


@pytest.fixture
def write_scenario(tmp_path):
    """Write a scenario document to a file: `write_scenario(doc)` -> its path."""

    def _write(doc: dict, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(doc, sort_keys=False))
        return path

    return _write
