# SPDX-License-Identifier: MIT
"""Random use of one project, on chain and in the Python model side by side.

Hypothesis picks actors and actions across the whole lifecycle — options, investments, arguments,
finalization (honest batches, wrong ones, and a griefer's skipping, stale or duplicate batches
interleaved with them), rescue, refunds, deliveries, verdicts, terms, add-ons, orders, bonds and
awards, closing, revenue, share transfers and every claim — including actions that must revert.
Adversaries of issue 30 act among them: makers (the creator among them) that invest in their own
combinations in every phase (a stake in presale, the riskless late stake of the review, must be
refused), and a dust griefer that offers 1-wei options, funds junk combinations with a few wei
and tops them up in the rescue window to take the rescue slots. After every step:

- the action's outcome on chain equals the model's: same custom error, or success;
- the project's balance equals the model's `held` (conservation: in = out + held);
- every actor's balance equals what the model says it paid in and got back (to the wei);
- `held >= liabilities` (solvency: everything still owed is covered);
- repeated claims are rejected by the model and the chain alike (exactly once);
- a complete ranking always completes finalization, whatever the griefer sent before it;
- no maker is owed or paid more escrow than its quote, whoever invested (the chain's views,
  after each maker's claim and at the end);
- only combinations next in line (the first `maxRescues` the ranking left out) are rescuable or
  rescued, and never more than `maxRescues`.

Profiles (tests/lifecycle/conftest.py): `ci` inside `make test`, `deep` in `make security`.
"""

import copy
from collections import Counter
from typing import ClassVar

import rlp
from brownie import web3
from brownie.exceptions import VirtualMachineError
from eth_utils import keccak, to_checksum_address
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cobuild.chain.lifecycle import sleep_until
from cobuild.chain.money import Money
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.chain.snapshot import Snapshot
from cobuild.model.mirror import mirror
from cobuild.model.project import FINALIZATION_WINDOW, Config, ProjectModel, Rejected
from cobuild.protocol import DAY, NO_CONTENT, ZERO_HASH, Phase, Status

E = 10**18
AMOUNTS = st.sampled_from([1, E // 10 - 1, E // 10, 3 * E // 10, E + 7, 2 * E])
PRICES = st.sampled_from([E // 2, E + 3, 15 * E + 1])
COVERING_PRICE = 15 * E + 1  # a price whose investors' part exceeds any surplus here
WARRANTY = 5 * DAY
INSIDE = 600  # seconds into a phase: every step stays far from a phase boundary


def _error_name(exc: VirtualMachineError) -> str:
    return (exc.revert_msg or "").split(":")[0]


class MoneyMachine(RuleBasedStateMachine):
    """One project per example; parameters small enough that every branch is reachable."""

    env: ClassVar[dict] = {}

    def __init__(self) -> None:
        super().__init__()
        self.env["examples"]["run"] += 1
        self.env["snapshot"].revert()
        env = self.env
        self.money: Money = env["money"]
        self.makers, self.backers = env["makers"], env["backers"]
        self.inspectors, self.buyers = env["inspectors"], env["buyers"]
        self.creator, self.treasury = env["creator"], env["treasury"]
        self.merchant, self.provider = env["merchant"], env["provider"]
        self.griefer = env["griefer"]
        spec = ProjectSpec(
            inspectors=self.inspectors,
            token=self.money.address,
            dimensions=("body", "engine"),
            conditions=("road", "weather"),
            slots=2,
            min_total=E,
            min_stake=E // 10,
            quorum=2,
            max_rescues=1,  # one combination next in line: the dust griefer competes for it
            advance_bps=2500,
            rescue_window=2 * DAY,
            development_period=5 * DAY,
            testing_period=5 * DAY,
            presale_period=5 * DAY,
        )
        self.project = open_on_factory(env["factory"], self.creator, spec).project
        assert self.project.address == env.get("expected_project", self.project.address)
        self.model = ProjectModel(Config.from_view(self.project.config()), self.treasury.address)
        self.shares = env["shares"]
        everyone = [
            *self.makers,
            *self.backers,
            *self.inspectors,
            *self.buyers,
            self.creator,
            self.treasury,
            self.merchant,
            self.provider,
            self.griefer,
        ]
        self.start = {a.address: self.money.balance(a) for a in everyone}
        self.steps = 0
        self.deepest = Phase.Ideation
        self.last_payout = None

    # ------------------------------------------------------------ plumbing

    def now(self) -> int:
        """The latest block's time (brownie's chain.time() drifts from anvil's clock after a
        snapshot revert; every step stays minutes away from a phase boundary)."""
        return web3.eth.get_block("latest")["timestamp"]

    def act(self, who, fn, *args, value=None, payout=False, model_call=None) -> None:
        """`who` sends `fn(*args)` (paying `value`) on chain, and the model applies the same call
        through the one chain-to-model table (`model_call`: the (call, args) it mirrors, when the
        chain call is not the project's); both must agree on success or on the error. A
        successful `payout` is remembered so `repeat_last_payout` can try to take it again."""
        call, model_args = model_call or (fn.abi["name"], args)
        saved = copy.deepcopy(self.model)
        paid_out = self.model.money_out
        try:
            mirror(self.model, call, self.now(), who.address, model_args)
            expected = None
        except Rejected as rejected:
            self.model, expected = saved, rejected.error
        params = {"from": who} if value is None else self.pay(who, value)
        try:
            fn(*args, params)
            got = None
        except VirtualMachineError as exc:
            got = _error_name(exc)
        assert got == expected, f"chain: {got or 'success'}, model: {expected or 'success'}"
        if payout and got is None and self.model.money_out > paid_out:
            self.last_payout = (who, fn, *args)
        self.steps += 1
        self.deepest = max(self.deepest, self.model.phase(self.now()))

    def pay(self, who, amount: int) -> dict:
        """Transaction parameters paying `amount` (token holders were funded and had approved this
        project's address before the chain snapshot)."""
        return {"from": who, "value": amount} if self.money.is_eth else {"from": who}

    def combos(self) -> list[int]:
        return list(self.model.combos)

    def during(self, *phases: Phase) -> bool:
        return self.model.phase(self.now()) in phases

    # ------------------------------------------------------------ ideation and selection

    @initialize(
        start=st.sampled_from(list(Phase)),
        amounts=st.lists(AMOUNTS, min_size=4, max_size=4),
        drop=st.integers(0, 4),
        fail=st.integers(0, 4),
        dust=st.booleans(),
    )
    def setup_world(self, start, amounts, drop, fail, dust):
        """Every example starts at a random point of a typical lifecycle, reached through real,
        model-checked actions: the random steps then explore every phase, however short the
        example (hypothesis often ends a stateful example after a few steps).

        Ideation: two options per dimension, four combinations, a second backer on two of them.
        Then finalize; deliver every part of the selected combinations except one part of the
        `drop`-th; pass every condition except the last one of the `fail`-th; in presale set terms
        (minimum 1 or 2 orders) and try a stake in presale (refused), then an add-on, one order
        per model, a bond, and a maker's stake in its own model (refused). With `dust`, the dust
        griefer funds a junk combination in ideation and tops it up in the rescue window."""
        for dimension in (0, 1):
            for quote in (E // 10, E // 4 + 1):
                self._offer(dimension, dimension, quote)
        for backer, (a, b), amount in zip(
            (0, 1, 2, 3), ((1, 3), (2, 4), (1, 4), (2, 3)), amounts, strict=True
        ):
            self._invest_new(self.backers[backer], (a, b), amount)
        for combo in (1, 2):
            self._invest(self.backers[4], combo, E)
        if dust:
            self._dust_funds_junk(3)
        if start == Phase.Ideation or not self._advance("next"):
            return
        self._finalize(self.creator, 0, self.model.ranking())
        if dust and self.during(Phase.Rescue):
            self._dust_tops_up()
        if start in (Phase.Finalizing, Phase.Failed, Phase.Rescue) or self.during(Phase.Failed):
            return
        self._advance("next")
        selected = [
            c for c in self.combos() if self.model.status(c, self.now()) == Status.Prototype
        ]
        for index, combo in enumerate(selected):
            for dimension in (0, 1):
                if not (index == drop and dimension == 1):
                    self._deliver(combo, dimension)
        if start == Phase.Development:
            return
        self._advance("next")
        conditions = self.model.cfg.conditions
        for index, combo in enumerate(selected):
            if self.model.status(combo, self.now()) != Status.Prototype:
                continue
            for condition in range(conditions - 1 if index == fail else conditions):
                for inspector in self.inspectors[:2]:
                    self._verdict(inspector, combo, condition, True)
        if start == Phase.Testing:
            return
        self._advance("next")
        models = [c for c in selected if self.model.status(c, self.now()) == Status.Model]
        for index, combo in enumerate(models):
            self._set_terms(combo, COVERING_PRICE, 1 + index % 2)
        if models:
            self._invest(self.backers[3], models[0], E // 2)  # no shares are sold in presale
        for index, combo in enumerate(models):
            self._order(self.buyers[index % 3], combo, ())
        if models:
            self._offer_addon(models[0], E // 5)
            self._order(self.buyers[2], models[0], (1,))
            self._commit_bond(models[0], E)
            self._maker_stake(models[0], 0, E // 2)
        if start == Phase.Presale:
            return
        self._advance("next")

    @precondition(lambda self: self.during(Phase.Ideation))
    @rule(
        maker=st.integers(0, 3),  # 3: the creator, a maker too
        dimension=st.sampled_from([0, 1, 0, 1, 2]),  # 2 is out of range
        quote=st.sampled_from([E // 10, E // 4 + 1, E // 10, 0]),
    )
    def offer(self, maker, dimension, quote):
        self._offer(maker, dimension, quote)

    def _offer(self, maker, dimension, quote):
        m = self._offerers()[maker]
        self.act(m, self.project.offerOption, dimension, quote, NO_CONTENT)

    def _offerers(self) -> list:
        return [*self.makers, self.creator]

    @precondition(lambda self: self.during(Phase.Ideation, Phase.Rescue, Phase.Presale))
    @rule(combo=st.integers(1, 5), dimension=st.integers(0, 1), amount=AMOUNTS)
    def maker_invests_in_its_own(self, combo, dimension, amount):
        """The maker of a part (perhaps the creator) stakes in its own combination: in ideation
        like anyone (its stake pays the quotes the others would have paid it, see
        tests/production/adversarial/test_makers_are_paid_their_quotes_only.py); in the rescue
        window only as one of its backers; in presale never (the riskless late stake of finding
        1)."""
        self._maker_stake(combo, dimension, amount)

    def _maker_stake(self, combo, dimension, amount):
        presale = self.during(Phase.Presale)
        self._invest(self._maker_of(combo, dimension), combo, amount)
        if presale:
            self.env["adversaries"]["a maker's stake in presale, refused"] += 1

    @precondition(lambda self: self.during(Phase.Ideation))
    @rule(funding=st.sampled_from([3, 3, E // 10]))
    def dust_griefer_funds_junk(self, funding):
        """Finding 3's griefer: two 1-wei options and a junk combination of them funded to its
        cost with a few wei (or with a supporter's stake)."""
        self._dust_funds_junk(funding)

    def _dust_funds_junk(self, funding):
        before = len(self.model.options)
        for dimension in (0, 1):
            self.act(self.griefer, self.project.offerOption, dimension, 1, NO_CONTENT)
        self._invest_new(self.griefer, (before + 1, before + 2), funding)

    @precondition(lambda self: self.during(Phase.Rescue))
    @rule()
    def dust_griefer_tops_up(self):
        """In the rescue window, 1 wei on each of its junk combinations: it rescues one only if
        the crowd's ranking put it next in line."""
        self._dust_tops_up()

    def _dust_tops_up(self):
        for combo, c in list(self.model.combos.items()):
            if self.griefer.address in c.holders:
                self._invest(self.griefer, combo, 1)
                self.env["adversaries"]["a dust top-up in the rescue window"] += 1

    @precondition(lambda self: len(self.model.options) >= 2 and self.during(Phase.Ideation))
    @rule(backer=st.integers(0, 4), i=st.integers(0, 4), j=st.integers(0, 3), amount=AMOUNTS)
    def invest_new(self, backer, i, j, amount):
        """Mostly valid option pairs (existing or new combinations); i == 4 puts an engine option
        in the body's place."""
        who = self.backers[backer]
        by_dim = [
            [o for o, (_m, _q, d) in self.model.options.items() if d == dim] or [99]
            for dim in (0, 1)
        ]
        a = by_dim[1][0] if i == 4 else by_dim[0][i % len(by_dim[0])]
        self._invest_new(who, (a, by_dim[1][j % len(by_dim[1])]), amount)

    def _invest_new(self, who, options, amount):
        self.act(who, self.project.investInNew, list(options), amount, value=amount)

    @precondition(lambda self: self.during(Phase.Ideation, Phase.Rescue, Phase.Presale))
    @rule(backer=st.integers(0, 4), combo=st.integers(1, 5), amount=AMOUNTS)
    def invest(self, backer, combo, amount):
        self._invest(self.backers[backer], combo, amount)

    def _invest(self, who, combo, amount):
        self.act(who, self.project.invest, combo, amount, value=amount)

    @precondition(lambda self: self.during(Phase.Ideation, Phase.Finalizing, Phase.Rescue))
    @rule(backer=st.integers(0, 4), combo=st.integers(1, 4))
    def argue(self, backer, combo):
        who = self.backers[backer]
        self.act(who, self.project.argue, combo, "")

    @precondition(lambda self: self.during(Phase.Finalizing))
    @rule(batch=st.integers(1, 3), wrong=st.booleans())
    def finalize(self, batch, wrong):
        """The honest submitter's next batch of its own attempt (or a reversed, wrong one)."""
        _, ranked, _ = self.model.ranking_of(self.creator.address)
        order = self.model.ranking()[ranked : ranked + batch]
        if wrong and len(order) > 1:
            order = order[::-1]
        self._finalize(self.creator, ranked, order)

    @precondition(lambda self: self.during(Phase.Finalizing))
    @rule(kind=st.sampled_from(["skip", "stale", "duplicate", "restart"]), cut=st.integers(0, 3))
    def grief(self, kind, cut):
        """A griefer with cheap transactions: a ranking that skips a combination, a batch that
        names a stale start, a combination twice, or a new attempt of its own. None of it may
        move the honest submitter's attempt (the invariant below checks it)."""
        order = self.model.ranking()
        _, ranked, _ = self.model.ranking_of(self.griefer.address)
        if kind == "skip" and len(order) > 1:
            batch, start = order[: cut % len(order)] + order[cut % len(order) + 1 :], 0
        elif kind == "stale":
            batch, start = order[ranked : ranked + 1], ranked + 1 + cut
        elif kind == "duplicate" and order:
            batch, start = [order[0], order[0]], 0
        else:
            batch, start = order[: cut % (len(order) + 1)], 0
        self._finalize(self.griefer, start, batch)

    @precondition(lambda self: self.during(Phase.Finalizing))
    @rule()
    def complete_ranking(self):
        """The rest of the honest attempt in one call: finalization always completes."""
        _, ranked, _ = self.model.ranking_of(self.creator.address)
        self._finalize(self.creator, ranked, self.model.ranking()[ranked:])
        assert self.project.phase() not in (Phase.Finalizing, Phase.Ideation)

    def _finalize(self, who, start, order):
        self.act(who, self.project.finalize, start, order)

    @precondition(lambda self: not self.during(Phase.Ideation, Phase.Finalizing))
    @rule(backer=st.integers(0, 4), combo=st.integers(1, 4))
    def refund(self, backer, combo):
        """Mostly a backer of the combination (backer 0-3 picks among its holders)."""
        c = self.model.combos.get(combo)
        holders = [b for b in self.backers if c and b.address in c.holders]
        who = holders[backer % len(holders)] if holders and backer < 4 else self.backers[backer]
        self.act(who, self.project.refund, combo, payout=True)

    @precondition(lambda self: self.last_payout is not None)
    @rule()
    def repeat_last_payout(self):
        """Exactly once: the last withdrawal that paid, taken again."""
        self.act(*self.last_payout, payout=True)

    # ------------------------------------------------------------ R&D and testing

    @precondition(
        lambda self: self.during(Phase.Development, Phase.Testing, Phase.Presale, Phase.Closed)
    )
    @rule(combo=st.integers(1, 4), dimension=st.integers(0, 1), right=st.booleans())
    def claim_maker(self, combo, dimension, right):
        who = self._maker_of(combo, dimension) if right else self.backers[0]
        self.act(who, self.project.claimMaker, combo, dimension, payout=True)
        self.makers_get_their_quotes_only([combo])

    @precondition(lambda self: self.during(Phase.Development))
    @rule(combo=st.integers(1, 4), dimension=st.integers(0, 1))
    def deliver(self, combo, dimension):
        self._deliver(combo, dimension)

    def _deliver(self, combo, dimension):
        who = self._maker_of(combo, dimension)
        self.act(who, self.project.deliver, combo, dimension, ZERO_HASH)

    @precondition(lambda self: self.during(Phase.Testing))
    @rule(
        inspector=st.integers(0, 2),
        combo=st.integers(1, 4),
        condition=st.integers(0, 2),
        passed=st.booleans(),
    )
    def verdict(self, inspector, combo, condition, passed):
        self._verdict(self.inspectors[inspector], combo, condition, passed)

    def _verdict(self, who, combo, condition, passed):
        self.act(who, self.project.recordVerdict, combo, condition, passed, ZERO_HASH)

    # ------------------------------------------------------------ presale

    @precondition(lambda self: self.during(Phase.Presale))
    @rule(combo=st.integers(1, 4), price=PRICES, min_orders=st.integers(0, 2))
    def set_terms(self, combo, price, min_orders):
        self._set_terms(combo, price, min_orders)

    def _set_terms(self, combo, price, min_orders):
        self.act(self.creator, self.project.setModelTerms, combo, price, min_orders)

    @precondition(lambda self: self.during(Phase.Presale))
    @rule(combo=st.integers(1, 4), price=st.sampled_from([E // 5, 0]))
    def offer_addon(self, combo, price):
        self._offer_addon(combo, price)

    def _offer_addon(self, combo, price):
        self.act(self.merchant, self.project.offerAddon, combo, price, NO_CONTENT)

    @precondition(lambda self: self.during(Phase.Presale))
    @rule(
        buyer=st.integers(0, 2),
        combo=st.integers(1, 4),
        addons=st.lists(st.integers(1, 3), max_size=2),
    )
    def order(self, buyer, combo, addons):
        self._order(self.buyers[buyer], combo, tuple(addons))

    def _order(self, who, combo, ids):
        c = self.model.combos.get(combo)
        total = (c.price if c else 0) + sum(
            self.model.addons[a].price for a in ids if a in self.model.addons
        )
        self.act(who, self.project.order, combo, list(ids), value=total)

    @precondition(lambda self: self.during(Phase.Presale))
    @rule(combo=st.integers(1, 4), amount=st.sampled_from([E, 0]))
    def commit_bond(self, combo, amount):
        self._commit_bond(combo, amount)

    def _commit_bond(self, combo, amount):
        self.act(
            self.provider,
            self.project.commitBond,
            combo,
            amount,
            WARRANTY,
            NO_CONTENT,
            value=amount,
        )

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(
        inspector=st.integers(0, 2),
        bond=st.integers(1, 2),
        order=st.integers(0, 2),
        amount=st.sampled_from([E // 3, 2 * E]),
    )
    def approve_award(self, inspector, bond, order, amount):
        who = self.inspectors[inspector]
        self.act(who, self.project.approveAward, bond, order, amount, ZERO_HASH)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(buyer=st.integers(0, 2), combo=st.integers(1, 4), order=st.integers(0, 2))
    def claim_award(self, buyer, combo, order):
        who = self.buyers[buyer]
        self.act(who, self.project.claimAward, combo, order, payout=True)

    @precondition(lambda self: self.during(Phase.Presale, Phase.Closed))
    @rule(bond=st.integers(1, 2))
    def withdraw_bond(self, bond):
        self.act(self.provider, self.project.withdrawBond, bond, payout=True)

    @precondition(lambda self: self.during(Phase.Presale, Phase.Closed))
    @rule(combo=st.integers(1, 4))
    def close_model(self, combo):
        self.act(self.backers[0], self.project.closeModel, combo)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(buyer=st.integers(0, 2), combo=st.integers(1, 4), order=st.integers(0, 2))
    def refund_order(self, buyer, combo, order):
        who = self.buyers[buyer]
        self.act(who, self.project.refundOrder, combo, order, payout=True)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(addon=st.integers(1, 3))
    def claim_addon_revenue(self, addon):
        self.act(self.merchant, self.project.claimAddonRevenue, addon, payout=True)

    # ------------------------------------------------------------ revenue and shares

    @precondition(lambda self: self.during(Phase.Presale, Phase.Closed))
    @rule(combo=st.integers(1, 4), amount=st.sampled_from([E + 1, 7 * E // 3, 0]))
    def deposit_revenue(self, combo, amount):
        self.act(self.creator, self.project.depositRevenue, combo, amount, value=amount)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(
        src=st.integers(0, 4),
        dst=st.integers(0, 4),
        combo=st.integers(1, 4),
        amount=st.sampled_from([1, E // 10, 5 * E]),
    )
    def transfer_shares(self, src, dst, combo, amount):
        a, b = self.backers[src], self.backers[dst]
        token_id = self.shares.tokenId(self.project, combo)
        move = ("moveShares", (a.address, b.address, combo, amount))
        self.act(a, self.shares.safeTransferFrom, a, b, token_id, amount, b"", model_call=move)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(backer=st.integers(0, 4), combo=st.integers(1, 4))
    def claim_revenue(self, backer, combo):
        who = self.backers[backer]
        self.act(who, self.project.claimRevenue, combo, payout=True)

    @precondition(lambda self: self.during(Phase.Closed))
    @rule(platform=st.booleans())
    def claim_role(self, platform):
        if platform:
            self.act(self.treasury, self.project.claimPlatform, payout=True)
        else:
            self.act(self.creator, self.project.claimCreator, payout=True)

    # ------------------------------------------------------------ time

    @rule(goal=st.sampled_from(["next", "next", "next", "warranty", "window"]))
    def advance(self, goal):
        self._advance(goal)

    def _advance(self, goal) -> bool:
        """Jump into the next phase (or past the bonds' warranty, or past the finalization window
        when nobody completed the ranking); whether time moved."""
        now = self.now()
        ph = self.model.phase(now)
        if goal == "window":
            if ph != Phase.Finalizing:
                return False
            when = self.model.cfg.ideation_end + FINALIZATION_WINDOW
        elif goal == "warranty":
            ends = sorted(
                {b.warranty_end for b in self.model.bonds.values() if b.warranty_end > now}
            )
            if not ends:
                return False
            when = ends[0]
        elif ph == Phase.Ideation:
            when = self.model.cfg.ideation_end
        elif ph in (Phase.Finalizing, Phase.Failed, Phase.Closed):
            return False
        else:
            rescue, development, testing, presale = self.model.schedule()
            when = {
                Phase.Rescue: rescue,
                Phase.Development: development,
                Phase.Testing: testing,
            }.get(ph, presale)
        sleep_until(when + INSIDE)
        self.deepest = max(self.deepest, self.model.phase(self.now()))
        return True

    # ------------------------------------------------------------ invariants

    @invariant()
    def books_match_the_model(self):
        model = self.model
        held, *balances = self.money.balances([self.project, *self.start])  # one request
        assert held == model.held, "conservation: balance != in - out"
        assert model.held >= model.liabilities(self.now()), "solvency: escrow below what is owed"
        for (address, start), balance in zip(self.start.items(), balances, strict=True):
            expected = start - model.paid_by.get(address, 0) + model.paid_to.get(address, 0)
            assert balance == expected, f"balance of {address}"

    @invariant()
    def rankings_match_the_model(self):
        """Each submitter's own attempt is where the model says: nobody else moved it."""
        for who in (self.creator, self.griefer):
            assert tuple(self.project.rankingOf(who)) == self.model.ranking_of(who.address)

    def makers_get_their_quotes_only(self, combos) -> None:
        """Whoever invested, no part is owed or paid more escrow than its quote (the chain's
        views; after every maker's claim, and for every part at the end of each example)."""
        for combo in combos:
            c = self.model.combos.get(combo)
            for dimension in range(self.model.cfg.dimensions if c else 0):
                escrow, _ = self.project.makerOwed(combo, dimension)
                quote = self.model.options[c.options[dimension]][1]
                assert escrow + c.part_paid[dimension] <= quote, "a maker beyond its quote"

    @invariant()
    def rescues_follow_the_ranking(self):
        """Only a combination next in line is rescuable or rescued; never more than the cap."""
        rescued = [c for c in self.model.combos.values() if c.rescued]
        assert len(rescued) <= self.model.cfg.max_rescues
        assert all(c.next_in_line for c in rescued)
        if self.during(Phase.Rescue):
            for combo, c in self.model.combos.items():
                if self.model.status(combo, self.now()) == Status.Eliminated:
                    assert c.next_in_line

    @invariant()
    def statuses_match_the_model(self):
        now = self.now()
        assert self.project.phase() == self.model.phase(now)
        for combo in self.combos():
            assert self.project.status(combo) == self.model.status(combo, now)

    def _maker_of(self, combo, dimension):
        c = self.model.combos.get(combo)
        if c is None:
            return self.makers[dimension]
        maker = self.model.options[c.options[dimension]][0]
        return next(m for m in [*self.makers, self.creator, self.griefer] if m.address == maker)

    def teardown(self):
        self.env["examples"]["phases"][self.deepest.name] += 1
        self.makers_get_their_quotes_only(self.combos())
        # Nothing is stuck: what the escrow holds beyond what it owes is only the accumulators'
        # rounding (sub-wei remainders and carries, which join the next deposit).
        slack = self.model.held - self.model.liabilities(self.now())
        holders = sum(
            len(c.holders) + self.model.cfg.dimensions for c in self.model.combos.values()
        )
        assert 0 <= slack <= 2 + holders, f"{slack} wei held beyond every liability"


def _create_address(deployer: str, nonce: int) -> str:
    return to_checksum_address(keccak(rlp.encode([bytes.fromhex(deployer[2:]), nonce]))[12:])


def test_money_rules_hold_under_random_use(
    platform,
    money,
    creator,
    treasury,
    makers,
    inspectors,
    backers,
    buyers,
    merchant,
    provider,
    stranger,
    hypothesis_profile,
    stateful_examples,
):
    env = {
        "factory": platform.factory,
        "shares": platform.shares,
        "money": money,
        "creator": creator,
        "treasury": treasury,
        "makers": makers,
        "inspectors": inspectors,
        "backers": backers[:5],
        "buyers": buyers[:3],
        "merchant": merchant,
        "provider": provider,
        "griefer": stranger,
        "examples": stateful_examples,
        "adversaries": Counter(),
    }
    if not money.is_eth:
        # every example's project lands at the same address (the chain is reverted each time):
        # fund and approve it once, before the snapshot
        project = _create_address(
            platform.factory.address, web3.eth.get_transaction_count(platform.factory.address)
        )
        for who in [creator, *makers, *backers[:5], *buyers[:3], provider, stranger]:
            money.token.mint(who, 10**30, {"from": who})
            money.token.approve(project, 2**256 - 1, {"from": who})
        env["expected_project"] = project
    MoneyMachine.env = env
    env["snapshot"] = Snapshot()  # raw evm_snapshot/evm_revert: brownie's revert costs 0.165 s
    run_state_machine_as_test(MoneyMachine, settings=hypothesis_profile)
    # the adversaries of issue 30 did act (the profiles' seeds reach them)
    assert env["adversaries"]["a maker's stake in presale, refused"] > 0, env["adversaries"]
    assert env["adversaries"]["a dust top-up in the rescue window"] > 0, env["adversaries"]
    stateful_examples["adversaries"].update(env["adversaries"])
