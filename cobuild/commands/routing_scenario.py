# SPDX-License-Identifier: MIT
"""Play a routing-and-consent scenario (`make scenario S=scenarios/routing-and-consent.yaml`
dispatches here, cobuild/commands/play.py): prints each person's notices and the consent uses,
writes out/<name>.json; the status is 1 when an expectation of the file fails, 2 when the file or
a step is rejected."""

import json
import sys
from pathlib import Path

from pydantic import ValidationError

from cobuild.chain.port import ChainPort
from cobuild.scenario.routing import Player, RunError, load


def play_routing(
    path: str = "scenarios/routing-and-consent.yaml",
    out_dir: str = "out",
    port: ChainPort | None = None,
) -> int:
    """Play the file on `port` (default: brownie's network); the exit status."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        scenario = load(path)
        db = out / f"{scenario.name}.sqlite"
        db.unlink(missing_ok=True)
        report = Player(scenario, db, port=port).play()
    except (ValidationError, RunError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    (out / f"{scenario.name}.json").write_text(json.dumps(report, indent=2))
    for name, notices in sorted(report["inboxes"].items()):
        print(f"{name}: {len(notices)} notice(s)")
        for n in notices:
            print(f"    {n['kind']:<24} {n['text']}")
    print(f"consent uses: {report['uses']}; refused: {[r['error'] for r in report['refusals']]}")
    failed = [k for k, e in report["expectations"].items() if not e["ok"]]
    for key in failed:
        print(f"error: {key} is {report['expectations'][key]['actual']}", file=sys.stderr)
    return 1 if failed else 0
