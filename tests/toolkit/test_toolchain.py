# SPDX-License-Identifier: MIT
from brownie import TestToken, accounts


def test_openzeppelin_contract_compiles_and_runs_on_anvil():
    token = TestToken.deploy("T", "T", {"from": accounts[0]})
    token.mint(accounts[1], 10**18, {"from": accounts[1]})
    assert token.balanceOf(accounts[1]) == 10**18
