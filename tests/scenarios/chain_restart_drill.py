# SPDX-License-Identifier: MIT
"""A scenario played with its chain restarted mid-run, in a process of its own (it kills the
development node it connected to, which a test worker's own node must never be):

    python tests/scenarios/chain_restart_drill.py <scenario.yaml> <after steps> <out dir>

After step <after steps> the runner sends what it queued, the anvil's state is dumped to
<out>/state.json, the node is killed and a new anvil on another free port loads the state
(`Runner.restart_node`, `cobuild.chain.node.restart_development_node`); the run goes on there.
Writes the report to <out>/<name>.json, as a straight run does, and what the restart did to
<out>/restart.json. tests/scenarios/test_chain_restart.py reads both."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(scenario: str, after: int, out: Path) -> None:
    from brownie import network
    from brownie.network import rpc

    from cobuild.cli import connect
    from cobuild.scenario.runner import play

    connect("development")
    restarts: list[dict] = []

    def restart(runner, played: int) -> None:
        if played != after:
            return
        from brownie import web3

        old = {"url": web3.provider.endpoint_uri, "pid": rpc.process.pid}
        runner.sender.flush()
        before = _chain_view(runner)
        block = runner.rpc.call("eth_getBlockByNumber", ["latest", False])
        sent = len(runner.sender.mined)
        url = runner.restart_node(out / "state.json")
        block_after = runner.rpc.call("eth_getBlockByNumber", ["latest", False])
        restarts.append(
            {
                "after_step": played,
                "old": old,
                "old_alive": psutil.pid_exists(old["pid"])
                and psutil.Process(old["pid"]).status() != psutil.STATUS_ZOMBIE,
                "new": {"url": url, "pid": rpc.process.pid},
                "block_before": [block["number"], block["hash"], block["timestamp"]],
                "block_after": [block_after["number"], block_after["hash"]],
                "views_same": _chain_view(runner) == before,
                "transactions_before": sent,
            }
        )

    try:
        result = play(scenario, out_dir=out, progress=False, echo=False, between_steps=restart)
    finally:
        network.disconnect()
    (out / "restart.json").write_text(
        json.dumps({"scenario": result.report["scenario"], "restarts": restarts}, indent=1)
    )


def _chain_view(runner) -> str:
    """What the project's views and balances show: its configuration, every combination's
    state, what each actor can claim and holds."""
    views = {
        "config": runner.sender.view(runner.project, "config"),
        "combinations": runner.state(),
        "claimable": runner.claimable(),
        "balances": runner.sender.balances(
            [runner.project.address, *runner.addr.values()], runner.token
        ),
    }
    return json.dumps(views, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
