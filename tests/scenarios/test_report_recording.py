# SPDX-License-Identifier: MIT
"""The report is a function of the run's recording (issue 34): `build_report(recording, scenario)`
gives the report the runner gave, in a process where brownie cannot even be imported (so it reads
no chain and no runner), and the money it saw moving is checked call by call against the rules
(`ProjectModel`, replayed through `cobuild.model.mirror`): a payout one wei above what the rules
entitle its payee to fails `payouts_within_entitlement`, naming the transaction."""

import dataclasses
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cobuild.scenario.format import load
from cobuild.scenario.recording import Event, Recording
from cobuild.scenario.replay import OUT_EVENTS, replay
from cobuild.scenario.report import build_report
from cobuild.scenario.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
QUICK = ROOT / "scenarios" / "quick-rehearsal.yaml"


@pytest.fixture(scope="module")
def run():
    runner = Runner(load(QUICK), progress=False)
    report = runner.run()
    return runner.s, runner.recording, report


def test_the_report_is_the_recordings_own(run):
    scenario, recording, report = run
    again = build_report(recording, scenario)
    assert again == {**report, "expectations": {}}
    config = recording.config
    assert report["slots"] == config["slots"] and report["ratio_bps"] == list(config["ratioBps"])


def test_the_report_is_built_without_brownie_or_a_chain(run, tmp_path):
    scenario, recording, report = run
    saved = tmp_path / "run.pickle"
    saved.write_bytes(pickle.dumps((recording, scenario)))
    code = (
        "import json, pickle, sys\n"
        "sys.modules['brownie'] = None  # any import of brownie fails\n"
        "from cobuild.scenario.report import build_report\n"
        f"recording, scenario = pickle.loads(open({str(saved)!r}, 'rb').read())\n"
        "print(json.dumps(build_report(recording, scenario)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    elsewhere = json.loads(done.stdout)
    assert elsewhere == json.loads(json.dumps({**report, "expectations": {}}))


def test_the_rules_agree_with_every_call(run):
    _, recording, report = run
    replayed = replay(recording)
    assert replayed.agrees, replayed.disagreements
    assert replayed.model.money_in == report["money"]["in_total"]
    assert replayed.model.money_out == report["money"]["out_total"]
    assert sum(1 for t in recording.transactions if t.call) > 50  # the calls were decoded


def _overpaid(recording: Recording) -> tuple[Recording, int]:
    """The recording with its first payout one wei larger; and that payout's block."""
    transactions = list(recording.transactions)
    for i, t in enumerate(transactions):
        for j, e in enumerate(t.events):
            if e.name in OUT_EVENTS and e.emitter == recording.project:
                field = OUT_EVENTS[e.name][2]
                events = list(t.events)
                events[j] = Event(e.name, e.emitter, {**e.args, field: e.args[field] + 1})
                transactions[i] = dataclasses.replace(t, events=tuple(events))
                return dataclasses.replace(recording, transactions=tuple(transactions)), t.block
    raise AssertionError("the scenario pays nothing out")


def test_a_payout_above_the_rules_fails_the_entitlement_invariant(run):
    scenario, recording, _ = run
    overpaid, block = _overpaid(recording)
    assert build_report(overpaid, scenario)["invariants"]["payouts_within_entitlement"] is False
    (disagreement,) = replay(overpaid).disagreements
    assert disagreement.startswith(f"block {block}: ")
    assert build_report(recording, scenario)["invariants"]["payouts_within_entitlement"] is True


def test_a_ranking_the_rules_do_not_give_fails_the_selection_invariant(run):
    scenario, recording, _ = run
    transactions = list(recording.transactions)
    ranked = [
        (i, j)
        for i, t in enumerate(transactions)
        for j, e in enumerate(t.events)
        if e.name == "CombinationRanked"
    ]
    (i1, j1), (i2, j2) = ranked[:2]  # the first two places, swapped
    first, second = transactions[i1].events[j1], transactions[i2].events[j2]
    swapped = {
        (i1, j1): Event(first.name, first.emitter, {**first.args, "rank": second.args["rank"]}),
        (i2, j2): Event(second.name, second.emitter, {**second.args, "rank": first.args["rank"]}),
    }
    for i in {i1, i2}:
        events = [swapped.get((i, j), e) for j, e in enumerate(transactions[i].events)]
        transactions[i] = dataclasses.replace(transactions[i], events=tuple(events))
    forged = dataclasses.replace(recording, transactions=tuple(transactions))
    assert build_report(forged, scenario)["invariants"]["selection_follows_rules"] is False
    assert build_report(recording, scenario)["invariants"]["selection_follows_rules"] is True
