# SPDX-License-Identifier: MIT
"""`brownie run scripts/bench.py [routing | services]`: the gas benchmark (`make bench`,
`cobuild bench`) on the network brownie connected to; the command is cobuild/commands/bench.py,
which plays on the chain port (brownie's network here, an anvil of its own from `cobuild bench`)."""

from cobuild import brownie_adapter

brownie_adapter.apply()  # brownie with the toolkit's patches, as the other scripts run


def _port():
    from cobuild.chain.port import ChainPort

    return ChainPort.from_brownie()


def main() -> None:
    from cobuild.commands import bench

    bench.main(_port())


def routing() -> None:
    from cobuild.commands import bench

    bench.routing(_port())


def services() -> None:
    from cobuild.commands import bench

    bench.services(_port())
