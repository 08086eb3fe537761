# SPDX-License-Identifier: MIT
"""A local chain for `make watch` when no RPC URL is given: anvil on a free port (never 8545) with
the interests, notices and consent contracts deployed from brownie's build artifacts."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from web3 import Web3

from cobuild.chain.node import free_port
from cobuild.routing.watcher import Contracts

ROOT = Path(__file__).resolve().parents[2]


def deploy(w3: Web3, name: str, sender: str, *args: object) -> str:
    """Deploy contract `name` (with constructor `args`) from `build/contracts`; its address."""
    artifact = json.loads((ROOT / "build" / "contracts" / f"{name}.json").read_text())
    factory = w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
    tx = factory.constructor(*args).transact({"from": sender})
    return w3.eth.wait_for_transaction_receipt(tx)["contractAddress"]


def deploy_routing(w3: Web3, sender: str) -> Contracts:
    return Contracts(
        interests=deploy(w3, "CobuildInterests", sender),
        notices=deploy(w3, "CobuildNotices", sender),
        consent=deploy(w3, "CobuildConsent", sender),
    )


@contextlib.contextmanager
def anvil(*flags: str) -> Iterator[str]:
    """anvil on a free port (with `flags`) until the block ends; yields its RPC URL."""
    port = free_port()
    rpc = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [str(ROOT / "node_modules" / ".bin" / "anvil"), "--port", str(port), "--silent", *flags],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(requests.ConnectionError):
                requests.post(
                    rpc, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}, timeout=5
                )
                break
            if proc.poll() is not None:
                raise RuntimeError(f"anvil {' '.join(flags)} exited with {proc.returncode}")
            time.sleep(0.1)
        yield rpc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextlib.contextmanager
def local_chain() -> Iterator[tuple[str, Contracts]]:
    with anvil() as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc))
        yield rpc, deploy_routing(w3, w3.eth.accounts[0])
