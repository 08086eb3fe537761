# SPDX-License-Identifier: MIT
"""`brownie run scripts/deploy.py --network <id>`: deploy (or reuse) and record the platform
(`make deploy`, `cobuild deploy`); the command and its environment: cobuild/commands/deploy.py."""

import sys

from cobuild import brownie_adapter

brownie_adapter.apply()  # brownie with the toolkit's patches, as `cobuild deploy` runs it


def main() -> None:
    from cobuild.commands.deploy import main as deploy  # brownie's network is connected now

    if status := deploy():
        sys.exit(status)
