# SPDX-License-Identifier: MIT
"""The local chain of this run: brownie's development network on a port nobody else uses.

brownie launches anvil on the port of `~/.brownie/network-config.yaml` (8545) and, when something
already listens there, silently attaches to it: two runs at once would share one chain and corrupt
each other. `use_free_port()` points the development network at a free port before brownie
connects, so every run starts its own anvil."""

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
