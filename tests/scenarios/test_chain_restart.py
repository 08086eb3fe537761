# SPDX-License-Identifier: MIT
"""A chain restart loses nothing (issue 31): a scenario interrupted mid-run, its anvil's state
dumped and the node killed, goes on in a new anvil on another port that loaded the state, and its
report is the one a straight run gives (tests/scenarios/golden/): every count, amount, invariant,
expectation, checkpoint, combination and actor figure.

The drill runs in a process of its own (tests/scenarios/chain_restart_drill.py): it kills the
node it plays on, which this worker's node must not be. What anvil keeps outside its state (its
clock's offset, impersonated accounts) is put back by `restart_development_node` and
`Runner.reattach`; without them the rest of the run would fail (the actors cannot send) or mine
blocks dated before the last one."""

import json
import os
import subprocess
import sys

import pytest

from tests.scenarios.conftest import ROOT
from tests.scenarios.golden_reports import assert_same_values

DRILL = ROOT / "tests" / "scenarios" / "chain_restart_drill.py"
# (scenario, the step after which the node restarts): ETH, and an ERC-20 of 6 decimals
CASES = [("quick-rehearsal", 11), ("usdc-cart", 12)]


@pytest.mark.parametrize(("name", "after"), CASES, ids=[name for name, _ in CASES])
def test_a_scenario_restarted_mid_run_reports_as_a_straight_run(name, after, tmp_path):
    path = ROOT / "scenarios" / f"{name}.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["PATH"] = f"{ROOT / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [sys.executable, str(DRILL), str(path), str(after), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    drill = json.loads((tmp_path / "restart.json").read_text())
    report = json.loads((tmp_path / f"{drill['scenario']}.json").read_text())
    (restart,) = drill["restarts"]
    # the node was killed after the step asked, mid-run, and another one took over
    assert restart["after_step"] == after
    assert 0 < restart["transactions_before"] < report["counts"]["transactions"]
    assert not restart["old_alive"]
    assert restart["new"]["url"] != restart["old"]["url"]
    assert restart["new"]["pid"] != restart["old"]["pid"]
    # the new node holds the same chain: its latest block, the views and every balance
    assert restart["block_after"] == restart["block_before"][:2]
    assert restart["views_same"]
    state = json.loads((tmp_path / "state.json").read_text())  # what `anvil --load-state` reads
    assert report["project"].lower() in state["accounts"]
    assert state["best_block_number"] == int(restart["block_before"][0], 16)

    # and the run that went on there reports what a straight run reports
    assert report["invariants"] and all(report["invariants"].values()), report["invariants"]
    assert all(e["ok"] for e in report["expectations"].values()), report["expectations"]
    assert_same_values(name, report)
