# SPDX-License-Identifier: MIT
"""Deploy the Cobuild platform to any brownie network:

    make deploy NETWORK=<id>     # or: .venv/bin/python -m cobuild deploy --network <id>

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

import os
import sys

from brownie import network, web3

from cobuild.chain.deployment import DeploymentError, deployer_account
from cobuild.chain.platform import DEFAULT_SHARES_URI
from cobuild.release.deploy import deploy_release


def main() -> None:
    try:
        deployer = deployer_account()
    except DeploymentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    result = deploy_release(
        deployer,
        treasury=os.environ.get("COBUILD_TREASURY") or None,
        shares_uri=os.environ.get("COBUILD_SHARES_URI") or DEFAULT_SHARES_URI,
    )
    verb = f"deployed {', '.join(result.deployed)}" if result.deployed else "reused everything"
    print(f"Cobuild on {network.show_active()} (chain {web3.eth.chain_id}): {verb}")
    for name, address in result.record["contracts"].items():
        print(f"  {name:<18} {address}")
    print(f"  treasury           {result.record['treasury']}")
    print(f"recorded in {result.path} (standard-JSON inputs in {result.path.with_suffix('')}/)")
