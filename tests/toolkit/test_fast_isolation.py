# SPDX-License-Identifier: MIT
"""The suite's isolation (cobuild/chain/snapshot.py, wired in conftest.py): raw snapshots taken on
a level's first request to the chain, none for a test that never touches it, and brownie's own
records (contracts, history, clock) restored with the state. Each test stands alone (the suite
runs in a random order): what a test leaves is checked inside one test, through a level opened
exactly as the `isolation` fixture opens a test's."""

import pytest
from brownie import TestToken, accounts, chain, history, web3
from brownie.exceptions import ContractNotFound
from eth_utils import to_checksum_address

from cobuild.chain.snapshot import Snapshot

PROBE = to_checksum_address("0x000000000000000000000000000000000000c0b1")


def test_a_test_that_never_touches_the_chain_takes_no_snapshot(chain_levels):
    assert chain_levels.depth == 2  # the module's and this test's
    assert chain_levels.taken()[-1] is False


def test_a_test_that_touches_the_chain_takes_one(chain_levels):
    web3.eth.block_number  # noqa: B018 - the request is the point
    assert chain_levels.taken() == [True, True]


def test_what_a_test_changes_is_gone_after_it(chain_levels):
    before = (web3.eth.get_balance(PROBE), len(TestToken), chain._time_offset, len(history))
    assert before[:2] == (0, 0)
    with chain_levels.level():  # a test's level, as conftest's `isolation` opens it
        web3.provider.make_request("anvil_setBalance", [PROBE, hex(10**18)])
        address = TestToken.deploy("Probe", "PRB", {"from": accounts[0]}).address
        chain.sleep(3600)
        assert web3.eth.get_balance(PROBE) == 10**18 and len(TestToken) == 1
        assert chain_levels.taken() == [True, True, True]
    assert web3.eth.get_balance(PROBE) == 0 and web3.eth.get_code(address) == b""
    assert len(TestToken) == 0 and chain._time_offset == before[2]
    assert not [tx for tx in history if tx.contract_name == "TestToken"]
    assert len(history) == before[3]


def test_a_snapshot_restores_state_records_and_clock_and_can_be_reverted_to_again():
    snapshot = Snapshot()
    height, offset, deployed = web3.eth.block_number, chain._time_offset, len(TestToken)
    for _ in range(2):
        token = TestToken.deploy("Probe", "PRB", {"from": accounts[0]})
        address, tx = token.address, token.tx
        chain.sleep(86400)
        # brownie re-syncs its clock from the latest block on a background thread, so the offset
        # is only known to within the seconds the deployment took: a day on is what matters
        assert len(TestToken) == deployed + 1 and chain._time_offset > offset + 86400 - 3600
        snapshot.revert()
        assert web3.eth.block_number == height and web3.eth.get_code(address) == b""
        assert len(TestToken) == deployed and chain._time_offset == offset
        assert tx not in history
        with pytest.raises(ContractNotFound):  # brownie's own mark of a reverted deployment
            token.address  # noqa: B018
