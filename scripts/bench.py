# SPDX-License-Identifier: MIT
"""`brownie run scripts/bench.py [routing | services]`: the gas benchmark (`make bench`,
`cobuild bench`); the command is cobuild/commands/bench.py."""

from cobuild import brownie_adapter

brownie_adapter.apply()  # brownie with the toolkit's patches, as `cobuild bench` runs it


def main() -> None:
    from cobuild.commands import bench  # imports the contract containers brownie loaded

    bench.main()


def routing() -> None:
    from cobuild.commands import bench

    bench.routing()


def services() -> None:
    from cobuild.commands import bench

    bench.services()
