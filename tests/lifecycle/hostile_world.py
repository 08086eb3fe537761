# SPDX-License-Identifier: MIT
"""A project in which ONE `HostileActor` plays every role that receives money, next to ordinary
accounts (EOAs) in the same roles, with every withdrawal open at the same time; the Python money
model of it (cobuild/model/project.py) predicts every amount.

The hostile actor opens the project through the factory (creator), is made the platform treasury
(`acceptTreasury`), offers an option (maker), backs four combinations (backer, investor, and a
maker investing in its own combination A), sells an add-on (merchant), orders two models (buyer)
and posts a bond (provider).
The world ends after the warranty, so each of these withdrawals is owed to it at once:

| role                  | withdrawal                      | why it is owed                         |
|-----------------------|---------------------------------|----------------------------------------|
| refund-not-selected   | refund(D)                       | D was outranked and underfunded        |
| refund-dropped        | refund(C)                       | C was selected but never delivered     |
| refund-presale-failed | refund(B)                       | B missed its minimum orders            |
| claim-revenue         | claimRevenue(A)                 | A succeeded; base revenue + a deposit  |
| claim-maker           | claimMaker(A, 0)                | its option is part 0 of A              |
| claim-addon-revenue   | claimAddonRevenue(X)            | its add-on X of A was sold twice       |
| refund-order          | refundOrder(B, i)               | its order of the failed model B        |
| claim-award           | claimAward(A, 0)                | inspectors granted its order an award  |
| withdraw-bond         | withdrawBond(b)                 | its bond on A, past the warranty       |
| claim-creator         | claimCreator()                  | the creator's part of A's revenue      |
| claim-platform        | claimPlatform()                 | the platform's part of A's revenue     |

Each role also has EOA peers (the same withdrawal by ordinary accounts); the creator and the
treasury are one account each, so their peers are the other payees of the same revenue.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import brownie
import pytest
from brownie import chain, web3
from brownie.exceptions import VirtualMachineError
from hostile_actor import Hostile, revert_text

from cobuild.chain.lifecycle import advance_to, sleep_until
from cobuild.chain.money import Money
from cobuild.chain.platform import ProjectSpec, project_at
from cobuild.chain.ranking import ranking
from cobuild.model.project import Config, ProjectModel, Rejected
from cobuild.protocol import DAY, NO_CONTENT, ZERO_HASH, Phase

E = 10**18
WARRANTY = 2 * DAY
BURNT = "<no revert data: gas burnt>"


def _addon_owed(addon: tuple) -> int:
    _combo, _merchant, price, sold, claimed = addon
    return 0 if claimed else sold * price


# project function -> the view of what it would pay; and -> the model's action
OWED: dict[str, Callable[..., int]] = {
    "refund": lambda p, who, combo: p.refundableOf(combo, who),
    "claimRevenue": lambda p, who, combo: p.revenueOf(combo, who),
    "claimMaker": lambda p, who, combo, dimension: sum(p.makerOwed(combo, dimension)),
    "claimAddonRevenue": lambda p, who, addon: _addon_owed(p.addon(addon)),
    "refundOrder": lambda p, who, combo, index: p.orderOf(combo, index)[1],
    "claimAward": lambda p, who, combo, index: p.orderOf(combo, index)[2],
    "withdrawBond": lambda p, who, bond: p.bond(bond)[2],
    "claimCreator": lambda p, who: p.roleOwed()[0],
    "claimPlatform": lambda p, who: p.roleOwed()[1],
}
MODEL: dict[str, Callable[..., int]] = {
    "refund": lambda m, now, who, combo: m.refund(now, who, combo),
    "claimRevenue": lambda m, now, who, combo: m.claim_revenue(now, who, combo),
    "claimMaker": lambda m, now, who, combo, d: m.claim_maker(now, who, combo, d),
    "claimAddonRevenue": lambda m, now, who, addon: m.claim_addon_revenue(now, who, addon),
    "refundOrder": lambda m, now, who, combo, index: m.refund_order(now, who, combo, index),
    "claimAward": lambda m, now, who, combo, index: m.claim_award(now, who, combo, index),
    "withdrawBond": lambda m, now, who, bond: m.withdraw_bond(now, who, bond),
    "claimCreator": lambda m, now, who: m.claim_creator(now, who),
    "claimPlatform": lambda m, now, who: m.claim_platform(now, who),
}


@dataclass(frozen=True)
class Withdrawal:
    """One withdrawal: a project function, its arguments and the account that calls it."""

    fn: str
    args: tuple
    payee: Any  # an EOA or a Hostile

    @property
    def who(self) -> str:
        return str(self.payee.address)

    def data(self, project: Any) -> str:
        return getattr(project, self.fn).encode_input(*self.args)

    def owed(self, project: Any) -> int:
        """What the project's view says this withdrawal pays now."""
        return OWED[self.fn](project, self.who, *self.args)

    def __str__(self) -> str:
        return f"{self.fn}{self.args} by {self.who[:10]}"


@dataclass
class World:
    """The built world; `fresh()` gives each test its own copy of the model."""

    project: Any
    money: Money
    hostile: Hostile
    factory: Any
    shares: Any
    model: ProjectModel
    combos: dict[str, int]
    roles: dict[str, Withdrawal]
    peers: dict[str, list[Withdrawal]]
    ids: dict[str, int] = field(default_factory=dict)

    def fresh(self) -> World:
        return replace(self, model=copy.deepcopy(self.model))

    # ------------------------------------------------------------ model

    def now(self) -> int:
        return web3.eth.get_block("latest")["timestamp"]

    def predict(self, w: Withdrawal) -> int | Rejected:
        """What the model says `w` pays now (or the error it is rejected with)."""
        try:
            return MODEL[w.fn](copy.deepcopy(self.model), self.now(), w.who, *w.args)
        except Rejected as rejected:
            return rejected

    def book(self, w: Withdrawal) -> int:
        """Apply `w` to the model (it happened on chain)."""
        return MODEL[w.fn](self.model, self.now(), w.who, *w.args)

    # ------------------------------------------------------------ chain

    def balance(self, who: Any) -> int:
        return self.money.balance(who)

    def send(self, w: Withdrawal) -> Any:
        """Make the withdrawal on chain (the hostile actor through `execute`)."""
        if isinstance(w.payee, Hostile):
            return w.payee.call(self.project, w.data(self.project))
        return getattr(self.project, w.fn)(*w.args, {"from": w.payee})

    def paid_in(self, tx: Any, who: Any) -> int:
        """ETH an EOA spent on gas in `tx` (0 for contracts and tokens)."""
        if self.money.is_eth and str(tx.sender) == str(who.address):
            return tx.gas_used * tx.gas_price
        return 0

    def withdraw_exactly(self, w: Withdrawal) -> int:
        """`w` succeeds and pays its payee exactly what the view and the model said, once: the
        project's balance falls by the same amount and nothing more is owed."""
        owed = w.owed(self.project)
        assert owed > 0, f"{w}: nothing owed"
        assert self.predict(w) == owed, f"{w}: view {owed}, model {self.predict(w)}"
        payee, held = self.balance(w.payee), self.balance(self.project)
        tx = self.send(w)
        assert self.book(w) == owed
        assert self.balance(w.payee) + self.paid_in(tx, w.payee) == payee + owed, str(w)
        assert self.balance(self.project) == held - owed, str(w)
        assert w.owed(self.project) == 0, str(w)
        return owed

    def refused_twice(self, w: Withdrawal) -> None:
        """A second attempt at `w` is refused with the model's NothingToClaim."""
        rejected = self.predict(w)
        assert isinstance(rejected, Rejected) and rejected.error == "NothingToClaim", str(w)
        held = self.balance(self.project)
        with brownie.reverts(revert_text(rejected.error, *rejected.args_)):
            self.send(w)
        assert self.balance(self.project) == held

    def fails_without_effect(self, w: Withdrawal, message: str) -> int:
        """`w` reverts with `message` (BURNT: without data, after using nearly all its gas) and
        nothing moves: the payee is owed the same."""
        owed = w.owed(self.project)
        assert owed > 0 and self.predict(w) == owed, str(w)
        payee, held = self.balance(w.payee), self.balance(self.project)
        if message == BURNT:
            with pytest.raises(VirtualMachineError) as failed:
                self.send(w)
            assert failed.value.revert_msg is None, str(w)
            tx = chain.get_transaction(failed.value.txid)
            assert tx.gas_used > tx.gas_limit * 9 // 10, f"{w}: {tx.gas_used} gas used"
        else:
            with brownie.reverts(message):
                self.send(w)
        assert w.owed(self.project) == owed, str(w)
        assert self.balance(self.project) == held, str(w)
        if isinstance(w.payee, Hostile):
            assert self.balance(w.payee) == payee, str(w)
        return owed

    def peers_paid(self, role: str) -> None:
        """Every EOA peer of `role` withdraws exactly what it is owed."""
        for peer in self.peers[role]:
            self.withdraw_exactly(peer)

    def everything_owed(self) -> int:
        """The sum of every withdrawal's view (the hostile actor's and its peers')."""
        listed = {w for w in self.roles.values()} | {p for ps in self.peers.values() for p in ps}
        return sum(w.owed(self.project) for w in listed)


def config_of(project: Any) -> Config:
    return Config.from_view(project.config())


class _Builder:
    """Every action on chain and in the model, side by side (the model's time is the block's)."""

    def __init__(self, project: Any, money: Money, model: ProjectModel) -> None:
        self.project, self.money, self.model = project, money, model

    def act(self, who: Any, fn: str, args: tuple, model_action: Callable, pay: int = 0) -> Any:
        """`who` calls `fn(*args)` paying `pay`; the model does `model_action(model, now, who)`
        and its result (a new id, or what was paid out) is returned after checking the chain."""
        p = self.project
        if isinstance(who, Hostile):
            data = getattr(p, fn).encode_input(*args)
            tx = who.pay(p, data, pay) if pay else who.call(p, data)
        else:
            params = self.money.pay(who, p, pay) if pay else {"from": who}
            tx = getattr(p, fn)(*args, params)
        return tx, model_action(self.model, tx.timestamp, str(who.address))

    def invest(self, who: Any, combo: int, amount: int) -> None:
        """`who` puts `amount` into the existing `combo`."""

        def in_the_model(model: ProjectModel, now: int, w: str) -> Any:
            return model.invest(now, w, combo, amount)

        self.act(who, "invest", (combo, amount), in_the_model, pay=amount)

    def refused(self, who: Any, combo: int, amount: int) -> None:
        """`who`'s stake of `amount` in `combo` is refused: the chain reverts with the error the
        model names, and neither books anything."""
        probe = copy.deepcopy(self.model)
        now = web3.eth.get_block("latest")["timestamp"]
        with pytest.raises(Rejected) as rejected:
            probe.invest(now, str(who.address), combo, amount)
        with brownie.reverts(revert_text(rejected.value.error, *rejected.value.args_)):
            self.act(who, "invest", (combo, amount), lambda m, now, w: None, pay=amount)


def build_world(
    platform: Any,
    money: Money,
    operator: Any,
    treasury: Any,
    makers: list,
    inspectors: list,
    backers: list,
    merchant: Any,
    provider: Any,
    buyers: list,
    depositor: Any,
) -> World:
    """Build the world described in the module docstring (see the table)."""
    factory, shares = platform.factory, platform.shares
    hostile = Hostile.deploy(operator, money)

    # the hostile actor becomes the platform treasury, then opens the project
    factory.proposeTreasury(hostile.address, {"from": treasury})
    hostile.call(factory, factory.acceptTreasury.encode_input())
    assert factory.treasury() == hostile.address
    spec = ProjectSpec(
        inspectors=list(inspectors),
        token=money.address,
        dimensions=("body", "engine"),
        conditions=("road",),
        ideation=DAY,
        rescue_window=DAY,
        development_period=2 * DAY,
        testing_period=DAY,
        presale_period=2 * DAY,
        slots=3,
        min_total=E,
        min_stake=E // 10,
    )
    tx = hostile.call(factory, factory.createProject.encode_input(spec.params(), spec.labels()))
    project = project_at(tx.events["ProjectCreated"]["project"])
    model = ProjectModel(config_of(project), hostile.address)
    assert model.cfg.creator == hostile.address
    b = _Builder(project, money, model)
    m0, m1 = makers[0], makers[1]
    b0, b1, b2 = backers[0], backers[1], backers[2]
    u0, u1 = buyers[0], buyers[1]

    # ideation: options (the hostile actor offers o1), four combinations
    def offer(who, dimension, quote):
        return b.act(
            who,
            "offerOption",
            (dimension, quote, NO_CONTENT),
            lambda m, now, w: m.offer_option(now, w, dimension, quote),
        )[1]

    o1, o2 = offer(hostile, 0, 2 * E + 1), offer(m0, 0, 3 * E)
    o3, o4 = offer(m1, 1, E + 3), offer(m1, 1, 2 * E)

    def back(who, options, amount):
        combo = project.combinationId(options)
        if combo:
            b.invest(who, combo, amount)
            return combo
        tx, combo = b.act(
            who,
            "investInNew",
            (options, amount),
            lambda m, now, w: m.invest_new(now, w, tuple(options), amount),
            pay=amount,
        )
        assert tx.events["CombinationCreated"]["combo"] == combo
        return combo

    fundings = {  # name: (options, [(backer, amount)]); A, B, C are funded, D is not
        "A": ([o1, o3], [(hostile, 2 * E + 5), (b0, E + 7), (b1, E // 3), (b2, E // 2)]),
        "B": ([o2, o3], [(b0, 2 * E + 1), (hostile, E + 11), (b1, 3 * E // 2), (b2, E // 4)]),
        "C": ([o2, o4], [(b1, E + 9), (hostile, 2 * E + 3), (b0, 2 * E)]),
        "D": ([o1, o4], [(b0, E // 2), (hostile, E), (b1, E // 4)]),
    }
    combos = {}
    for name, (options, stakes) in fundings.items():
        for who, amount in stakes:
            combos[name] = back(who, options, amount)
    A, B, C, D = (combos[n] for n in "ABCD")

    # selection: A, B, C take the three slots; D is not selected
    advance_to(project, Phase.Finalizing)
    order = ranking(project)
    tx = project.finalize(0, order, {"from": depositor})
    model.finalize(tx.timestamp, depositor.address, 0, order)
    advance_to(project, Phase.Development)

    # R&D: A and B are delivered (the hostile actor delivers its part of A); C is not (dropped)
    for combo, parts in ((A, (hostile, m1)), (B, (m0, m1))):
        for dimension, who in enumerate(parts):
            b.act(
                who,
                "deliver",
                (combo, dimension, ZERO_HASH),
                lambda m, now, w, c=combo, d=dimension: m.deliver(now, w, c, d),
            )
    advance_to(project, Phase.Testing)
    for combo in (A, B):
        for inspector in inspectors[:2]:
            b.act(
                inspector,
                "recordVerdict",
                (combo, 0, True, ZERO_HASH),
                lambda m, now, w, c=combo: m.record_verdict(now, w, c, 0, True),
            )

    # presale: the creator (the hostile actor) sets terms; A will succeed, B will not
    advance_to(project, Phase.Presale)
    prices = {A: 5 * E + 13, B: 2 * E + 1}
    for combo, minimum in ((A, 2), (B, 10)):
        b.act(
            hostile,
            "setModelTerms",
            (combo, prices[combo], minimum),
            lambda m, now, w, c=combo, n=minimum: m.set_terms(now, w, c, prices[c], n),
        )
    addons = {}
    for name, who, price in (("X", hostile, E // 7), ("Y", merchant, E // 9)):
        tx, addons[name] = b.act(
            who,
            "offerAddon",
            (A, price, NO_CONTENT),
            lambda m, now, w, p=price: m.offer_addon(now, w, A, p),
        )
        assert tx.events["AddonOffered"]["addonId"] == addons[name]
    X, Y = addons["X"], addons["Y"]
    price_of = {X: E // 7, Y: E // 9}

    # no stake is taken in presale, not even from a maker of the model (the hostile actor)
    for who, combo in ((hostile, A), (b2, B)):
        b.refused(who, combo, E // 5)
    orders = {}
    for combo, who, ids in (
        (A, hostile, [X, Y]),
        (A, u0, [X]),
        (A, u1, [Y]),
        (B, hostile, []),
        (B, u0, []),
        (B, u1, []),
    ):
        total = prices[combo] + sum(price_of[i] for i in ids)
        tx, index = b.act(
            who,
            "order",
            (combo, ids),
            lambda m, now, w, c=combo, i=tuple(ids): m.order(now, w, c, i),
            pay=total,
        )
        assert tx.events["Ordered"]["orderIndex"] == index
        orders[(combo, str(who.address))] = index
    bonds = {}
    for name, who, combo, amount in (
        ("hostile", hostile, A, E),
        ("provider-A", provider, A, E + 1),
        ("provider-B", provider, B, E // 3),
    ):
        tx, bonds[name] = b.act(
            who,
            "commitBond",
            (combo, amount, WARRANTY, NO_CONTENT),
            lambda m, now, w, c=combo, a=amount: m.commit_bond(now, w, c, a, WARRANTY),
            pay=amount,
        )
        assert tx.events["BondCommitted"]["bondId"] == bonds[name]

    # after presale: awards (to the hostile actor's order from the provider's bond, and to u0's
    # order from the hostile actor's bond), a revenue deposit, then the warranty runs out
    advance_to(project, Phase.Closed)
    awards = (
        (bonds["provider-A"], orders[(A, hostile.address)], E // 10 + 1),
        (bonds["hostile"], orders[(A, u0.address)], E // 8),
    )
    for bond_id, index, amount in awards:
        for inspector in inspectors[:2]:
            b.act(
                inspector,
                "approveAward",
                (bond_id, index, amount, ZERO_HASH),
                lambda m, now, w, i=bond_id, o=index, a=amount: m.approve_award(
                    now, w, i, o, a, ZERO_HASH
                ),
            )
    deposit = E // 2 + 3
    b.act(
        depositor,
        "depositRevenue",
        (A, deposit),
        lambda m, now, w: m.deposit_revenue(now, w, A, deposit),
        pay=deposit,
    )
    sleep_until(model.bonds[bonds["hostile"]].warranty_end + 1)

    me = hostile
    roles = {
        "refund-not-selected": Withdrawal("refund", (D,), me),
        "refund-dropped": Withdrawal("refund", (C,), me),
        "refund-presale-failed": Withdrawal("refund", (B,), me),
        "claim-revenue": Withdrawal("claimRevenue", (A,), me),
        "claim-maker": Withdrawal("claimMaker", (A, 0), me),
        "claim-addon-revenue": Withdrawal("claimAddonRevenue", (X,), me),
        "refund-order": Withdrawal("refundOrder", (B, orders[(B, me.address)]), me),
        "claim-award": Withdrawal("claimAward", (A, orders[(A, me.address)]), me),
        "withdraw-bond": Withdrawal("withdrawBond", (bonds["hostile"],), me),
        "claim-creator": Withdrawal("claimCreator", (), me),
        "claim-platform": Withdrawal("claimPlatform", (), me),
    }
    revenue_peers = [Withdrawal("claimRevenue", (A,), b0), Withdrawal("claimMaker", (A, 1), m1)]
    peers = {
        "refund-not-selected": [Withdrawal("refund", (D,), x) for x in (b0, b1)],
        "refund-dropped": [Withdrawal("refund", (C,), x) for x in (b0, b1)],
        "refund-presale-failed": [Withdrawal("refund", (B,), x) for x in (b0, b1, b2)],
        "claim-revenue": [Withdrawal("claimRevenue", (A,), x) for x in (b0, b1, b2)],
        "claim-maker": [
            Withdrawal("claimMaker", (A, 1), m1),
            Withdrawal("claimMaker", (B, 0), m0),
            Withdrawal("claimMaker", (B, 1), m1),
            Withdrawal("claimMaker", (C, 0), m0),
            Withdrawal("claimMaker", (C, 1), m1),
        ],
        "claim-addon-revenue": [Withdrawal("claimAddonRevenue", (Y,), merchant)],
        "refund-order": [
            Withdrawal("refundOrder", (B, orders[(B, x.address)]), x) for x in (u0, u1)
        ],
        "claim-award": [Withdrawal("claimAward", (A, orders[(A, u0.address)]), u0)],
        "withdraw-bond": [
            Withdrawal("withdrawBond", (bonds[n],), provider) for n in ("provider-A", "provider-B")
        ],
        "claim-creator": revenue_peers,
        "claim-platform": revenue_peers,
    }
    world = World(
        project,
        money,
        hostile,
        factory,
        shares,
        model,
        combos,
        roles,
        peers,
        ids={"X": X, "Y": Y, **{f"bond-{k}": v for k, v in bonds.items()}},
    )
    # the world is what the table says: every listed withdrawal is owed, by view and model alike,
    # and the escrow holds what the model says it holds
    for w in [*roles.values(), *(p for ps in peers.values() for p in ps)]:
        assert w.owed(project) > 0 and world.predict(w) == w.owed(project), str(w)
    assert money.balance(project) == model.held
    return world


# Each role's "other" claim: the withdrawal its hook tries to re-enter in Reenter(other) mode.
ROLES = [
    "refund-not-selected",
    "refund-dropped",
    "refund-presale-failed",
    "claim-revenue",
    "claim-maker",
    "claim-addon-revenue",
    "refund-order",
    "claim-award",
    "withdraw-bond",
    "claim-creator",
    "claim-platform",
]
OTHER = {role: ROLES[(i + 1) % len(ROLES)] for i, role in enumerate(ROLES)}
