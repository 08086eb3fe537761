# SPDX-License-Identifier: MIT
"""The coverage tool (tools/coverage, `make coverage`) reports real numbers.

Runs tools/coverage/selftest (contracts/test/CoverageProbe.sol through an EIP-1167 clone and a
delegatecalled facet, with branches and statements that are known never to run) under
`brownie test --coverage` in a subprocess with its own anvil, and checks the report line by line.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "contracts/test/CoverageProbe.sol"


def _line(text: str) -> int:
    """Line number of the unique line of CoverageProbe.sol containing `text`."""
    lines = (ROOT / PROBE).read_text().splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("coverage") / "coverage.json"
    env = {
        **os.environ,
        "SOLCOV_JSON": str(out),
        "SOLCOV_INCLUDE": PROBE,
        "SOLCOV_EXCLUDE": "",
        "PYTHONPATH": str(ROOT),
        "PATH": f"{ROOT / 'node_modules' / '.bin'}{os.pathsep}{os.environ['PATH']}",
    }
    brownie = Path(sys.executable).with_name("brownie")
    run = subprocess.run(
        [str(brownie), "test", "tools/coverage/selftest", "--coverage"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "Solidity coverage" in run.stdout
    return json.loads(out.read_text())


@pytest.mark.skip_coverage
def test_known_gaps_are_reported_exactly(report):
    assert report["run"]["errors"] == []
    assert report["run"]["transactions_traced"] > 0
    assert report["run"]["calls_traced"] > 0
    probe = report["contracts"]["CoverageProbe"]
    # 9 statements; never run: the else branch of add() and neverCalled(); the view doubled() is
    # only ever called, not sent: it counts through debug_traceCall
    assert (probe["statements"]["hit"], probe["statements"]["total"]) == (7, 9)
    assert {m["line"] for m in probe["missed_statements"]} == {
        _line("++total;"),
        _line("total = 0;"),
    }
    # 3 branches, 6 directions; initialize's require went both ways (clone init, second init)
    assert (probe["branches"]["hit"], probe["branches"]["total"]) == (4, 6)
    missed = {(m["line"], tuple(m["never"])) for m in probe["missed_branches"]}
    assert missed == {
        (_line("if (x > 10)"), ("false",)),
        (_line("require(ok, FacetFailed"), ("false",)),
    }


@pytest.mark.skip_coverage
def test_delegatecalled_facet_is_mapped_by_code(report):
    facet = report["contracts"]["CoverageProbeFacet"]
    assert (facet["statements"]["hit"], facet["statements"]["total"]) == (1, 1)
    assert [(m["line"], m["never"]) for m in facet["missed_branches"]] == [
        (_line("x == 0 ? 1 : x"), ["true"])
    ]
    factory = report["contracts"]["CoverageProbeFactory"]
    # OpenZeppelin's Clones library is compiled in but not measured
    assert (factory["statements"]["hit"], factory["statements"]["total"]) == (2, 2)
    assert report["total"]["statements"] == {"hit": 10, "total": 12, "pct": 83.33}
    assert report["total"]["branches"] == {"hit": 5, "total": 8, "pct": 62.5}
