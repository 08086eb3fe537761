# SPDX-License-Identifier: MIT
"""`cobuild <command>` (or `python -m cobuild <command>`): the toolkit's entry point, used by every
make target that plays something on a chain.

    cobuild compile
    cobuild demo [scenario.yaml] [--out DIR] [--network ID | --rpc URL] [--json]
    cobuild scenario scenarios/x.yaml [--out DIR] [--network ID | --rpc URL] [--json]
    cobuild deploy [--network ID | --rpc URL] [--record FILE] [--json]
    cobuild verify [--network ID | --rpc URL] [--record FILE] [--clone ADDRESS ...] [--json]
    cobuild bench [--network ID] [--json]
    cobuild watch [--rpc URL --contracts FILE] --db FILE ...   (python -m cobuild.routing)
    cobuild inbox --db FILE ADDRESS [--json]
    cobuild projects --rpc URL (--factory ADDRESS | --deployment FILE) [--json]
    cobuild project ADDRESS_OR_ID --rpc URL (--factory ADDRESS | --deployment FILE) [--of ADDRESS]

Every command takes `-v` (debug logging) and `-q` (warnings only); what a command is doing goes
to stderr, its results to stdout.

The commands that compile, deploy or play (compile, demo, scenario, deploy, verify, bench, watch)
need the checkout: its contracts, brownie-config.yaml and node_modules (`make setup`). compile,
demo, scenario and deploy load the brownie project at the root of the checkout, connect to the
network themselves and then import the command's module (cobuild/commands/: `play`, `deploy`).
verify, bench and watch run on the chain port (cobuild/chain/port.py) and import no brownie: they
compile what changed in a process of their own (`cobuild compile`), then start an anvil of their
own (the settings of brownie's development network) or use the node of `--rpc URL`; only
`--network ID` (a brownie network other than the development one) connects brownie first.
`scripts/*.py` are brownie shims of those commands for `brownie run`, which imports a script by
joining the parts of its absolute path with dots and fails in a folder whose path has a dot
(`~/code/my.projects/cobuild`); nothing here imports them. A local network (brownie's development
network, or any network brownie launches itself) gets an anvil of its own on a free port: never
the one of another run listening on 8545. `--rpc URL` uses any node as a live network (bench: a
development node), with no brownie network to configure. Run from another folder, they
work in the checkout (paths given on the command line are taken from where they were typed).

`projects`, `project` and `inbox`, like `cobuild.client`, need no checkout and no brownie: they
work wherever the package is installed (`pip install cobuild`).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
# a fixed name: brownie would derive one from the folder's name, which must then start with a letter
PROJECT_NAME = "CobuildProject"
PASS_THROUGH = ("watch", "inbox")  # their options are cobuild.routing's, passed on as they are


@dataclass(frozen=True)
class Command:
    module: str  # imported once the project is loaded (commands import contract containers)
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    # (the imported module, the arguments, the stream for results) -> exit status (None: 0)
    call: Callable[[Any, argparse.Namespace, TextIO], int | None]
    network: bool = True  # takes --network or --rpc (and connects brownie when it runs on it)
    checkout: bool = True  # needs the checkout and brownie (else runs anywhere)
    # whether the command runs on brownie for these arguments (None: always): it loads the project
    # and, with `network`, connects; else it runs on the chain port, importing no brownie, once
    # what changed is compiled (`cobuild compile`, in a process of its own)
    on_brownie: Callable[[argparse.Namespace], bool] | None = None


def _brownie_network(args: argparse.Namespace) -> bool:
    """A brownie network other than the development one was asked for (`--network ID`); without
    it the command starts an anvil of its own (the development network's settings), or uses the
    node of `--rpc URL`, through the chain port."""
    return args.network not in (None, "development")


def _scenario_arguments(required: bool) -> Callable[[argparse.ArgumentParser], None]:
    def add(parser: argparse.ArgumentParser) -> None:
        if required:
            parser.add_argument("path", help="scenario file, e.g. scenarios/seed-car.yaml")
        else:
            parser.add_argument(
                "path", nargs="?", default=None, help="scenario file (default: the seed's story)"
            )
        parser.add_argument("--out", default="out", help="report folder (default: out)")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the report (out/<name>.json) on stdout once played, also when its checks "
            "fail (the summary goes to stderr)",
        )

    return add


def _report_path(path: str, out_dir: str) -> Path:
    """Where a played scenario's report is: <out>/<the file's `name:`, else its stem>.json."""
    import yaml

    doc = yaml.safe_load(Path(path).read_text())
    name = doc.get("name") if isinstance(doc, dict) else None
    return Path(out_dir) / f"{name or Path(path).stem}.json"


def _play(play: Callable[[Any, str, str], int]) -> Callable[[Any, argparse.Namespace, TextIO], int]:
    """Play a scenario with `play` (a function of cobuild/commands/play.py); with --json, print
    its report even when a check fails (exit status 1); a file or step that is rejected writes no
    report (exit status 2, the error on stderr)."""

    def call(module: Any, args: argparse.Namespace, out: TextIO) -> int:
        path = args.path if args.path is not None else module.SEED
        status = play(module, path, args.out)
        if args.json and status in (0, 1):
            _print_file(_report_path(path, args.out), out)
        return status

    return call


def _print_file(path: Path, out: TextIO) -> None:
    out.write(path.read_text().rstrip("\n") + "\n")
    out.flush()


def _bench(module: Any, args: argparse.Namespace, out: TextIO) -> None:
    """On brownie's network when connected to one, on `--rpc URL`'s node (a development node: the
    bench impersonates its actors), else on an anvil of the bench's own."""
    from cobuild.chain.port import ChainPort

    if _brownie_network(args):
        module.main(ChainPort.from_brownie())
    else:
        module.main(ChainPort.at(args.rpc, network="rpc") if args.rpc else None)
    if args.json:
        _print_file(module.OUT, out)


def _verify(module: Any, args: argparse.Namespace, out: TextIO) -> int:
    if _brownie_network(args):
        return module.verify_connected(args.network, args.clone, args.record, args.json, out=out)
    return module.verify_without_brownie(args.rpc, args.clone, args.record, args.json, out=out)


def _deploy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--record",
        type=Path,
        default=None,
        help="the deployment record to write or reuse (default: deployments/<chainid>.json, "
        "deployments/dev/<chainid>.json on a development chain)",
    )
    parser.add_argument("--json", action="store_true", help="print the record as JSON")


def _verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--record",
        type=Path,
        default=None,
        help="the deployment record to check (default: deployments/<chainid>.json); on a "
        "development chain a fresh platform is deployed into it first",
    )
    parser.add_argument(
        "--clone", action="append", default=[], metavar="ADDRESS", help="also check this clone"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="one JSON array on stdout: an object per contract and clone with name, address, "
        "verified, reason (null when verified), differences, notes and a clone's config",
    )


def _platform_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rpc", required=True, help="the node's JSON-RPC URL")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--factory", help="the platform's factory address")
    where.add_argument("--deployment", type=Path, help="a deployments/<chainid>.json record")
    parser.add_argument(
        "--from-block",
        type=int,
        default=None,
        help="first block to read logs from (default: the record's block, else 0)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _project_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="the project's address, or its id in the factory")
    _platform_arguments(parser)
    parser.add_argument(
        "--of", metavar="ADDRESS", default=None, help="also show this address's positions"
    )


COMMANDS: dict[str, Command] = {
    "compile": Command(
        "cobuild.chain",
        "compile what changed into build/, as `brownie compile` does (with the toolkit's fixes: "
        "the compiler is asked its version once, not once per source file)",
        lambda parser: None,
        lambda module, args, out: None,
        network=False,
    ),
    "demo": Command(
        "cobuild.commands.play",
        "play the seed's car story (or another scenario) and check its expectations",
        _scenario_arguments(required=False),
        _play(lambda module, path, out_dir: module.play_checked(path, out_dir)),
    ),
    "scenario": Command(
        "cobuild.commands.play",
        "play any scenario file; report in out/",
        _scenario_arguments(required=True),
        _play(lambda module, path, out_dir: module.play_any(path, out_dir)),
    ),
    "deploy": Command(
        "cobuild.commands.deploy",
        "deploy the platform (or reuse a recorded deployment) and record it",
        _deploy_arguments,
        lambda module, args, out: module.main(args.record, args.json, out),
    ),
    "verify": Command(
        "cobuild.release.__main__",
        "rebuild every recorded contract from its standard-JSON input and compare it with the "
        "chain; check every project clone (without --network: a fresh local deployment)",
        _verify_arguments,
        _verify,
        on_brownie=_brownie_network,
    ),
    "bench": Command(
        "cobuild.commands.bench",
        "gas of every action against reference contracts (out/bench.json); on an anvil of its "
        "own, the development node of --rpc URL, or brownie's network --network ID",
        lambda parser: parser.add_argument(
            "--json", action="store_true", help="print out/bench.json on stdout once measured"
        ),
        _bench,
        on_brownie=_brownie_network,
    ),
    "watch": Command(
        "cobuild.routing.__main__",
        "the notices watcher: with --rpc URL --contracts FILE it follows that chain, without "
        "--rpc its own anvil (`make watch`); options: `cobuild watch --help`",
        lambda parser: None,
        lambda module, args, out: _watch(module, args.rest),
        network=False,
        on_brownie=lambda args: False,
    ),
    "inbox": Command(
        "cobuild.routing.__main__",
        "an address's notices from a watcher's SQLite inbox (--db FILE ADDRESS [--json])",
        lambda parser: None,
        lambda module, args, out: module.main(["inbox", *args.rest]),
        network=False,
        checkout=False,
    ),
    "projects": Command(
        "cobuild.client",
        "list the projects of a deployed platform (no checkout needed)",
        _platform_arguments,
        lambda module, args, out: _projects(module, args, out),
        network=False,
        checkout=False,
    ),
    "project": Command(
        "cobuild.client",
        "one project: configuration, phase, options, combinations; --of ADDRESS: its positions",
        _project_arguments,
        lambda module, args, out: _project(module, args, out),
        network=False,
        checkout=False,
    ),
}


def _watch(module: Any, rest: list[str]) -> None:
    if "-h" in rest or "--help" in rest:
        print(
            "cobuild watch: with --rpc URL --contracts FILE the watcher follows that chain; "
            "without --rpc it starts its own anvil with the routing contracts deployed "
            "(`python -m cobuild.routing local`). The options of both:\n"
        )
    following = any(a == "--rpc" or a.startswith("--rpc=") for a in rest)
    module.main(["watch" if following or "-h" in rest or "--help" in rest else "local", *rest])


def _client(module: Any, args: argparse.Namespace) -> Any:
    return module.Cobuild(
        args.rpc,
        factory=args.factory,
        deployment=args.deployment,
        from_block=args.from_block,
    )


def _projects(module: Any, args: argparse.Namespace, out: TextIO) -> None:
    projects = _client(module, args).projects()
    if args.json:
        print(json.dumps([p.as_json() for p in projects], indent=2), file=out)
        return
    for p in projects:
        print(
            f"#{p.id:<4} {p.address}  {p.phase.name:<11} {p.title}  "
            f"[{', '.join(p.tags)}]  {p.counts['combinations']} combinations, "
            f"held {p.token.format(p.held)}",
            file=out,
        )


def _project(module: Any, args: argparse.Namespace, out: TextIO) -> None:
    client = _client(module, args)
    ref = args.project
    project = client.project(int(ref) if ref.isdigit() else ref)
    data = project.as_json(positions_of=args.of)
    if args.json:
        print(json.dumps(data, indent=2), file=out)
    else:
        print(project.describe(positions_of=args.of), file=out)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="debug logging")
    common.add_argument("-q", "--quiet", action="count", default=0, help="warnings only")
    return common


def parser(prog: str = "cobuild") -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=prog,
        description="Cobuild's toolkit: deploy, verify and play on a chain (in a checkout), read "
        "and act on a deployed platform (anywhere).",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="<command>")
    common = _common()
    for name, command in COMMANDS.items():
        if name in PASS_THROUGH:
            commands.add_parser(name, help=command.help, description=command.help, add_help=False)
            continue
        sub = commands.add_parser(
            name, help=command.help, description=command.help, parents=[common]
        )
        command.arguments(sub)
        if command.network:
            where = sub.add_mutually_exclusive_group()
            where.add_argument(
                "--network",
                default=None,
                help="brownie network id (default: brownie's development network, on a free port)",
            )
            where.add_argument(
                "--rpc",
                default=None,
                metavar="URL",
                help="a node's JSON-RPC URL, used as a live network (keys from the environment: "
                "COBUILD_PRIVATE_KEY or COBUILD_ACCOUNT, see cobuild/commands/deploy.py)",
            )
    return top


def load() -> Any:
    """Load the project (compiling what changed), with the brownie adapter's compiler patches
    applied first (only those: `cobuild watch` then follows its chain on a stock web3)."""
    from brownie import project

    from cobuild import brownie_adapter
    from cobuild.release.stale import drop_stale_artifacts

    brownie_adapter.apply("compile")
    # one command at a time drops and compiles into build/: brownie writes each artifact in
    # place and removes those it finds stale, so a second command loading the project meanwhile
    # (`make demo` and `make scenario` started together in a fresh clone) read half-written or
    # vanished files (JSONDecodeError, FileNotFoundError). The lock is held for the load only.
    lock_path = ROOT / "build" / ".cobuild-load.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            drop_stale_artifacts(ROOT)  # brownie misses imported interfaces and libraries
            return project.load(ROOT, name=PROJECT_NAME, raise_if_loaded=False)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def connect(network_id: str | None, rpc: str | None = None) -> str:
    """Load the project and connect, with every patch of the brownie adapter applied; a network
    brownie launches itself gets a free port, and `rpc` (a URL) is used as a live network of this
    process."""
    from brownie import network
    from brownie._config import CONFIG

    from cobuild import brownie_adapter

    brownie_adapter.apply()

    CONFIG.argv["cli"] = "run"
    loaded = load()
    loaded.load_config()
    # what `brownie run` does: scripts import contract containers with `from brownie import X`
    loaded._add_to_main_namespace()
    if rpc:
        from cobuild.chain.node import use_rpc

        network_id = use_rpc(rpc)
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


def _installed(distribution: str) -> bool:
    """Whether `distribution` is installed (asked of the package metadata: nothing is imported,
    and no import hook is consulted)."""
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _no_checkout(name: str) -> str | None:
    """Why `cobuild <name>` cannot run here, or None."""
    if (ROOT / "brownie-config.yaml").is_file() and (ROOT / "contracts").is_dir():
        if not _installed("eth-brownie"):
            return (
                f"`cobuild {name}` needs eth-brownie: in the checkout run `make setup` "
                "(or pip install -e '.[toolkit]')"
            )
        return None
    return (
        f"`cobuild {name}` needs a Cobuild checkout (its contracts, brownie-config.yaml and "
        f"node_modules for the compiler), and this cobuild is installed without one "
        f"({Path(__file__).parent}). Clone the repository, run `make setup` there and use its "
        f"`.venv/bin/cobuild {name}` (or the make target). Anywhere: `cobuild projects`, "
        "`cobuild project`, `cobuild inbox` and the `cobuild.client` module."
    )


def _resolve_paths(args: argparse.Namespace, here: Path) -> None:
    """Paths typed on the command line, made absolute before the command moves to the checkout:
    a scenario file is looked up where it was typed, then in the checkout."""
    if getattr(args, "out", None) is not None:
        args.out = str(here / args.out)
    if getattr(args, "record", None) is not None:
        args.record = here / args.record
    if getattr(args, "path", None) is not None:
        typed = here / args.path
        args.path = str(typed if typed.exists() else ROOT / args.path)


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    args, rest = parser(prog or "cobuild").parse_known_args(argv)
    if args.command in PASS_THROUGH:
        args.rest = rest
    elif rest:
        parser(prog or "cobuild").error(f"unrecognized arguments: {' '.join(rest)}")
    command = COMMANDS[args.command]
    from cobuild.progress import setup_logging

    setup_logging(getattr(args, "verbose", 0) - getattr(args, "quiet", 0))
    if not command.checkout:
        # results on stdout; a failure as one line, unless -v asks for the traceback
        try:
            return command.call(importlib.import_module(command.module), args, sys.stdout) or 0
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            if getattr(args, "verbose", 0):
                traceback.print_exc()
            print(f"error: {exc}", file=sys.stderr)
            return 1
    why = _no_checkout(args.command)
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    here = Path.cwd()
    if here.resolve() != ROOT:
        _resolve_paths(args, here)
        os.chdir(ROOT)
    # what the Makefile puts on PATH: anvil (brownie launches it by name) and the npm tools
    tools = str(ROOT / "node_modules" / ".bin")
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    on_brownie = command.on_brownie is None or command.on_brownie(args)
    results = sys.stdout
    # with --json, stdout holds only the JSON: brownie's own prints go to stderr meanwhile
    quiet_stdout = (
        contextlib.redirect_stdout(sys.stderr)
        if getattr(args, "json", False)
        else contextlib.nullcontext()
    )
    with quiet_stdout:
        try:
            if not on_brownie:
                if not (args.command == "watch" and {"-h", "--help"} & set(args.rest)):
                    status = _compile_apart(getattr(args, "json", False))
                    if status:
                        return status
            elif command.network:
                args.network = connect(args.network, args.rpc)
            else:
                load()  # compiles what changed
            status = command.call(importlib.import_module(command.module), args, results)
        except SystemExit:
            raise
        except KeyboardInterrupt:
            return 130
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            if on_brownie:
                from brownie import network

                if network.is_connected():
                    network.disconnect()  # stops the anvil this run launched (and says so)
    return status or 0


def _compile_apart(json_output: bool) -> int:
    """`cobuild compile` in a process of its own, for a command that runs without brownie and
    reads the build (build/contracts/): what it prints goes where this command's prints go
    (stderr with --json); its exit status (0: compiled)."""
    done = subprocess.run(
        [sys.executable, "-m", "cobuild", "compile"],
        cwd=ROOT,
        stdout=sys.stderr if json_output else None,
        check=False,
    )
    if done.returncode:
        print("error: `cobuild compile` failed", file=sys.stderr)
    return done.returncode
