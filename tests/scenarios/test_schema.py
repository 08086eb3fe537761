# SPDX-License-Identifier: MIT
"""scenarios/schema.json, the JSON Schema of scenario files for editors, is the one the format's
pydantic models generate (`make schema` writes it; COBUILD_WRITE_SCHEMA=1 here does too), and it
describes every file under scenarios/: its format, its top-level keys and each step's kind."""

import json
import os

import yaml

from cobuild.scenario import schema
from cobuild.scenario.format import FORMATS, format_of
from cobuild.scenario.steps import STEPS
from tests.scenarios.conftest import ROOT


def test_the_committed_schema_is_the_generated_one():
    if os.environ.get("COBUILD_WRITE_SCHEMA"):
        schema.write()
    assert schema.FILE.read_text() == schema.text(), "scenarios/schema.json is stale: make schema"


def _kinds(step_schema: dict) -> set[str]:
    bare, *shapes = step_schema["anyOf"]
    return set(bare["enum"]) | {next(iter(s["properties"])) for s in shapes}


def test_the_schema_describes_every_scenario_file():
    generated = json.loads(schema.text())
    by_format = dict(zip(FORMATS, generated["oneOf"], strict=True))
    assert _kinds(by_format["project"]["properties"]["steps"]["items"]) == set(STEPS)
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        described = by_format[format_of(doc)]
        assert set(doc) <= set(described["properties"]), path
        assert set(described.get("required", ())) <= set(doc) | {"format"}, path
        items = described["properties"]["steps"]["items"]
        for step in doc["steps"] if "anyOf" in items else ():  # services' steps are not typed
            assert (step if isinstance(step, str) else next(iter(step))) in _kinds(items), step


def test_one_format_key_names_the_three_formats():
    assert format_of({"name": "x", "steps": []}) == "project"  # the default
    assert format_of({"format": "routing-and-consent"}) == "routing-and-consent"
    assert format_of({"format": "services"}) == format_of({"kind": "services"}) == "services"
    formats = {
        format_of(yaml.safe_load(p.read_text())) for p in (ROOT / "scenarios").glob("*.yaml")
    }
    assert formats == set(FORMATS)
