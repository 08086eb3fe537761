# SPDX-License-Identifier: MIT
"""What each party ends with: the attack tests play a world with and without the attacker (or
with the attacker playing honestly) and compare every party's net position, to the wei.

`Ledger(money, parties)` takes every party's balance at the start; `settle(project, combos)`
closes the game the way every party would: after the presale each one claims everything the
rules give it (refunds, revenue, makers' escrow and revenue, order refunds, the creator's and the
platform's parts); `net()` is then each party's final balance minus its start. Nothing here
assumes a rule: a claim the contract refuses pays nothing, so the comparison is of outcomes,
whatever rules the contracts hold. Gas costs nothing on the test chain (brownie's development
gas price is 0), so ETH balances move only by payments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from brownie import accounts
from brownie.exceptions import VirtualMachineError

from cobuild.chain.lifecycle import advance_to
from cobuild.chain.money import Money
from cobuild.protocol import Phase

START = 10**6 * 10**18  # every party's token balance before anything happens


def address(who: Any) -> str:
    return who if isinstance(who, str) else who.address


def attempt(call: Any, *args: Any) -> bool:
    """Send a transaction the rules may refuse; True if it was mined. The node simulates it
    first: a call the rules refuse is not sent (it would revert just the same, and a mined revert
    costs a block and brownie's decoding of it)."""
    try:
        call.call(*args)
    except VirtualMachineError:
        return False
    call(*args)
    return True


class Ledger:
    """Every party's balance from the start of a game."""

    def __init__(self, money: Money, parties: Iterable[Any]) -> None:
        self.money = money
        self.parties = [address(p) for p in parties]
        if not money.is_eth:  # a balance of its own, so paying never mints into the game
            for p in self.parties:
                have = money.token.balanceOf(p)
                if have < START:
                    money.token.mint(p, START - have, {"from": accounts[0]})
        self.start = dict(zip(self.parties, money.balances(self.parties), strict=True))

    def net(self) -> dict[str, int]:
        now = self.money.balances(self.parties)
        return {p: n - self.start[p] for p, n in zip(self.parties, now, strict=True)}


def settle(
    project: Any,
    combos: Sequence[int],
    parties: Iterable[Any],
    creator: Any,
    treasury: Any,
    orders: dict[int, list[Any]] | None = None,
) -> None:
    """Close the presale and let every party take whatever the rules give it."""
    if project.phase() != Phase.Closed:
        advance_to(project, Phase.Closed)
    dimensions = len(project.combination(combos[0])[1])
    for who in parties:
        sender = {"from": address(who)}
        for combo in combos:
            attempt(project.refund, combo, sender)
            attempt(project.claimRevenue, combo, sender)
            for d in range(dimensions):
                attempt(project.claimMaker, combo, d, sender)
    for combo, buyers in (orders or {}).items():
        for index, buyer in enumerate(buyers):
            attempt(project.refundOrder, combo, index, {"from": address(buyer)})
    attempt(project.claimCreator, {"from": address(creator)})
    attempt(project.claimPlatform, {"from": address(treasury)})


def assert_no_gain_no_loss(
    honest: dict[str, int],
    attacked: dict[str, int],
    attacker: Sequence[Any],
    victims: Sequence[Any],
) -> None:
    """The adversary's property: the attacker (all its addresses together) ends no richer than
    playing honestly, and every victim ends with at least what it has without the attack."""
    mine = [address(a) for a in attacker]
    gain = sum(attacked[a] for a in mine) - sum(honest[a] for a in mine)
    assert gain <= 0, f"the attacker gains {gain} wei over honest play"
    for v in victims:
        loss = honest[address(v)] - attacked[address(v)]
        assert loss <= 0, f"{address(v)} loses {loss} wei to the attack"
