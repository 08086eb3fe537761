# SPDX-License-Identifier: MIT
"""A step the chain refuses stops the run with the file, the place, the actor and the decoded
custom error, and leaves the local chain's settings as they were."""

import json

import pytest
from brownie import chain, web3

from cobuild.scenario.runner import RunError, play
from tests.scenarios.conftest import small_scenario


def test_refused_step_names_the_place_and_the_contract_error(write_scenario):
    doc = small_scenario()
    # A is selected at finalization: a rescue top-up is for eliminated combinations only
    doc["steps"].insert(2, {"rescue": {"backer": "backer-1", "combo": "A", "amount": 1}})
    path = write_scenario(doc)
    gas_limit = web3.eth.get_block("latest").gasLimit
    with pytest.raises(RunError) as raised:
        play(path, out_dir=None, progress=False, echo=False)
    selected, eliminated = 2, 3  # Status.Selected, Status.Eliminated
    assert str(raised.value) == (
        f"{path}: steps[2].rescue: invest (rescue) from backer-1 failed: "
        f"CombinationWrongStatus: 1, {selected}, {eliminated}"
    )
    assert web3.provider.make_request("anvil_getAutomine", [])["result"] is True
    chain.mine()
    assert web3.eth.get_block("latest").gasLimit == gas_limit


def test_a_failed_step_leaves_the_report_of_what_was_played(write_scenario, tmp_path):
    doc = small_scenario()
    doc["steps"].insert(2, {"rescue": {"backer": "backer-1", "combo": "A", "amount": 1}})
    path = write_scenario(doc)
    with pytest.raises(RunError) as raised:
        play(path, out_dir=tmp_path, progress=False, echo=False, chart=False)
    written = tmp_path / f"{doc['name']}.json"
    assert f"the report of what was played is in {written}" in str(raised.value)
    report = json.loads(written.read_text())
    assert report["incomplete"] is True
    failed = report["failed_step"]
    assert (failed["index"], failed["kind"], failed["place"]) == (2, "rescue", "steps[2].rescue")
    line = path.read_text().splitlines()[failed["line"] - 1]
    assert "rescue" in line  # the step's own line in the file
    assert failed["error"].startswith("steps[2].rescue: invest (rescue) from backer-1 failed")
    # what the steps before it did: three backers invested 1 ETH each in A, which was selected
    counts, money = report["counts"], report["money"]
    assert (counts["combinations"], counts["investments"], counts["selected"]) == (1, 3, 1)
    assert money["in_total"] == money["held"] == 3 * 10**18 and money["out_total"] == 0
    assert report["checkpoints"][-1]["at"] == "failed"
