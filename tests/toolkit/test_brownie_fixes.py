# SPDX-License-Identifier: MIT
"""The patches of cobuild/brownie_adapter that change what brownie asks the node."""

from collections import Counter

from brownie import accounts, chain, web3


def test_a_receipts_timestamp_is_its_blocks_and_is_read_from_the_node_once(monkeypatch):
    chain.sleep(1234)
    tx = accounts[0].transfer(accounts[1], 1)
    block_time = web3.eth.get_block(tx.block_number)["timestamp"]
    chain.sleep(3600)
    chain.mine()  # later blocks do not change a mined transaction's time
    blocks_asked = []
    original = web3.eth.get_block
    monkeypatch.setattr(
        web3.eth, "get_block", lambda *a, **k: blocks_asked.append(a) or original(*a, **k)
    )
    assert tx.timestamp == tx.timestamp == tx.timestamp == block_time
    assert blocks_asked == [(tx.block_number,)]


def test_a_transaction_asks_the_node_four_things_and_the_clock_still_follows_the_chain(
    monkeypatch,
):
    """A transfer sends, then reads its transaction and receipt, and the sender's nonce before:
    no undo snapshot, no latest block nor gas price for web3's middleware, no second receipt
    once the first is there.
    `chain.time()` still follows the chain after its clock was moved and a block mined."""
    from web3.providers.rpc import HTTPProvider

    accounts[0].transfer(accounts[1], 1)  # the accounts are loaded
    asked = []
    original = HTTPProvider._make_request
    monkeypatch.setattr(
        HTTPProvider,
        "_make_request",
        lambda self, method, params: asked.append(method) or original(self, method, params),
    )
    tx = accounts[0].transfer(accounts[1], 1)
    monkeypatch.undo()
    assert tx.status == 1 and tx.confirmations >= 1
    # the receipt is asked until the node has it (on a loaded machine anvil may answer the
    # first ask with nothing: the `receipt_race` patch); everything else once
    counts = Counter(asked)
    assert counts.pop("eth_getTransactionReceipt", 0) >= 1, asked
    assert counts == Counter(
        ["eth_getTransactionCount", "eth_sendTransaction", "eth_getTransactionByHash"]
    ), asked
    ahead = web3.eth.get_block("latest")["timestamp"] + 30 * 86_400
    web3.provider.make_request("evm_setNextBlockTimestamp", [ahead])
    accounts[0].transfer(accounts[1], 1)
    assert ahead <= chain.time() <= ahead + 60
    chain.sleep(100)
    assert ahead + 100 <= chain.time() <= ahead + 160


def test_the_compiler_is_asked_its_version_once_per_file(monkeypatch, tmp_path):
    """py-solc-x asks `solc --version` for every source brownie compiles; the answer is kept
    per compiler file, size and time (a changed file is asked again)."""
    import shutil
    import subprocess

    import solcx

    shim = tmp_path / "solc-v0.8.30"
    shutil.copy(solcx.install.get_executable("0.8.30"), shim)
    runs = []
    real = subprocess.check_output
    monkeypatch.setattr(
        solcx.wrapper.subprocess, "check_output", lambda *a, **k: runs.append(a) or real(*a, **k)
    )
    first = solcx.wrapper.get_solc_version(shim, with_commit_hash=True)
    assert str(first).startswith("0.8.30+commit.")
    again = [str(solcx.wrapper.get_solc_version(shim)) for _ in range(5)]
    assert again == [first.base_version] * 5
    assert len(runs) == 1
    shim.write_text(shim.read_text() + "\n// changed\n")
    assert solcx.wrapper.get_solc_version(shim, with_commit_hash=True) == first
    assert len(runs) == 2
