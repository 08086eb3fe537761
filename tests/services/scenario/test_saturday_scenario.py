# SPDX-License-Identifier: MIT
"""scenarios/saturday.yaml, the seed's Saturday, plays with every invariant true and the counts
its `expect` block names, in ETH and (the same file, token switched) in an ERC-20; a malformed
services file is rejected before anything is sent."""

import pytest

from cobuild.scenario.services import ServicesRunner, ServicesScenarioError, load, play
from tests.scenarios.golden_reports import assert_same_values

SATURDAY = "scenarios/saturday.yaml"


def test_saturday_plays_with_every_invariant():
    outcome = play(SATURDAY, out_dir=None)
    assert outcome.problems == []
    report = outcome.report
    assert all(report["invariants"].values()), report["invariants"]
    assert report["money"]["in_total"] == report["money"]["out_total"] + report["money"]["held"]
    assert report["money"]["held"] == 0
    assert report["counts"]["device_orders_refused"] == 5
    assert (
        report["refused_by_error"]["NotMandateOwner"] == 2
    )  # the fridge's and the grocer's reschedule
    assert_same_values("saturday", report)


def test_saturday_in_an_erc20():
    scenario = load(SATURDAY).model_copy(update={"token": "ERC20"})
    report = ServicesRunner(scenario).play()
    assert all(report["invariants"].values()), report["mismatches"]
    assert report["counts"] == play(SATURDAY, out_dir=None).report["counts"]


@pytest.mark.parametrize(
    "text",
    [
        "name: x\nkind: services\ntitle: t\nactors: [a]\nlistings: {}\nsteps: []\nsurprise: 1\n",
        "name: x\nkind: services\ntitle: t\ntoken: DOGE\nactors: [a]\nlistings: {}\nsteps: []\n",
    ],
)
def test_a_malformed_file_is_rejected(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ServicesScenarioError):
        load(path)
