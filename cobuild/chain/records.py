# SPDX-License-Identifier: MIT
"""Deploying the platform through the chain port and remembering where it is, without brownie.

Addresses are recorded per chain id in `deployments/<chainid>.json` (live networks; committed
when they matter) or `deployments/dev/<chainid>.json` (local chains; ignored by git). A second
run reuses every contract whose code is still at the recorded address (and still links to what
was deployed before it) and deploys only what is missing, from the build's artifacts, through a
`Sender`: `DevSender` on a local chain, `LiveSender` (a key) on a live one. cobuild/chain/
deployment.py is the same deployment for brownie's accounts and networks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cobuild.chain.port import DEFAULT_SHARES_URI, DEPLOY_GAS, ChainPort
from cobuild.chain.sender import Handle, Sender, Tx
from cobuild.progress import Progress
from cobuild.protocol import PLATFORM_CONTRACTS

DEPLOYMENTS = Path("deployments")


def deployment_path(chain_id: int, live: bool, root: Path = DEPLOYMENTS) -> Path:
    return root / f"{chain_id}.json" if live else root / "dev" / f"{chain_id}.json"


def read_deployment(path: Path) -> dict | None:
    if not path.exists():
        return None
    return json.loads(path.read_text())


def has_code(port: ChainPort, address: str | None) -> bool:
    return bool(address) and port.rpc.call("eth_getCode", [address, "latest"]) not in ("0x", "")


def recorded_factory(port: ChainPort, path: Path | None = None) -> str | None:
    """The factory recorded for the port's chain, if it still has code."""
    path = deployment_path(port.chain_id(), port.live) if path is None else path
    record = read_deployment(path)
    factory = (record or {}).get("contracts", {}).get("CobuildFactory")
    return factory if has_code(port, factory) else None


@dataclass
class Recorded:
    record: dict
    path: Path
    deployed: list[str]  # contract names deployed by this run (empty: everything reused)

    @property
    def factory(self) -> str:
        return self.record["contracts"]["CobuildFactory"]


def deploy_recorded(
    port: ChainPort,
    sender: Sender,
    deployer: str,
    treasury: str | None = None,
    shares_uri: str = DEFAULT_SHARES_URI,
    path: Path | None = None,
    progress: Progress | None = None,
) -> Recorded:
    """Deploy what `path` does not already hold (production facet, implementation, factory) from
    `deployer` through `sender`, and record it. Each contract is a step of `progress` (deployed
    or reused)."""
    chain_id = port.chain_id()
    path = deployment_path(chain_id, port.live) if path is None else path
    progress = progress or Progress()
    record = read_deployment(path) or {}
    contracts = dict(record.get("contracts", {}))
    transactions = dict(record.get("transactions", {}))
    blocks = dict(record.get("blocks", {}))
    deployed: list[str] = []
    treasury = treasury or deployer

    def handle(name: str, address: str) -> Handle:
        return Handle(address, port.artifact(name).codec())

    def reused(name: str, link: str | None = None, to: str | None = None) -> str | None:
        """The recorded `name`, if nothing before it was redeployed and it still links to `to`."""
        address = contracts.get(name)
        if deployed or not address or not has_code(port, address):
            return None
        if link and sender.view(handle(name, address), link) != to:
            return None
        progress.step("%s: reused at %s", name, address)
        return address

    def build(name: str, *args: object) -> str:
        progress.note("%s: deploying", name)
        creation = port.artifact(name).creation(*args)
        sender.send(Tx(deployer, None, creation, gas=DEPLOY_GAS, kind=f"deploy {name}"))
        (mined,) = sender.flush()
        address = mined.contract_address
        if address is None:
            raise RuntimeError(f"deploying {name} created no contract ({mined.hash})")
        progress.step(
            "%s: deployed at %s (transaction %s, block %s)", name, address, mined.hash, mined.block
        )
        deployed.append(name)
        transactions[name], blocks[name] = mined.hash, mined.block
        return address

    production = reused("ProjectProduction") or build("ProjectProduction")
    implementation = reused("CobuildProject", "production", production) or build(
        "CobuildProject", production
    )
    factory = reused("CobuildFactory", "implementation", implementation)
    if factory is None:
        factory = build("CobuildFactory", implementation, treasury, shares_uri)
        # the factory's constructor creates the shares contract
        transactions["CobuildShares"] = transactions["CobuildFactory"]
        blocks["CobuildShares"] = blocks["CobuildFactory"]
    if deployed or not record:
        on_chain = handle("CobuildFactory", factory)
        shares, treasury_now = (
            sender.view(on_chain, "shares"),
            sender.view(on_chain, "treasury"),
        )
        record = {
            "network": port.network,
            "chainid": chain_id,
            "deployer": deployer,
            "treasury": treasury_now,
            "shares_uri": shares_uri,
            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "contracts": dict(
                zip(
                    PLATFORM_CONTRACTS,
                    (production, implementation, factory, shares),
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
    return Recorded(record, path, deployed)
