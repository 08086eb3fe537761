# SPDX-License-Identifier: MIT
"""Contract actors in a scenario (issue 14): `scenarios/hostile-cast.yaml` casts a maker that
refuses every payment, a backer that burns the gas of its refund and a buyer that re-enters the
claim paying it. They block no one: every other claim of the same steps goes through, every
invariant holds, and every actor, the hostile ones once they accept, ends with what the same
story without hostile actors pays it, to the wei."""

from pathlib import Path

import pytest
import yaml

from cobuild.scenario.format import ScenarioError, load, parse
from cobuild.scenario.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
CAST = ROOT / "scenarios" / "hostile-cast.yaml"
HOSTILE = {"cell-works": "revert", "rider-6": "burn_gas", "courier-3": "reenter"}


def _honest_twin() -> dict:
    """The same story with every actor an ordinary account."""
    doc = yaml.safe_load(CAST.read_text())
    del doc["actors"]["hostile"]
    doc["steps"] = [s for s in doc["steps"] if not (isinstance(s, dict) and "hostile" in s)]
    doc["name"] = "honest-twin"
    return doc


@pytest.fixture(scope="module")
def cast():
    runner = Runner(load(CAST), progress=False)
    return runner, runner.run()


@pytest.fixture(scope="module")
def twin():
    return Runner(parse(_honest_twin(), "honest-twin.yaml"), progress=False).run()


def test_the_cast_plays_with_every_invariant_true(cast):
    _, report = cast
    assert report["invariants"]["reentry_refused"] is True
    assert all(report["invariants"].values()), report["invariants"]
    assert all(e["ok"] for e in report["expectations"].values()), report["expectations"]
    assert report["money"]["owed_at_end"] == 0


def test_the_hostile_actors_are_contracts_that_misbehaved(cast):
    runner, report = cast
    actors = report["contract_actors"]
    assert {n: a["first_mode"] for n, a in actors.items()} == HOSTILE
    for name in HOSTILE:
        code = runner.rpc.call("eth_getCode", [runner.addr[name], "latest"])
        assert len(code) > 2, f"{name} is not a contract"
        assert runner.addr[name] != runner.operators[name]
    for name in ("cell-works", "rider-6"):  # refused their payments, so their own claims failed
        address = runner.addr[name].lower()
        assert actors[name]["refused_claims"] >= 2
        refusals = [r.lower() for r in actors[name]["refusals"]]
        assert refusals and all(r.startswith(f"paymentfailed: {address}, ") for r in refusals)
    tries = actors["courier-3"]["reentries"]
    assert {t["claim"] for t in tries} == {"claim: order_refund", "claim: revenue"}
    for t in tries:
        assert (t["calls"], t["succeeded"], t["error"]) == (
            1,
            False,
            "ReentrancyGuardReentrantCall",
        )


def test_a_refusal_fails_only_its_own_claim(cast):
    runner, _ = cast
    mined = runner.sender.mined
    failed = [m for m in mined if m.failed]
    assert failed and {m.tx.who for m in failed} == {"cell-works", "rider-6"}
    for place in {m.tx.place for m in failed}:
        others = [
            m
            for m in mined
            if m.tx.place == place and not m.failed and m.tx.who not in HOSTILE and m.tx.who
        ]
        assert others, f"{place}: no other claim went through beside the refused ones"
    # the refusals happened before the contracts accepted, in the first claims
    assert failed[0].tx.place == "steps[5].claim"


def test_everyone_gets_what_the_honest_story_pays_to_the_wei(cast, twin):
    _, report = cast
    assert set(report["actors"]) == set(twin["actors"])
    for name, honest in twin["actors"].items():
        got = report["actors"][name]
        assert (got["paid"], got["received"]) == (honest["paid"], honest["received"]), name
    for key in ("in_total", "out_total", "held", "owed_at_end", "in", "out"):
        assert report["money"][key] == twin["money"][key], key
    assert report["counts"] == twin["counts"] | {"transactions": report["counts"]["transactions"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["actors"]["hostile"].update({"rider-6": "explode"}), "mode must be one of"),
        (lambda d: d["actors"]["hostile"].update({"nobody": "revert"}), "unknown actor 'nobody'"),
        (
            lambda d: d["steps"].append({"hostile": {"actor": "rider-1", "mode": "accept"}}),
            "'rider-1' is not listed under actors.hostile",
        ),
    ],
    ids=["unknown-mode", "unknown-actor", "step-for-an-ordinary-actor"],
)
def test_a_bad_cast_is_refused_before_playing(change, message):
    doc = yaml.safe_load(CAST.read_text())
    change(doc)
    with pytest.raises(ScenarioError, match=message):
        parse(doc, "cast.yaml")
