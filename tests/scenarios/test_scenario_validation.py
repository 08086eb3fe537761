# SPDX-License-Identifier: MIT
"""A malformed scenario is rejected before anything is sent to the chain, with a message naming
the file, the place in it and what is wrong."""

import subprocess
from pathlib import Path

import pytest
import yaml
from brownie import network, web3

from cobuild.scenario.format import ScenarioError, load
from cobuild.scenario.runner import play
from cobuild.scenario.services import is_services_file
from cobuild.scenario.services import load as services_load
from tests.scenarios.conftest import ROOT, SCENARIOS, small_scenario


def _with(change):
    doc = small_scenario()
    change(doc)
    return doc


def _line(path: Path, text: str) -> int:
    """The line of the first step's `text` in the file (the step list comes last)."""
    lines = path.read_text().splitlines()
    steps = lines.index("steps:")
    return next(i for i, line in enumerate(lines[steps:], steps + 1) if text in line)


# case: (change, place, the text on the place's line, what is wrong)
MALFORMED = {
    "unknown actor": (
        lambda d: d["steps"][0]["invest"].update(backers="stranger"),
        "steps[0].invest.backers",
        "backers: stranger",
        "unknown actor 'stranger'",
    ),
    "bad amount": (
        lambda d: d["steps"][0]["invest"].update(amount="lots"),
        "steps[0].invest.amount",
        "amount: lots",
        "not an amount: 'lots'",
    ),
    "missing field": (
        lambda d: d["steps"][0]["invest"].pop("combo"),
        "steps[0].invest",
        "invest:",
        "missing field 'combo'",
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_scenario_is_rejected_before_any_transaction(case, write_scenario):
    change, place, on_line, what = MALFORMED[case]
    path = write_scenario(_with(change))
    block, nonce = web3.eth.block_number, web3.eth.get_transaction_count(web3.eth.accounts[0])
    with pytest.raises(ScenarioError) as raised:
        play(path, out_dir=None, progress=False, echo=False)
    assert f"{path}:{_line(path, on_line)}: {place}: {what}" in str(raised.value)
    assert web3.eth.block_number == block
    assert web3.eth.get_transaction_count(web3.eth.accounts[0]) == nonce


def test_make_scenario_exits_with_the_message_and_sends_nothing(write_scenario):
    path = write_scenario(_with(MALFORMED["bad amount"][0]))
    block = web3.eth.block_number
    run = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "cobuild",
            "scenario",
            str(path),
            "--network",
            network.show_active(),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    line = _line(path, "amount: lots")
    assert f"{path}:{line}: steps[0].invest.amount: not an amount: 'lots'" in run.stderr
    assert web3.eth.block_number == block


@pytest.mark.parametrize(
    "change, place, what",
    [
        (
            lambda d: d["steps"][0]["invest"].update(amount=-1),
            "steps[0].invest.amount",
            "must not be negative",
        ),
        (
            lambda d: d["steps"][0]["invest"].update(amount=0),
            "steps[0].invest.amount",
            "must be positive",
        ),
        (
            lambda d: d["steps"][0]["invest"].update(amount="1.0000000000000000001"),
            "steps[0].invest.amount",
            "more decimals than the token",
        ),
        (
            lambda d: d["steps"][0]["invest"].update(combo="Z"),
            "steps[0].invest.combo",
            "unknown combination 'Z'",
        ),
        (
            lambda d: d["steps"][0]["invest"].update(amout=1),
            "steps[0].invest.amout",
            "unknown field",
        ),
        (lambda d: d["steps"].insert(0, {"fly": {}}), "steps[0]", "unknown step 'fly'"),
        (
            lambda d: d["steps"].insert(0, {"deliver": {}}),
            "steps[0].deliver",
            "cannot run in the ideation phase",
        ),
        (
            lambda d: (
                d["steps"].insert(2, {"phase": "closed"})
                or d["steps"].insert(3, {"phase": "testing"})
            ),
            "steps[3].phase",
            "cannot go back from closed to testing",
        ),
        (
            lambda d: d["steps"].insert(
                2, {"rescue": {"backer": "ada", "combo": "A", "amount": 1}}
            ),
            "steps[2].rescue.backer",
            "ada cannot rescue A: only its backers may top it up",
        ),
        (
            lambda d: d["combinations"].update(B="e1 + sphere"),
            "combinations.B[0]",
            "option e1 belongs to dimension engine, not body",
        ),
        (
            lambda d: d["dimensions"]["body"]["sphere"].update(maker="ada"),
            "dimensions.body.sphere.maker",
            "ada is not listed under actors.makers",
        ),
        (lambda d: d["project"].update(ratio=3332), "project.ratio", "sums to 11000 bps"),
        (lambda d: d["project"].update(ideation="soon"), "project.ideation", "not a duration"),
        (
            lambda d: d["project"].update(quorum=2),
            "project.quorum",
            "quorum 2 is more than the 1 inspectors",
        ),
        (
            lambda d: d["actors"].update(backers="backer-9..backer-1"),
            "actors.backers",
            "runs backwards",
        ),
        (lambda d: d.pop("project"), "top level", "missing field 'project'"),
        (
            lambda d: d.update(expect={"counts.selected": [1]}),
            "expect.counts.selected",
            "must be a number",
        ),
    ],
)
def test_validator_names_the_place_and_the_problem(change, place, what, write_scenario):
    path = write_scenario(_with(change))
    with pytest.raises(ScenarioError) as raised:
        load(path)
    assert any(p == place and what in m for p, m in raised.value.errors), raised.value.errors
    assert str(path) in str(raised.value)


def test_every_error_of_a_file_is_reported_at_once(write_scenario):
    def two_mistakes(d):
        d["steps"][0]["invest"].update(amount="lots", backers="stranger")

    with pytest.raises(ScenarioError) as raised:
        load(write_scenario(_with(two_mistakes)))
    places = [p for p, _ in raised.value.errors]
    assert "steps[0].invest.amount" in places and "steps[0].invest.backers" in places


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nsteps: [\n  - invest: {combo: A\n")
    with pytest.raises(ScenarioError) as raised:
        load(path)
    assert str(path) in str(raised.value) and "line " in str(raised.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load(tmp_path / "nope.yaml")


def test_valid_small_scenario_expands_crowds_and_ranges(write_scenario):
    s = load(write_scenario(small_scenario()))
    assert s.roles["backers"] == ("backer-1", "backer-2", "backer-3")
    assert s.steps[0].backers == ("backer-1", "backer-2", "backer-3")
    assert s.steps[0].amount == 10**18
    assert s.roles["treasury"] == ("treasury",)  # a treasury of its own when none is named
    assert [st.phase for st in s.steps] == ["ideation", "ideation", "rescue", "development"]


def test_scenario_files_in_the_repository_are_valid():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        if is_services_file(path):  # played by tests/services/scenario/test_saturday_scenario.py
            assert services_load(path).steps, path
            continue
        if (
            path not in SCENARIOS
        ):  # routing-and-consent: tests/routing/scenario/test_routing_scenario.py
            continue
        assert load(path).steps, path


def test_scenario_document_round_trips_through_yaml(write_scenario):
    doc = small_scenario()
    assert yaml.safe_load(Path(write_scenario(doc)).read_text()) == doc
