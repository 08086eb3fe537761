# SPDX-License-Identifier: MIT
"""Named actors on a local chain: deterministic addresses, funded and unlocked through anvil.

Tests and scenarios need hundreds of distinct accounts (backers, buyers); anvil starts with ten.
An actor's address is derived from its name, so runs are reproducible, and anvil's impersonation
lets brownie send from it without a private key (local chains only). `actor_address` needs no
brownie (the scenario runner's actors); `actor` and `set_block_gas_limit` are brownie's.
"""

from __future__ import annotations

from typing import Any

from eth_utils import keccak, to_checksum_address

DEFAULT_BALANCE = 10**24  # 1,000,000 ETH: enough for any test or scenario


def actor_address(name: str) -> str:
    """The address of the actor called `name`."""
    return to_checksum_address(keccak(text=f"cobuild-actor:{name}")[12:])


def actor(name: str, balance: int = DEFAULT_BALANCE) -> Any:
    """A brownie account for `name`, unlocked and holding at least `balance` wei."""
    from brownie import accounts, web3

    address = actor_address(name)
    web3.provider.make_request("anvil_impersonateAccount", [address])
    if web3.eth.get_balance(address) < balance:
        web3.provider.make_request("anvil_setBalance", [address, hex(balance)])
    return accounts.at(address, force=True)


def set_block_gas_limit(limit: int) -> None:
    """Raise anvil's block gas limit (brownie 1.22 cannot set it from brownie-config.yaml)."""
    from brownie import web3

    web3.provider.make_request("evm_setBlockGasLimit", [hex(limit)])
