# SPDX-License-Identifier: MIT
"""`python -m cobuild <command>`: the toolkit's entry point, used by every make target that plays
something on a chain.

It loads the brownie project at the root of this checkout, connects to the network itself and
calls the script's `main()` as an ordinary import (`scripts.demo`, ...). `brownie run` instead
imports a script by joining the parts of its absolute path with dots, which fails in a folder
whose path has a dot (`~/code/my.projects/cobuild`). A local network (brownie's development
network, or any network brownie launches itself) gets an anvil of its own on a free port: never
the one of another run listening on 8545.

    python -m cobuild compile
    python -m cobuild demo [scenario.yaml] [--out DIR] [--network ID]
    python -m cobuild scenario scenarios/x.yaml [--out DIR] [--network ID]
    python -m cobuild deploy [--network ID]
    python -m cobuild bench [--network ID]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# a fixed name: brownie would derive one from the folder's name, which must then start with a letter
PROJECT_NAME = "CobuildProject"


@dataclass(frozen=True)
class Command:
    module: str  # imported once the project is loaded (scripts import contract containers)
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    call: Callable[[Any, argparse.Namespace], None]
    network: bool = True  # connects to --network (else only loads, and so compiles, the project)


def _scenario_arguments(required: bool) -> Callable[[argparse.ArgumentParser], None]:
    def add(parser: argparse.ArgumentParser) -> None:
        if required:
            parser.add_argument("path", help="scenario file, e.g. scenarios/seed-car.yaml")
        else:
            parser.add_argument(
                "path", nargs="?", default=None, help="scenario file (default: the seed's story)"
            )
        parser.add_argument("--out", default="out", help="report folder (default: out)")

    return add


def _play(module: Any, args: argparse.Namespace) -> None:
    path = args.path if args.path is not None else module.SEED
    module.main(path, args.out)


COMMANDS: dict[str, Command] = {
    "compile": Command(
        "cobuild.chain",
        "compile what changed into build/, as `brownie compile` does (with the toolkit's fixes: "
        "the compiler is asked its version once, not once per source file)",
        lambda parser: None,
        lambda module, args: None,
        network=False,
    ),
    "demo": Command(
        "scripts.demo",
        "play the seed's car story (or another scenario) and check its expectations",
        _scenario_arguments(required=False),
        lambda module, args: _play(module, args),
    ),
    "scenario": Command(
        "scripts.scenario",
        "play any scenario file; report in out/",
        _scenario_arguments(required=True),
        lambda module, args: module.main(args.path, args.out),
    ),
    "deploy": Command(
        "scripts.deploy",
        "deploy the platform (or reuse a recorded deployment) on --network",
        lambda parser: None,
        lambda module, args: module.main(),
    ),
    "bench": Command(
        "scripts.bench",
        "gas of every action against reference contracts (out/bench.json)",
        lambda parser: None,
        lambda module, args: module.main(),
    ),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m cobuild", description="Cobuild's toolkit on a brownie network."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="<command>")
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.arguments(sub)
        if command.network:
            sub.add_argument(
                "--network",
                default=None,
                help="brownie network id (default: brownie's development network, on a free port)",
            )
    return top


def load() -> Any:
    """Load the project (compiling what changed), with the brownie fixes applied first."""
    from brownie import project

    import cobuild.chain  # noqa: F401 - applies cobuild/chain/brownie_fixes.py

    return project.load(ROOT, name=PROJECT_NAME, raise_if_loaded=False)


def connect(network_id: str | None) -> str:
    """Load the project and connect; a network brownie launches itself gets a free port."""
    from brownie import network
    from brownie._config import CONFIG

    CONFIG.argv["cli"] = "run"
    loaded = load()
    loaded.load_config()
    # what `brownie run` does: scripts import contract containers with `from brownie import X`
    loaded._add_to_main_namespace()
    network_id = network_id or CONFIG.settings["networks"]["default"]
    if network_id not in CONFIG.networks:
        raise SystemExit(
            f"error: no brownie network '{network_id}' (`brownie networks list` shows them)"
        )
    if "cmd" in CONFIG.networks[network_id]:
        from cobuild.chain.node import use_free_port

        use_free_port(network_id)
    CONFIG.argv["network"] = network_id
    network.connect(network_id)
    return network_id


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = COMMANDS[args.command]
    if not (ROOT / "brownie-config.yaml").is_file():
        print(
            f"error: {ROOT} is not the Cobuild checkout (no brownie-config.yaml)", file=sys.stderr
        )
        return 2
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from brownie import network

    try:
        if command.network:
            connect(args.network)
        else:
            load()
        command.call(importlib.import_module(command.module), args)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        return 130
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if network.is_connected():
            network.disconnect()  # stops the anvil this run launched
    return 0
