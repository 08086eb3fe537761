# SPDX-License-Identifier: MIT
"""Helpers of the production tests: error messages, funding actors, measured payouts, and a small
harness that opens a project, backs combinations and keeps the money model (ProjectModel) in
step."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import brownie
from brownie import HostileActor, accounts, web3

from cobuild.chain.lifecycle import advance_to, finalize
from cobuild.model.mirror import mirror
from cobuild.model.project import Config, ProjectModel, Rejected
from cobuild.protocol import NO_CONTENT, ZERO_HASH, Phase, Status, revert_message

err = revert_message  # the revert text brownie decodes for a custom error

E = 10**18
MAX_UINT = 2**256 - 1
MAX_AMOUNT = 2**88 - 1
MAX_REVENUE = 2**96 - 1


def name(who: Any) -> str:
    """The key the money model uses for an account or contract."""
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
    """A project under test and the money model (`ProjectModel`) that says what it owes. Every
    call the harness sends is applied to the model through the one chain-to-model table."""

    project: Any
    money: Any
    creator: Any
    inspectors: Sequence[Any]
    model: ProjectModel
    options: list[list[int]] = field(default_factory=list)
    quotes: dict[int, int] = field(default_factory=dict)
    makers: dict[int, Any] = field(default_factory=dict)
    # stakes (ideation and rescue, the only stages that take them): a succeeded model's shares
    stakes: dict[int, dict[str, int]] = field(default_factory=dict)
    parts: dict[int, list[int]] = field(default_factory=dict)
    last: Any = None  # the last transaction sent through the harness
    result: Any = None  # what the model returned for it

    @classmethod
    def open(cls, open_project, spec, money, creator, inspectors) -> Harness:
        """Open `spec` paid in `money` with the `open_project` fixture, beside its model."""
        project = open_project(money, spec=spec)
        model = ProjectModel(Config.from_view(project.config()), treasury="")
        return cls(project, money, creator, inspectors, model)

    @property
    def cfg(self) -> Config:
        return self.model.cfg

    def now(self) -> int:
        return web3.eth.get_block("latest")["timestamp"]

    def record(self, tx: Any, who: Any, fn: Any, *args: Any) -> Any:
        """Apply `fn(*args)`, mined in `tx` and sent by `who`, to the model; returns its result."""
        self.last = tx
        return mirror(self.model, fn.abi["name"], tx.timestamp, name(who), args)

    def send(self, who: Any, fn: Any, *args: Any, value: int = 0) -> Any:
        tx = send(self.project, who, fn, *args, value=value)
        self.result = self.record(tx, who, fn, *args)
        return tx

    def _pull(self, fn: Any, *args: Any, payee: Any) -> tuple[int, int]:
        """`payee` calls `fn(*args)`: (what it received, what the model says it pays)."""
        got, tx = pull(self.money, self.project, fn, *args, payee=payee)
        return got, self.record(tx, payee, fn, *args)

    def _paid(self, expected: int, fn: Any, *args: Any, payee: Any) -> int:
        """Pull with `fn(*args)` and check that `payee` received exactly `expected`, which is
        what the model pays."""
        got, paid = self._pull(fn, *args, payee=payee)
        assert got == paid == expected, (fn.abi["name"], args, name(payee), got, paid, expected)
        return got

    def refused(self, who: Any, fn: Any, *args: Any, value: int = 0) -> str:
        """`who`'s call `fn(*args)` reverts with the custom error the model raises for it now;
        returns that error's text (the model is left as it was)."""
        probe = copy.deepcopy(self.model)
        try:
            mirror(probe, fn.abi["name"], self.now(), name(who), args)
        except Rejected as rejected:
            expected = err(rejected.error, *rejected.args_)
        else:
            raise AssertionError(f"the model accepts {fn.abi['name']}{tuple(args)}")
        with brownie.reverts(expected):
            send(self.project, who, fn, *args, value=value)
        return expected

    def paying(self, who: Any, amount: int) -> int:
        """Make `who` ready to pay `amount`; returns the ETH value to send with it."""
        fund(self.money, who, self.project)
        return amount if self.money.is_eth else 0

    def offer(self, maker: Any, dimension: int, quote: int) -> int:
        tx = self.send(maker, self.project.offerOption, dimension, quote, NO_CONTENT)
        option = event_id(tx, "OptionOffered", "optionId")
        assert option == self.result
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
                assert combo == self.result
            book = self.stakes.setdefault(combo, {})
            book[name(backer)] = book.get(name(backer), 0) + amount
        self.parts[combo] = list(parts)
        return combo

    def maker(self, combo: int, dimension: int) -> Any:
        return self.makers[self.parts[combo][dimension]]

    def select(self, selected: Sequence[int], batch: int = 250) -> None:
        """Finalize and check that the model selects exactly the combinations the test expects."""
        txs = finalize(self.project, self.creator, batch)
        ranking = self.model.ranking()
        self.record(txs[-1], self.creator, self.project.finalize, 0, ranking)
        chosen = {c for c, combo in self.model.combos.items() if combo.selected}
        assert chosen == set(selected), (chosen, selected)
        self.check_statuses()

    def go(self, phase: Phase) -> None:
        advance_to(self.project, phase)
        assert self.model.phase(self.now()) == phase

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

    def status(self, combo: int) -> Status:
        return self.model.status(combo, self.now())

    def check_statuses(self) -> None:
        now = self.now()
        for combo in self.model.combos:
            assert self.project.status(combo) == self.model.status(combo, now), combo

    # ------------------------------------------------------------ actions kept in the model

    def deliver(self, combo: int, dimensions: Sequence[int] | None = None) -> None:
        dims = range(self.cfg.dimensions) if dimensions is None else dimensions
        for d in dims:
            self.send(self.maker(combo, d), self.project.deliver, combo, d, ZERO_HASH)

    def verdict(self, combo: int, condition: int, inspector: Any, passed: bool) -> Any:
        return self.send(inspector, self.project.recordVerdict, combo, condition, passed, ZERO_HASH)

    def pass_all(self, combo: int, inspectors: Sequence[Any] | None = None) -> None:
        chosen = list(self.inspectors[: self.cfg.quorum] if inspectors is None else inspectors)
        for condition in range(self.cfg.conditions):
            for inspector in chosen:
                self.verdict(combo, condition, inspector, True)

    def terms(self, combo: int, price: int, min_orders: int) -> None:
        self.send(self.creator, self.project.setModelTerms, combo, price, min_orders)

    def addon(self, merchant: Any, combo: int, price: int) -> int:
        tx = self.send(merchant, self.project.offerAddon, combo, price, NO_CONTENT)
        addon_id = event_id(tx, "AddonOffered", "addonId")
        assert addon_id == self.result
        return addon_id

    def price(self, combo: int, addons: Sequence[int] = ()) -> int:
        """What an order of `combo` with `addons` costs, by the model's terms and add-ons."""
        return self.model.combos[combo].price + sum(self.model.addons[a].price for a in addons)

    def order(self, buyer: Any, combo: int, addons: Sequence[int] = ()) -> int:
        total = self.price(combo, addons)
        value = self.paying(buyer, total)
        tx = self.send(buyer, self.project.order, combo, list(addons), value=value)
        index = self.result
        assert event_id(tx, "Ordered", "orderIndex") == index
        assert tx.events["Ordered"]["paid"] == total == self.model.orders[(combo, index)].paid
        return index

    def bond(self, provider: Any, combo: int, amount: int, warranty: int) -> int:
        value = self.paying(provider, amount)
        tx = self.send(
            provider, self.project.commitBond, combo, amount, warranty, NO_CONTENT, value=value
        )
        bond_id = event_id(tx, "BondCommitted", "bondId")
        assert bond_id == self.result
        return bond_id

    def close(self, combo: int, sender: Any) -> None:
        self.send(sender, self.project.closeModel, combo)

    def award(
        self, bond_id: int, index: int, amount: int, evidence: bytes, inspectors: Sequence[Any]
    ) -> None:
        """`inspectors` approve the same award; the last one must complete the quorum."""
        assert len(inspectors) == self.cfg.quorum
        for i, inspector in enumerate(inspectors):
            tx = self.send(inspector, self.project.approveAward, bond_id, index, amount, evidence)
            granted = i == len(inspectors) - 1
            assert ("AwardGranted" in tx.events) == granted == self.result

    # ------------------------------------------------------------ claims checked against the model

    def maker_owed(self, combo: int, dimension: int) -> tuple[int, int]:
        return self.model.maker_owed(self.now(), combo, dimension)

    def claim_maker(self, combo: int, dimension: int) -> int:
        maker = self.maker(combo, dimension)
        owed = self.maker_owed(combo, dimension)
        assert tuple(self.project.makerOwed(combo, dimension)) == owed, (combo, dimension)
        claim = self.project.claimMaker
        got, tx = pull(self.money, self.project, claim, combo, dimension, payee=maker)
        # the model's split at the claim's own block time, then the claim itself
        escrow, revenue = self.model.maker_owed(tx.timestamp, combo, dimension)
        paid = self.record(tx, maker, claim, combo, dimension)
        event = tx.events["MakerPaid"]
        assert (event["escrow"], event["revenue"]) == (escrow, revenue), (combo, dimension)
        assert got == escrow + revenue == paid
        return got

    def refund(self, combo: int, backer: Any) -> int:
        expected = self.model.refundable_of(self.now(), combo, name(backer))
        assert self.project.refundableOf(combo, backer) == expected
        return self._paid(expected, self.project.refund, combo, payee=backer)

    def refund_order(self, combo: int, index: int) -> int:
        order = self.model.orders[(combo, index)]
        return self._paid(order.paid, self.project.refundOrder, combo, index, payee=order.buyer)

    def claim_addon(self, addon_id: int) -> int:
        a = self.model.addons[addon_id]
        expected = a.sold * a.price
        return self._paid(expected, self.project.claimAddonRevenue, addon_id, payee=a.merchant)

    def revenue_owed(self, combo: int, holder: Any) -> int:
        return self.model.revenue_of(self.now(), combo, name(holder))

    def claim_revenue(self, combo: int, holder: Any) -> int:
        expected = self.revenue_owed(combo, holder)
        return self._paid(expected, self.project.claimRevenue, combo, payee=holder)

    def withdraw_bond(self, bond_id: int) -> int:
        b = self.model.bonds[bond_id]
        return self._paid(b.amount, self.project.withdrawBond, bond_id, payee=b.provider)

    def claim_award(self, combo: int, index: int) -> int:
        o = self.model.orders[(combo, index)]
        return self._paid(o.award_owed, self.project.claimAward, combo, index, payee=o.buyer)

    def claim_creator(self) -> int:
        expected = self.model.creator_owed
        return self._paid(expected, self.project.claimCreator, payee=self.creator)

    def claim_platform(self, treasury: Any) -> int:
        self.model.treasury = name(treasury)  # the factory's current treasury
        expected = self.model.platform_owed
        return self._paid(expected, self.project.claimPlatform, payee=treasury)

    def claim_roles(self, treasury: Any) -> tuple[int, int]:
        return self.claim_creator(), self.claim_platform(treasury)


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


def fresh(world: SimpleNamespace) -> SimpleNamespace:
    """A module-scoped world with its own copy of the money model and books: fn_isolation resets
    the chain between tests, this resets the model."""
    h = dataclasses.replace(
        world.h,
        model=copy.deepcopy(world.h.model),
        stakes=copy.deepcopy(world.h.stakes),
    )
    return SimpleNamespace(**{**vars(world), "h": h, "project": h.project})
