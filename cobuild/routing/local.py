# SPDX-License-Identifier: MIT
"""A local chain for `make watch` when no RPC URL is given: anvil on a free port (never 8545) with
the interests, notices and consent contracts deployed from the build's artifacts through the chain
port (a contract-creation transaction through a Sender; no brownie)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from cobuild.chain import port as chain_port
from cobuild.chain.node import anvil
from cobuild.chain.port import ChainPort
from cobuild.chain.sender import DevSender
from cobuild.routing.watcher import Contracts

__all__ = ["anvil", "deploy", "deploy_routing", "local_chain"]


def deploy(port: ChainPort, name: str, sender: str, *args: object) -> str:
    """Deploy contract `name` (with constructor `args`) from `build/contracts` and from `sender`
    (an account the node unlocks or impersonates); its address."""
    built = port.artifact(name)
    return chain_port.deploy(DevSender(port.rpc, built.codec()), built, sender, *args).address


def deploy_routing(port: ChainPort, sender: str) -> Contracts:
    return Contracts(
        interests=deploy(port, "CobuildInterests", sender),
        notices=deploy(port, "CobuildNotices", sender),
        consent=deploy(port, "CobuildConsent", sender),
    )


@contextlib.contextmanager
def local_chain() -> Iterator[tuple[str, Contracts]]:
    with anvil() as rpc:
        port = ChainPort.at(rpc)
        yield rpc, deploy_routing(port, port.accounts()[0])
