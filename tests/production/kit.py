"""Helpers of the production tests: error messages, funding actors, measured payouts, and a small
harness that opens a project, backs combinations and keeps the rules model (rules.py) in step."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from brownie import HostileActor, accounts, web3

from cobuild.chain.lifecycle import advance_to, finalize
from cobuild.chain.platform import open_project
from cobuild.protocol import NO_CONTENT, ZERO_HASH, Phase, revert_message

from .rules import ProductionRules

err = revert_message  # the revert text brownie decodes for a custom error

E = 10**18
MAX_UINT = 2**256 - 1
MAX_AMOUNT = 2**88 - 1
MAX_REVENUE = 2**96 - 1


def name(who: Any) -> str:
    """The key the rules model uses for an account or contract."""
    return str(who if isinstance(who, str) else who.address)


_EOAS: set[str] = set()


def is_actor_contract(who: Any) -> bool:
    """Whether `who` is a HostileActor (a contract acting through `execute`). Accounts
    without code are remembered: they never get any."""
    address = name(who)
    if address in _EOAS:
        return False
    if len(web3.eth.get_code(address)) > 0:
        return True
    _EOAS.add(address)
    return False


def driver() -> Any:
    """The account that sends the transactions of contract actors."""
    return accounts[0]


def send(project: Any, who: Any, fn: Any, *args: Any, value: int = 0) -> Any:
    """`who` calls `fn(*args)` on `project` (a contract actor through its `execute`)."""
    if is_actor_contract(who):
        actor = HostileActor.at(name(who))
        data = fn.encode_input(*args)
        return actor.execute(project, value, data, {"from": driver(), "value": value})
    if isinstance(who, str):
        who = accounts.at(who, force=True)
    return fn(*args, {"from": who, "value": value})


def fund(money: Any, who: Any, project: Any) -> None:
    """ERC-20: give `who` plenty of tokens and approve `project` once (ETH: nothing to do)."""
    if money.is_eth:
        return
    assert not is_actor_contract(who), "contract actors are for ETH projects"
    if money.token.balanceOf(who) < 10**30:
        money.token.mint(who, 10**30, {"from": who})
    if money.token.allowance(who, project) < 10**30:
        money.token.approve(project, MAX_UINT, {"from": who})


def pull(money: Any, project: Any, fn: Any, *args: Any, payee: Any, sender: Any = None):
    """`sender` (default: the payee) calls `fn(*args)`; returns (what `payee` received, the
    receipt), measured on the payee's balance. (Tests check the project's balance at the end.)"""
    sender = payee if sender is None else sender
    before = money.balance(name(payee))
    tx = send(project, sender, fn, *args)
    paid_gas = money.is_eth and name(sender) == name(payee) and not is_actor_contract(payee)
    fee = tx.gas_used * tx.gas_price if paid_gas else 0
    return money.balance(name(payee)) - before + fee, tx


def event_id(tx: Any, event: str, key: str) -> int:
    return tx.events[event][key]


@dataclass
class Harness:
    """A project under test and the rules model that says what it owes."""

    project: Any
    money: Any
    creator: Any
    inspectors: Sequence[Any]
    rules: ProductionRules
    options: list[list[int]] = field(default_factory=list)
    quotes: dict[int, int] = field(default_factory=dict)
    makers: dict[int, Any] = field(default_factory=dict)
    stakes: dict[int, dict[str, int]] = field(default_factory=dict)
    parts: dict[int, list[int]] = field(default_factory=dict)
    last: Any = None  # the last transaction sent through the harness

    @classmethod
    def open(cls, open_, spec, money, creator, inspectors) -> Harness:
        project = open_(spec, money)
        rules = ProductionRules(
            dimensions=len(spec.dimensions),
            conditions=len(spec.conditions),
            quorum=spec.quorum,
            inspectors=len(spec.inspectors),
            advance_bps=spec.advance_bps,
            ratio=tuple(spec.ratio),
        )
        return cls(project, money, creator, inspectors, rules)

    def send(self, who: Any, fn: Any, *args: Any, value: int = 0) -> Any:
        self.last = send(self.project, who, fn, *args, value=value)
        return self.last

    def _pull(self, fn: Any, *args: Any, payee: Any) -> tuple[int, Any]:
        got, self.last = pull(self.money, self.project, fn, *args, payee=payee)
        return got, self.last

    def _paid(self, expected: int, fn: Any, *args: Any, payee: Any) -> int:
        """Pull with `fn(*args)` and check that `payee` received exactly `expected`."""
        got, _ = self._pull(fn, *args, payee=payee)
        assert got == expected, (fn.abi["name"], args, name(payee))
        return got

    def paying(self, who: Any, amount: int) -> int:
        """Make `who` ready to pay `amount`; returns the ETH value to send with it."""
        fund(self.money, who, self.project)
        return amount if self.money.is_eth else 0

    def offer(self, maker: Any, dimension: int, quote: int) -> int:
        tx = self.send(maker, self.project.offerOption, dimension, quote, NO_CONTENT)
        option = event_id(tx, "OptionOffered", "optionId")
        while len(self.options) <= dimension:
            self.options.append([])
        self.options[dimension].append(option)
        self.quotes[option] = quote
        self.makers[option] = maker
        return option

    def back(self, parts: Sequence[int], stakes: Sequence[tuple[Any, int]]) -> int:
        """Create the combination of option ids `parts` with the given (backer, amount) stakes."""
        combo = self.project.combinationId(list(parts))
        for backer, amount in stakes:
            value = self.paying(backer, amount)
            if combo:
                self.send(backer, self.project.invest, combo, amount, value=value)
            else:
                tx = self.send(backer, self.project.investInNew, list(parts), amount, value=value)
                combo = event_id(tx, "CombinationCreated", "combo")
            book = self.stakes.setdefault(combo, {})
            book[name(backer)] = book.get(name(backer), 0) + amount
        self.parts[combo] = list(parts)
        return combo

    def maker(self, combo: int, dimension: int) -> Any:
        return self.makers[self.parts[combo][dimension]]

    def select(self, selected: Sequence[int], batch: int = 250) -> None:
        """Finalize (the test says which combinations it expects selected) and tell the model."""
        finalize(self.project, self.creator, batch)
        for combo, stakes in self.stakes.items():
            quotes = [self.quotes[o] for o in self.parts[combo]]
            self.rules.add_combo(combo, quotes, stakes, combo in selected)

    def go(self, phase: Phase) -> None:
        advance_to(self.project, phase)
        self.rules.enter(Phase(int(phase)))

    def to_presale(self, models: Sequence[int]) -> None:
        """Select exactly `models`, deliver and pass each, and open the presale."""
        self.select(models)
        self.go(Phase.Development)
        for combo in models:
            self.deliver(combo)
        self.go(Phase.Testing)
        for combo in models:
            self.pass_all(combo)
        self.go(Phase.Presale)

    def check_statuses(self) -> None:
        for combo in self.rules.combos:
            assert self.project.status(combo) == self.rules.status(combo), combo

    # ------------------------------------------------------------ actions kept in the model

    def deliver(self, combo: int, dimensions: Sequence[int] | None = None) -> None:
        dims = range(self.rules.dimensions) if dimensions is None else dimensions
        for d in dims:
            self.send(self.maker(combo, d), self.project.deliver, combo, d, ZERO_HASH)
            self.rules.deliver(combo, d)

    def verdict(self, combo: int, condition: int, inspector: Any, passed: bool) -> Any:
        assert self.rules.verdict(combo, condition, name(inspector), passed)
        return self.project.recordVerdict(combo, condition, passed, ZERO_HASH, {"from": inspector})

    def pass_all(self, combo: int, inspectors: Sequence[Any] | None = None) -> None:
        chosen = list(self.inspectors[: self.rules.quorum] if inspectors is None else inspectors)
        for condition in range(self.rules.conditions):
            for inspector in chosen:
                self.verdict(combo, condition, inspector, True)

    def terms(self, combo: int, price: int, min_orders: int) -> None:
        self.project.setModelTerms(combo, price, min_orders, {"from": self.creator})
        self.rules.set_terms(combo, price, min_orders)

    def addon(self, merchant: Any, combo: int, price: int) -> int:
        tx = self.send(merchant, self.project.offerAddon, combo, price, NO_CONTENT)
        addon_id = event_id(tx, "AddonOffered", "addonId")
        self.rules.offer_addon(addon_id, name(merchant), combo, price)
        return addon_id

    def order(self, buyer: Any, combo: int, addons: Sequence[int] = ()) -> int:
        index, total = self.rules.order(combo, name(buyer), list(addons))
        value = self.paying(buyer, total)
        tx = self.send(buyer, self.project.order, combo, list(addons), value=value)
        assert event_id(tx, "Ordered", "orderIndex") == index
        assert tx.events["Ordered"]["paid"] == total
        return index

    def invest_late(self, investor: Any, combo: int, amount: int) -> None:
        value = self.paying(investor, amount)
        self.send(investor, self.project.invest, combo, amount, value=value)
        self.rules.invest_late(combo, name(investor), amount)

    def bond(self, provider: Any, combo: int, amount: int, warranty: int) -> int:
        value = self.paying(provider, amount)
        tx = self.send(
            provider, self.project.commitBond, combo, amount, warranty, NO_CONTENT, value=value
        )
        bond_id = event_id(tx, "BondCommitted", "bondId")
        self.rules.commit_bond(bond_id, name(provider), combo, amount)
        return bond_id

    def close(self, combo: int, sender: Any) -> None:
        self.project.closeModel(combo, {"from": sender})
        self.rules.close(combo)

    def award(
        self, bond_id: int, index: int, amount: int, evidence: bytes, inspectors: Sequence[Any]
    ) -> None:
        """`inspectors` approve the same award; the last one must complete the quorum."""
        assert len(inspectors) == self.rules.quorum
        for i, inspector in enumerate(inspectors):
            tx = self.project.approveAward(bond_id, index, amount, evidence, {"from": inspector})
            assert ("AwardGranted" in tx.events) == (i == len(inspectors) - 1)
        self.rules.grant_award(bond_id, index, amount)

    # ------------------------------------------------------------ claims checked against the model

    def claim_maker(self, combo: int, dimension: int) -> int:
        maker = self.maker(combo, dimension)
        owed = self.rules.maker_owed(combo, dimension)
        assert tuple(self.project.makerOwed(combo, dimension)) == owed, (combo, dimension)
        escrow, revenue = self.rules.claim_maker(combo, dimension)
        got, tx = self._pull(self.project.claimMaker, combo, dimension, payee=maker)
        paid = tx.events["MakerPaid"]
        assert (paid["escrow"], paid["revenue"]) == (escrow, revenue), (combo, dimension)
        assert got == escrow + revenue
        return got

    def refund(self, combo: int, backer: Any) -> int:
        expected = self.rules.refund(combo, name(backer))
        assert self.project.refundableOf(combo, backer) == expected
        return self._paid(expected, self.project.refund, combo, payee=backer)

    def refund_order(self, combo: int, index: int) -> int:
        order = self.rules.combos[combo].orders[index]
        expected = self.rules.refund_order(combo, index)
        return self._paid(expected, self.project.refundOrder, combo, index, payee=order.buyer)

    def claim_addon(self, addon_id: int) -> int:
        merchant = self.rules.addons[addon_id].merchant
        expected = self.rules.claim_addon(addon_id)
        return self._paid(expected, self.project.claimAddonRevenue, addon_id, payee=merchant)

    def claim_revenue(self, combo: int, holder: Any) -> int:
        expected = self.rules.claim_revenue(combo, name(holder))
        return self._paid(expected, self.project.claimRevenue, combo, payee=holder)

    def withdraw_bond(self, bond_id: int) -> int:
        provider = self.rules.bonds[bond_id].provider
        expected = self.rules.withdraw_bond(bond_id)
        return self._paid(expected, self.project.withdrawBond, bond_id, payee=provider)

    def claim_award(self, combo: int, index: int) -> int:
        buyer = self.rules.combos[combo].orders[index].buyer
        expected = self.rules.claim_award(combo, index)
        return self._paid(expected, self.project.claimAward, combo, index, payee=buyer)

    def claim_roles(self, treasury: Any) -> tuple[int, int]:
        creator_expected = self.rules.claim_creator()
        platform_expected = self.rules.claim_platform()
        got_c, _ = self._pull(self.project.claimCreator, payee=self.creator)
        got_p, _ = self._pull(self.project.claimPlatform, payee=treasury)
        assert (got_c, got_p) == (creator_expected, platform_expected)
        return got_c, got_p


def offer_grid(h: Harness, makers: Sequence[Any], per_dim: int = 2) -> list[list[int]]:
    """Maker d offers `per_dim` options in dimension d, with uneven quotes (about d+1 thirds of
    a unit each, plus odd wei)."""
    return [
        [h.offer(makers[d], d, (d + 1) * E // 3 + 1000 * i + 7 * d + 1) for i in range(per_dim)]
        for d in range(len(makers))
    ]


def spec_for_production(spec: Any, slots: int = 3) -> Any:
    """The project parameters these tests share: an advance that does not divide evenly, a small
    minimum stake, three dimensions and conditions, two of three inspectors."""
    spec.slots = slots
    spec.advance_bps = 1777
    spec.min_stake = E // 1000
    spec.min_total = E
    return spec


def opener(factory: Any, creator: Any):
    """An `open_(spec, money)` for module-scoped fixtures (the shared `open_` is per test)."""

    def _open(spec: Any, money: Any) -> Any:
        spec.token = money.address
        return open_project(factory, creator, spec).project

    return _open


def fresh(world: SimpleNamespace) -> SimpleNamespace:
    """A module-scoped world with its own copy of the rules model: fn_isolation resets the chain
    between tests, this resets the model."""
    h = dataclasses.replace(world.h, rules=copy.deepcopy(world.h.rules))
    return SimpleNamespace(**{**vars(world), "h": h, "project": h.project})
