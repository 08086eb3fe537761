# SPDX-License-Identifier: MIT
"""The project's payment asset, ETH or an ERC-20, behind one interface."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cobuild.chain.rpc import Rpc, read_balances
from cobuild.protocol import ZERO_ADDRESS


@dataclass
class Money:
    """Pays into a project and reads balances, in ETH (`token=None`) or in an ERC-20.

    With a mintable test token, `pay` mints what the payer lacks and approves the project, so a
    test or a scenario can say "backer pays 5" the same way for both kinds of project."""

    token: Any = None

    @property
    def address(self) -> str:
        return ZERO_ADDRESS if self.token is None else self.token.address

    @property
    def is_eth(self) -> bool:
        return self.token is None

    def balance(self, who: Any) -> int:
        address = who if isinstance(who, str) else who.address
        if self.token is None:
            from brownie import web3

            return web3.eth.get_balance(address)
        return self.token.balanceOf(address)

    def balances(self, whos: Sequence[Any]) -> list[int]:
        """The balances of `whos` (accounts, contracts or addresses), in order, read in one
        JSON-RPC batch: an invariant that checks every actor's balance after every step asks
        the node once, not once per actor."""
        addresses = [who if isinstance(who, str) else who.address for who in whos]
        token = None if self.token is None else self.address
        return read_balances(Rpc.from_brownie(), addresses, token)

    def pay(self, payer: Any, project: Any, amount: int) -> dict:
        """Transaction parameters for `payer` paying `amount` to `project` (ERC-20: minted and
        approved first)."""
        if self.token is None:
            return {"from": payer, "value": amount}
        have = self.token.balanceOf(payer)
        if have < amount:
            self.token.mint(payer, amount - have, {"from": payer})
        if self.token.allowance(payer, project) < amount:
            self.token.approve(project, 2**256 - 1, {"from": payer})
        return {"from": payer}
