# SPDX-License-Identifier: MIT
"""`cobuild deploy`: deploy the Cobuild platform to any brownie network:

    make deploy NETWORK=<id>     # or: .venv/bin/python -m cobuild deploy --network <id>
    cobuild deploy --rpc <url> [--record <file>] [--json] [-v | -q]
    brownie run scripts/deploy.py --network <id>     # the brownie shim of this command

Deploys the production facet, the project implementation and the factory (which deploys the
ERC-1155 shares contract), and records their addresses, the block and the transactions in
deployments/<chainid>.json (deployments/dev/<chainid>.json on a development chain), with the
compiler, the settings and each contract's standard-JSON input and metadata under
deployments/<chainid>/ (check them with `make verify NETWORK=<id>`). Run again, it reuses every
contract whose code is still at the recorded address and deploys only what is missing.

Environment (never in the repository):
  COBUILD_ACCOUNT           brownie keystore id of the deployer (`brownie accounts new <id>`),
  COBUILD_ACCOUNT_PASSWORD  its password (asked interactively when unset), or
  COBUILD_PRIVATE_KEY       the deployer's private key;
  COBUILD_TREASURY          the platform treasury (default: the deployer);
  COBUILD_SHARES_URI        the ERC-1155 metadata URI (default: cobuild/chain/platform.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TextIO

from brownie import network, web3

from cobuild.chain.deployment import DeploymentError, deployer_account
from cobuild.chain.platform import DEFAULT_SHARES_URI
from cobuild.progress import LOG, Progress
from cobuild.release.deploy import deploy_release


def main(record: Path | None = None, json_output: bool = False, out: TextIO | None = None) -> int:
    """Deploy (or reuse) and record the platform; `record` overrides the record's path. Prints
    the addresses (with `json_output`: the whole record, as JSON) on stdout; each step is logged
    on stderr, with a progress bar on a terminal. The status is 2 without a deployer's key."""
    try:
        deployer = deployer_account()
    except DeploymentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    LOG.info(
        "deploying Cobuild on %s (chain %s) from %s",
        network.show_active(),
        web3.eth.chain_id,
        deployer.address,
    )
    with Progress(total=4, desc="deploy", bar=None) as progress:
        result = deploy_release(
            deployer,
            path=record,
            treasury=os.environ.get("COBUILD_TREASURY") or None,
            shares_uri=os.environ.get("COBUILD_SHARES_URI") or DEFAULT_SHARES_URI,
            progress=progress,
            silent=True,
        )
    if json_output:
        print(json.dumps({**result.record, "record": str(result.path)}, indent=2), file=out)
        return 0
    verb = f"deployed {', '.join(result.deployed)}" if result.deployed else "reused everything"
    print(f"Cobuild on {network.show_active()} (chain {web3.eth.chain_id}): {verb}")
    for name, address in result.record["contracts"].items():
        print(f"  {name:<18} {address}")
    print(f"  treasury           {result.record['treasury']}")
    print(f"recorded in {result.path} (standard-JSON inputs in {result.path.with_suffix('')}/)")
    return 0
