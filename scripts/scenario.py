"""Play any scenario file: `make scenario S=scenarios/x.yaml`, or
`brownie run scripts/scenario.py main scenarios/x.yaml [--network <id>]`.

Validates the file first (a malformed one is rejected before anything is sent), plays it, prints
the summary and writes out/<name>.json and out/<name>.png. Exit status: 2 when the file or a step
is rejected, 1 when an invariant of the report fails."""

from pathlib import Path

import yaml

from scripts.demo import main as play_checked


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
    play_checked(path, out_dir)
