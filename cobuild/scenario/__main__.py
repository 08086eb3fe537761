# SPDX-License-Identifier: MIT
"""`python -m cobuild.scenario scenarios/x.yaml [--out DIR] [--rpc URL [--live]] [--json]`: play a
scenario without brownie, through the chain port (cobuild/chain/port.py).

Without `--rpc` it starts an anvil of its own on a free port, with the settings of brownie's
development network, and stops it at the end; `--rpc URL` plays on a development node already
running there (one that impersonates accounts: anvil), `--rpc URL --live` on a live network
where the platform is deployed and recorded (deployments/<chainid>.json). The contracts come
from the build (`build/contracts/`, `cobuild compile`). Same summary, report and exit status as
`cobuild scenario`: 2 when the file or a step is rejected, 1 when an invariant or an expectation
fails.
A `format: services` file (scenarios/saturday.yaml) is played by cobuild/scenario/services.py, a
`format: routing-and-consent` one by cobuild/scenario/routing.py (then the watcher).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from cobuild.chain.node import DEVELOPMENT, anvil
from cobuild.chain.port import ChainPort
from cobuild.scenario import routing, services
from cobuild.scenario.format import ScenarioError
from cobuild.scenario.runner import RunError, play


def problems(report: dict) -> list[str]:
    """What makes a played scenario fail: an invariant, the money's balance, an expectation."""
    out = [f"invariant {k} failed" for k, ok in report["invariants"].items() if not ok]
    money = report["money"]
    if money["in_total"] != money["out_total"] + money["held"]:
        out.append("money in != money out + money held")
    out += [
        f"{path} is {e['actual']}, the scenario expects {e['expected']}"
        for path, e in report["expectations"].items()
        if not e["ok"]
    ]
    return out


@contextlib.contextmanager
def node(rpc: str | None) -> Iterator[str]:
    """The node at `rpc`, else an anvil of this run's own."""
    if rpc:
        yield rpc
        return
    with anvil(*DEVELOPMENT) as url:
        yield url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cobuild.scenario", description=__doc__)
    parser.add_argument("path", help="scenario file, e.g. scenarios/quick-rehearsal.yaml")
    parser.add_argument("--out", default="out", help="report folder (default: out)")
    parser.add_argument("--rpc", default=None, metavar="URL", help="a development node's URL")
    parser.add_argument(
        "--live",
        action="store_true",
        help="with --rpc: the node is a live network (its platform recorded in "
        "deployments/<chainid>.json, keys from COBUILD_PRIVATE_KEY and COBUILD_ACTOR_SEED)",
    )
    parser.add_argument("--json", action="store_true", help="print the report on stdout")
    args = parser.parse_args(argv)
    if args.live and not args.rpc:
        parser.error("--live needs --rpc URL")
    if services.is_services_file(args.path):
        return _play_services(args)
    if routing.is_routing_scenario(args.path):
        return _play_routing(args)
    try:
        with node(args.rpc) as url:
            result = play(
                args.path,
                out_dir=args.out,
                echo=not args.json,
                port=ChainPort.at(url, live=args.live),
            )
    except (ScenarioError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(result.summary, file=sys.stderr)
        print(json.dumps(result.report, indent=2, default=str))
    found = problems(result.report)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if found else 0


def _play_services(args: argparse.Namespace) -> int:
    """A `format: services` file (activities, bookings, device mandates): its own player."""
    try:
        with node(args.rpc) as url:
            outcome = services.play(args.path, args.out, port=ChainPort.at(url))
    except services.ServicesScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = services.summary(outcome.report)
    print(summary, file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(outcome.report, indent=2, default=str))
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if outcome.problems else 0


def _play_routing(args: argparse.Namespace) -> int:
    """A `format: routing-and-consent` file: its player, then the watcher over what it did (the
    inboxes in <out>/<name>.sqlite, the report in <out>/<name>.json)."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        scenario = routing.load(args.path)
        db = out / f"{scenario.name}.sqlite"
        db.unlink(missing_ok=True)
        with node(args.rpc) as url:
            report = routing.Player(scenario, db, port=ChainPort.at(url)).play()
    except (ValidationError, routing.RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    (out / f"{scenario.name}.json").write_text(json.dumps(report, indent=2))
    shown = sys.stderr if args.json else sys.stdout
    for name, notices in sorted(report["inboxes"].items()):
        print(f"{name}: {len(notices)} notice(s)", file=shown)
        for n in notices:
            print(f"    {n['kind']:<24} {n['text']}", file=shown)
    refused = [r["error"] for r in report["refusals"]]
    print(f"consent uses: {report['uses']}; refused: {refused}", file=shown)
    if args.json:
        print(json.dumps(report, indent=2))
    failed = [k for k, e in report["expectations"].items() if not e["ok"]]
    for key in failed:
        print(f"error: {key} is {report['expectations'][key]['actual']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
