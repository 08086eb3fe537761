# SPDX-License-Identifier: MIT
"""scripts/deploy.py's deployment: recorded per chain id, reused when the code is still there,
redeployed from the first missing piece."""

import json

from brownie import accounts

from cobuild.chain.deployment import deploy


def test_second_deployment_reuses_every_recorded_contract(tmp_path):
    path = tmp_path / "31337.json"
    first = deploy(accounts[0], treasury=accounts[1].address, path=path)
    nonce = accounts[0].nonce
    second = deploy(accounts[0], path=path)
    assert first.deployed == ["ProjectProduction", "CobuildProject", "CobuildFactory"]
    assert second.deployed == [] and accounts[0].nonce == nonce
    assert second.record == first.record == json.loads(path.read_text())
    assert second.platform.factory.treasury() == accounts[1].address
    assert first.record["contracts"]["CobuildShares"] == first.platform.shares.address


def test_missing_factory_is_redeployed_on_the_recorded_implementation(tmp_path):
    path = tmp_path / "31337.json"
    first = deploy(accounts[0], path=path)
    record = json.loads(path.read_text())
    record["contracts"]["CobuildFactory"] = accounts[5].address  # no code there
    path.write_text(json.dumps(record))
    again = deploy(accounts[0], path=path)
    assert again.deployed == ["CobuildFactory"]
    contracts = json.loads(path.read_text())["contracts"]
    assert contracts["CobuildProject"] == first.record["contracts"]["CobuildProject"]
    assert again.platform.factory.implementation() == contracts["CobuildProject"]
