# SPDX-License-Identifier: MIT
"""The chain port: what a player or a deploy needs of a chain, without brownie.

A `ChainPort` is a JSON-RPC client of its own (`Rpc`), whether the chain is live, the network's
name, and the build's artifacts (`build/contracts/`). Contracts are deployed through a `Sender`
(a contract-creation transaction, like any other), so the players play the same on a node of
their own (`ChainPort.at(url)`, `python -m cobuild.commands.play`) as on brownie's network
(`ChainPort.from_brownie()`, the commands and the tests). Importing this module imports no brownie
and changes nothing global."""

from __future__ import annotations

import getpass
import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account import Account

from cobuild.chain.artifacts import BUILD, Artifact, artifact
from cobuild.chain.rpc import Codec, Rpc
from cobuild.chain.sender import Handle, Sender, Tx

DEFAULT_SHARES_URI = "https://cobuild.example/shares/{id}.json"
DEPLOY_GAS = 12_000_000  # the largest creation (the factory, which creates the shares) uses ~6M


@dataclass
class ChainPort:
    """A chain to play or deploy on. `mine` mines one block on a development chain (None:
    `evm_mine`; through brownie, brownie's `chain.mine`, which keeps brownie's clock in step)."""

    rpc: Rpc
    live: bool = False
    network: str = ""
    build: Path = BUILD
    mine: Callable[[], Any] | None = field(default=None, repr=False)

    @classmethod
    def at(cls, url: str, live: bool = False, network: str = "") -> ChainPort:
        """The node at `url`, on a connection of the port's own."""
        return cls(Rpc(url), live=live, network=network or ("live" if live else "development"))

    @classmethod
    def from_brownie(cls) -> ChainPort:
        """The network brownie is connected to (imports brownie: the commands and the tests)."""
        from brownie import network
        from brownie._config import CONFIG

        def mine() -> None:
            from brownie import chain

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                chain.mine()  # brownie syncs its clock to the new block

        return cls(
            Rpc.from_brownie(),
            live=CONFIG.network_type == "live",
            network=network.show_active() or "",
            mine=mine,
        )

    def artifact(self, name: str) -> Artifact:
        return artifact(name, self.build)

    def codec(self, *names: str) -> Codec:
        """The codec of one or more contracts' ABIs."""
        return Codec(*(self.artifact(n).abi for n in names))

    def chain_id(self) -> int:
        return int(self.rpc.call("eth_chainId"), 16)

    def view(self, handle: Handle, fn: str, *args: Any) -> Any:
        """`handle.fn(*args)` read at the latest block (nothing queued anywhere is sent)."""
        data = self.rpc.call(
            "eth_call", [{"to": handle.address, "data": handle.data(fn, *args)}, "latest"]
        )
        return handle.codec.decode_output(fn, data)

    def accounts(self) -> list[str]:
        """The node's unlocked accounts (anvil's ten; none on a live node)."""
        from eth_utils import to_checksum_address

        return [to_checksum_address(a) for a in self.rpc.call("eth_accounts") or []]


def deployer_key() -> str:
    """The live deployer's private key, as cobuild/chain/deployment.py finds the deployer: the
    brownie keystore `COBUILD_ACCOUNT` (~/.brownie/accounts/<id>.json, decrypted here with its
    password from `COBUILD_ACCOUNT_PASSWORD` or asked), else `COBUILD_PRIVATE_KEY`. Nothing secret
    lives in the repository."""
    keystore = os.environ.get("COBUILD_ACCOUNT")
    if keystore:
        path = Path.home() / ".brownie" / "accounts" / f"{keystore}.json"
        if not path.is_file():
            raise RuntimeError(f"no keystore {keystore!r}: {path} is missing")
        password = os.environ.get("COBUILD_ACCOUNT_PASSWORD")
        if password is None:
            password = getpass.getpass(f'password for "{keystore}": ')
        secret = Account.decrypt(json.loads(path.read_text()), password)
        return "0x" + bytes(secret).hex()
    key = os.environ.get("COBUILD_PRIVATE_KEY")
    if key:
        return key
    raise RuntimeError(
        "no deployer: set COBUILD_ACCOUNT (a brownie keystore id) or COBUILD_PRIVATE_KEY"
    )


def deploy(
    sender: Sender,
    built: Artifact,
    deployer: str,
    *args: Any,
    gas: int = DEPLOY_GAS,
    place: str = "setup",
) -> Handle:
    """Deploy `built` with constructor `args` from `deployer` through `sender` (what it has
    queued is sent first); the new contract."""
    sender.flush()
    sender.send(
        Tx(deployer, None, built.creation(*args), gas=gas, kind=f"deploy {built.name}", place=place)
    )
    (mined,) = sender.flush()
    if mined.contract_address is None:
        raise RuntimeError(f"deploying {built.name} created no contract ({mined.hash})")
    return Handle(mined.contract_address, built.codec())


@dataclass(frozen=True)
class PlatformHandles:
    """The contracts of one Cobuild platform, as the Sender addresses them."""

    factory: Handle
    shares: Handle
    implementation: Handle
    production: Handle


def deploy_platform(
    port: ChainPort,
    sender: Sender,
    deployer: str,
    treasury: str,
    shares_uri: str = DEFAULT_SHARES_URI,
) -> PlatformHandles:
    """The production facet, the project implementation and the factory (which creates the shares
    contract), deployed from `deployer` in that order, as `cobuild.chain.platform.deploy_platform`
    deploys them through brownie."""
    production = deploy(sender, port.artifact("ProjectProduction"), deployer)
    implementation = deploy(sender, port.artifact("CobuildProject"), deployer, production.address)
    factory = deploy(
        sender,
        port.artifact("CobuildFactory"),
        deployer,
        implementation.address,
        treasury,
        shares_uri,
    )
    shares = Handle(sender.view(factory, "shares"), port.artifact("CobuildShares").codec())
    return PlatformHandles(factory, shares, implementation, production)
