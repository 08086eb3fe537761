# SPDX-License-Identifier: MIT
"""Fast chain isolation on anvil: raw `evm_snapshot` / `evm_revert`, with brownie's own records
kept consistent.

brownie's `chain.revert()` costs about 0.165 s: after the `evm_revert` it runs a full garbage
collection and asks the node for the code of every contract it ever deployed, to drop the ones the
revert removed. A `Snapshot` costs two requests (about 3 ms) and restores brownie's records from
what it saved when it was taken: the contracts each container holds, the transaction history, the
clock offset and the undo buffers.

`LazySnapshots` takes nothing until the chain is first spoken to: a test (or a module) that never
sends a request to a node costs nothing and is reverted by nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def _backend() -> Any:
    """brownie's RPC backend module (anvil's: `evm_snapshot` / `evm_revert` as raw requests).

    Going through it rather than `web3.provider.make_request` lets tools/coverage hook the revert
    (it traces every transaction before the chain forgets it)."""
    from brownie.network.rpc import Rpc

    return Rpc().backend


class Snapshot:
    """One saved chain state; `revert()` returns to it and keeps it (like brownie's)."""

    def __init__(self) -> None:
        self._id: Any = None
        self.take()

    def take(self) -> None:
        from brownie import chain, web3
        from brownie.network.state import TxHistory
        from brownie.project import get_loaded_projects

        self._id = _backend().snapshot()
        self._height = web3.eth.block_number
        self._time_offset = chain._time_offset
        self._history = len(TxHistory()._list)
        self._contracts = [
            (container, list(container._contracts))
            for project in get_loaded_projects()
            for container in project
        ]

    def revert(self) -> None:
        """Back to the saved state (the snapshot is taken again, so it can be reverted to again)."""
        self.restore()
        self.take()

    def restore(self) -> None:
        """Back to the saved state, once: the node forgets the snapshot."""
        from brownie import chain
        from brownie.network.state import TxHistory, _add_contract, _remove_contract

        _backend().revert(self._id)
        self._id = None
        with chain._undo_lock:
            chain._undo_buffer.clear()
            chain._redo_buffer.clear()
            chain._current_id = None  # brownie's own snapshot ids taken since are gone
            chain._time_offset = self._time_offset
        history = TxHistory()
        history._list = [
            tx
            for tx in history._list[: self._history]
            if tx.block_number is None or tx.block_number <= self._height
        ]
        for container, saved in self._contracts:
            kept = set(map(id, saved))
            for contract in container._contracts:
                if id(contract) not in kept:
                    _remove_contract(contract)
                    contract._reverted = True
            container._contracts[:] = saved
            for contract in saved:
                _add_contract(contract)


Watch = Callable[[Callable[[], None]], None]  # (un)registers a listener called before each post


class LazySnapshots:
    """Nested isolation levels (module, test) whose snapshot is taken on the first request sent to
    any node while the level is open; a level that saw no request is closed without a revert."""

    def __init__(self) -> None:
        self._levels: list[Snapshot | None] = []
        self._lock = threading.RLock()
        self._taking = False
        self._installed = False
        self._unwatch: Watch | None = None

    def install(self, watch: Watch, unwatch: Watch) -> None:
        """Watch every post web3 makes over HTTP (brownie, the console and the batched senders
        all go through its `HTTPSessionManager`): `watch(listener)` calls the listener before
        each, `unwatch(listener)` stops it. The brownie adapter's are `watch_posts` and
        `unwatch_posts` (its transport patch applied: the test suite's plugin); they are passed
        in because the adapter imports the chain layer, not the other way round."""
        if self._installed:
            return
        watch(self._before_request)
        self._unwatch = unwatch
        self._installed = True

    def uninstall(self) -> None:
        if self._installed and self._unwatch is not None:
            self._unwatch(self._before_request)
            self._installed = False

    def _before_request(self) -> None:
        if self._taking or all(level is not None for level in self._levels):
            return
        with self._lock:
            if self._taking:
                return
            self._taking = True
            try:
                for i, level in enumerate(self._levels):
                    if level is None:
                        self._levels[i] = Snapshot()
            finally:
                self._taking = False

    @contextmanager
    def level(self) -> Iterator[None]:
        """An isolation level: the chain after it is as it was before."""
        with self._lock:
            self._levels.append(None)
        try:
            yield
        finally:
            with self._lock:
                snapshot = self._levels.pop()
                if snapshot is not None:
                    self._taking = True  # our own revert is no request of the level above
                    try:
                        snapshot.restore()
                    finally:
                        self._taking = False

    @property
    def depth(self) -> int:
        return len(self._levels)

    def taken(self) -> list[bool]:
        """Which open levels have a snapshot (for tests of this class)."""
        return [level is not None for level in self._levels]
