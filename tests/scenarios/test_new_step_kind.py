# SPDX-License-Identifier: MIT
"""A new step kind is one class (cobuild/scenario/steps.py, issue 34): its typed fields, its check
and its play. `mark` below, a solvency checkpoint in the report at that point of the story, is
validated with the file's places, shows in the JSON Schema and plays, with no other change."""

from typing import Literal

import pytest

from cobuild.scenario import schema, steps
from cobuild.scenario.format import ScenarioError, load
from cobuild.scenario.notation import Text
from cobuild.scenario.runner import play
from tests.scenarios.conftest import small_scenario


@pytest.fixture
def mark():
    class Mark(steps.Step):
        """A solvency checkpoint in the report here: `mark: after-the-rescue`."""

        kind: Literal["mark"] = "mark"
        scalar = "label"
        label: Text

        def play(self, r) -> None:
            r._checkpoint(self.label)

    yield Mark
    del steps.STEPS["mark"]  # the catalogue as it was, for the other tests of this process


def _with_mark(value) -> dict:
    doc = small_scenario()
    doc["steps"].insert(2, {"mark": value})  # after finalize
    return doc


def test_the_new_kind_is_validated_with_its_place(mark, write_scenario):
    assert load(write_scenario(_with_mark("rescued"))).steps[2].label == "rescued"
    with pytest.raises(ScenarioError) as refused:
        load(write_scenario(_with_mark({"label": "x", "colour": "red"})))
    assert refused.value.errors == [
        ("steps[2].mark.colour", "unknown field (expected one of: label)")
    ]
    items = schema.steps_schema(steps.STEPS, {})["anyOf"]
    assert any("mark" in s.get("properties", {}) for s in items)


def test_the_new_kind_plays(mark, write_scenario):
    report = play(write_scenario(_with_mark("rescued")), out_dir=None, progress=False, echo=False)
    labels = [c["at"] for c in report.report["checkpoints"]]
    assert labels.index("finalized") < labels.index("rescued") < labels.index("development")
