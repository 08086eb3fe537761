"""The work-arounds of cobuild/chain/brownie_fixes.py that change what brownie asks the node."""

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
