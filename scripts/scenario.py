"""Play any scenario file: `brownie run scripts/scenario.py main scenarios/x.yaml` (or
`make scenario S=scenarios/x.yaml`). Writes out/<name>.json and out/<name>.png."""

import sys

from scripts.cobuild.runner import RunError, play
from scripts.cobuild.scenario import ScenarioError


def main(path: str, out_dir: str = "out") -> None:
    try:
        result = play(path, out_dir=out_dir)
    except (ScenarioError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    if not all(result.report["invariants"].values()):
        print("error: an invariant failed (see the report)", file=sys.stderr)
        sys.exit(1)
