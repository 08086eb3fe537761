# SPDX-License-Identifier: MIT
"""The patches of brownie 1.22.2 (eth-brownie), py-solc-x 2.0.5 and solcast (py-solc-ast 1.2.10):
installed by `cobuild.brownie_adapter.apply()` after it checked those versions, never on import."""

from __future__ import annotations

import time
from typing import Any

RECEIPT_WAIT_SECONDS = 10.0
CLOCK_STALE = "_cobuild_clock_stale"  # on brownie's Chain: read the clock from the latest block


def _mark_clock_stale() -> None:
    """A transaction was mined: brownie's clock (`chain.time()`) is read again from the latest
    block before its next use (see `patch_undo_buffer`)."""
    from brownie.network.state import Chain

    setattr(Chain(), CLOCK_STALE, True)


def patch_receipt_race() -> None:
    """brownie declares a transaction "dropped without known replacement" when the sender's nonce
    has moved past it but `eth_getTransactionReceipt` returns nothing yet. anvil updates the
    account before it stores the receipt, so on a loaded machine a freshly mined transaction hits
    exactly that window (docs/brownie-receipt-race.md, reproduced by tools/receipt_race.py).
    Wait for the receipt before brownie's confirmation logic runs.

    Once the receipt is there, a transaction that needs one confirmation is confirmed from it
    (what brownie's `_await_confirmation` does after its wait loop), instead of asking the node
    for the sender's nonce and the same receipt again; more confirmations and brownie's own
    coverage go through brownie's logic."""
    from brownie import web3
    from brownie._config import CONFIG
    from brownie.network.state import TxHistory
    from brownie.network.transaction import Status, TransactionReceipt
    from web3.exceptions import TransactionNotFound

    original = TransactionReceipt._await_confirmation
    if getattr(original, "_cobuild_patched", False):
        return

    def _await_confirmation(
        self: Any, block_number: int | None = None, required_confs: int = 1
    ) -> None:
        receipt = None
        deadline = time.monotonic() + RECEIPT_WAIT_SECONDS
        pause = 0.0005  # anvil stores a receipt within a millisecond or so of answering the send
        while time.monotonic() < deadline:
            try:
                receipt = web3.eth.get_transaction_receipt(self.txid)
            except TransactionNotFound:
                receipt = None
            if receipt is not None and receipt["blockHash"] is not None:
                break
            time.sleep(pause)
            pause = min(2 * pause, 0.02)
        mined = receipt is not None and receipt["blockHash"] is not None
        if not mined or required_confs > 1 or CONFIG.argv.get("coverage"):
            try:
                original(self, block_number, required_confs)
            finally:
                _mark_clock_stale()
            return
        self.block_number = receipt["blockNumber"]
        self._set_from_receipt(receipt)
        try:
            if not self._silent and required_confs > 0:
                print(self._confirm_output())
        finally:
            _mark_clock_stale()
            self._confirmed.set()
            for dropped in TxHistory().filter(
                sender=self.sender, nonce=self.nonce, key=lambda k: k != self
            ):
                dropped.status = Status(-2)
                dropped._confirmed.set()

    _await_confirmation._cobuild_patched = True  # type: ignore[attr-defined]
    TransactionReceipt._await_confirmation = _await_confirmation


def patch_undo_buffer() -> None:
    """After every transaction brownie takes an `evm_snapshot` and reads the latest block, in a
    thread of its own, so that `chain.undo()` can step back and `chain.time()` follows the
    chain's clock. Nothing here undoes transactions (tests isolate with raw snapshots,
    cobuild/chain/snapshot.py), and the clock is read from the latest block only when
    `chain.time()`, `chain.sleep()` or a snapshot next needs it. `chain.undo()` then finds an
    empty buffer and says so."""
    from brownie.network.state import Chain

    if getattr(Chain._add_to_undo_buffer, "_cobuild_patched", False):
        return

    def _add_to_undo_buffer(self: Any, tx: Any, fn: Any, args: Any, kwargs: Any) -> None:
        """Nothing to keep: the confirmation already marked the clock stale."""

    def synced(method: Any) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if self.__dict__.pop(CLOCK_STALE, False):
                self._set_time_offset_from_block()
            return method(self, *args, **kwargs)

        wrapper.__doc__ = method.__doc__  # brownie's state module is compiled: no __name__
        return wrapper

    for name in ("time", "sleep", "mine", "_take_snapshot"):
        setattr(Chain, name, synced(getattr(Chain, name)))
    _add_to_undo_buffer._cobuild_patched = True  # type: ignore[attr-defined]
    Chain._add_to_undo_buffer = _add_to_undo_buffer


def patch_history_by_sender() -> None:
    """Before every transaction brownie looks up the sender's earlier ones in its history,
    converting the address once per receipt it compares (`Account.__eq__`): quadratic in the
    length of a test. Convert it once and compare strings."""
    from brownie.convert import to_address
    from brownie.network.state import TxHistory

    if getattr(TxHistory.from_sender, "_cobuild_patched", False):
        return

    def from_sender(self: Any, account: str) -> list:
        address = to_address(str(account))
        return [tx for tx in self._list if str(getattr(tx.sender, "address", tx.sender)) == address]

    from_sender._cobuild_patched = True  # type: ignore[attr-defined]
    TxHistory.from_sender = from_sender


def patch_receipt_timestamp() -> None:
    """brownie fetches the whole block again on every read of a receipt's `timestamp` (a sixth of
    the production seed run's time: 1,183 reads of 5 ms). A mined block's time never changes:
    read it once per receipt."""
    from brownie.network.transaction import TransactionReceipt

    original = TransactionReceipt.timestamp
    if getattr(original.fget, "_cobuild_patched", False):
        return

    def timestamp(self: Any) -> int | None:
        cached = self.__dict__.get("_cobuild_timestamp")
        if cached is not None and cached[0] == self.block_number:
            return cached[1]
        value = original.fget(self)
        if value is not None:
            self.__dict__["_cobuild_timestamp"] = (self.block_number, value)
        return value

    timestamp._cobuild_patched = True  # type: ignore[attr-defined]
    TransactionReceipt.timestamp = property(timestamp)


def patch_solc_version() -> None:
    """py-solc-x runs `solc --version` once per source file when brownie compiles (65 times
    for this project; each start of the npm shim's node takes a fifth of a second). A compiler
    file that has not changed answers the same: ask it once per file, size and time."""
    import os

    from solcx import wrapper

    original = wrapper.get_version_str_from_solc_binary
    if getattr(original, "_cobuild_patched", False):
        return
    known: dict[tuple, str] = {}

    def get_version_str_from_solc_binary(solc_binary: Any) -> str:
        stat = os.stat(solc_binary)
        key = (os.path.realpath(solc_binary), stat.st_size, stat.st_mtime_ns)
        if key not in known:
            known[key] = original(solc_binary)
        return known[key]

    get_version_str_from_solc_binary._cobuild_patched = True  # type: ignore[attr-defined]
    wrapper.get_version_str_from_solc_binary = get_version_str_from_solc_binary


def patch_solcast() -> None:
    """solcast (brownie's AST reader) deep-copies a node's whole subtree before it builds the
    node, and again for each child: every AST node is copied once per ancestor (5.5 million
    copies for this project, a third of `brownie compile`'s Python time). Copy each node's own
    dict once instead: the node keeps no reference to it, its children copy their own, and what
    is not a node (a list of names, a type description) is still copied whole."""
    import copy

    from solcast import main, nodes

    if getattr(nodes.node_class_factory, "_cobuild_patched", False):
        return

    def node_class_factory(ast: Any, parent: Any) -> Any:
        if not isinstance(ast, dict) or "nodeType" not in ast:
            return copy.deepcopy(ast)
        ast = dict(ast)
        if "body" in ast:
            ast["nodes"] = ast.pop("body")
        base_class = nodes.IterableNodeBase if "nodes" in ast else nodes.NodeBase
        base_type = next(
            (k for k, v in nodes.BASE_NODE_TYPES.items() if ast["nodeType"] in v), None
        )
        if base_type:
            ast["baseNodeType"] = base_type
        return type(ast["nodeType"], (base_class,), {})(ast, parent)

    node_class_factory._cobuild_patched = True  # type: ignore[attr-defined]
    nodes.node_class_factory = main.node_class_factory = node_class_factory


def patch_live_artifacts() -> None:
    """On a live network brownie copies every contract it deploys to build/deployments/<chainid>/
    and, at every later connection to that chain id, loads them all again: a node that forgot
    them (a restarted anvil, a reset testnet, another node with the same chain id) then fails
    the connection with ContractNotFound. The toolkit records what it deploys itself
    (deployments/<chainid>.json, cobuild/chain/deployment.py): brownie's copies are neither
    written nor read."""
    from brownie.network.contract import ProjectContract
    from brownie.project.main import Project

    if getattr(ProjectContract._save_deployment, "_cobuild_patched", False):
        return

    def _save_deployment(self: Any) -> None:
        return None

    def _load_deployments(self: Any) -> None:
        return None

    _save_deployment._cobuild_patched = True  # type: ignore[attr-defined]
    ProjectContract._save_deployment = _save_deployment  # type: ignore[method-assign]
    Project._load_deployments = _load_deployments  # type: ignore[method-assign]


def patch_deployment_db() -> None:
    """brownie 1.22.2 crashes when it persists a contract on a live network (its compiled
    `state._add_deployment` expects a dict of sources and receives a `Sources` object), and it
    would write to ~/.brownie/deployments.db. deployments/<chainid>.json records our addresses
    (cobuild/chain/deployment.py)."""
    import brownie.network.contract as contract_module

    if getattr(contract_module._add_deployment, "_cobuild_patched", False):
        return

    def _add_deployment(*args: Any, **kwargs: Any) -> None:
        return None

    _add_deployment._cobuild_patched = True  # type: ignore[attr-defined]
    contract_module._add_deployment = _add_deployment
