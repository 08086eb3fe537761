# SPDX-License-Identifier: MIT
"""The one hostile account of the test suite: a deployed `HostileActor` (contracts/test/) and the
EOA that drives it. Selection, production, sharing and security tests all use it, in every role
that receives money: it refuses payments (`Revert`), burns the payer's gas (`BurnGas`), or calls
back into the project while it is paid (`Reenter`, with the hook's failure swallowed or, with
`bubble`, re-thrown)."""

from __future__ import annotations

from typing import Any

from brownie import HostileActor, web3

from cobuild.chain.money import Money
from cobuild.protocol import HostileMode, revert_message

revert_text = revert_message  # the revert text brownie decodes for a custom error

MAX_UINT = 2**256 - 1
REENTRANT_CALL = bytes(web3.keccak(text="ReentrancyGuardReentrantCall()")[:4])


Mode = HostileMode  # `HostileActor.Mode`, defined once in cobuild/protocol.py


class Hostile:
    """A deployed `HostileActor` and the EOA that drives it (`execute`, `setMode`, `setHook`)."""

    def __init__(self, contract: Any, operator: Any, money: Money | None = None) -> None:
        self.contract = contract
        self.operator = operator
        self.money = money
        self.address = contract.address

    @classmethod
    def deploy(cls, operator: Any, money: Money | None = None) -> Hostile:
        """A fresh actor, driven by `operator`, paying in `money` (default: ETH)."""
        return cls(HostileActor.deploy({"from": operator}), operator, money)

    def __str__(self) -> str:
        return self.address

    def call(self, target: Any, data: str, value: int = 0) -> Any:
        """Make the actor call `target` with `data` (and `value` wei, sent by the operator)."""
        params = {"from": self.operator}
        if value:
            params["value"] = value
        return self.contract.execute(target, value, data, params)

    def pay(self, project: Any, data: str, amount: int) -> Any:
        """Make the actor call `project` with `data`, paying `amount`: ETH as value; tokens minted
        to the actor and approved by it first."""
        if self.money is None or self.money.is_eth:
            return self.call(project, data, amount)
        self.fund(project, amount)
        return self.call(project, data)

    def fund(self, project: Any, amount: int) -> None:
        """Give the actor `amount` tokens and approve `project` to pull them."""
        assert self.money is not None and not self.money.is_eth
        token = self.money.token
        have = token.balanceOf(self.address)
        if have < amount:
            token.mint(self.address, amount - have, {"from": self.operator})
        if token.allowance(self.address, project) < amount:
            self.call(token, token.approve.encode_input(project, MAX_UINT))

    def set_mode(self, mode: Mode) -> None:
        self.contract.setMode(mode, {"from": self.operator})

    def accept(self) -> None:
        self.set_mode(Mode.Accept)

    def refuse(self) -> None:
        self.set_mode(Mode.Revert)

    def arm(self, target: Any, data: str, bubble: bool = False) -> None:
        """Reenter mode: on every payment from now on, call `target` with `data` (the hook's
        counters start again from zero)."""
        self.contract.setHook(target, data, bubble, {"from": self.operator})
        self.set_mode(Mode.Reenter)

    def received(self) -> int:
        """ETH the actor accepted in all."""
        return self.contract.received()

    def balance(self) -> int:
        return self.contract.balance()

    def hook_refused(self, times: int = 1) -> bool:
        """Whether the hook ran `times` times since it was armed and the reentrancy guard refused
        its last call (a call that got through would have paid twice: the tests' money checks
        catch that)."""
        c = self.contract
        return (
            c.hookCalls() == times
            and not c.lastHookOk()
            and bytes(c.lastHookResult()) == REENTRANT_CALL
        )
