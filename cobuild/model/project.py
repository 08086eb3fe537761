# SPDX-License-Identifier: MIT
"""A plain-Python model of one project's money rules.

It mirrors the contracts action by action, in integers, so a test can predict every outcome: an
action either fails with a named error (`Rejected`) or succeeds and moves exactly the amounts the
model computes. The stateful tests drive the chain and this model side by side and compare every
balance after every step; the scenario runner uses it to cross-check what it reads from the chain.

Nothing here reads the chain: times are passed in, addresses are plain strings.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cobuild.model.ranking import rank_key
from cobuild.model.revenue import Pool, split, unit_split
from cobuild.protocol import (
    BPS,
    FINALIZATION_WINDOW,
    MAX_AMOUNT,
    MAX_REVENUE,
    Phase,
    RankBy,
    Status,
)


class Rejected(Exception):
    """The action reverts on chain with custom error `error`."""

    def __init__(self, error: str, *args: object) -> None:
        super().__init__(f"{error}{args}")
        self.error = error
        self.args_ = args


@dataclass(frozen=True)
class Config:
    creator: str
    ideation_end: int
    rescue_window: int
    development_period: int
    testing_period: int
    presale_period: int
    min_total: int
    min_stake: int
    slots: int
    max_rescues: int
    rank_by: RankBy
    ratio: tuple[int, int, int, int]
    advance_bps: int
    quorum: int
    dimensions: int
    conditions: int
    inspectors: tuple[str, ...]

    @classmethod
    def from_view(cls, cfg: Any) -> Config:
        """From the project's `config()` view (brownie's named struct, `IProjectBase.Config`)."""
        return cls(
            creator=str(cfg["creator"]),
            ideation_end=cfg["ideationEnd"],
            rescue_window=cfg["rescueWindow"],
            development_period=cfg["developmentPeriod"],
            testing_period=cfg["testingPeriod"],
            presale_period=cfg["presalePeriod"],
            min_total=cfg["minTotal"],
            min_stake=cfg["minStake"],
            slots=cfg["slots"],
            max_rescues=cfg["maxRescues"],
            rank_by=RankBy(cfg["rankBy"]),
            ratio=tuple(cfg["ratioBps"]),
            advance_bps=cfg["advanceBps"],
            quorum=cfg["quorum"],
            dimensions=cfg["dimensions"],
            conditions=cfg["conditions"],
            inspectors=tuple(str(i) for i in cfg["inspectors"]),
        )


@dataclass
class Holder:
    """An investor's position in one combination (before and after its model succeeded)."""

    stake: int = 0  # after its model succeeded: its shares (one per unit of stake)
    settled: bool = False
    checkpoint: int = 0
    credit: int = 0

    @property
    def shares(self) -> int:
        return self.stake


@dataclass
class Combination:
    id: int
    options: tuple[int, ...]
    cost: int
    advance_total: int
    funded: int = 0
    supporters: int = 0
    backers: int = 0
    selected: bool = False  # by the completed ranking, or rescued
    next_in_line: bool = False  # among the first max_rescues the completed ranking left out
    rescued: bool = False
    delivered: int = 0
    passed_conditions: int = 0
    passed: bool = False
    failed: bool = False  # a condition's fails made its pass quorum unreachable
    terms: bool = False
    closed: bool = False
    succeeded: bool = False
    price: int = 0
    min_orders: int = 0
    orders: int = 0
    refunded: int = 0
    refund_claims: int = 0
    revenue: int = 0
    holders: dict[str, Holder] = field(default_factory=dict)
    part_paid: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    part_checkpoint: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    investors: Pool | None = None  # revenue pools exist once the model succeeded
    makers: Pool | None = None
    votes: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    passes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    fails: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def holder(self, who: str) -> Holder:
        return self.holders.setdefault(who, Holder())


@dataclass
class Cursor:
    """One submitter's ranking attempt (`ProjectBase.Cursor`): only its submitter extends it."""

    attempt: int
    ranked: int = 0
    selected: set[int] = field(default_factory=set)
    last: int = 0
    total: int = 0
    next_in_line: set[int] = field(default_factory=set)


@dataclass
class Addon:
    combo: int
    merchant: str
    price: int
    sold: int = 0
    claimed: bool = False


@dataclass
class Order:
    buyer: str
    paid: int
    award_owed: int = 0


@dataclass
class Bond:
    provider: str
    combo: int
    amount: int
    warranty_end: int


def _clone(value: Any) -> Any:
    """A deep copy of the model's plain data (dataclasses, dicts, sets, tuples and scalars), a
    few times faster than `copy.deepcopy`, which a view's probe pays once per call."""
    if isinstance(value, dict):
        items = {k: _clone(v) for k, v in value.items()}
        if isinstance(value, defaultdict):
            return defaultdict(value.default_factory, items)
        return items
    if isinstance(value, set):
        return set(value)  # of scalars or tuples of scalars
    if isinstance(value, list):
        return [_clone(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        out = copy.copy(value)
        for name in value.__dataclass_fields__:
            setattr(out, name, _clone(getattr(value, name)))
        return out
    return value  # scalars, enums, and tuples of them: immutable


class ProjectModel:
    """The expected state of one project. Each action method takes the block time `now`, applies
    the action and returns what the project pays out (0 for actions that pay nothing), or raises
    `Rejected` exactly when the contract reverts (for the errors the model knows)."""

    def __init__(self, config: Config, treasury: str) -> None:
        self.cfg = config
        self.treasury = treasury
        self.options: dict[int, tuple[str, int, int]] = {}  # id -> (maker, quote, dimension)
        self.combos: dict[int, Combination] = {}
        self.by_options: dict[tuple[int, ...], int] = {}
        self.addons: dict[int, Addon] = {}
        self.orders: dict[tuple[int, int], Order] = {}
        self.bonds: dict[int, Bond] = {}
        self.approvals: dict[tuple[int, int, int, bytes], set[int]] = defaultdict(set)
        self.granted: set[tuple[int, int, int, bytes]] = set()
        self.ranked = 0
        self.selected_by_rank = 0
        self.rescued = 0
        self.total = 0
        self.attempts = 0
        self.cursors: dict[str, Cursor] = {}
        self.finalized_at = 0
        self.failed = False
        self.creator_owed = 0
        self.platform_owed = 0
        self.money_in = 0
        self.money_out = 0
        self.paid_to: dict[str, int] = defaultdict(int)
        self.paid_by: dict[str, int] = defaultdict(int)

    # ---------------------------------------------------------------- derived state

    @property
    def held(self) -> int:
        return self.money_in - self.money_out

    def schedule(self) -> tuple[int, int, int, int]:
        if not self.finalized_at:
            return (0, 0, 0, 0)
        rescue = self.finalized_at + self.cfg.rescue_window
        development = rescue + self.cfg.development_period
        testing = development + self.cfg.testing_period
        return rescue, development, testing, testing + self.cfg.presale_period

    def phase(self, now: int) -> Phase:
        if now < self.cfg.ideation_end:
            return Phase.Ideation
        if self.failed:
            return Phase.Failed
        if not self.finalized_at:
            late = now >= self.cfg.ideation_end + FINALIZATION_WINDOW
            return Phase.Failed if late else Phase.Finalizing
        rescue, development, testing, presale = self.schedule()
        for end, ph in (
            (rescue, Phase.Rescue),
            (development, Phase.Development),
            (testing, Phase.Testing),
            (presale, Phase.Presale),
        ):
            if now < end:
                return ph
        return Phase.Closed

    def status(self, combo_id: int, now: int) -> Status:
        c = self.combos.get(combo_id)
        if c is None:
            return Status.NONE
        ph = self.phase(now)
        if ph in (Phase.Ideation, Phase.Finalizing):
            return Status.Backed
        if ph == Phase.Failed:
            return Status.NotSelected
        if not c.selected:
            return (
                Status.Eliminated if ph == Phase.Rescue and c.next_in_line else Status.NotSelected
            )
        if ph == Phase.Rescue:
            return Status.Selected
        if ph == Phase.Development:
            return Status.Prototype
        if c.delivered != (1 << self.cfg.dimensions) - 1 or c.failed:
            return Status.Dropped
        if not c.passed:
            return Status.Prototype if ph == Phase.Testing else Status.Dropped
        if ph != Phase.Closed:
            return Status.Model
        if c.closed:
            return Status.Succeeded if c.succeeded else Status.PresaleFailed
        return Status.Succeeded if self._presale_succeeded(c) else Status.PresaleFailed

    @staticmethod
    def _presale_succeeded(c: Combination) -> bool:
        return c.terms and c.orders >= c.min_orders

    def ranking(self) -> list[int]:
        by = self.cfg.rank_by
        keys = sorted(rank_key(c.id, c.supporters, c.funded, by) for c in self.combos.values())
        return [k[2] for k in keys]

    @staticmethod
    def surplus(c: Combination) -> int:
        """The money the backers put in above the cost: it comes back to them in every outcome."""
        return c.funded - c.cost

    # ---------------------------------------------------------------- helpers

    def _require_phase(self, now: int, required: Phase) -> Phase:
        current = self.phase(now)
        if current != required:
            raise Rejected("ProjectWrongPhase", current, required)
        return current

    def _require_status(self, combo: int, now: int, required: Status) -> Status:
        current = self.status(combo, now)
        if current != required:
            raise Rejected("CombinationWrongStatus", combo, current, required)
        return current

    def _collect(self, payer: str, amount: int) -> None:
        if amount == 0:
            raise Rejected("ZeroAmount")
        self.money_in += amount
        self.paid_by[payer] += amount

    def _pay(self, to: str, amount: int) -> int:
        self.money_out += amount
        self.paid_to[to] += amount
        return amount

    def _closed_status(self, combo: int, now: int) -> Status:
        st = self.status(combo, now)
        if st in (Status.Succeeded, Status.PresaleFailed) and not self.combos[combo].closed:
            self._close(combo)
        return st

    def _close(self, combo: int) -> None:
        c = self.combos[combo]
        c.closed = True
        c.succeeded = self._presale_succeeded(c)
        if c.succeeded:
            c.investors, c.makers = Pool(c.funded), Pool(c.cost)
            # the creator's and the platform's parts were booked as the orders came; the surplus
            # goes back to the backers through the investors' accumulator, pro rata to the shares
            parts = unit_split(c.price, c.orders, self.cfg.ratio)
            c.revenue = c.orders * c.price
            c.makers.accrue(parts.makers)
            c.investors.accrue(parts.investors + self.surplus(c))

    def _book_revenue(self, c: Combination, amount: int) -> None:
        if c.revenue + amount > MAX_REVENUE:
            raise Rejected("AmountTooLarge", amount, MAX_REVENUE - c.revenue)
        c.revenue += amount
        parts = split(amount, self.cfg.ratio)
        self.creator_owed += parts.creator
        self.platform_owed += parts.platform
        c.makers.accrue(parts.makers)
        c.investors.accrue(parts.investors)

    def _settle(self, c: Combination, who: str, with_credit: bool) -> tuple[int, int]:
        h = c.holder(who)
        shares = h.shares
        owed = c.investors.owed(shares, h.checkpoint if h.settled else 0)
        h.settled, h.checkpoint = True, c.investors.per_share
        if with_credit:
            owed += h.credit
            h.credit = 0
        return owed, shares

    def _quote(self, c: Combination, dimension: int) -> int:
        return self.options[c.options[dimension]][1]

    def maker_entitled(self, combo: int, dimension: int, st: Status) -> int:
        if st not in (
            Status.Prototype,
            Status.Dropped,
            Status.Model,
            Status.Succeeded,
            Status.PresaleFailed,
        ):
            return 0
        c = self.combos[combo]
        quote = self._quote(c, dimension)
        if st in (Status.Prototype, Status.Dropped):
            return quote * self.cfg.advance_bps // BPS
        return quote  # never more: a maker's escrow income does not grow with investment

    # ---------------------------------------------------------------- ideation and selection

    def offer_option(self, now: int, maker: str, dimension: int, quote: int) -> int:
        if now >= self.cfg.ideation_end:
            raise Rejected("ProjectWrongPhase", self.phase(now), Phase.Ideation)
        if dimension >= self.cfg.dimensions:
            raise Rejected("InvalidDimension", dimension, self.cfg.dimensions)
        if quote == 0:
            raise Rejected("ZeroAmount")
        if quote > MAX_AMOUNT:
            raise Rejected("AmountTooLarge", quote, MAX_AMOUNT)
        option_id = len(self.options) + 1
        self.options[option_id] = (maker, quote, dimension)
        return option_id

    def invest_new(self, now: int, backer: str, option_ids: tuple[int, ...], amount: int) -> int:
        return self._invest_new(now, backer, backer, option_ids, amount)

    def _invest_new(
        self, now: int, payer: str, backer: str, option_ids: tuple[int, ...], amount: int
    ) -> int:
        if now >= self.cfg.ideation_end:
            raise Rejected("ProjectWrongPhase", self.phase(now), Phase.Ideation)
        if len(option_ids) != self.cfg.dimensions:
            raise Rejected("InvalidDimension", len(option_ids), self.cfg.dimensions)
        for d, o in enumerate(option_ids):
            if o not in self.options or self.options[o][2] != d:
                raise Rejected("InvalidOption", o, d)
        if option_ids in self.by_options:
            # funded first by someone else (perhaps a front-run): invest in it all the same
            combo = self.by_options[option_ids]
            if amount == 0:
                raise Rejected("ZeroAmount")
            self._add_stake(self.combos[combo], backer, amount)
            self._collect(payer, amount)
            return combo
        quotes = [self.options[o][1] for o in option_ids]
        cost = sum(quotes)
        if cost > MAX_AMOUNT:
            raise Rejected("AmountTooLarge", cost, MAX_AMOUNT)
        if amount == 0:
            raise Rejected("ZeroAmount")
        combo = len(self.combos) + 1
        advance = sum(q * self.cfg.advance_bps // BPS for q in quotes)
        c = Combination(combo, option_ids, cost, advance)
        self._add_stake(c, backer, amount)
        self.combos[combo] = c
        self.by_options[option_ids] = combo
        self._collect(payer, amount)
        return combo

    def invest_new_for(
        self, now: int, payer: str, beneficiary: str, option_ids: tuple[int, ...], amount: int
    ) -> int:
        """`investInNewFor`: the payer pays, the beneficiary holds the stake."""
        self._require_beneficiary(beneficiary)
        return self._invest_new(now, payer, beneficiary, option_ids, amount)

    def invest_for(self, now: int, payer: str, beneficiary: str, combo: int, amount: int) -> None:
        """`investFor`: the payer pays, the beneficiary holds the stake."""
        self._require_beneficiary(beneficiary)
        self._invest(now, payer, beneficiary, combo, amount)

    @staticmethod
    def _require_beneficiary(beneficiary: str) -> None:
        if int(beneficiary, 16) == 0:
            raise Rejected("InvalidBeneficiary", beneficiary)

    def invest(self, now: int, backer: str, combo: int, amount: int) -> None:
        self._invest(now, backer, backer, combo, amount)

    def _invest(self, now: int, payer: str, backer: str, combo: int, amount: int) -> None:
        if now < self.cfg.ideation_end:
            if combo not in self.combos:
                raise Rejected("UnknownCombination", combo)
            if amount == 0:
                raise Rejected("ZeroAmount")
            self._add_stake(self.combos[combo], backer, amount)
        else:
            ph = self.phase(now)
            if ph == Phase.Rescue:
                self._require_status(combo, now, Status.Eliminated)
                c = self.combos[combo]
                if c.holder(backer).stake == 0:
                    raise Rejected("NotASupporter", combo, backer)
                if amount == 0:
                    raise Rejected("ZeroAmount")
                self._add_stake(c, backer, amount)
                if c.funded >= c.cost:
                    c.selected = True
                    c.rescued = True
                    self.rescued += 1
            else:
                raise Rejected("ProjectWrongPhase", ph, Phase.Ideation)
        self._collect(payer, amount)

    def _add_stake(self, c: Combination, backer: str, amount: int) -> None:
        if c.funded + amount > MAX_AMOUNT:
            raise Rejected("AmountTooLarge", amount, MAX_AMOUNT - c.funded)
        h = c.holder(backer)
        before = h.stake
        h.stake += amount
        c.funded += amount
        if before == 0:
            c.backers += 1
        if before < self.cfg.min_stake <= h.stake:
            c.supporters += 1

    def argue(self, now: int, author: str, combo: int) -> None:
        if now >= self.cfg.ideation_end:
            ph = self.phase(now)
            if ph not in (Phase.Finalizing, Phase.Rescue):
                raise Rejected("ProjectWrongPhase", ph, Phase.Ideation)
        c = self.combos.get(combo)
        if c is None or c.holder(author).stake == 0:
            raise Rejected("NotASupporter", combo, author)

    def ranking_of(self, submitter: str) -> tuple[int, int, int]:
        """`rankingOf`: the submitter's attempt, how many it ranked, the last one."""
        cur = self.cursors.get(submitter)
        return (cur.attempt, cur.ranked, cur.last) if cur else (0, 0, 0)

    def finalize(self, now: int, submitter: str, start: int, batch: list[int]) -> None:
        """A batch of `submitter`'s own ranking attempt: `start` 0 begins a new one, else it must
        be where the attempt stands. An attempt that reaches every combination is the ranking."""
        self._require_phase(now, Phase.Finalizing)
        cur = self.cursors.get(submitter)
        if start == 0:
            cur = Cursor(self.attempts + 1)
        elif cur is None or start != cur.ranked:
            raise Rejected("RankingStartMismatch", start, cur.ranked if cur else 0)
        else:
            cur = Cursor(
                cur.attempt,
                cur.ranked,
                set(cur.selected),
                cur.last,
                cur.total,
                set(cur.next_in_line),
            )
        position = {combo: i for i, combo in enumerate(self.ranking())}
        for combo in batch:
            if combo == 0 or combo > len(self.combos):
                raise Rejected("UnknownCombination", combo)
            # strictly after the previous one in the project's order
            if cur.ranked and position[combo] <= position[cur.last]:
                raise Rejected("RankingOutOfOrder", cur.ranked + 1, combo)
            c = self.combos[combo]
            cur.ranked += 1
            if len(cur.selected) < self.cfg.slots and c.funded >= c.cost:
                cur.selected.add(combo)
            elif len(cur.next_in_line) < self.cfg.max_rescues:
                cur.next_in_line.add(combo)  # the rescue slots go to the best-ranked left out
            cur.total += c.funded
            cur.last = combo
        if start == 0:
            self.attempts += 1
        self.cursors[submitter] = cur
        if cur.ranked == len(self.combos):
            self.ranked, self.total = cur.ranked, cur.total
            if cur.total < self.cfg.min_total:
                self.failed = True  # nothing is selected when the launch fails
            else:
                self.finalized_at = now
                self.selected_by_rank = len(cur.selected)
                for combo in cur.selected:
                    self.combos[combo].selected = True
                for combo in cur.next_in_line:
                    self.combos[combo].next_in_line = True

    def refund(self, now: int, backer: str, combo: int) -> int:
        st = self._closed_status(combo, now)
        c = self.combos.get(combo)
        h = c.holders.get(backer) if c else None
        if h is None or h.stake == 0:
            raise Rejected("NothingToClaim", combo, backer)
        if st == Status.NotSelected:
            amount = h.stake
        else:
            if st == Status.Dropped:
                pool = c.funded - c.advance_total
            elif st == Status.PresaleFailed:
                pool = c.funded - c.cost
            else:
                raise Rejected("CombinationWrongStatus", combo, st, Status.NotSelected)
            last = c.refund_claims + 1 == c.backers
            amount = pool - c.refunded if last else pool * h.stake // c.funded
            c.refunded += amount
            c.refund_claims += 1
        del c.holders[backer]
        return self._pay(backer, amount) if amount else 0

    def claim_revenue(self, now: int, holder: str, combo: int) -> int:
        st = self._closed_status(combo, now) if combo in self.combos else Status.NONE
        if st != Status.Succeeded:
            raise Rejected("CombinationWrongStatus", combo, st, Status.Succeeded)
        amount, _ = self._settle(self.combos[combo], holder, True)
        return self._payout(holder, combo, amount)

    def move_shares(self, now: int, src: str, dst: str, combo: int, amount: int) -> None:
        st = self._closed_status(combo, now) if combo in self.combos else Status.NONE
        if st != Status.Succeeded:
            raise Rejected("CombinationWrongStatus", combo, st, Status.Succeeded)
        c = self.combos[combo]
        owed, shares = self._settle(c, src, False)
        if shares < amount:
            raise Rejected("InsufficientShares", combo, src, shares, amount)
        c.holder(src).credit += owed
        if src != dst:
            owed_dst, _ = self._settle(c, dst, False)
            c.holder(dst).credit += owed_dst
            c.holder(src).stake -= amount
            c.holder(dst).stake += amount

    def shares_of(self, now: int, combo: int, holder: str) -> int:
        if self.status(combo, now) != Status.Succeeded:
            return 0
        h = self.combos[combo].holders.get(holder)
        return h.shares if h else 0

    # ---------------------------------------------------------------- R&D, testing, presale

    def _require_maker(self, combo: int, dimension: int, who: str) -> str:
        if dimension >= self.cfg.dimensions:
            raise Rejected("InvalidDimension", dimension, self.cfg.dimensions)
        if combo not in self.combos:
            raise Rejected("UnknownCombination", combo)
        maker = self.options[self.combos[combo].options[dimension]][0]
        if who != maker:
            raise Rejected("NotMaker", combo, dimension, who)
        return maker

    def claim_maker(self, now: int, who: str, combo: int, dimension: int) -> int:
        maker = self._require_maker(combo, dimension, who)
        st = self._closed_status(combo, now)
        c = self.combos[combo]
        escrow = self.maker_entitled(combo, dimension, st) - c.part_paid[dimension]
        revenue = 0
        if st == Status.Succeeded:
            revenue = c.makers.owed(self._quote(c, dimension), c.part_checkpoint[dimension])
            c.part_checkpoint[dimension] = c.makers.per_share
        if escrow + revenue == 0:
            raise Rejected("NothingToClaim", combo, maker)
        c.part_paid[dimension] += escrow
        return self._pay(maker, escrow + revenue)

    def deliver(self, now: int, who: str, combo: int, dimension: int) -> None:
        self._require_phase(now, Phase.Development)
        self._require_maker(combo, dimension, who)
        self._require_status(combo, now, Status.Prototype)
        c = self.combos[combo]
        if c.delivered & (1 << dimension):
            raise Rejected("AlreadyDelivered", combo, dimension)
        c.delivered |= 1 << dimension

    def record_verdict(
        self, now: int, inspector: str, combo: int, condition: int, passed: bool
    ) -> None:
        self._require_phase(now, Phase.Testing)
        if inspector not in self.cfg.inspectors:
            raise Rejected("NotInspector", inspector)
        index = self.cfg.inspectors.index(inspector)
        self._require_status(combo, now, Status.Prototype)
        if condition >= self.cfg.conditions:
            raise Rejected("InvalidCondition", condition, self.cfg.conditions)
        c = self.combos[combo]
        if index in c.votes[condition]:
            raise Rejected("AlreadyVoted", combo, condition, inspector)
        c.votes[condition].add(index)
        if passed:
            c.passes[condition] += 1
            if c.passes[condition] == self.cfg.quorum:
                c.passed_conditions += 1
                if c.passed_conditions == self.cfg.conditions:
                    c.passed = True
        else:
            c.fails[condition] += 1
            # fewer inspectors left to vote than the quorum: the condition can never pass
            if c.fails[condition] == len(self.cfg.inspectors) - self.cfg.quorum + 1:
                c.failed = True

    def set_terms(self, now: int, who: str, combo: int, price: int, min_orders: int) -> None:
        if who != self.cfg.creator:
            raise Rejected("NotCreator", who)
        self._require_phase(now, Phase.Presale)
        self._require_status(combo, now, Status.Model)
        if price == 0 or min_orders == 0:
            raise Rejected("ZeroAmount")
        if price > MAX_AMOUNT:
            raise Rejected("AmountTooLarge", price, MAX_AMOUNT)
        if min_orders > 2**32 - 1:
            raise Rejected("AmountTooLarge", min_orders, 2**32 - 1)
        c = self.combos[combo]
        if c.terms:
            raise Rejected("TermsAlreadySet", combo)
        c.terms, c.price, c.min_orders = True, price, min_orders

    def offer_addon(self, now: int, merchant: str, combo: int, price: int) -> int:
        self._require_phase(now, Phase.Presale)
        self._require_status(combo, now, Status.Model)
        if price == 0:
            raise Rejected("ZeroAmount")
        addon_id = len(self.addons) + 1
        self.addons[addon_id] = Addon(combo, merchant, price)
        return addon_id

    def order_for(
        self, now: int, payer: str, beneficiary: str, combo: int, addon_ids: tuple[int, ...]
    ) -> int:
        """`orderFor`: the payer pays, the beneficiary is the order's buyer."""
        self._require_beneficiary(beneficiary)
        return self._order(now, payer, beneficiary, combo, addon_ids)

    def order(self, now: int, buyer: str, combo: int, addon_ids: tuple[int, ...]) -> int:
        return self._order(now, buyer, buyer, combo, addon_ids)

    def _order(
        self, now: int, payer: str, buyer: str, combo: int, addon_ids: tuple[int, ...]
    ) -> int:
        self._require_phase(now, Phase.Presale)
        self._require_status(combo, now, Status.Model)
        c = self.combos[combo]
        if not c.terms:
            raise Rejected("TermsNotSet", combo)
        total, previous = c.price, 0
        for a in addon_ids:
            if a <= previous or a not in self.addons or self.addons[a].combo != combo:
                raise Rejected("InvalidAddon", a, combo)
            previous = a
            total += self.addons[a].price
        if total > MAX_REVENUE:
            raise Rejected("AmountTooLarge", total, MAX_REVENUE)
        room = MAX_REVENUE - c.orders * c.price  # closing books orders * price as revenue
        if c.price > room:
            raise Rejected("AmountTooLarge", c.price, room)
        for a in addon_ids:
            self.addons[a].sold += 1
        index = c.orders
        c.orders += 1
        self.orders[(combo, index)] = Order(buyer, total)
        if c.orders >= c.min_orders:
            # the presale has succeeded (final): the roles' parts are booked as the orders come,
            # the whole backlog at the minOrders-th order
            units = c.orders if c.orders == c.min_orders else 1
            parts = unit_split(c.price, units, self.cfg.ratio)
            self.creator_owed += parts.creator
            self.platform_owed += parts.platform
        self._collect(payer, total)
        return index

    def commit_bond(self, now: int, provider: str, combo: int, amount: int, warranty: int) -> int:
        self._require_phase(now, Phase.Presale)
        self._require_status(combo, now, Status.Model)
        if warranty == 0:
            raise Rejected("ZeroAmount")
        bond_id = len(self.bonds) + 1
        self._collect(provider, amount)
        self.bonds[bond_id] = Bond(provider, combo, amount, self.schedule()[3] + warranty)
        return bond_id

    def approve_award(
        self, now: int, inspector: str, bond_id: int, order_index: int, amount: int, evidence: bytes
    ) -> bool:
        if inspector not in self.cfg.inspectors:
            raise Rejected("NotInspector", inspector)
        index = self.cfg.inspectors.index(inspector)
        b = self.bonds.get(bond_id)
        if b is None:
            raise Rejected("UnknownBond", bond_id)
        st = self._closed_status(b.combo, now)
        if st != Status.Succeeded:
            raise Rejected("CombinationWrongStatus", b.combo, st, Status.Succeeded)
        if now >= b.warranty_end:
            raise Rejected("WarrantyOver", bond_id, b.warranty_end)
        if (b.combo, order_index) not in self.orders:
            raise Rejected("UnknownOrder", b.combo, order_index)
        if amount == 0:
            raise Rejected("ZeroAmount")
        if amount > b.amount:
            raise Rejected("AwardExceedsBond", bond_id, amount, b.amount)
        key = (bond_id, order_index, amount, evidence)
        if key in self.granted or index in self.approvals[key]:
            raise Rejected("AwardAlreadyApproved", key, inspector)
        self.approvals[key].add(index)
        if len(self.approvals[key]) == self.cfg.quorum:
            self.granted.add(key)
            b.amount -= amount
            self.orders[(b.combo, order_index)].award_owed += amount
            return True
        return False

    def _order_of(self, combo: int, order_index: int, buyer: str) -> Order:
        """The order `buyer` placed: only its buyer may claim on it."""
        o = self.orders.get((combo, order_index))
        if o is None or o.buyer != buyer:
            raise Rejected("UnknownOrder", combo, order_index)
        return o

    def _payout(self, who: str, combo: int, amount: int) -> int:
        """Pay `who` a claim on `combo` (0: the project's roles); nothing owed is an error."""
        if amount == 0:
            raise Rejected("NothingToClaim", combo, who)
        return self._pay(who, amount)

    def claim_award(self, now: int, who: str, combo: int, order_index: int) -> int:
        o = self._order_of(combo, order_index, who)
        amount, o.award_owed = o.award_owed, 0
        return self._payout(who, combo, amount)

    def withdraw_bond(self, now: int, who: str, bond_id: int) -> int:
        b = self.bonds.get(bond_id)
        if b is None:
            raise Rejected("UnknownBond", bond_id)
        if who != b.provider:
            raise Rejected("NotProvider", bond_id, who)
        st = self._closed_status(b.combo, now)
        if st != Status.PresaleFailed and (st != Status.Succeeded or now < b.warranty_end):
            raise Rejected("BondLocked", bond_id, b.warranty_end)
        amount, b.amount = b.amount, 0
        return self._payout(who, b.combo, amount)

    def close_model(self, now: int, combo: int) -> None:
        st = self.status(combo, now)
        if st not in (Status.Succeeded, Status.PresaleFailed):
            raise Rejected("CombinationWrongStatus", combo, st, Status.Succeeded)
        if self.combos[combo].closed:
            raise Rejected("CombinationWrongStatus", combo, st, Status.Model)
        self._close(combo)

    def refund_order(self, now: int, who: str, combo: int, order_index: int) -> int:
        o = self._order_of(combo, order_index, who)
        st = self._closed_status(combo, now)
        if st != Status.PresaleFailed:
            raise Rejected("CombinationWrongStatus", combo, st, Status.PresaleFailed)
        amount, o.paid = o.paid, 0
        return self._payout(who, combo, amount)

    def claim_addon_revenue(self, now: int, who: str, addon_id: int) -> int:
        a = self.addons.get(addon_id)
        if a is None or a.merchant != who:
            raise Rejected("InvalidAddon", addon_id, a.combo if a else 0)
        st = self._closed_status(a.combo, now)
        if st != Status.Succeeded:
            raise Rejected("CombinationWrongStatus", a.combo, st, Status.Succeeded)
        amount = a.sold * a.price
        if amount == 0 or a.claimed:
            raise Rejected("NothingToClaim", a.combo, who)
        a.claimed = True
        return self._pay(who, amount)

    def deposit_revenue(self, now: int, payer: str, combo: int, amount: int) -> None:
        st = self._closed_status(combo, now) if combo in self.combos else Status.NONE
        if st != Status.Succeeded:
            raise Rejected("CombinationWrongStatus", combo, st, Status.Succeeded)
        if amount == 0:
            raise Rejected("ZeroAmount")
        self._book_revenue(self.combos[combo], amount)
        self._collect(payer, amount)

    def claim_creator(self, now: int, who: str) -> int:
        if who != self.cfg.creator:
            raise Rejected("NotCreator", who)
        self._require_phase(now, Phase.Closed)
        amount, self.creator_owed = self.creator_owed, 0
        return self._payout(who, 0, amount)

    def claim_platform(self, now: int, who: str) -> int:
        if who != self.treasury:
            raise Rejected("NotTreasury", who)
        self._require_phase(now, Phase.Closed)
        amount, self.platform_owed = self.platform_owed, 0
        return self._payout(who, 0, amount)

    # ---------------------------------------------------------------- the contract's views

    def _copy_for(self, combo: int) -> ProjectModel:
        """A copy to play one combination's view on (a view books nothing): that combination,
        its orders, add-ons and bonds and the payout books are the copy's own; what belongs to
        the other combinations and to the ranking is shared, not copied, as no action on `combo`
        touches it. Deep-copying the whole model made each view cost milliseconds in a project of
        fifty combinations, and a report asks thousands of views (cobuild/scenario/replay.py)."""
        probe = copy.copy(self)
        probe.combos = {**self.combos, combo: _clone(self.combos[combo])}
        probe.orders = {k: copy.copy(o) if k[0] == combo else o for k, o in self.orders.items()}
        probe.addons = {i: copy.copy(a) if a.combo == combo else a for i, a in self.addons.items()}
        probe.bonds = {i: copy.copy(b) if b.combo == combo else b for i, b in self.bonds.items()}
        probe.approvals = copy.deepcopy(self.approvals)
        probe.granted = set(self.granted)
        probe.paid_to = defaultdict(int, self.paid_to)
        probe.paid_by = defaultdict(int, self.paid_by)
        return probe

    def _probe(self, action: str, now: int, who: str, combo: int) -> int:
        """What `action` would pay `who` now, on a copy; 0 if it reverts."""
        try:
            return getattr(self._copy_for(combo), action)(now, who, combo)
        except Rejected:
            return 0

    def refundable_of(self, now: int, combo: int, backer: str) -> int:
        """`refundableOf`: what `refund(combo)` would pay `backer` now."""
        return self._probe("refund", now, backer, combo)

    def revenue_of(self, now: int, combo: int, holder: str) -> int:
        """`revenueOf`: what `claimRevenue(combo)` would pay `holder` now."""
        return self._probe("claim_revenue", now, holder, combo)

    def maker_owed(self, now: int, combo: int, dimension: int) -> tuple[int, int]:
        """`makerOwed`: the (escrow, revenue) `claimMaker` would pay now, the model closed first."""
        if dimension >= self.cfg.dimensions or combo not in self.combos:
            return 0, 0
        st = self.status(combo, now)
        closing = st in (Status.Succeeded, Status.PresaleFailed) and not self.combos[combo].closed
        # only closing books anything: a copy to close, else the model itself, read only
        probe = self._copy_for(combo) if closing else self
        st = probe._closed_status(combo, now)
        c = probe.combos[combo]
        escrow = probe.maker_entitled(combo, dimension, st) - c.part_paid.get(dimension, 0)
        if st != Status.Succeeded:
            return escrow, 0
        checkpoint = c.part_checkpoint.get(dimension, 0)
        return escrow, c.makers.pending(probe._quote(c, dimension), checkpoint)

    def revenue_dust(self) -> int:
        """Revenue booked to the makers' and investors' pools and never paid (their rounding):
        what stays in escrow once every claim is made."""
        return sum(p.dust for c in self.combos.values() for p in (c.makers, c.investors) if p)

    # ---------------------------------------------------------------- what is still owed

    def owed_by_kind(self, now: int, positions: Mapping[int, Iterable[str]]) -> dict[str, int]:
        """What the project owes now, by kind, as its views show it (`refundableOf`,
        `revenueOf`, `makerOwed`, `roleOwed`, `orderOf`, `bond`, `addon`): each amount counted
        once, so the sum is what its balance must cover. `positions` names, for each combination,
        every address that ever held a stake or shares in it (a kind appears once one of them
        could be owed it, even 0). Unlike `liabilities`, escrow a rule may still release counts
        as its claims stand now."""
        owed: dict[str, int] = defaultdict(int)
        st = {cid: self.status(cid, now) for cid in self.combos}
        refundable = (Status.NotSelected, Status.Dropped, Status.PresaleFailed)
        locked = (
            Status.Backed,
            Status.Eliminated,
            Status.Selected,
            Status.Prototype,
            Status.Model,
        )

        def open_sale(cid: int) -> bool:  # succeeded, not yet closed: its revenue is not booked
            return st[cid] == Status.Succeeded and not self.combos[cid].closed

        for cid, c in self.combos.items():
            for holder in sorted(positions.get(cid, ())):
                # a position given up (refunded) is owed nothing: no view to play for it
                held = holder in c.holders
                if st[cid] in refundable:
                    owed["refunds"] += self.refundable_of(now, cid, holder) if held else 0
                elif st[cid] == Status.Succeeded and not open_sale(cid):
                    owed["investor revenue"] += self.revenue_of(now, cid, holder) if held else 0
        maker_escrow: dict[int, int] = defaultdict(int)
        for cid in self.combos:
            for d in range(self.cfg.dimensions):
                escrow, revenue = self.maker_owed(now, cid, d)
                # before a succeeded model is closed its makers' revenue is still inside its
                # orders (counted below): count it once
                owed["makers"] += escrow + (0 if open_sale(cid) else revenue)
                maker_escrow[cid] += escrow
        owed["creator"] += self.creator_owed
        owed["platform"] += self.platform_owed
        # the roles' part of a succeeding presale is booked as its orders come (in roleOwed):
        # take it out of the orders still held for the combination, so it is counted once
        for cid, c in self.combos.items():
            unbooked = st[cid] == Status.Model or open_sale(cid)
            if unbooked and c.min_orders and c.orders >= c.min_orders:
                owed["orders"] -= self._roles_booked(c)
        for (cid, _), o in self.orders.items():
            owed["awards"] += o.award_owed
            if st[cid] in (Status.Model, Status.PresaleFailed) or open_sale(cid):
                owed["orders"] += o.paid
        for b in self.bonds.values():
            owed["bonds"] += b.amount
        for a in self.addons.values():
            if st.get(a.combo) == Status.Succeeded and not open_sale(a.combo) and not a.claimed:
                owed["add-ons"] += a.price * a.sold
        for cid, c in self.combos.items():
            if st[cid] in locked:
                owed["escrow"] += c.funded - sum(c.part_paid.values()) - maker_escrow[cid]
            elif open_sale(cid):
                # the surplus is booked to the shares when the model closes (then in revenueOf)
                owed["escrow"] += self.surplus(c)
        return dict(owed)

    def liabilities(self, now: int) -> int:
        """Everything the project owes now or may owe later, by the rules; the solvency invariant
        is `held >= liabilities`. Live escrow counts in full until the rules release it."""
        owed = self.creator_owed + self.platform_owed
        for o in self.orders.values():
            owed += o.award_owed
        for b in self.bonds.values():
            owed += b.amount
        for a in self.addons.values():
            # before success the add-on money is part of its order (counted with the combination)
            if not a.claimed and self.status(a.combo, now) == Status.Succeeded:
                owed += a.sold * a.price
        for c in self.combos.values():
            owed += self._combination_liability(c, now)
        return owed

    def _combination_liability(self, c: Combination, now: int) -> int:
        st = self.status(c.id, now)
        stakes = sum(h.stake for h in c.holders.values() if not h.settled)
        paid_makers = sum(c.part_paid.values())
        orders = sum(o.paid for (combo, _), o in self.orders.items() if combo == c.id)
        if st in (Status.Backed, Status.Selected, Status.Eliminated, Status.NotSelected):
            return stakes
        if st == Status.Dropped:
            # advances still claimable plus the refund pool still unclaimed
            advances = (
                sum(self.maker_entitled(c.id, d, st) for d in range(self.cfg.dimensions))
                - paid_makers
            )
            return advances + c.funded - c.advance_total - c.refunded
        if st in (Status.Prototype, Status.Model):
            # nothing is final: all funding and orders are still held for someone (less the
            # roles' parts of a presale that succeeded, owed to them already)
            return c.funded - paid_makers + orders - self._roles_booked(c)
        if st == Status.PresaleFailed:
            quotes = c.cost - paid_makers
            return quotes + c.funded - c.cost - c.refunded + orders
        # Succeeded: makers' escrow (quotes), the surplus and the unclaimed investor and maker
        # revenue (once closed, the surplus is inside the investors' accumulator)
        if not c.closed:  # makers' and investors' base revenue and the surplus are not booked yet
            return c.funded - paid_makers + c.orders * c.price - self._roles_booked(c)
        quotes = c.cost - paid_makers
        investors = sum(
            c.investors.pending(h.shares, h.checkpoint if h.settled else 0) + h.credit
            for h in c.holders.values()
        )
        makers = sum(
            c.makers.pending(self._quote(c, d), c.part_checkpoint[d])
            for d in range(self.cfg.dimensions)
        )
        return quotes + investors + makers

    def _roles_booked(self, c: Combination) -> int:
        """The creator's and the platform's parts of `c`'s base revenue booked by its orders."""
        if not c.terms or c.orders < c.min_orders:
            return 0
        parts = unit_split(c.price, c.orders, self.cfg.ratio)
        return parts.creator + parts.platform
