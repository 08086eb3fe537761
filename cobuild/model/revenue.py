# SPDX-License-Identifier: MIT
"""The money model of revenue sharing: an exact integer simulation of the project's accumulators.

It mirrors `ProjectBase._close/_bookRevenue/_accrue/_settleHolder/_owed/_credit`,
`CobuildProject.claimRevenue/moveShares` and the revenue part of `ProjectProduction.claimMaker`,
`claimCreator` and `claimPlatform`, to the wei:

* a deposit (presale base revenue when a model closes, or `depositRevenue`) is split by the
  project's ratio: creator, makers and platform get `amount * bps // 10000`, the investors take the
  rest (the rounding);
* closing a model that succeeded (`ProjectBase._close`) also gives the backers back the surplus,
  the money they put in above the prototype cost: it is accrued into the investors' pool together
  with their part of the base revenue, in one accrual, so it is paid pro rata to the shares by the
  holders' claims, once, to the holders at the close. It is not revenue: the ratio does not split
  it and the `RevenueDeposited` event's parts do not include it (`SurplusReturned` names it);
* makers and investors each have a pool per model: `per_share` grows by
  `(part * SCALE + carry) // shares` and `carry` keeps the remainder (in SCALE units);
* a holder's (or a maker part's) settlement pays `shares * (per_share - checkpoint) // SCALE` and
  recycles the sub-wei remainder into the pool's carry, so it joins the next deposit;
* a share transfer settles both holders without paying: what they are owed is parked as credit,
  paid with their next claim. Revenue before a transfer stays with the seller.

Makers' shares are their quotes (one part per dimension); investors' shares are their stakes
(ideation and rescue: nobody invests later), so the investors' pool divides by the model's
funding. Creator and platform are owed per project, across models.

Nothing here touches a chain: tests and the scenario runner drive the model next to the
contracts and compare every amount. Operations the contract would refuse raise a
`RevenueError` whose `message` is the revert text brownie decodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cobuild.protocol import BPS, SCALE, revert_message

CREATOR, MAKERS, INVESTORS, PLATFORM = range(4)


class RevenueError(Exception):
    """An operation the contract refuses; `message` is its revert text as brownie decodes it."""

    def __init__(self, name: str, *args: object) -> None:
        self.name = name
        self.args_ = args
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """`Name: arg1, arg2` with addresses in lower case, as brownie decodes custom errors."""
        return revert_message(self.name, *self.args_)


class NothingToClaim(RevenueError):
    def __init__(self, combo: int, account: str) -> None:
        super().__init__("NothingToClaim", combo, account)


class InsufficientShares(RevenueError):
    def __init__(self, combo: int, holder: str, balance: int, needed: int) -> None:
        super().__init__("InsufficientShares", combo, holder, balance, needed)


class Split(NamedTuple):
    """One deposit split by the ratio (the `RevenueDeposited` event's parts)."""

    creator: int
    makers: int
    investors: int
    platform: int


def split(amount: int, ratio: Sequence[int]) -> Split:
    """Split `amount` by `ratio` (creator, makers, investors, platform bps); investors take the
    rounding."""
    creator = amount * ratio[CREATOR] // BPS
    makers = amount * ratio[MAKERS] // BPS
    platform = amount * ratio[PLATFORM] // BPS
    return Split(creator, makers, amount - creator - makers - platform, platform)


def unit_split(price: int, units: int, ratio: Sequence[int]) -> Split:
    """`units` sales at base `price`, split per unit (`ProjectBase._unitSplit`): every order adds
    the same parts, so the roles' part is known at the order that makes the presale succeed."""
    one = split(price, ratio)
    return Split(*(units * part for part in one))


@dataclass
class Pool:
    """A revenue-per-share accumulator (`ProjectBase.Pool`) with its constant share total."""

    shares: int
    per_share: int = 0
    carry: int = 0  # in SCALE units: deposit remainders and recycled settlement remainders
    booked: int = 0  # every amount accrued
    paid: int = 0  # every amount settled to a holder

    def accrue(self, amount: int) -> None:
        """`_accrue`: spread `amount` over the shares, carrying what does not divide."""
        numerator = amount * SCALE + self.carry
        self.per_share += numerator // self.shares
        self.carry = numerator % self.shares
        self.booked += amount

    def owed(self, shares: int, checkpoint: int) -> int:
        """`_owed`: what `shares` earned since `checkpoint`; the sub-wei rest joins the carry."""
        scaled = shares * (self.per_share - checkpoint)
        self.carry += scaled % SCALE
        self.paid += scaled // SCALE
        return scaled // SCALE

    @property
    def dust(self) -> int:
        """Booked but never settled (the rounding): it stays in escrow."""
        return self.booked - self.paid

    def pending(self, shares: int, checkpoint: int) -> int:
        """The same amount as `owed`, read only (the contract's views)."""
        return shares * (self.per_share - checkpoint) // SCALE


@dataclass
class Holder:
    """An investor's position once its model succeeded: shares, checkpoint, parked credit."""

    shares: int = 0
    checkpoint: int = 0
    credit: int = 0


@dataclass
class Model:
    """One succeeded model (combination): its pools, its makers' parts and its holders."""

    quotes: tuple[int, ...]
    investors: Pool
    makers: Pool
    holders: dict[str, Holder] = field(default_factory=dict)
    part_checkpoints: list[int] = field(default_factory=list)
    part_paid: list[int] = field(default_factory=list)  # makers' revenue paid, by dimension
    deposited: int = 0  # cumulative revenue booked for the model
    surplus: int = 0  # funding above the cost, booked back to the holders at the close
    closed: bool = False  # the close (base revenue and surplus) is booked
    paid_investors: int = 0

    @property
    def paid_makers(self) -> int:
        return sum(self.part_paid)

    def holder(self, address: str) -> Holder:
        return self.holders.setdefault(address, Holder())


class RevenueModel:
    """Revenue sharing of one project, model by model, to the wei.

    `add_model(combo, quotes, stakes)` when a model succeeds (stakes: each backer's stake from
    ideation and rescue, its shares), `deposit_base(combo, price, orders, surplus)` for its close
    (base revenue and surplus), then mirror every `deposit`, `transfer`, `claim`, `claim_maker`,
    `claim_creator` and `claim_platform`.
    Addresses are compared as given: use one spelling (brownie's checksummed `str(account)`).
    """

    def __init__(self, ratio: Sequence[int] = (3000, 3000, 3000, 1000)) -> None:
        if len(ratio) != 4 or sum(ratio) != BPS:
            raise ValueError(f"a ratio is four bps summing to {BPS}: {ratio}")
        self.ratio: tuple[int, ...] = tuple(ratio)
        self.models: dict[int, Model] = {}
        self.creator_owed = 0
        self.platform_owed = 0
        self.paid_creator = 0
        self.paid_platform = 0

    # ------------------------------------------------------------------ set-up

    def add_model(self, combo: int, quotes: Sequence[int], stakes: Mapping[str, int]) -> Model:
        """Register a succeeded model: makers' quotes by dimension, each investor's shares."""
        if combo in self.models:
            raise ValueError(f"model {combo} already added")
        shares = {address: amount for address, amount in stakes.items() if amount > 0}
        if not quotes or min(quotes) <= 0 or not shares:
            raise ValueError("a model needs positive quotes and at least one investor")
        model = Model(
            quotes=tuple(quotes),
            investors=Pool(shares=sum(shares.values())),
            makers=Pool(shares=sum(quotes)),
            holders={address: Holder(shares=amount) for address, amount in shares.items()},
            part_checkpoints=[0] * len(quotes),
            part_paid=[0] * len(quotes),
        )
        self.models[combo] = model
        return model

    # ------------------------------------------------------------------ actions

    def deposit(self, combo: int, amount: int) -> Split:
        """`_bookRevenue`: book `amount` of revenue for `combo`; returns the split."""
        model = self.models[combo]
        parts = split(amount, self.ratio)
        model.deposited += amount
        self.creator_owed += parts.creator
        self.platform_owed += parts.platform
        model.makers.accrue(parts.makers)
        model.investors.accrue(parts.investors)
        return parts

    def deposit_base(self, combo: int, price: int, orders: int, surplus: int) -> Split:
        """The close of a model that succeeded (`_close`): the base revenue of `orders` sales at
        `price`, split per unit (`_unitSplit`), and the `surplus` (its funding above its cost,
        `ProjectModel.surplus`) given back to the backers. The creator's and the platform's parts
        are booked by the orders themselves on chain, the makers' and the investors' when the
        model closes, the surplus with the investors' part in one accrual
        (`parts.investors + surplus`); all of it is claimable from then, by whoever holds the
        shares at the close. Returns the base revenue's split (the `RevenueDeposited` parts,
        which leave the surplus out)."""
        model = self.models[combo]
        if model.closed:
            raise ValueError(f"model {combo} is closed already")
        if surplus < 0:
            raise ValueError(f"a surplus is funding above the cost, never negative: {surplus}")
        parts = unit_split(price, orders, self.ratio)
        model.closed = True
        model.deposited += price * orders
        model.surplus += surplus
        self.creator_owed += parts.creator
        self.platform_owed += parts.platform
        model.makers.accrue(parts.makers)
        model.investors.accrue(parts.investors + surplus)
        return parts

    def _settle(self, combo: int, address: str) -> Holder:
        """`_settleHolder` without paying: bring the checkpoint up and park what is owed."""
        model = self.models[combo]
        holder = model.holder(address)
        holder.credit += model.investors.owed(holder.shares, holder.checkpoint)
        holder.checkpoint = model.investors.per_share
        return holder

    def transfer(self, combo: int, src: str, dst: str, amount: int) -> None:
        """`moveShares`: settle both holders (credit parked), then move `amount` shares."""
        balance = self.shares_of(combo, src)
        if balance < amount:
            raise InsufficientShares(combo, src, balance, amount)
        seller = self._settle(combo, src)
        if src == dst:
            return
        buyer = self._settle(combo, dst)
        seller.shares -= amount
        buyer.shares += amount

    def claim(self, combo: int, address: str) -> int:
        """`claimRevenue`: pay `address` its revenue and share of the surplus (settled credit
        included)."""
        model = self.models[combo]
        if self.revenue_of(combo, address) == 0:
            raise NothingToClaim(combo, address)  # before settling: a revert changes nothing
        holder = self._settle(combo, address)
        amount, holder.credit = holder.credit, 0
        model.paid_investors += amount
        return amount

    def claim_maker(self, combo: int, dimension: int) -> int:
        """The revenue part of `claimMaker(combo, dimension)` (zero is not an error here: the
        contract's claim may still pay escrow)."""
        model = self.models[combo]
        amount = model.makers.owed(model.quotes[dimension], model.part_checkpoints[dimension])
        model.part_checkpoints[dimension] = model.makers.per_share
        model.part_paid[dimension] += amount
        return amount

    def claim_creator(self, creator: str = "creator") -> int:
        """`claimCreator`: the creator's part of every model's revenue."""
        return self._claim_role("creator", creator)

    def claim_platform(self, treasury: str = "treasury") -> int:
        """`claimPlatform`: the platform's part of every model's revenue."""
        return self._claim_role("platform", treasury)

    def _claim_role(self, role: str, account: str) -> int:
        """Pay `role` ("creator" or "platform") all it is owed; nothing owed is an error."""
        amount = getattr(self, f"{role}_owed")
        if amount == 0:
            raise NothingToClaim(0, account)
        setattr(self, f"{role}_owed", 0)
        setattr(self, f"paid_{role}", getattr(self, f"paid_{role}") + amount)
        return amount

    # ------------------------------------------------------------------ views

    def shares_of(self, combo: int, address: str) -> int:
        holder = self.models[combo].holders.get(address)
        return 0 if holder is None else holder.shares

    def total_shares(self, combo: int) -> int:
        return self.models[combo].investors.shares

    def holders(self, combo: int) -> list[str]:
        """Every address that ever held shares of `combo`."""
        return list(self.models[combo].holders)

    def revenue_of(self, combo: int, address: str) -> int:
        """`revenueOf`: what `claim` would pay now (revenue and surplus)."""
        model = self.models[combo]
        holder = model.holders.get(address)
        if holder is None:
            return 0
        return model.investors.pending(holder.shares, holder.checkpoint) + holder.credit

    def maker_revenue_of(self, combo: int, dimension: int) -> int:
        """The revenue part of `makerOwed(combo, dimension)`."""
        model = self.models[combo]
        return model.makers.pending(model.quotes[dimension], model.part_checkpoints[dimension])

    # ------------------------------------------------------------------ accounting

    def paid(self, combos: Iterable[int] | None = None) -> int:
        """Paid out of revenue sharing: investors (revenue and surplus) and makers (revenue) of
        `combos` (default all), creator, platform."""
        chosen = self.models if combos is None else {c: self.models[c] for c in combos}
        return (
            sum(m.paid_investors + m.paid_makers for m in chosen.values())
            + self.paid_creator
            + self.paid_platform
        )

    def claimable(self) -> int:
        """Everything the views say can be claimed now, by everyone."""
        total = self.creator_owed + self.platform_owed
        for combo, model in self.models.items():
            total += sum(self.revenue_of(combo, address) for address in model.holders)
            total += sum(self.maker_revenue_of(combo, d) for d in range(len(model.quotes)))
        return total

    def deposited(self) -> int:
        """Revenue booked, every model (the surplus is not revenue: see `returned`)."""
        return sum(m.deposited for m in self.models.values())

    def returned(self) -> int:
        """Surplus booked back to the backers at the closes, every model."""
        return sum(m.surplus for m in self.models.values())

    def held(self) -> int:
        """What the project still holds for revenue sharing: revenue and surplus booked, not
        paid (claimable or dust). Once the makers have their quotes, the escrow holds this."""
        return self.deposited() + self.returned() - self.paid()

    def dust(self) -> int:
        """Booked (revenue and surplus) minus paid minus claimable: the rounding held in the
        carries and the holders' sub-wei remainders, which later deposits pay out. Never
        negative."""
        return self.held() - self.claimable()

    def dust_bound(self) -> int:
        """An upper bound on `dust`: per pool, its carry (< shares + settlements * SCALE) plus each
        unsettled holder's sub-wei remainder, in wei, rounded up."""
        bound = 0
        for model in self.models.values():
            for pool, members in (
                (model.investors, len(model.holders)),
                (model.makers, len(model.quotes)),
            ):
                bound += (pool.carry + members * SCALE) // SCALE
        return bound
