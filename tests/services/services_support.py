"""Helpers of the services tests: the deployed contracts, terms with defaults, time, and checks
of a custom error by name."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError

from cobuild.chain.lifecycle import sleep_until
from cobuild.chain.money import Money

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
