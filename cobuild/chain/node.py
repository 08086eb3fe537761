# SPDX-License-Identifier: MIT
"""The local chain of this run: brownie's development network on a port nobody else uses.

brownie launches anvil on the port of `~/.brownie/network-config.yaml` (8545) and, when something
already listens there, silently attaches to it: two runs at once would share one chain and corrupt
each other. `use_free_port()` points the development network at a free port before brownie
connects, so every run starts its own anvil. `use_rpc(url)` instead points a run at any node by
URL, as a live network (`python -m cobuild deploy --rpc URL`). `restart_development_node()` kills
the development anvil and starts a new one from its dumped state.

Without brownie, `anvil()` starts a node of this process's own on a free port (the players'
`python -m cobuild.commands.play`, the watcher's local chain); `DEVELOPMENT` are the settings of
brownie's development network (`~/.brownie/network-config.yaml`), so a scenario plays the same on
either node."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# brownie's development network: `anvil --gas-limit 12000000 --accounts 10 --base-fee 0`
DEVELOPMENT = ("--gas-limit", "12000000", "--accounts", "10", "--block-base-fee-per-gas", "0")


# Ports for our nodes come from below the kernel's ephemeral range (32768-60999 here), the range
# every outgoing connection takes its local port from: a port the kernel handed out free could be
# taken by one of the thousands of connections a test run opens before anvil binds it (seen: a
# worker's anvil exiting at launch, "Unable to launch local RPC client", under load)
NODE_PORTS = range(20_000, 32_768)


def _ephemeral_start() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            return int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        return NODE_PORTS.stop


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, below the ephemeral range when it can
    (a random one, bound to check it), else any the kernel gives."""
    stop = min(NODE_PORTS.stop, _ephemeral_start())
    rng = random.SystemRandom()
    for _ in range(64):
        port = rng.randrange(NODE_PORTS.start, stop) if stop > NODE_PORTS.start else 0
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def anvil_command() -> str:
    """The anvil of the checkout (npm's, in node_modules/.bin), else the one on PATH."""
    local = ROOT / "node_modules" / ".bin" / "anvil"
    found = str(local) if local.exists() else shutil.which("anvil")
    if found is None:
        raise RuntimeError("no anvil: run `make setup` (it installs anvil from npm)")
    return found


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        url,
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return "result" in json.loads(answer.read())
    except (OSError, ValueError, urllib.error.URLError):
        return False


@contextlib.contextmanager
def anvil(*flags: str, timeout: float = 30.0) -> Iterator[str]:
    """anvil on a free port (with `flags`, e.g. `*DEVELOPMENT`) until the block ends; yields its
    RPC URL. The node is this process's child and is stopped at the end, whatever happens."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [anvil_command(), "--port", str(port), "--silent", *flags],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if proc.poll() is not None:
                raise RuntimeError(f"anvil {' '.join(flags)} exited with {proc.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"anvil did not answer at {url} within {timeout:.0f}s")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def use_free_port(network: str = "development") -> int:
    """Make brownie launch `network`'s anvil on a free port; returns the port."""
    from brownie._config import CONFIG

    port = free_port()
    settings = CONFIG.networks[network].setdefault("cmd_settings", {})
    settings["port"] = port
    host = CONFIG.networks[network].get("host", "http://127.0.0.1")
    scheme, _, rest = host.partition("//")
    CONFIG.networks[network]["host"] = f"{scheme}//{rest.split(':')[0]}"
    return port


RPC_NETWORK = "cobuild-rpc"


def use_rpc(url: str, timeout: float = 30.0) -> str:
    """Register the node at `url` as a live brownie network for this process only (nothing is
    written to ~/.brownie) and return its id: `--rpc URL` needs no `brownie networks add`."""
    import requests
    from brownie._config import CONFIG

    try:
        answer = requests.post(
            url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}, timeout=timeout
        ).json()
        chain_id = int(answer["result"], 16)
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise SystemExit(f"error: no JSON-RPC node answers at {url}: {exc}") from exc
    CONFIG.networks[RPC_NETWORK] = {
        "id": RPC_NETWORK,
        "name": f"the node at {url}",
        "host": url,
        "chainid": str(chain_id),
    }
    return RPC_NETWORK


def restart_development_node(state_file: str | Path | None = None) -> str:
    """Restart brownie's development anvil as a crash and a recovery would, keeping its chain.

    The node's state is dumped (`anvil_dumpState`: accounts, code, storage, blocks and receipts),
    written to `state_file` if given (as JSON: `anvil --load-state <file>` starts from it), and the
    node is killed (SIGKILL). A new anvil with the same settings starts on another free port, the
    state is loaded into it (`anvil_loadState`) and brownie is connected to it. What anvil keeps
    outside its state is not in the dump: its clock runs from the wall clock again, so it is set
    back to the latest block's timestamp (a chain that travelled ahead would otherwise mine blocks
    earlier than its last one), and impersonated accounts are forgotten (the scenario runner
    impersonates its actors again: `Runner.reattach`). Returns the new node's URL."""
    from brownie import web3
    from brownie._config import CONFIG
    from brownie.network import rpc

    state = _node_call("anvil_dumpState")
    latest = _node_call("eth_getBlockByNumber", "latest", False)
    if state_file is not None:
        Path(state_file).write_bytes(gzip.decompress(bytes.fromhex(state.removeprefix("0x"))))
    rpc.kill(False)
    active = CONFIG.active_network
    settings = active.setdefault("cmd_settings", {})
    settings["port"] = free_port()
    scheme, _, rest = active.get("host", "http://127.0.0.1").partition("//")
    url = f"{scheme}//{rest.split(':')[0]}:{settings['port']}"
    web3.connect(url, active.get("timeout", 30))
    rpc.launch(active["cmd"], **settings)
    if not _node_call("anvil_loadState", state):
        raise RuntimeError(f"the node at {url} did not load the dumped state")
    _node_call("evm_setTime", latest["timestamp"])
    reloaded = _node_call("eth_getBlockByNumber", "latest", False)
    if reloaded["hash"] != latest["hash"]:
        raise RuntimeError(
            f"the node at {url} holds block {reloaded['number']} {reloaded['hash']}, "
            f"not the dumped {latest['number']} {latest['hash']}"
        )
    return url


def _node_call(method: str, *params: Any) -> Any:
    from brownie import web3

    answer = web3.provider.make_request(method, list(params))
    if answer.get("error") is not None:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]
