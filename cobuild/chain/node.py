# SPDX-License-Identifier: MIT
"""The local chain of this run: brownie's development network on a port nobody else uses.

brownie launches anvil on the port of `~/.brownie/network-config.yaml` (8545) and, when something
already listens there, silently attaches to it: two runs at once would share one chain and corrupt
each other. `use_free_port()` points the development network at a free port before brownie
connects, so every run starts its own anvil. `use_rpc(url)` instead points a run at any node by
URL, as a live network (`python -m cobuild deploy --rpc URL`)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
