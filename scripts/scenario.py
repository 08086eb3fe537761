# SPDX-License-Identifier: MIT
"""`brownie run scripts/scenario.py main <file>`: any scenario file (`make scenario S=...`,
`cobuild scenario`); the command is cobuild/commands/play.py."""

import sys

from cobuild import brownie_adapter
from cobuild.commands.play import play_any

brownie_adapter.apply()  # brownie with the toolkit's patches, as `cobuild scenario` runs it


def main(path: str, out_dir: str = "out") -> None:
    if status := play_any(path, out_dir):
        sys.exit(status)
