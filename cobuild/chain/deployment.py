# SPDX-License-Identifier: MIT
"""Deploying the platform to any brownie network and remembering where it is.

Addresses are recorded per chain id in `deployments/<chainid>.json` (live networks; committed
when they matter) or `deployments/dev/<chainid>.json` (local chains; ignored by git). A second
run reuses every contract whose code is still at the recorded address and deploys only what is
missing. The deployer comes from a brownie keystore (`COBUILD_ACCOUNT`, password in
`COBUILD_ACCOUNT_PASSWORD` or asked) or a private key (`COBUILD_PRIVATE_KEY`); on a development
network without either, brownie's first unlocked account. Nothing secret lives in the repository.
On a live network it needs the brownie adapter's `deployment_db` and `live_artifacts` patches
(brownie's own deployment records crash or go stale there): the commands apply it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from brownie import (
    CobuildFactory,
    CobuildProject,
    ProjectProduction,
    accounts,
    network,
    web3,
)
from brownie._config import CONFIG

from cobuild.chain.platform import DEFAULT_SHARES_URI, Platform, attach_platform
from cobuild.progress import Progress
from cobuild.protocol import PLATFORM_CONTRACTS

DEPLOYMENTS = Path("deployments")


class DeploymentError(RuntimeError):
    """The deployer or a recorded deployment is unusable."""


def is_live() -> bool:
    """Whether brownie is connected to a non-development network."""
    return CONFIG.network_type == "live"


def deployer_account() -> Any:
    """The deploying account: keystore id, private key, or (development only) accounts[0]."""
    keystore = os.environ.get("COBUILD_ACCOUNT")
    key = os.environ.get("COBUILD_PRIVATE_KEY")
    if keystore:
        password = os.environ.get("COBUILD_ACCOUNT_PASSWORD")
        return accounts.load(keystore, password=password) if password else accounts.load(keystore)
    if key:
        return accounts.add(key)
    if is_live():
        raise DeploymentError(
            "no deployer: set COBUILD_ACCOUNT (a brownie keystore id) or COBUILD_PRIVATE_KEY"
        )
    return accounts[0]


def deployment_path(chain_id: int | None = None, root: Path = DEPLOYMENTS) -> Path:
    chain_id = web3.eth.chain_id if chain_id is None else chain_id
    return root / f"{chain_id}.json" if is_live() else root / "dev" / f"{chain_id}.json"


def read_deployment(path: Path | None = None) -> dict | None:
    path = deployment_path() if path is None else path
    if not path.exists():
        return None
    return json.loads(path.read_text())


def _has_code(address: str | None) -> bool:
    return bool(address) and len(web3.eth.get_code(address)) > 0


def _note(contract: Any, name: str, deployed: list, transactions: dict, blocks: dict) -> str:
    """Remember that `name` was deployed, by which transaction, in which block."""
    deployed.append(name)
    transactions[name] = contract.tx.txid
    blocks[name] = contract.tx.block_number
    return contract.address


@dataclass
class Deployed:
    platform: Platform
    record: dict
    path: Path
    deployed: list[str]  # contract names deployed by this run (empty: everything reused)


def deploy(
    deployer: Any,
    treasury: str | None = None,
    shares_uri: str = DEFAULT_SHARES_URI,
    path: Path | None = None,
    progress: Progress | None = None,
    silent: bool = False,
    **tx: Any,
) -> Deployed:
    """Deploy what `path` does not already hold (production facet, implementation, factory).
    Each contract is a step of `progress` (deployed or reused); `silent` keeps brownie from
    printing each transaction (the step's log line names it instead)."""
    path = deployment_path() if path is None else path
    progress = progress or Progress()
    record = read_deployment(path) or {}
    contracts = dict(record.get("contracts", {}))
    transactions = dict(record.get("transactions", {}))
    blocks = dict(record.get("blocks", {}))
    deployed: list[str] = []
    sender = {"from": deployer, **tx}
    treasury = treasury or deployer.address

    def reused(
        name: str, container: Any, link: str | None = None, to: str | None = None
    ) -> str | None:
        """The recorded `name`, if nothing before it was redeployed and it still links to `to`."""
        address = contracts.get(name)
        if deployed or not _has_code(address):
            return None
        if link and getattr(container.at(address), link)() != to:
            return None
        progress.step("%s: reused at %s", name, address)
        return address

    def build(name: str, container: Any, *args: Any) -> str:
        progress.note("%s: deploying", name)
        contract = container.deploy(*args, sender, silent=silent)
        progress.step(
            "%s: deployed at %s (transaction %s, block %s)",
            name,
            contract.address,
            contract.tx.txid,
            contract.tx.block_number,
        )
        return _note(contract, name, deployed, transactions, blocks)

    production = reused("ProjectProduction", ProjectProduction) or build(
        "ProjectProduction", ProjectProduction
    )
    implementation = reused("CobuildProject", CobuildProject, "production", production) or build(
        "CobuildProject", CobuildProject, production
    )
    factory = reused("CobuildFactory", CobuildFactory, "implementation", implementation)
    if factory is None:
        factory = build("CobuildFactory", CobuildFactory, implementation, treasury, shares_uri)
        # the factory's constructor creates the shares contract
        transactions["CobuildShares"] = transactions["CobuildFactory"]
        blocks["CobuildShares"] = blocks["CobuildFactory"]
    platform = attach_platform(factory)
    if deployed or not record:
        record = {
            "network": network.show_active(),
            "chainid": web3.eth.chain_id,
            "deployer": deployer.address,
            "treasury": platform.factory.treasury(),
            "shares_uri": shares_uri,
            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "contracts": dict(
                zip(
                    PLATFORM_CONTRACTS,
                    (production, implementation, factory, platform.shares.address),
                    strict=True,
                )
            ),
            # where a verifier or an indexer starts: the first block, each creating transaction
            "block": min(blocks.values()) if blocks else None,
            "blocks": blocks,
            "transactions": transactions,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2) + "\n")
    return Deployed(platform, record, path, deployed)


def recorded_platform(path: Path | None = None) -> Platform | None:
    """The platform recorded for the active chain, if its factory still has code."""
    record = read_deployment(path)
    if not record:
        return None
    factory = record.get("contracts", {}).get("CobuildFactory")
    return attach_platform(factory) if _has_code(factory) else None
