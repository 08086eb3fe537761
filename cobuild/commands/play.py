# SPDX-License-Identifier: MIT
"""`cobuild demo` and `cobuild scenario` (`make demo`, `make scenario S=...`): play a scenario
file, print its summary, write out/<name>.json (and .png) and say whether it came out right.

Which player a file needs is decided here: `format: routing-and-consent` files are played by
cobuild/commands/routing_scenario.py, `kind: services` files (activities, bookings, device
mandates, e.g. scenarios/saturday.yaml) by cobuild/scenario/services.py, the others by the
scenario runner (cobuild/scenario/runner.py). The exit policy too: 2 when the file or a step is
rejected (nothing or only part was played), 1 when an invariant of the report or an expectation
of the file fails, else 0.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

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


def play_checked(path: str = SEED, out_dir: str = "out") -> int:
    """Play a project scenario (the runner) and check its report: the exit status."""
    try:
        report = play(path, out_dir=out_dir).report
    except (ScenarioError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = problems(report)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if found else 0


def play_any(path: str, out_dir: str = "out") -> int:
    """Play any scenario file with the player its format needs: the exit status."""
    from cobuild.scenario.routing import is_routing_scenario

    if is_routing_scenario(path):  # interests, follows, posts and consent: their own player
        from cobuild.commands.routing_scenario import play_routing

        return play_routing(path, out_dir)
    from cobuild.scenario.services import is_services_file

    if is_services_file(path):
        return _play_services(path, out_dir)
    return play_checked(path, out_dir)


def _play_services(path: str, out_dir: str) -> int:
    # the services' player imports their contract containers from brownie: once loaded
    from cobuild.scenario.services import ServicesScenarioError, summary
    from cobuild.scenario.services import play as play_services

    try:
        outcome = play_services(path, out_dir)
    except ServicesScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary(outcome.report))
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if outcome.problems else 0
