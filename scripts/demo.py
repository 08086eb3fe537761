# SPDX-License-Identifier: MIT
"""`make demo`: the seed's story, the spherical safety car, played on the local chain.

Prints the summary and writes out/seed-car.json and out/seed-car.png. Exits non-zero when the
story does not come out as the file's `expect` block says (the seed: 52 selected, 40 through
testing) or when any invariant of the report fails."""

import sys

from cobuild import brownie_adapter
from cobuild.scenario.format import ScenarioError
from cobuild.scenario.runner import RunError, play

# `brownie run` imports this script: brownie with the adapter's patches (cobuild/brownie_adapter)
brownie_adapter.apply()

SEED = "scenarios/seed-car.yaml"


def main(path: str = SEED, out_dir: str = "out") -> None:
    try:
        report = play(path, out_dir=out_dir).report
    except (ScenarioError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    problems = [f"invariant {k} failed" for k, ok in report["invariants"].items() if not ok]
    money = report["money"]
    if money["in_total"] != money["out_total"] + money["held"]:
        problems.append("money in != money out + money held")
    problems += [
        f"{path} is {e['actual']}, the scenario expects {e['expected']}"
        for path, e in report["expectations"].items()
        if not e["ok"]
    ]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
