# SPDX-License-Identifier: MIT
"""`brownie run scripts/routing_scenario.py`: a routing-and-consent scenario; the command is
cobuild/commands/routing_scenario.py (`cobuild scenario` picks it for such a file)."""

import sys

from cobuild import brownie_adapter
from cobuild.commands.routing_scenario import play_routing

brownie_adapter.apply()  # brownie with the toolkit's patches, as `cobuild scenario` runs it


def main(path: str = "scenarios/routing-and-consent.yaml", out_dir: str = "out") -> None:
    if status := play_routing(path, out_dir):
        sys.exit(status)
