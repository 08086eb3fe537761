# SPDX-License-Identifier: MIT
"""The selection tests' harness: a driver that invests on chain and applies each call to the money
model (`ProjectModel`, through the one chain-to-model table in cobuild/model/mirror.py).

The model never reads the project's views: supporters, funding, the ranking, the top-n walk, the
combinations next in line for a rescue and the rescue itself are computed from what the test
itself paid, so comparing it with the chain checks the contract's rule rather than echoing it.
(Only the time the ranking completed is read, see `Ledger._sync_finalization`.) The harness keeps
no rule of its own: what a call does, or which error refuses it, is the model's answer.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from brownie import web3

from cobuild.chain.lifecycle import offer
from cobuild.model.mirror import mirror
from cobuild.model.project import FINALIZATION_WINDOW as WINDOW
from cobuild.model.project import Config, Cursor, ProjectModel, Rejected
from cobuild.protocol import Phase, Status, revert_message


@dataclass
class Ledger:
    """What every backer paid into every combination (the test's own record), and the money model
    (`ProjectModel`) it is applied to through the one chain-to-model table: funding, supporters,
    the ranking, the top-n walk, the next in line and the rescue all come from the model."""

    min_stake: int
    slots: int
    stakes: dict[int, dict[str, int]] = field(default_factory=dict)
    rescued: list[int] = field(default_factory=list)  # in the order they were rescued
    model: ProjectModel | None = None
    project: Any = None

    def bind(self, project: Any) -> None:
        """Model `project`, whose parameters must be the ones the test declared."""
        cfg = Config.from_view(project.config())
        assert (cfg.min_stake, cfg.slots) == (self.min_stake, self.slots)
        self.model, self.project = ProjectModel(cfg, treasury=""), project

    def fork(self) -> Ledger:
        return dataclasses.replace(
            self,
            stakes=copy.deepcopy(self.stakes),
            rescued=list(self.rescued),
            model=copy.deepcopy(self.model),
        )

    # ------------------------------------------------------------ books

    def _now(self) -> int:
        """The latest block's time, with the model's finalization brought up to the chain's."""
        now = web3.eth.get_block("latest")["timestamp"]
        self._sync_finalization(now)
        return now

    def apply(self, call: str, sender: str, args: Sequence[Any]) -> Any:
        """Apply chain call `call(*args)`, just mined, to the model."""
        now = self._now()
        return mirror(self.model, call, now, sender, args)

    def status(self, combo: int) -> Status:
        """The model's status of `combo` at the latest block."""
        return self.model.status(combo, self._now())

    def refusal(self, call: str, sender: str, args: Sequence[Any]) -> str:
        """The revert message the model expects for chain call `call(*args)` now (on a copy: the
        books do not move); fails if the model would accept the call."""
        now = self._now()
        try:
            mirror(copy.deepcopy(self.model), call, now, sender, args)
        except Rejected as refused:
            return revert_message(refused.error, *refused.args_)
        raise AssertionError(f"the model accepts {call}{tuple(args)} from {sender}")

    def _sync_finalization(self, now: int) -> None:
        """Tests submit the ranking themselves (rightly or wrongly): the model ranks and selects
        on its own, at the time the chain's ranking completed."""
        m = self.model
        if m.finalized_at or m.failed or now < m.cfg.ideation_end:
            return
        rescue_start = self.project.schedule()[0]
        if rescue_start:
            m.finalize(rescue_start - m.cfg.rescue_window, "ranking", 0, m.ranking())
        elif self.project.phase() == Phase.Failed and now < m.cfg.ideation_end + WINDOW:
            m.finalize(now, "ranking", 0, m.ranking())
            assert m.failed

    def add(self, combo: int, backer: str, amount: int) -> None:
        """`backer` invested `amount` in `combo` (a transaction the test sent itself)."""
        self.apply("invest", backer, (combo, amount))
        self.record(combo, backer, amount)

    def record(self, combo: int, backer: str, amount: int) -> None:
        book = self.stakes.setdefault(combo, {})
        book[backer] = book.get(backer, 0) + amount

    def refunded(self, combo: int, backer: str) -> int:
        """`backer` took its refund of `combo` (a transaction the test sent itself): what the
        model pays it."""
        self.stakes[combo][backer] = 0
        return self.apply("refund", backer, (combo,))

    def stake(self, combo: int, backer: str) -> int:
        return self.stakes[combo].get(backer, 0)

    def funded(self, combo: int) -> int:
        return self.model.combos[combo].funded

    def supporters(self, combo: int) -> int:
        return self.model.combos[combo].supporters

    def backers(self, combo: int) -> int:
        return self.model.combos[combo].backers

    def total(self) -> int:
        return sum(c.funded for c in self.model.combos.values())

    @property
    def combos(self) -> list[int]:
        return list(self.model.combos)

    @property
    def costs(self) -> dict[int, int]:
        return {i: c.cost for i, c in self.model.combos.items()}

    @property
    def options(self) -> dict[int, tuple[int, ...]]:
        return {i: c.options for i, c in self.model.combos.items()}

    # ------------------------------------------------------------ the model's rules

    def ranking(self) -> list[int]:
        return self.model.ranking()

    def _complete_ranking(self) -> Cursor:
        """The model's attempt that holds every combination: the one that decided, or (before the
        ranking completed) one ranked now, on a copy."""
        m = self.model
        self._now()
        if m.finalized_at or m.failed:
            done = [c for c in m.cursors.values() if c.ranked == len(m.combos)]
            return done[-1] if done else Cursor(0)
        probe = copy.deepcopy(m)
        probe.finalize(m.cfg.ideation_end, "probe", 0, probe.ranking())
        return probe.cursors["probe"]

    def selected_by_rank(self) -> list[int]:
        """What the complete ranking selects (or selected), in ranking order."""
        chosen = self._complete_ranking().selected
        return [c for c in self.model.ranking() if c in chosen]

    def next_in_line(self) -> list[int]:
        """The combinations the complete ranking names (or named) next in line, the only ones the
        rescue window may rescue, in ranking order."""
        line = self._complete_ranking().next_in_line
        return [c for c in self.model.ranking() if c in line]

    def rescue(self, combo: int, backer: str, amount: int) -> bool:
        """A rescue top-up the test sent; returns whether the model says it rescues."""
        before = self.model.combos[combo].rescued
        self.add(combo, backer, amount)
        if before or not self.model.combos[combo].rescued:
            return False
        self.rescued.append(combo)
        return True


@dataclass
class Book:
    """Offer and invest on chain and in the ledger at once. Costs come from the quotes the test
    offered, never from the chain."""

    project: Any
    money: Any
    ledger: Ledger
    quotes: dict[int, int] = field(default_factory=dict)
    accounts: dict[str, Any] = field(default_factory=dict)  # every backer, by address
    # send through web3 directly (see `send`), for scenarios of hundreds of transactions; ERC-20
    # payers must then hold and have approved enough beforehand
    fast: bool = False

    def __post_init__(self) -> None:
        if self.ledger.model is None:
            self.ledger.bind(self.project)

    def fork(self) -> Book:
        """A copy with its own books (a module fixture's chain state is restored for every test,
        its Python objects are not)."""
        return Book(
            self.project,
            self.money,
            self.ledger.fork(),
            dict(self.quotes),
            dict(self.accounts),
            self.fast,
        )

    def offer(self, maker: Any, dimension: int, quote: int) -> int:
        option = offer(self.project, maker, dimension, quote)
        assert self.ledger.apply("offerOption", maker.address, (dimension, quote)) == option
        self.quotes[option] = quote
        return option

    def offer_grid(self, makers: Sequence[Any], quotes: Sequence[Sequence[int]]) -> list[list[int]]:
        """Offer `quotes[d][i]` as option i of dimension d (by maker `makers[d % len(makers)]`);
        returns the option ids by dimension."""
        return [
            [self.offer(makers[d % len(makers)], d, quote) for quote in row]
            for d, row in enumerate(quotes)
        ]

    def invest(self, backer: Any, target: int | Sequence[int], amount: int) -> int:
        """`backer` pays `amount` into a combination given by id, or by its options (created by this
        investment if new); returns the combination id."""
        if self.fast and not self.money.is_eth:
            params = {"from": backer}  # fast mode: ERC-20 payers are minted and approved up front
        else:
            params = self.money.pay(backer, self.project, amount)
        if isinstance(target, int):
            combo = target
            if self.fast:
                send(self.project.invest, (combo, amount), params)
            else:
                self.project.invest(combo, amount, params)
            self.ledger.apply("invest", backer.address, (combo, amount))
        else:
            options = list(target)
            if self.fast:
                send(self.project.investInNew, (options, amount), params)
            else:
                tx = self.project.investInNew(options, amount, params)
            combo = self.ledger.apply("investInNew", backer.address, (options, amount))
            if not self.fast:
                assert combo == tx.events["CombinationCreated"]["combo"]
            # costs come from the quotes the test offered
            assert self.ledger.costs[combo] == sum(self.quotes[o] for o in options)
        self.ledger.record(combo, backer.address, amount)
        self.accounts[backer.address] = backer
        return combo


def forked(world: tuple) -> tuple:
    """A module fixture's (project, book, ...) with a fork of the book for one test."""
    project, book, *rest = world
    return (project, book.fork(), *rest)


def send(function: Any, args: Sequence[Any], params: dict) -> Any:
    """Send a contract call as a plain transaction through web3 and require success.

    About ten times faster than a brownie transaction (no confirmation polling, no event
    decoding): for building large scenarios. Local chains with automine only."""
    tx = {
        "from": params["from"].address,
        "to": function._address,
        "data": function.encode_input(*args),
        "value": params.get("value", 0),
        "gas": 2_000_000,
        "gasPrice": 0,
    }
    receipt = web3.eth.wait_for_transaction_receipt(
        web3.eth.send_transaction(tx), timeout=30, poll_latency=0.002
    )
    assert receipt["status"] == 1, f"{function._name}{tuple(args)} reverted"
    return receipt


def combination_matches(view: Any, ledger: Ledger, combo: int) -> bool:
    """Whether the chain's `combination(combo)` agrees with the ledger's books."""
    return (
        tuple(view["optionIds"]) == ledger.options[combo]
        and view["cost"] == ledger.costs[combo]
        and view["funded"] == ledger.funded(combo)
        and view["supporters"] == ledger.supporters(combo)
        and view["backers"] == ledger.backers(combo)
    )
