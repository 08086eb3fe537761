# SPDX-License-Identifier: MIT
"""A local chain for `make watch` when no RPC URL is given: anvil on a free port (never 8545) with
the interests, notices and consent contracts deployed from brownie's build artifacts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from web3 import Web3

from cobuild.chain.artifacts import artifact
from cobuild.chain.node import anvil
from cobuild.routing.watcher import Contracts

__all__ = ["anvil", "deploy", "deploy_routing", "local_chain"]


def deploy(w3: Web3, name: str, sender: str, *args: object) -> str:
    """Deploy contract `name` (with constructor `args`) from `build/contracts`; its address."""
    built = artifact(name)
    factory = w3.eth.contract(abi=built.abi, bytecode=built.bytecode)
    tx = factory.constructor(*args).transact({"from": sender})
    return w3.eth.wait_for_transaction_receipt(tx)["contractAddress"]


def deploy_routing(w3: Web3, sender: str) -> Contracts:
    return Contracts(
        interests=deploy(w3, "CobuildInterests", sender),
        notices=deploy(w3, "CobuildNotices", sender),
        consent=deploy(w3, "CobuildConsent", sender),
    )


@contextlib.contextmanager
def local_chain() -> Iterator[tuple[str, Contracts]]:
    with anvil() as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc))
        yield rpc, deploy_routing(w3, w3.eth.accounts[0])
