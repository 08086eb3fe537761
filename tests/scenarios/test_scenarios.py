# SPDX-License-Identifier: MIT
"""Every file under scenarios/ plays through the real contracts on the local chain, and its
report (built from receipts, balances and views) shows every invariant true and every
expectation the file declares; the seed's story comes out as the seed tells it."""

import json

import pytest
from brownie import web3

from cobuild.scenario.runner import play
from tests.scenarios.conftest import SCENARIOS
from tests.scenarios.golden_reports import assert_same_values


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Play each scenario once per module: `played(path)` -> (report, output folder)."""
    cache = {}

    def _play(path):
        if path not in cache:
            out = tmp_path_factory.mktemp(path.stem)
            report = play(path, out_dir=out, progress=False, echo=False).report
            # figures the chain shows right after the run, for comparison
            report["_chain_balance"] = web3.eth.get_balance(report["project"])
            cache[path] = (report, out)
        return cache[path]

    return _play


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_plays_with_every_invariant_true(path, played):
    report, out = played(path)
    assert report["invariants"] and all(report["invariants"].values()), report["invariants"]
    failed = {k: e for k, e in report["expectations"].items() if not e["ok"]}
    assert not failed
    money = report["money"]
    assert money["in_total"] == money["out_total"] + money["held"]
    # the money figures are the chain's: the project's balance, and every payer and payee
    if report["token"]["kind"] == "eth":
        assert money["held"] == report["_chain_balance"]
    assert sum(a["paid"] for a in report["actors"].values()) == money["in_total"]
    assert sum(a["received"] for a in report["actors"].values()) == money["out_total"]
    assert report["gas"]["total"] == sum(g["total"] for g in report["gas"]["by_action"].values())
    written = json.loads((out / f"{report['scenario']}.json").read_text())
    assert written["counts"] == report["counts"]
    assert (out / f"{report['scenario']}.png").stat().st_size > 10_000
    # the same values as before the toolkit was rebuilt (tests/scenarios/golden/)
    assert_same_values(path.stem, report)


def test_seed_story_selects_52_of_which_40_pass_testing(played):
    report, _ = played(next(p for p in SCENARIOS if p.stem == "seed-car"))
    counts = report["counts"]
    assert (counts["selected"], counts["passed_testing"]) == (52, 40)
    assert counts["selected_by_rank"] == report["slots"] == 48
    assert counts["selected"] - counts["passed_testing"] == counts["failed_testing"] == 12
    assert counts["backers"] >= 300
    assert report["ratio_bps"] == [3000, 3000, 3000, 1000]
