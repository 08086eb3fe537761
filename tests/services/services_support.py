# SPDX-License-Identifier: MIT
"""Helpers of the services tests: the deployed contracts, terms with defaults, time, checks of a
custom error by name, and `Twin`, which plays the contracts and their Python model side by side."""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError

from cobuild.chain.lifecycle import sleep_until
from cobuild.chain.money import Money
from cobuild.model.services import (
    ActivitiesModel,
    BookingsModel,
    Ledger,
    MandatesModel,
    Rejected,
)

E = 10**18
HOUR = 3_600
DAY = 86_400
ZERO = "0x" + "0" * 40
EVENING = 18 * HOUR  # the fridge's delivery window: 18:00 to 22:00 UTC
NIGHT = 22 * HOUR


@dataclass
class Services:
    money: Money
    activities: Any
    bookings: Any
    mandates: Any

    def pay(self, who: Any, contract: Any, amount: int) -> dict:
        """Transaction parameters for `who` paying `amount` into `contract`."""
        return self.money.pay(who, contract, amount)

    def balance(self, who: Any) -> int:
        return self.money.balance(who)

    def withdraw_all(self, contract: Any, who: Any) -> int:
        """Withdraw `who`'s credit from `contract`; the amount its balance rose by (gas aside)."""
        owed = contract.creditOf(who)
        before = self.balance(who)
        tx = contract.withdraw({"from": who})
        assert tx.return_value == owed
        fee = tx.gas_used * tx.gas_price if self.money.is_eth else 0
        assert self.balance(who) - before + fee == owed
        assert contract.creditOf(who) == 0
        return owed


def now() -> int:
    return web3.eth.get_block("latest")["timestamp"]


def at(timestamp: int) -> None:
    """Mine the next block at `timestamp` (or later if the chain is past it)."""
    sleep_until(timestamp)


def next_time_of_day(after: int, seconds: int) -> int:
    """The first timestamp after `after` whose time of day (UTC) is `seconds`."""
    day = after - after % DAY
    t = day + seconds
    return t if t > after else t + DAY


@contextmanager
def rejects(error: str, *args: object):
    """The call inside reverts with custom error `error` (and these arguments, when given)."""
    with pytest.raises(VirtualMachineError) as caught:
        yield
    message = caught.value.revert_msg or ""
    assert message.split(":")[0] == error, message
    if args:
        from hostile_actor import revert_text

        assert message == revert_text(error, *args), message


def rejects_unknown(error: str, unknown_id: int, sender: Any, *methods: Any) -> None:
    """Each of `methods` (transactions and views alike) reverts with `error` when called by
    `sender` on `unknown_id`, an id never made."""
    for method in methods:
        with rejects(error, unknown_id):
            method(unknown_id, {"from": sender})


def listing_terms(
    price: int = E,
    slot_length: int = 2 * HOUR,
    capacity: int = 1,
    release_window: int = DAY,
    cancel_notice: int = DAY,
    fee_bps: int = 2_000,
    arbitration: int = 3 * DAY,
    quorum: int = 0,
    arbiters: tuple = (),
) -> tuple:
    """`IBookings.ListingTerms`, defaults: 1 unit, two-hour slots of one, a day's release window
    and free-cancellation notice, a 20 % late fee, no arbiters."""
    return (
        price,
        slot_length,
        capacity,
        release_window,
        cancel_notice,
        fee_bps,
        arbitration,
        quorum,
        [str(a) for a in arbiters],
    )


def new_listing(svc: Services, provider: Any, starts: list[int], **terms: Any) -> int:
    """A listing by `provider` offering slots `starts`; its id."""
    tx = svc.bookings.createListing(b"ride", listing_terms(**terms), {"from": provider})
    listing_id = tx.return_value
    svc.bookings.offerSlots(listing_id, starts, {"from": provider})
    return listing_id


def book(
    svc: Services, customer: Any, listing_id: int, start: int, arrive_by: int = 0, activity: int = 0
):
    """`customer` books slot `start` of `listing_id` at its current price; the booking id."""
    price = svc.bookings.listing(listing_id)[2][0]
    params = svc.pay(customer, svc.bookings, price)
    tx = svc.bookings.book(listing_id, start, arrive_by, activity, price, params)
    return tx.return_value


def activity_terms(
    starts_at: int,
    capacity: int = 5,
    quorum: int = 2,
    deposit: int = E // 10,
    open_: bool = True,
    attestation: int = DAY,
    place: str = "the lake",
) -> tuple:
    """`IActivities.ActivityTerms`."""
    return (starts_at, attestation, capacity, quorum, deposit, open_, place)


def open_activity(svc: Services, organizer: Any, starts_at: int, invitees=(), **terms: Any) -> int:
    tx = svc.activities.openActivity(
        activity_terms(starts_at, **terms), [str(i) for i in invitees], {"from": organizer}
    )
    return tx.return_value


def join(svc: Services, who: Any, activity_id: int) -> None:
    deposit = svc.activities.activity(activity_id)["deposit"]
    params = svc.pay(who, svc.activities, deposit) if deposit else {"from": who}
    svc.activities.join(activity_id, params)


def mandate_terms(
    device: Any,
    per_order: int = E,
    per_period: int = 3 * E,
    period: int = 7 * DAY,
    window: tuple[int, int] = (EVENING, NIGHT),
) -> tuple:
    """`IDeviceMandates.MandateTerms`: by default 1 per order, 3 a week, delivered 18:00-22:00."""
    return (str(device), per_order, per_period, period, window[0], window[1])


def new_mandate(svc: Services, owner: Any, device: Any, vendors=(), budget: int = 5 * E, **terms):
    params = svc.pay(owner, svc.mandates, budget) if budget else {"from": owner}
    tx = svc.mandates.createMandate(
        mandate_terms(device, **terms), [str(v) for v in vendors], budget, params
    )
    return tx.return_value


# ---------------------------------------------------------------- chain and model side by side

GAS = {"gas_limit": 1_500_000}  # sent as is: no gas estimate against another block's time


@dataclass
class Models:
    """The models of the three contracts, linked as the contracts are (bookings read activities)."""

    activities: ActivitiesModel = field(default_factory=ActivitiesModel)
    mandates: MandatesModel = field(default_factory=MandatesModel)
    bookings: BookingsModel = field(init=False)

    def __post_init__(self) -> None:
        self.bookings = BookingsModel(self.activities)

    def copy(self) -> Models:
        """An independent copy (the link from bookings to activities is kept)."""
        return copy.deepcopy(self)

    def ledgers(self) -> tuple[Ledger, Ledger, Ledger]:
        return self.bookings.ledger, self.activities.ledger, self.mandates.ledger

    def position(self, who: Any) -> int:
        """What `who` got back or is owed by the three contracts, minus what it paid into them:
        how much richer (or poorer) the services left it."""
        address = who if isinstance(who, str) else who.address
        return sum(book.credits.get(address, 0) + book.net(address) for book in self.ledgers())


class Twin:
    """The services contracts of `svc` and their model (`cobuild/model/services.py`), played side
    by side: each action runs in the model and on chain at the same second (the next block's
    timestamp is set), both must agree on success or on the custom error's name, and after each
    action every contract's balance and every credit on chain equal the model's, to the wei.
    An action that a test expects to be refused names the error (`expect=`)."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc
        self.model = Models()
        self.clock = now()

    # ------------------------------------------------------------ plumbing

    def at(self, timestamp: int) -> None:
        """The next action happens at `timestamp` (or at once, if the chain is already past it)."""
        self.clock = max(self.clock, timestamp - 1)

    def act(
        self,
        model_action: Callable[[Models, int], object],
        chain_action: Callable[[], object],
        expect: str | None = None,
    ) -> str | None:
        """Run `model_action(model, t)` and `chain_action()` (one transaction) at second `t`; both
        must succeed, or fail with the same custom error, which must be `expect`."""
        t = max(self.clock, now()) + 1
        saved = self.model.copy()
        try:
            model_action(self.model, t)
            predicted = None
        except Rejected as rejected:
            self.model = saved
            predicted = rejected.error
        web3.provider.make_request("evm_setNextBlockTimestamp", [t])
        try:
            chain_action()
            got = None
        except VirtualMachineError as exc:
            got = (exc.revert_msg or "").split(":")[0]
        self.clock = t
        assert got == predicted, f"chain: {got or 'success'}, model: {predicted or 'success'}"
        assert got == expect, f"{got or 'success'}, the test expects {expect or 'success'}"
        self.check()
        return got

    def params(self, who: Any, contract: Any = None, amount: int = 0) -> dict:
        """Transaction parameters of `who`, paying `amount` into `contract` (tokens minted and
        approved now, before the action's block)."""
        if amount:
            return self.svc.pay(who, contract, amount) | GAS
        return {"from": who} | GAS

    def check(self) -> None:
        """Every contract holds what its model holds, and every account the model knows is owed
        on chain exactly what the model says."""
        svc, m = self.svc, self.model
        pairs = ((svc.bookings, m.bookings), (svc.activities, m.activities))
        pairs += ((svc.mandates, m.mandates),)
        held = svc.money.balances([contract for contract, _ in pairs])
        for (contract, model), balance in zip(pairs, held, strict=True):
            ledger = model.ledger
            assert balance == ledger.held == ledger.owed + model.locked(), contract._name
            for who in sorted(set(ledger.credits) | set(ledger.paid_in)):
                assert contract.creditOf(who) == ledger.credits.get(who, 0), (contract._name, who)

    # ------------------------------------------------------------ bookings

    def listing(self, provider: Any, starts: list[int], expect: str | None = None, **terms) -> int:
        """A listing by `provider` (terms as `listing_terms`) offering slots `starts`; its id."""
        t = listing_terms(**terms)
        listing_id = len(self.model.bookings.listings) + 1
        if self.act(
            lambda m, _: m.bookings.create_listing(str(provider), *t[:8], tuple(t[8])),
            lambda: self.svc.bookings.createListing(b"ride", t, self.params(provider)),
            expect,
        ):
            return 0
        self.act(
            lambda m, now_: m.bookings.offer_slots(now_, str(provider), listing_id, starts),
            lambda: self.svc.bookings.offerSlots(listing_id, starts, self.params(provider)),
        )
        return listing_id

    def book(self, customer: Any, listing_id: int, start: int, activity: int = 0) -> int:
        """`customer` books slot `start` at the listing's price; the booking's id."""
        price = self.model.bookings.listings[listing_id].price
        params = self.params(customer, self.svc.bookings, price)
        self.act(
            lambda m, t: m.bookings.book(t, str(customer), listing_id, start, 0, activity, price),
            lambda: self.svc.bookings.book(listing_id, start, 0, activity, price, params),
        )
        return len(self.model.bookings.bookings)

    def booking_call(self, name: str, who: Any, booking_id: int, *args: Any, **kw: Any):
        """`Bookings.<name>(booking_id, *args)` sent by `who`, against the model's method of the
        same name in snake case (given the caller when the contract checks it)."""
        method = _snake(name)
        anyone = method in {"release", "claim_no_show", "settle_stalled"}
        anyone |= method == "refund_cancelled_activity"

        def model_action(m: Models, t: int) -> None:
            fn = getattr(m.bookings, method)
            if anyone:
                fn(t, booking_id, *args)
            else:
                fn(t, str(who), booking_id, *args)

        chain = getattr(self.svc.bookings, name)
        return self.act(model_action, lambda: chain(booking_id, *args, self.params(who)), **kw)

    # ------------------------------------------------------------ activities

    def open_activity(self, organizer: Any, starts_at: int, **terms: Any) -> int:
        """An open activity of `organizer` (terms as `activity_terms`); its id."""
        t = activity_terms(starts_at, **terms)
        self.act(
            lambda m, now_: m.activities.open_activity(now_, str(organizer), *t[:6]),
            lambda: self.svc.activities.openActivity(t, [], self.params(organizer)),
        )
        return len(self.model.activities.activities)

    def join(self, who: Any, activity_id: int) -> None:
        deposit = self.model.activities.activities[activity_id].deposit
        params = self.params(who, self.svc.activities, deposit)
        self.act(
            lambda m, t: m.activities.join(t, str(who), activity_id),
            lambda: self.svc.activities.join(activity_id, params),
        )

    def cancel_activity(self, organizer: Any, activity_id: int, **kw: Any) -> None:
        self.act(
            lambda m, t: m.activities.cancel(t, str(organizer), activity_id),
            lambda: self.svc.activities.cancel(activity_id, self.params(organizer)),
            **kw,
        )

    # ------------------------------------------------------------ device mandates

    def mandate(
        self, owner: Any, device: Any, vendors: list[Any], budget: int, expect: str | None = None
    ) -> int:
        """A mandate (terms as `mandate_terms`' defaults) of `owner` to `device`; its id."""
        t = mandate_terms(device)
        listed = [str(v) for v in vendors]
        params = self.params(owner, self.svc.mandates, budget)
        self.act(
            lambda m, now_: m.mandates.create_mandate(now_, str(owner), *t, tuple(listed), budget),
            lambda: self.svc.mandates.createMandate(t, listed, budget, params),
            expect,
        )
        return len(self.model.mandates.mandates)

    def order(self, device: Any, mandate_id: int, vendor: Any, amount: int, at_: int) -> int:
        self.act(
            lambda m, t: m.mandates.order(t, str(device), mandate_id, str(vendor), amount, at_),
            lambda: self.svc.mandates.order(mandate_id, vendor, amount, at_, self.params(device)),
        )
        return len(self.model.mandates.orders)

    def mandate_call(self, name: str, who: Any, key: int, *args: Any, **kw: Any):
        """`DeviceMandates.<name>(key, *args)` sent by `who` (an order's or a mandate's id),
        against the model's method of the same name in snake case."""
        method = _snake(name)
        timeless = method in {"set_vendor", "revoke", "withdraw_budget", "fund"}
        anyone = method in {"release", "expire"}

        def model_action(m: Models, t: int) -> None:
            fn = getattr(m.mandates, method)
            if timeless:
                fn(str(who), key, *args)
            elif anyone:
                fn(t, key, *args)
            else:
                fn(t, str(who), key, *args)

        chain = getattr(self.svc.mandates, name)
        return self.act(model_action, lambda: chain(key, *args, self.params(who)), **kw)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
