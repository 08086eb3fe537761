# SPDX-License-Identifier: MIT
"""`cobuild scenario FILE --json` and `cobuild demo --json`: the played report on stdout, nothing
else on it (the summary and brownie's prints go to stderr), also when the file's expectations
fail (exit status 1); a rejected file prints no report (exit status 2)."""

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from brownie import network

ROOT = Path(__file__).resolve().parents[2]
QUICK = ROOT / "scenarios" / "quick-rehearsal.yaml"


def _scenario(path: Path, out: Path) -> subprocess.CompletedProcess:
    command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "cobuild", "scenario", str(path)]
    command += ["--out", str(out), "--network", network.show_active(), "--json"]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    out = tmp_path_factory.mktemp("report-json")
    return _scenario(QUICK, out), out


def test_the_report_is_stdout_alone_and_equals_the_file(played):
    run, out = played
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)  # the whole stdout is one JSON document
    assert shown == json.loads((out / "quick-rehearsal.json").read_text())
    assert shown["scenario"] == "quick-rehearsal"
    selected = shown["expectations"]["counts.selected"]
    assert (selected["expected"], selected["actual"], selected["ok"]) == (2, 2, True)
    assert "quick-rehearsal" in run.stderr  # the summary went to stderr


def test_a_failed_expectation_still_prints_the_report(tmp_path):
    doc = yaml.safe_load(QUICK.read_text())
    doc["expect"]["counts.selected"] = 3
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    run = _scenario(path, tmp_path / "out")
    assert run.returncode == 1, run.stderr
    shown = json.loads(run.stdout)
    selected = shown["expectations"]["counts.selected"]
    assert (selected["expected"], selected["actual"], selected["ok"]) == (3, 2, False)
    assert "counts.selected is 2, the scenario expects 3" in run.stderr


def test_a_rejected_file_prints_nothing_on_stdout(tmp_path):
    doc = yaml.safe_load(QUICK.read_text())
    doc["steps"][0] = {"invest": {"amount": "lots"}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    run = _scenario(path, tmp_path / "out")
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert "error:" in run.stderr
