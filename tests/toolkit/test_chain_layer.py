# SPDX-License-Identifier: MIT
"""The scenario runner's chain layer (cobuild.chain.rpc/sender on web3.py): batched transactions
keep their queue order in one block, receipts and reverts decode against the project's ABI, and a
project's configuration and labels read by field name agree with brownie's."""

import pytest

from cobuild.chain.platform import ProjectInfo, project_abi, project_info
from cobuild.chain.rpc import Codec, Rpc
from cobuild.chain.sender import DevSender, Handle, Tx, TxFailed
from cobuild.protocol import content

E = 10**18


@pytest.fixture
def chain_layer(open_project, spec):
    project = open_project(spec=spec)
    codec = Codec(project_abi())
    sender = DevSender(Rpc.from_brownie(), codec)
    yield project, Handle(project.address, codec), sender
    sender.close()


def test_batched_offers_keep_queue_order_in_one_block(chain_layer, makers):
    project, handle, sender = chain_layer
    sender.prepare([m.address for m in makers[:3]])
    for i, maker in enumerate(makers[:3]):
        data = handle.data("offerOption", i, (i + 1) * E, content(f"option {i}"))
        sender.send(
            Tx(maker.address, handle.address, data, expect=[("OptionOffered", "optionId", i + 1)])
        )
    mined = sender.flush()
    assert len({m.block for m in mined}) == 1
    offered = [m.event("OptionOffered") for m in mined]
    assert [(o["optionId"], o["maker"], o["dimension"], o["quote"]) for o in offered] == [
        (i + 1, m.address, i, (i + 1) * E) for i, m in enumerate(makers[:3])
    ]
    assert [tuple(project.option(i + 1)) for i in range(3)] == [
        (m.address, (i + 1) * E, i) for i, m in enumerate(makers[:3])
    ]
    assert sender.views([(handle, "option", (i + 1,)) for i in range(3)]) == [
        (m.address, (i + 1) * E, i) for i, m in enumerate(makers[:3])
    ]


def test_a_revert_names_the_custom_error(chain_layer, stranger):
    _, handle, sender = chain_layer
    sender.prepare([stranger.address])
    sender.send(
        Tx(stranger.address, handle.address, handle.data("recordVerdict", 1, 0, True, b"\0" * 32))
    )
    with pytest.raises(TxFailed) as failed:
        sender.flush()
    name = failed.value.reason.split(":")[0]
    assert name in {e["name"] for e in handle.codec.errors.values()}


def test_config_and_labels_by_field_name(chain_layer, spec):
    project, handle, sender = chain_layer
    info = project_info(project)
    assert _plain(sender.config(handle)) == _plain(info.config)
    assert info.config["ideationEnd"] == project.config()["ideationEnd"]
    # the labels the spec gave agree with the ones a fresh read finds in the creation log
    scanned = ProjectInfo(project).labels
    assert _plain(scanned) == _plain(info.labels)
    assert info.labels["dimensions"] == list(spec.dimensions)


def _plain(value):
    """brownie's and eth_abi's spellings of the same value made comparable."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return bytes(value).hex()
    return value


def test_balances_in_one_batch_are_each_balance(money, deployer, treasury, stranger):
    """`Money.balances` (one JSON-RPC batch) reads what `Money.balance` reads one by one."""
    if not money.is_eth:
        money.token.mint(stranger, 12_345, {"from": stranger})
    whos = [deployer, treasury.address, stranger, "0x" + "00" * 19 + "01"]
    assert money.balances(whos) == [money.balance(w) for w in whos]
    assert money.balances([]) == []
