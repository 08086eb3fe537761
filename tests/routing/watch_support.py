# SPDX-License-Identifier: MIT
"""Helpers of the watcher tests: a watcher on brownie's own anvil with a fresh SQLite inbox, and
inboxes read back as plain tuples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brownie import web3
from web3 import Web3

from cobuild.routing.store import Store
from cobuild.routing.watcher import Contracts, Watcher


def rpc_url() -> str:
    return web3.provider.endpoint_uri


def new_watcher(db: Path, contracts: Contracts, confirmations: int = 0, **kw: Any) -> Watcher:
    """A watcher starting at the next block (what the test does from now on)."""
    w3 = Web3(Web3.HTTPProvider(rpc_url()))
    start = kw.pop("start_block", web3.eth.block_number + 1)
    return Watcher(w3, Store(db), contracts, confirmations=confirmations, start_block=start, **kw)


def inbox(store: Store, who: Any) -> list[tuple[str, str]]:
    return [(n["kind"], n["text"]) for n in store.inbox(str(getattr(who, "address", who)))]


def snapshot() -> str:
    return web3.provider.make_request("evm_snapshot", [])["result"]


def revert(snap: str) -> None:
    """Raw revert (a reorg as the watcher sees it); brownie's transaction history forgets the
    replaced blocks too, or it would wait forever for a sender's nonce to pass a forgotten one."""
    from brownie import history

    assert web3.provider.make_request("evm_revert", [snap])["result"]
    history._revert(web3.eth.block_number)
