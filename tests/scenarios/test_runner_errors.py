"""A step the chain refuses stops the run with the file, the place, the actor and the decoded
custom error, and leaves the local chain's settings as they were."""

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
