# SPDX-License-Identifier: MIT
"""`brownie run scripts/demo.py`: the seed's story (`make demo`, `cobuild demo`); the command is
cobuild/commands/play.py."""

import sys

from cobuild import brownie_adapter
from cobuild.commands.play import SEED, play_checked

brownie_adapter.apply()  # brownie with the toolkit's patches, as `cobuild demo` runs it


def main(path: str = SEED, out_dir: str = "out") -> None:
    if status := play_checked(path, out_dir):
        sys.exit(status)
