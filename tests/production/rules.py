"""The money rules of R&D, testing and presale (issue 4) as a small pure-Python model.

It reads nothing from the chain: a test tells it what happened (stakes, deliveries, verdicts,
terms, orders, add-ons, late investment, bonds, awards) and asks what each claim must pay, to
the wei. The rules are those of docs/architecture.md, "Money rules":

* advance of a part = floor(quote * advanceBps / 10000), claimable from the end of the rescue
  window;
* a dropped prototype (not delivered, or not passed) refunds `funded - sum(advances)` to its
  backers pro rata to their stakes, the last backer to claim taking the rounding;
* a passed prototype releases the rest of each quote to its maker;
* a succeeded model gives its makers the production fund `funded + late - cost` by quote weight
  (part 0 takes the rounding), splits its base revenue `orders * price` by the ratio (makers and
  investors through reward-per-share accumulators) and pays each merchant its add-on revenue;
* a failed model refunds buyers and late investors in full and gives its selection-stage
  backers `funded - cost` pro rata (last claimer takes the rounding); its makers keep their quotes;
* a bond is what was locked minus the awards granted from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cobuild.protocol import BPS, SCALE, Phase, Status

# ---------------------------------------------------------------- single rules


def advance(quote: int, advance_bps: int) -> int:
    """The advance of one part."""
    return quote * advance_bps // BPS


def production_shares(quotes: list[int], fund: int) -> list[int]:
    """The production fund split by quote weight; part 0 takes the rounding."""
    cost = sum(quotes)
    others = [fund * q // cost for q in quotes[1:]]
    return [fund - sum(others), *others]


def split_revenue(amount: int, ratio: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(creator, makers, investors, platform) parts of `amount`; the investors take the rounding."""
    creator = amount * ratio[0] // BPS
    makers = amount * ratio[1] // BPS
    platform = amount * ratio[3] // BPS
    return creator, makers, amount - creator - makers - platform, platform


class ProRata:
    """A pool refunded to backers in proportion to their stakes, by pull: each claim pays
    floor(pool * stake / total), except the last one, which takes what is left."""

    def __init__(self, pool: int, stakes: dict[str, int]) -> None:
        self.pool = pool
        self.stakes = dict(stakes)
        self.total = sum(stakes.values())
        self.paid = 0
        self.claimed: set[str] = set()

    def claim(self, backer: str) -> int:
        if backer in self.claimed or backer not in self.stakes:
            raise ValueError(f"{backer} has nothing to claim")
        self.claimed.add(backer)
        if len(self.claimed) == len(self.stakes):
            share = self.pool - self.paid
        else:
            share = self.pool * self.stakes[backer] // self.total
        self.paid += share
        return share


class Accumulator:
    """Reward per share: an amount spread over `shares`, each holder taking
    floor(its shares * per-share gain / SCALE); what does not divide stays in the pool."""

    def __init__(self) -> None:
        self.per_share = 0
        self.carry = 0
        self.booked = 0
        self.paid = 0

    def accrue(self, amount: int, shares: int) -> None:
        numerator = amount * SCALE + self.carry
        self.per_share += numerator // shares
        self.carry = numerator % shares
        self.booked += amount

    def owed(self, shares: int, checkpoint: int) -> int:
        scaled = shares * (self.per_share - checkpoint)
        self.carry += scaled % SCALE
        self.paid += scaled // SCALE
        return scaled // SCALE

    @property
    def dust(self) -> int:
        """Booked but not paid: stays in escrow for the next deposit."""
        return self.booked - self.paid


# ---------------------------------------------------------------- a project's production


@dataclass
class Order:
    buyer: str
    paid: int
    refunded: bool = False
    award_owed: int = 0


@dataclass
class Addon:
    merchant: str
    combo: int
    price: int
    sold: int = 0
    claimed: bool = False


@dataclass
class Bond:
    provider: str
    combo: int
    amount: int
    withdrawn: bool = False


@dataclass
class Combo:
    quotes: list[int]
    stakes: dict[str, int]  # selection-stage stakes
    selected: bool
    delivered: set[int] = field(default_factory=set)
    passes: dict[int, set[str]] = field(default_factory=dict)  # condition -> inspectors passing
    voted: dict[int, set[str]] = field(default_factory=dict)  # condition -> inspectors who voted
    terms: tuple[int, int] | None = None  # (price, minimum orders)
    orders: list[Order] = field(default_factory=list)
    late: dict[str, int] = field(default_factory=dict)
    maker_paid: list[int] = field(default_factory=list)
    maker_checkpoint: list[int] = field(default_factory=list)
    refunds: ProRata | None = None
    refunded: set[str] = field(default_factory=set)
    closed: bool = False
    makers_pool: Accumulator = field(default_factory=Accumulator)
    investors_pool: Accumulator = field(default_factory=Accumulator)
    holder_checkpoint: dict[str, int] = field(default_factory=dict)

    @property
    def funded(self) -> int:
        return sum(self.stakes.values())

    @property
    def cost(self) -> int:
        return sum(self.quotes)

    @property
    def late_total(self) -> int:
        return sum(self.late.values())


class ProductionRules:
    """What a project owes, claim by claim, from the rescue window on."""

    def __init__(
        self,
        *,
        dimensions: int,
        conditions: int,
        quorum: int,
        inspectors: int,
        advance_bps: int,
        ratio: tuple[int, int, int, int],
    ) -> None:
        self.dimensions = dimensions
        self.conditions = conditions
        self.quorum = quorum
        self.inspectors = inspectors
        self.advance_bps = advance_bps
        self.ratio = ratio
        self.stage = Phase.Rescue
        self.combos: dict[int, Combo] = {}
        self.addons: dict[int, Addon] = {}
        self.bonds: dict[int, Bond] = {}
        self.creator_owed = 0
        self.platform_owed = 0

    # ------------------------------------------------------------ what happened

    def add_combo(self, combo: int, quotes: list[int], stakes: dict[str, int], selected: bool):
        assert len(quotes) == self.dimensions
        self.combos[combo] = Combo(
            list(quotes),
            dict(stakes),
            selected,
            maker_paid=[0] * self.dimensions,
            maker_checkpoint=[0] * self.dimensions,
        )

    def enter(self, stage: Phase) -> None:
        assert stage >= self.stage
        self.stage = stage

    def deliver(self, combo: int, dimension: int) -> None:
        assert self.stage == Phase.Development and self.status(combo) == Status.Prototype
        self.combos[combo].delivered.add(dimension)

    def verdict(self, combo: int, condition: int, inspector: str, passed: bool) -> bool:
        """Record a verdict; False if the rules refuse it (the prototype is no longer under test,
        or this inspector already voted on this condition)."""
        c = self.combos[combo]
        voted = c.voted.setdefault(condition, set())
        if self.status(combo) != Status.Prototype or inspector in voted:
            return False
        voted.add(inspector)
        if passed:
            c.passes.setdefault(condition, set()).add(inspector)
        return True

    def failed(self, combo: int) -> bool:
        """A condition whose fails leave fewer inspectors than the quorum still to vote."""
        c = self.combos[combo]
        return any(
            len(voted) - len(c.passes.get(k, ())) > self.inspectors - self.quorum
            for k, voted in c.voted.items()
        )

    def set_terms(self, combo: int, price: int, min_orders: int) -> None:
        assert self.status(combo) == Status.Model and self.combos[combo].terms is None
        self.combos[combo].terms = (price, min_orders)

    def offer_addon(self, addon_id: int, merchant: str, combo: int, price: int) -> None:
        self.addons[addon_id] = Addon(merchant, combo, price)

    def order(self, combo: int, buyer: str, addon_ids: list[int]) -> tuple[int, int]:
        """Record an order; returns (its index, the price to pay)."""
        c = self.combos[combo]
        assert self.status(combo) == Status.Model and c.terms is not None
        assert addon_ids == sorted(set(addon_ids))
        total = c.terms[0]
        for a in addon_ids:
            assert self.addons[a].combo == combo
            total += self.addons[a].price
            self.addons[a].sold += 1
        c.orders.append(Order(buyer, total))
        return len(c.orders) - 1, total

    def invest_late(self, combo: int, investor: str, amount: int) -> None:
        assert self.status(combo) == Status.Model
        c = self.combos[combo]
        c.late[investor] = c.late.get(investor, 0) + amount

    def commit_bond(self, bond_id: int, provider: str, combo: int, amount: int) -> None:
        self.bonds[bond_id] = Bond(provider, combo, amount)

    def grant_award(self, bond_id: int, order_index: int, amount: int) -> None:
        b = self.bonds[bond_id]
        self.close(b.combo)
        assert self.status(b.combo) == Status.Succeeded and amount <= b.amount
        b.amount -= amount
        self.combos[b.combo].orders[order_index].award_owed += amount

    # ------------------------------------------------------------ statuses

    def passed(self, combo: int) -> bool:
        c = self.combos[combo]
        return all(len(c.passes.get(k, ())) >= self.quorum for k in range(self.conditions))

    def status(self, combo: int) -> Status:
        c = self.combos[combo]
        if not c.selected:
            return Status.NotSelected
        if self.stage <= Phase.Development:
            return Status.Prototype
        if len(c.delivered) != self.dimensions or self.failed(combo):
            return Status.Dropped
        if not self.passed(combo):
            return Status.Prototype if self.stage == Phase.Testing else Status.Dropped
        if self.stage < Phase.Closed:
            return Status.Model
        if c.terms is not None and len(c.orders) >= c.terms[1]:
            return Status.Succeeded
        return Status.PresaleFailed

    def close(self, combo: int) -> None:
        """Book a succeeded model's base revenue (once, at its first claim)."""
        c = self.combos[combo]
        if c.closed or self.status(combo) != Status.Succeeded:
            return
        c.closed = True
        assert c.terms is not None
        # base revenue is split per unit of the price (the roles' parts booked by the orders)
        unit = split_revenue(c.terms[0], self.ratio)
        creator, makers, investors, platform = (len(c.orders) * part for part in unit)
        self.creator_owed += creator
        self.platform_owed += platform
        c.makers_pool.accrue(makers, c.cost)
        c.investors_pool.accrue(investors, c.funded + c.late_total)

    # ------------------------------------------------------------ what each claim pays

    def maker_entitled(self, combo: int, dimension: int) -> int:
        """Escrow released so far to part `dimension` (advance, quote, production share)."""
        c = self.combos[combo]
        st = self.status(combo)
        quote = c.quotes[dimension]
        if self.stage == Phase.Rescue or st == Status.NotSelected:
            return 0
        if st in (Status.Prototype, Status.Dropped):
            return advance(quote, self.advance_bps)
        if st in (Status.Model, Status.PresaleFailed):
            return quote
        fund = c.funded + c.late_total - c.cost
        return quote + production_shares(c.quotes, fund)[dimension]

    def maker_owed(self, combo: int, dimension: int) -> tuple[int, int]:
        """(escrow, revenue) a claim would pay now (closing the model first), without booking it."""
        c = self.combos[combo]
        escrow = self.maker_entitled(combo, dimension) - c.maker_paid[dimension]
        revenue = 0
        if self.status(combo) == Status.Succeeded:
            per_share = c.makers_pool.per_share
            if not c.closed:
                assert c.terms is not None
                makers = len(c.orders) * split_revenue(c.terms[0], self.ratio)[1]  # per unit
                per_share = (makers * SCALE + c.makers_pool.carry) // c.cost
            revenue = c.quotes[dimension] * (per_share - c.maker_checkpoint[dimension]) // SCALE
        return escrow, revenue

    def claim_maker(self, combo: int, dimension: int) -> tuple[int, int]:
        """(escrow, revenue) paid by a maker's claim."""
        c = self.combos[combo]
        self.close(combo)
        escrow = self.maker_entitled(combo, dimension) - c.maker_paid[dimension]
        c.maker_paid[dimension] += escrow
        revenue = 0
        if self.status(combo) == Status.Succeeded:
            pool = c.makers_pool
            revenue = pool.owed(c.quotes[dimension], c.maker_checkpoint[dimension])
            c.maker_checkpoint[dimension] = pool.per_share
        return escrow, revenue

    def refund(self, combo: int, backer: str) -> int:
        """What `refund(combo)` pays `backer` (and books it)."""
        c = self.combos[combo]
        self.close(combo)
        st = self.status(combo)
        assert backer not in c.refunded, "refunded twice"
        c.refunded.add(backer)
        stake = c.stakes.get(backer, 0)
        if st == Status.NotSelected:
            return stake
        if c.refunds is None:
            if st == Status.Dropped:
                pool = c.funded - sum(advance(q, self.advance_bps) for q in c.quotes)
            elif st == Status.PresaleFailed:
                pool = c.funded - c.cost
            else:
                raise ValueError(f"no refunds for a combination in status {st.name}")
            c.refunds = ProRata(pool, c.stakes)
        share = c.refunds.claim(backer) if stake else 0
        late = c.late.get(backer, 0) if st == Status.PresaleFailed else 0
        return share + late

    def refund_order(self, combo: int, order_index: int) -> int:
        c = self.combos[combo]
        self.close(combo)
        assert self.status(combo) == Status.PresaleFailed
        o = c.orders[order_index]
        assert not o.refunded
        o.refunded = True
        return o.paid

    def claim_award(self, combo: int, order_index: int) -> int:
        o = self.combos[combo].orders[order_index]
        amount, o.award_owed = o.award_owed, 0
        return amount

    def claim_addon(self, addon_id: int) -> int:
        a = self.addons[addon_id]
        self.close(a.combo)
        assert self.status(a.combo) == Status.Succeeded and not a.claimed
        a.claimed = True
        return a.sold * a.price

    def claim_revenue(self, combo: int, holder: str) -> int:
        """An investor's first (and here only) revenue claim on a succeeded model: its shares
        are its selection-stage stake plus its late stake."""
        c = self.combos[combo]
        self.close(combo)
        shares = c.stakes.get(holder, 0) + c.late.get(holder, 0)
        owed = c.investors_pool.owed(shares, c.holder_checkpoint.get(holder, 0))
        c.holder_checkpoint[holder] = c.investors_pool.per_share
        return owed

    def revenue_owed(self, combo: int, holder: str) -> int:
        """What an investor could claim now, without booking it."""
        c = self.combos[combo]
        shares = c.stakes.get(holder, 0) + c.late.get(holder, 0)
        gain = c.investors_pool.per_share - c.holder_checkpoint.get(holder, 0)
        return shares * gain // SCALE

    def withdraw_bond(self, bond_id: int) -> int:
        b = self.bonds[bond_id]
        self.close(b.combo)
        assert not b.withdrawn
        b.withdrawn = True
        return b.amount

    def claim_creator(self) -> int:
        amount, self.creator_owed = self.creator_owed, 0
        return amount

    def claim_platform(self) -> int:
        amount, self.platform_owed = self.platform_owed, 0
        return amount

    # ------------------------------------------------------------ totals

    def revenue_dust(self) -> int:
        """Revenue booked to the accumulators and not paid out (their rounding)."""
        return sum(c.makers_pool.dust + c.investors_pool.dust for c in self.combos.values())
