# SPDX-License-Identifier: MIT
"""Play any scenario file: `make scenario S=scenarios/x.yaml`, or
`.venv/bin/python -m cobuild scenario scenarios/x.yaml [--network <id>]` (cobuild/cli.py).

Validates the file first (a malformed one is rejected before anything is sent), plays it, prints
the summary and writes out/<name>.json and out/<name>.png. Exit status: 2 when the file or a step
is rejected, 1 when an invariant of the report fails. A file with `kind: services` (activities,
bookings, device mandates, e.g. scenarios/saturday.yaml) is played by cobuild/scenario/services.py
on a local chain and writes out/<name>.json."""

import sys
from pathlib import Path

import yaml

from scripts.demo import main as play_checked

# `brownie run` puts the project on the path, not always the repository root that holds cobuild/
ROOT = str(Path(__file__).resolve().parents[1])


def _is_routing_scenario(path: str) -> bool:
    """`format: routing-and-consent` files have their own player (`scripts/routing_scenario.py`,
    imported only for them: it needs the `cobuild` package)."""
    doc = yaml.safe_load(Path(path).read_text())
    return isinstance(doc, dict) and doc.get("format") == "routing-and-consent"


def main(path: str, out_dir: str = "out") -> None:
    if _is_routing_scenario(path):  # interests, follows, posts and consent: their own player
        from scripts.routing_scenario import main as play_routing

        play_routing(path, out_dir)
        return
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from cobuild.scenario.services import is_services_file

    if is_services_file(path):
        _play_services(path, out_dir)
        return
    play_checked(path, out_dir)


def _play_services(path: str, out_dir: str) -> None:
    from cobuild.scenario.services import ServicesScenarioError, play, summary

    try:
        outcome = play(path, out_dir)
    except ServicesScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    print(summary(outcome.report))
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    if outcome.problems:
        sys.exit(1)
