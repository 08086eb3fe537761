# SPDX-License-Identifier: MIT
"""Deploying the platform to any brownie network and remembering where it is: brownie's
accounts and networks around the chain port's deployment (cobuild/chain/records.py, which needs
no brownie: the build's artifacts, deployed through a Sender).

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

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brownie import accounts, web3
from brownie._config import CONFIG

from cobuild.chain import records
from cobuild.chain.platform import DEFAULT_SHARES_URI, Platform, attach_platform
from cobuild.chain.port import ChainPort
from cobuild.chain.records import DEPLOYMENTS
from cobuild.chain.sender import DevSender, LiveSender, Sender
from cobuild.progress import Progress

DEPLOYED = ("ProjectProduction", "CobuildProject", "CobuildFactory")


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
    return records.deployment_path(chain_id, is_live(), root)


def read_deployment(path: Path | None = None) -> dict | None:
    return records.read_deployment(deployment_path() if path is None else path)


def _has_code(address: str | None) -> bool:
    return bool(address) and len(web3.eth.get_code(address)) > 0


@dataclass
class Deployed:
    platform: Platform
    record: dict
    path: Path
    deployed: list[str]  # contract names deployed by this run (empty: everything reused)


def sender_for(port: ChainPort, account: Any) -> Sender:
    """A Sender for brownie's `account`: on a local chain the node sends for it (impersonated,
    no fees, as brownie's development transactions cost nothing), on a live one its key signs."""
    codec = port.codec(*DEPLOYED)
    if not port.live:
        port.rpc.call("anvil_impersonateAccount", [account.address])
        return DevSender(port.rpc, codec, mine=port.mine, fees=False)
    return LiveSender(port.rpc, codec, {"deployer": account.private_key}, account.address)


def deploy(
    deployer: Any,
    treasury: str | None = None,
    shares_uri: str = DEFAULT_SHARES_URI,
    path: Path | None = None,
    progress: Progress | None = None,
    silent: bool = False,
) -> Deployed:
    """Deploy what `path` does not already hold (production facet, implementation, factory)
    from brownie's account `deployer`, through the chain port (`records.deploy_recorded`: the
    build's artifacts, a Sender), and attach brownie's contracts to the result. Each contract is
    a step of `progress` (deployed or reused). `silent` is kept for the callers: the steps' log
    lines are the only output."""
    port = ChainPort.from_brownie()
    path = deployment_path(port.chain_id()) if path is None else path
    result = records.deploy_recorded(
        port,
        sender_for(port, deployer),
        deployer.address,
        treasury,
        shares_uri,
        path,
        progress,
    )
    return Deployed(attach_platform(result.factory), result.record, result.path, result.deployed)


def recorded_platform(path: Path | None = None) -> Platform | None:
    """The platform recorded for the active chain, if its factory still has code."""
    record = read_deployment(path)
    if not record:
        return None
    factory = record.get("contracts", {}).get("CobuildFactory")
    return attach_platform(factory) if _has_code(factory) else None
