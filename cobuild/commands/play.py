# SPDX-License-Identifier: MIT
"""`cobuild demo` and `cobuild scenario` (`make demo`, `make scenario S=...`): play a scenario
file, print its summary, write out/<name>.json (and .png) and say whether it came out right.

Which player a file needs is decided here: `format: routing-and-consent` files are played by
cobuild/commands/routing_scenario.py, `format: services` files (activities, bookings, device
mandates, e.g. scenarios/saturday.yaml) by cobuild/scenario/services.py, the others by the
scenario runner (cobuild/scenario/runner.py). The exit policy too: 2 when the file or a step is
rejected (nothing or only part was played), 1 when an invariant of the report or an expectation
of the file fails, else 0.

Every player plays on a chain port (cobuild/chain/port.py), brownie's network by default. Without
brownie, `python -m cobuild.commands.play scenarios/x.yaml [--out DIR] [--rpc URL [--live]]
[--json]` plays any file the same way on an anvil of its own (the settings of brownie's
development network), on the development node at `--rpc URL`, or with `--live` on a live network
where the platform is recorded (deployments/<chainid>.json; keys from the environment, see
cobuild/chain/port.deployer_key): the contracts come from the build (`build/contracts/`, `cobuild
compile`), the summary, the report and the exit status are those of `cobuild scenario`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from cobuild.chain.node import DEVELOPMENT, anvil
from cobuild.chain.port import ChainPort
from cobuild.scenario.format import ScenarioError
from cobuild.scenario.runner import RunError, play

SEED = "scenarios/seed-car.yaml"  # the seed's story, the spherical safety car: `make demo`


def problems(report: Mapping[str, Any]) -> list[str]:
    """What came out wrong in a played scenario's report: failed invariants, money that does not
    add up, expectations of the file that are not met."""
    found = [f"invariant {k} failed" for k, ok in report["invariants"].items() if not ok]
    money = report["money"]
    if money["in_total"] != money["out_total"] + money["held"]:
        found.append("money in != money out + money held")
    found += [
        f"{path} is {e['actual']}, the scenario expects {e['expected']}"
        for path, e in report["expectations"].items()
        if not e["ok"]
    ]
    return found


def play_checked(path: str = SEED, out_dir: str = "out", port: ChainPort | None = None) -> int:
    """Play a project scenario (the runner) on `port` (default: brownie's network) and check its
    report: the exit status."""
    try:
        report = play(path, out_dir=out_dir, port=port).report
    except (ScenarioError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = problems(report)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if found else 0


def play_any(path: str, out_dir: str = "out", port: ChainPort | None = None) -> int:
    """Play any scenario file with the player its format needs, on `port` (default: brownie's
    network): the exit status."""
    from cobuild.scenario.routing import is_routing_scenario

    if is_routing_scenario(path):  # interests, follows, posts and consent: their own player
        from cobuild.commands.routing_scenario import play_routing

        return play_routing(path, out_dir, port)
    from cobuild.scenario.services import is_services_file

    if is_services_file(path):
        return _play_services(path, out_dir, port)
    return play_checked(path, out_dir, port)


def _play_services(path: str, out_dir: str, port: ChainPort | None) -> int:
    from cobuild.scenario.services import ServicesScenarioError, summary
    from cobuild.scenario.services import play as play_services

    try:
        outcome = play_services(path, out_dir, port=port)
    except ServicesScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary(outcome.report))
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if outcome.problems else 0


@contextlib.contextmanager
def node(rpc: str | None) -> Iterator[str]:
    """The node at `rpc`, else an anvil of this run's own (stopped at the end)."""
    if rpc:
        yield rpc
        return
    with anvil(*DEVELOPMENT) as url:
        yield url


def report_path(path: str, out_dir: str) -> Path:
    """Where a played file's report is: <out>/<the file's `name:`, else its stem>.json."""
    doc = yaml.safe_load(Path(path).read_text())
    name = doc.get("name") if isinstance(doc, dict) else None
    return Path(out_dir) / f"{name or Path(path).stem}.json"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m cobuild.commands.play`: any scenario file, without brownie (see above)."""
    parser = argparse.ArgumentParser(
        prog="python -m cobuild.commands.play",
        description="play a scenario file through the chain port, without brownie",
    )
    parser.add_argument("path", help="scenario file, e.g. scenarios/quick-rehearsal.yaml")
    parser.add_argument("--out", default="out", help="report folder (default: out)")
    parser.add_argument("--rpc", default=None, metavar="URL", help="a running node's URL")
    parser.add_argument(
        "--live",
        action="store_true",
        help="with --rpc: a live network, its platform recorded in deployments/<chainid>.json",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report on stdout (the summary on stderr)"
    )
    args = parser.parse_args(argv)
    if args.live and not args.rpc:
        parser.error("--live needs --rpc URL")
    shown = contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext()
    with shown, node(args.rpc) as url:
        status = play_any(args.path, args.out, ChainPort.at(url, live=args.live))
    if args.json and status in (0, 1):
        print(report_path(args.path, args.out).read_text().rstrip("\n"))
    return status


if __name__ == "__main__":
    sys.exit(main())
