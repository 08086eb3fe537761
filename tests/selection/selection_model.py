"""An independent Python model of ideation and selection, and a driver that invests on chain while
keeping the model's books.

The model never reads the project's views: supporters, funding, the ranking, the top-n walk and the
rescue are computed from what the test itself paid, so comparing it with the chain checks the
contract's rule rather than echoing it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from brownie import web3

from cobuild.chain.lifecycle import offer


@dataclass
class Ledger:
    """What every backer paid into every combination, and the rules computed from it."""

    min_stake: int
    slots: int
    costs: dict[int, int] = field(default_factory=dict)
    options: dict[int, tuple[int, ...]] = field(default_factory=dict)
    stakes: dict[int, dict[str, int]] = field(default_factory=dict)
    rescued: list[int] = field(default_factory=list)

    # ------------------------------------------------------------ books

    def create(self, combo: int, options: Sequence[int], cost: int) -> None:
        assert combo == len(self.costs) + 1, "combination ids follow the order of first funding"
        self.costs[combo] = cost
        self.options[combo] = tuple(options)
        self.stakes[combo] = {}

    def add(self, combo: int, backer: str, amount: int) -> None:
        book = self.stakes[combo]
        book[backer] = book.get(backer, 0) + amount

    def stake(self, combo: int, backer: str) -> int:
        return self.stakes[combo].get(backer, 0)

    def funded(self, combo: int) -> int:
        return sum(self.stakes[combo].values())

    def supporters(self, combo: int) -> int:
        return sum(1 for s in self.stakes[combo].values() if s >= self.min_stake)

    def backers(self, combo: int) -> int:
        return sum(1 for s in self.stakes[combo].values() if s > 0)

    def total(self) -> int:
        return sum(self.funded(c) for c in self.costs)

    @property
    def combos(self) -> list[int]:
        return list(self.costs)

    # ------------------------------------------------------------ rules

    def ranking(self) -> list[int]:
        """Supporters (desc), then funding (desc), then id (asc)."""
        return sorted(self.combos, key=lambda c: (-self.supporters(c), -self.funded(c), c))

    def selected_by_rank(self) -> list[int]:
        """Walk the ranking; a combination whose funding covers its cost takes a slot while any is
        left. (Call before any rescue top-up: it is the state at finalization.)"""
        chosen: list[int] = []
        for combo in self.ranking():
            if len(chosen) < self.slots and self.funded(combo) >= self.costs[combo]:
                chosen.append(combo)
        return chosen

    def rescue(self, combo: int, backer: str, amount: int, by_rank: Iterable[int]) -> bool:
        """A rescue top-up (the caller checked it is allowed); returns whether it rescues."""
        self.add(combo, backer, amount)
        if combo in by_rank or combo in self.rescued or self.funded(combo) < self.costs[combo]:
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

    def fork(self) -> Book:
        """A copy with its own books (a module fixture's chain state is restored for every test,
        its Python objects are not)."""
        return Book(
            self.project,
            self.money,
            copy.deepcopy(self.ledger),
            dict(self.quotes),
            dict(self.accounts),
            self.fast,
        )

    def offer(self, maker: Any, dimension: int, quote: int) -> int:
        option = offer(self.project, maker, dimension, quote)
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
        else:
            options = list(target)
            if self.fast:
                send(self.project.investInNew, (options, amount), params)
                combo = len(self.ledger.costs) + 1  # ids follow the order of first funding
            else:
                tx = self.project.investInNew(options, amount, params)
                combo = tx.events["CombinationCreated"]["combo"]
            self.ledger.create(combo, options, sum(self.quotes[o] for o in options))
        self.ledger.add(combo, backer.address, amount)
        self.accounts[backer.address] = backer
        return combo


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
