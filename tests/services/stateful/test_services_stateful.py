# SPDX-License-Identifier: MIT
"""Random use of the three services contracts, on chain and in the Python model
(cobuild/model/services.py) side by side.

Hypothesis picks actors and actions: bookings (book, confirm, check in, release, dispute, rule,
stalled split, both cancellations, no-show, linked-activity refund), two activities (a dinner, and
a party a customer organizes 30 days ahead, so that it can cancel it after its own rides: join,
leave, cancel, confirm attendance, settle), the fridge's mandate (order within and outside every
limit, reschedule by the owner and by others, mark delivered, confirm by the owner or the device,
release, the vendor's and the owner's cancel, expire, fund, withdraw budget, revoke, vendor
changes), withdrawals from every contract, and time. Three rules play the attacks of issue 30 in
one step each: a customer books two shuttle rides linked to the party, the slot starts and the
provider checks in for one of them, then the party is cancelled and both linked refunds are pulled;
the fridge orders, the owner removes the grocer (then allows it again) or revokes the fridge's
second mandate, and the fridge confirms the order. After every step:

- the chain's outcome equals the model's: the same custom error, or success;
- each contract's balance equals the model's `held` (conservation: in = out + held);
- `held == owed + locked` (solvency, exactly: credits plus escrow of open bookings, deposits of
  unsettled participants, budgets and open orders);
- every actor's balance equals its start plus what the model says it got back minus what it paid
  (to the wei; the development chain's gas price is zero).

At the end, the attack rules must have met the refusals they play (`AlreadyCheckedIn`,
`ActivityCancelledAfterSlotStart` for the linked refund; `MandateIsRevoked`, `VendorNotAllowed`
for the device's confirmation).

Every step sets the next block's timestamp itself, so the model sees the contract's
`block.timestamp`. Profiles: `ci` (fixed seed) inside `make test`, `deep` (COBUILD_HYPOTHESIS=deep)
in `make security`."""

from __future__ import annotations

import copy
from collections import Counter
from typing import ClassVar

import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from hypothesis_profiles import profile_name, profiles
from services_support import DAY, EVENING, HOUR, E, listing_terms, mandate_terms, now

from cobuild.chain.actors import actor
from cobuild.model.services import ActivitiesModel, BookingsModel, MandatesModel, Rejected

PROFILES = profiles(ci=(20, 40), deep=(100, 60))
GAS = {"gas_limit": 1_500_000}  # sent as is: no estimate against another block's time
PRICES = (E, E + 7, E // 3)
BPS = st.sampled_from([0, 3_333, 5_000, 10_000])
WHO = st.integers(0, 2)
PICK = st.integers(0, 7)  # an existing booking or order (7: one past the last, never made)
STEP = st.sampled_from([60, HOUR, 6 * HOUR, DAY, 3 * DAY])
DEPOSITS = {1: E // 10 + 1, 2: 0}  # the dinner's and the party's
# (rule, outcome) pairs the attack rules must reach in every run
ATTACKS = [
    ("refund_cancelled_activity", "AlreadyCheckedIn"),
    ("refund_cancelled_activity", "ActivityCancelledAfterSlotStart"),
    ("confirm_delivery", "MandateIsRevoked"),
    ("confirm_delivery", "VendorNotAllowed"),
]


def _error(exc: VirtualMachineError) -> str:
    return (exc.revert_msg or "").split(":")[0]


class World:
    """Actors, contracts and the models built once per module (after deployment and setup)."""

    def __init__(self, svc, provider, inspectors, organizer, owner, fridge, vendor, other_vendor):
        self.svc = svc
        self.customers = [actor(f"sm-customer-{i}") for i in range(3)]
        self.provider, self.arbiters = provider, list(inspectors)
        self.organizer, self.owner, self.fridge = organizer, owner, fridge
        self.vendors = [vendor, other_vendor]
        self.everyone = [
            *self.customers,
            provider,
            *inspectors,
            organizer,
            owner,
            fridge,
            vendor,
            other_vendor,
        ]
        self.activities = ActivitiesModel()
        self.bookings = BookingsModel(self.activities)
        self.mandates = MandatesModel()
        t0 = now() + 10
        self.slots = [t0 + DAY, t0 + 2 * DAY, t0 + 3 * DAY]
        b, a, m = svc.bookings, svc.activities, svc.mandates
        paneled = listing_terms(price=PRICES[1], capacity=2, quorum=2, arbiters=self.arbiters)
        b.createListing(b"table", paneled, {"from": provider})
        self.bookings.create_listing(
            provider.address, PRICES[1], 2 * HOUR, 2, DAY, DAY, 2_000, 3 * DAY, 2,
            tuple(a.address for a in self.arbiters),
        )  # fmt: skip
        b.createListing(b"ride", listing_terms(price=PRICES[2], capacity=1), {"from": provider})
        self.bookings.create_listing(provider.address, PRICES[2], 2 * HOUR, 1, DAY, DAY, 2_000)
        # a shuttle with room for everyone: the attack rules' rides are never refused a seat
        b.createListing(b"shuttle", listing_terms(price=PRICES[0], capacity=10), {"from": provider})
        self.bookings.create_listing(provider.address, PRICES[0], 2 * HOUR, 10, DAY, DAY, 2_000)
        for listing_id in (1, 2, 3):
            b.offerSlots(listing_id, self.slots, {"from": provider})
            self.bookings.offer_slots(now(), provider.address, listing_id, self.slots)
        starts = self.slots[1]
        a.openActivity((starts, DAY, 4, 1, DEPOSITS[1], True, "dinner"), [], {"from": organizer})
        self.activities.open_activity(
            now(), organizer.address, starts, DAY, 4, 1, DEPOSITS[1], True
        )
        # a customer's own party, a month ahead: it can cancel it after its rides
        party_at, host = t0 + 30 * DAY, self.customers[0]
        a.openActivity((party_at, DAY, 4, 1, DEPOSITS[2], True, "party"), [], {"from": host})
        self.activities.open_activity(now(), host.address, party_at, DAY, 4, 1, DEPOSITS[2], True)
        params = svc.pay(owner, m, 4 * E)
        for who in self.everyone:  # every actor can pay for anything the machine tries
            svc.pay(who, b, 100 * E), svc.pay(who, a, 100 * E), svc.pay(who, m, 100 * E)
        tx = m.createMandate(
            mandate_terms(fridge, per_order=E, per_period=2 * E), [vendor], 4 * E, params
        )
        created = web3.eth.get_block(tx.block_number)["timestamp"]
        self.mandates.create_mandate(
            created, owner.address, fridge.address, E, 2 * E, 7 * DAY, EVENING, 22 * HOUR,
            (vendor.address,), 4 * E,
        )  # fmt: skip
        # a second mandate of the fridge, for the revocation attack (the first one lives on)
        terms = mandate_terms(fridge, per_order=E, per_period=2 * E)
        tx = m.createMandate(terms, [vendor], E, svc.pay(owner, m, E))
        created = web3.eth.get_block(tx.block_number)["timestamp"]
        self.mandates.create_mandate(
            created, owner.address, fridge.address, E, 2 * E, 7 * DAY, EVENING, 22 * HOUR,
            (vendor.address,), E,
        )  # fmt: skip
        # what each would hold had it paid nothing in yet (the owner funded the mandate)
        models = (self.bookings, self.activities, self.mandates)
        self.start = {
            w.address: svc.balance(w) - sum(m.ledger.net(w.address) for m in models)
            for w in self.everyone
        }
        self.snapshot = web3.provider.make_request("evm_snapshot", [])["result"]
        self.outcomes: Counter = Counter()  # successes and each error, over all examples
        self.reached: Counter = Counter()  # (rule, outcome) of the labelled actions


class ServicesMachine(RuleBasedStateMachine):
    world: ClassVar[World]

    def __init__(self) -> None:
        super().__init__()
        w = self.world
        web3.provider.make_request("evm_revert", [w.snapshot])
        w.snapshot = web3.provider.make_request("evm_snapshot", [])["result"]
        self.w, self.svc = w, w.svc
        self.activities = copy.deepcopy(w.activities)
        self.bookings = copy.deepcopy(w.bookings)
        self.bookings.activities = self.activities
        self.mandates = copy.deepcopy(w.mandates)
        self.clock = now()

    # ------------------------------------------------------------ plumbing

    def act(self, model_action, chain_action, label: str = "") -> None:
        """Run one action at the next second in the model and on chain; both must agree. A
        `label` counts the outcome under the rule's name too."""
        self.clock += 1
        t = self.clock
        saved = (copy.deepcopy(self.activities), copy.deepcopy(self.mandates))
        saved_bookings = copy.deepcopy(self.bookings)
        try:
            model_action(t)
            expected = None
        except Rejected as rejected:
            self.activities, self.mandates = saved
            self.bookings = saved_bookings
            self.bookings.activities = self.activities
            expected = rejected.error
        web3.provider.make_request("evm_setNextBlockTimestamp", [t])
        try:
            chain_action()
            got = None
        except VirtualMachineError as exc:
            got = _error(exc)
        assert got == expected, f"chain: {got}, model: {expected}"
        self.w.outcomes[expected or "ok"] += 1
        if label:
            self.w.reached[(label, expected or "ok")] += 1

    def p(self, who, value: int = 0) -> dict:
        """Transaction parameters; `value` is sent only by an ETH deployment (a token deployment
        pulls what it was approved for at setup)."""
        # the nonce from the chain: brownie's own count does not know about the raw evm_revert
        params = {"from": who, "nonce": web3.eth.get_transaction_count(who.address)} | GAS
        if value and self.svc.money.is_eth:
            params["value"] = value
        return params

    @staticmethod
    def pick(made: dict, i: int) -> int:
        """Mostly one of the ids made so far; 7 is the next id, which does not exist yet."""
        return len(made) + 1 if i == 7 or not made else i % len(made) + 1

    def customer(self, i: int):
        return self.w.customers[i]

    # ------------------------------------------------------------ time

    @rule(seconds=STEP)
    def wait(self, seconds: int) -> None:
        self.clock += seconds

    # ------------------------------------------------------------ bookings

    @rule(who=WHO, listing=st.integers(1, 2), slot=st.integers(0, 2), link=st.integers(0, 2))
    def book(self, who, listing, slot, link) -> None:
        c, start = self.customer(who), self.w.slots[slot]
        price = self.bookings.listings[listing].price
        activity = link  # 0: none, 1: the dinner, 2: the party
        self.act(
            lambda t: self.bookings.book(t, c.address, listing, start, 0, activity, price),
            lambda: self.svc.bookings.book(listing, start, 0, activity, price, self.p(c, price)),
        )

    @rule(who=WHO, pick=PICK)
    def confirm(self, who, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        c = self.customer(who)
        self.act(
            lambda t: self.bookings.confirm(t, c.address, booking),
            lambda: self.svc.bookings.confirm(booking, self.p(c)),
        )

    @rule(pick=PICK)
    def check_in(self, pick) -> None:
        self._check_in(self.pick(self.bookings.bookings, pick))

    def _check_in(self, booking: int) -> None:
        pv = self.w.provider
        self.act(
            lambda t: self.bookings.check_in(t, pv.address, booking),
            lambda: self.svc.bookings.checkIn(booking, self.p(pv)),
        )

    @rule(pick=PICK)
    def release(self, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        self.act(
            lambda t: self.bookings.release(t, booking),
            lambda: self.svc.bookings.release(booking, self.p(self.w.organizer)),
        )

    @rule(who=WHO, pick=PICK)
    def dispute(self, who, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        c = self.customer(who)
        self.act(
            lambda t: self.bookings.dispute(t, c.address, booking),
            lambda: self.svc.bookings.dispute(booking, self.p(c)),
        )

    @rule(arbiter=WHO, pick=PICK, bps=BPS)
    def rule_(self, arbiter, pick, bps) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        a = self.w.arbiters[arbiter]
        self.act(
            lambda t: self.bookings.rule(t, a.address, booking, bps),
            lambda: self.svc.bookings.rule(booking, bps, self.p(a)),
        )

    @rule(pick=PICK)
    def settle_stalled(self, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        self.act(
            lambda t: self.bookings.settle_stalled(t, booking),
            lambda: self.svc.bookings.settleStalled(booking, self.p(self.w.owner)),
        )

    @rule(pick=PICK)
    def cancel_by_provider(self, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        pv = self.w.provider
        self.act(
            lambda t: self.bookings.cancel_by_provider(t, pv.address, booking),
            lambda: self.svc.bookings.cancelByProvider(booking, self.p(pv)),
        )

    @rule(who=WHO, pick=PICK)
    def cancel_by_customer(self, who, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        c = self.customer(who)
        self.act(
            lambda t: self.bookings.cancel_by_customer(t, c.address, booking),
            lambda: self.svc.bookings.cancelByCustomer(booking, self.p(c)),
        )

    @rule(pick=PICK)
    def claim_no_show(self, pick) -> None:
        booking = self.pick(self.bookings.bookings, pick)
        self.act(
            lambda t: self.bookings.claim_no_show(t, booking),
            lambda: self.svc.bookings.claimNoShow(booking, self.p(self.w.owner)),
        )

    @rule(pick=PICK)
    def refund_cancelled_activity(self, pick) -> None:
        self._refund_cancelled_activity(self.pick(self.bookings.bookings, pick))

    def _refund_cancelled_activity(self, booking: int) -> None:
        self.act(
            lambda t: self.bookings.refund_cancelled_activity(t, booking),
            lambda: self.svc.bookings.refundCancelledActivity(booking, self.p(self.w.owner)),
            "refund_cancelled_activity",
        )

    @rule(who=WHO, listing=st.integers(1, 2), slot=st.integers(0, 2))
    def book_unlinked(self, who, listing, slot) -> None:
        self.book(who, listing, slot, 0)

    @rule(who=WHO)
    def rides_then_cancel_their_activity(self, who) -> None:
        """Issue 30's first attack in one step: a customer joins the party and books two rides of
        the next slot linked to it; the slot starts and the provider checks in for the first ride
        only; then the party's host cancels the party and both linked refunds are pulled."""
        ahead = [i for i, start in enumerate(self.w.slots) if start > self.clock + 4]
        slot = ahead[0] if ahead else 0
        self.join(who, 2)
        self.book(who, 3, slot, 2)
        ridden = len(self.bookings.bookings)
        self.book(who, 3, slot, 2)
        missed = len(self.bookings.bookings)
        self.clock = max(self.clock, self.w.slots[slot] + 60)
        self._check_in(ridden)
        self.cancel_activity(2, True, 0)
        self._refund_cancelled_activity(ridden)
        self._refund_cancelled_activity(missed)

    # ------------------------------------------------------------ the activity

    @rule(who=WHO, activity=st.integers(1, 2))
    def join(self, who, activity) -> None:
        c = self.customer(who)
        self.act(
            lambda t: self.activities.join(t, c.address, activity),
            lambda: self.svc.activities.join(activity, self.p(c, DEPOSITS[activity])),
        )

    @rule(who=WHO, activity=st.integers(1, 2))
    def leave(self, who, activity) -> None:
        c = self.customer(who)
        self.act(
            lambda t: self.activities.leave(t, c.address, activity),
            lambda: self.svc.activities.leave(activity, self.p(c)),
        )

    @rule(activity=st.integers(1, 2), by_organizer=st.booleans(), chance=st.integers(0, 5))
    def cancel_activity(self, activity, by_organizer, chance) -> None:
        if chance:  # rarely: a cancelled activity closes most of the activity's paths
            return
        organizer = self.w.organizer if activity == 1 else self.customer(0)
        who = organizer if by_organizer else self.customer(1)
        self.act(
            lambda t: self.activities.cancel(t, who.address, activity),
            lambda: self.svc.activities.cancel(activity, self.p(who)),
        )

    @rule(by=WHO, who=WHO)
    def confirm_attendance(self, by, who) -> None:
        b, c = self.customer(by), self.customer(who)
        self.act(
            lambda t: self.activities.confirm_attendance(t, b.address, 1, c.address),
            lambda: self.svc.activities.confirmAttendance(1, c, self.p(b)),
        )

    @rule(who=WHO)
    def settle_deposit(self, who) -> None:
        c = self.customer(who)
        self.act(
            lambda t: self.activities.settle_deposit(t, c.address, 1),
            lambda: self.svc.activities.settleDeposit(1, self.p(c)),
        )

    # ------------------------------------------------------------ the fridge

    @rule(
        vendor=st.integers(0, 1),
        amount=st.sampled_from([1, E // 2, E, E + 1]),
        day=st.integers(0, 2),
        hour=st.sampled_from([12, 18, 21, 22]),
        device=st.booleans(),
    )
    def order(self, vendor, amount, day, hour, device) -> None:
        self._order(1, vendor, amount, day, hour, device)

    def _order(self, mandate: int, vendor: int, amount: int, day: int, hour: int, device: bool):
        v = self.w.vendors[vendor]
        who = self.w.fridge if device else self.w.owner
        at = self.clock - self.clock % DAY + day * DAY + hour * HOUR + 600
        self.act(
            lambda t: self.mandates.order(t, who.address, mandate, v.address, amount, at),
            lambda: self.svc.mandates.order(mandate, v, amount, at, self.p(who)),
        )

    @rule(pick=PICK, day=st.integers(0, 2), hour=st.sampled_from([19, 23]), owner=st.booleans())
    def reschedule(self, pick, day, hour, owner) -> None:
        order = self.pick(self.mandates.orders, pick)
        who = self.w.owner if owner else self.w.fridge
        at = self.clock - self.clock % DAY + day * DAY + hour * HOUR
        self.act(
            lambda t: self.mandates.reschedule(t, who.address, order, at),
            lambda: self.svc.mandates.reschedule(order, at, self.p(who)),
        )

    @rule(pick=PICK)
    def mark_delivered(self, pick) -> None:
        order = self.pick(self.mandates.orders, pick)
        v = self.w.vendors[0]
        self.act(
            lambda t: self.mandates.mark_delivered(t, v.address, order),
            lambda: self.svc.mandates.markDelivered(order, self.p(v)),
        )

    @rule(pick=PICK, device=st.booleans())
    def confirm_delivery(self, pick, device) -> None:
        self._confirm_delivery(self.pick(self.mandates.orders, pick), device)

    def _confirm_delivery(self, order: int, device: bool) -> None:
        who = self.w.fridge if device else self.w.owner
        self.act(
            lambda t: self.mandates.confirm_delivery(t, who.address, order),
            lambda: self.svc.mandates.confirmDelivery(order, self.p(who)),
            "confirm_delivery",
        )

    @rule(pick=PICK, owner=st.booleans())
    def cancel_by_owner(self, pick, owner) -> None:
        order = self.pick(self.mandates.orders, pick)
        who = self.w.owner if owner else self.w.vendors[0]
        self.act(
            lambda t: self.mandates.cancel_by_owner(t, who.address, order),
            lambda: self.svc.mandates.cancelByOwner(order, self.p(who)),
        )

    @rule()
    def device_confirms_for_a_removed_vendor(self) -> None:
        """Issue 30's second attack, before revocation: the device orders from the grocer, the
        owner removes the grocer and the device confirms the order; then the owner allows the
        grocer again."""
        self._order(1, 0, 1, 1, 18, True)
        self.set_vendor(0, False)
        self._confirm_delivery(len(self.mandates.orders), True)
        self.set_vendor(0, True)

    @rule()
    def revoked_device_confirms(self) -> None:
        """Issue 30's second attack, on the fridge's second mandate: the fridge orders, the owner
        revokes the mandate, and the fridge confirms the order."""
        self._order(2, 0, 1, 1, 18, True)
        self._revoke(2)
        self._confirm_delivery(len(self.mandates.orders), True)

    @rule(pick=PICK)
    def release_order(self, pick) -> None:
        order = self.pick(self.mandates.orders, pick)
        self.act(
            lambda t: self.mandates.release(t, order),
            lambda: self.svc.mandates.release(order, self.p(self.w.organizer)),
        )

    @rule(pick=PICK, vendor=st.integers(0, 1))
    def cancel_order(self, pick, vendor) -> None:
        order = self.pick(self.mandates.orders, pick)
        v = self.w.vendors[vendor]
        self.act(
            lambda t: self.mandates.cancel_order(t, v.address, order),
            lambda: self.svc.mandates.cancelOrder(order, self.p(v)),
        )

    @rule(pick=PICK)
    def expire(self, pick) -> None:
        order = self.pick(self.mandates.orders, pick)
        self.act(
            lambda t: self.mandates.expire(t, order),
            lambda: self.svc.mandates.expire(order, self.p(self.w.organizer)),
        )

    @rule(amount=st.sampled_from([0, E // 2, E]))
    def fund(self, amount) -> None:
        o = self.w.owner
        self.act(
            lambda t: self.mandates.fund(o.address, 1, amount),
            lambda: self.svc.mandates.fund(1, amount, self.p(o, amount)),
        )

    @rule(amount=st.sampled_from([0, E // 2, 5 * E]))
    def withdraw_budget(self, amount) -> None:
        o = self.w.owner
        self.act(
            lambda t: self.mandates.withdraw_budget(o.address, 1, amount),
            lambda: self.svc.mandates.withdrawBudget(1, amount, self.p(o)),
        )

    @rule(allowed=st.booleans())
    def set_other_vendor(self, allowed) -> None:
        self.set_vendor(1, allowed)

    def set_vendor(self, vendor: int, allowed: bool) -> None:
        o, v = self.w.owner, self.w.vendors[vendor]
        self.act(
            lambda t: self.mandates.set_vendor(o.address, 1, v.address, allowed),
            lambda: self.svc.mandates.setVendor(1, v, allowed, self.p(o)),
        )

    @rule()
    def revoke(self) -> None:
        self._revoke(1)

    def _revoke(self, mandate: int) -> None:
        o = self.w.owner
        self.act(
            lambda t: self.mandates.revoke(o.address, mandate),
            lambda: self.svc.mandates.revoke(mandate, self.p(o)),
        )

    # ------------------------------------------------------------ withdrawals

    @rule(who=st.integers(0, 11), contract=st.sampled_from(["bookings", "activities", "mandates"]))
    def withdraw(self, who, contract) -> None:
        account = self.w.everyone[who]
        model = getattr(self, contract)
        self.act(
            lambda t: model.ledger.withdraw(account.address),
            lambda: getattr(self.svc, contract).withdraw(self.p(account)),
        )

    # ------------------------------------------------------------ invariants

    @invariant()
    def conservation_and_solvency(self) -> None:
        names = ("bookings", "activities", "mandates")
        balances = self.svc.money.balances([getattr(self.svc, name) for name in names])
        for name, held in zip(names, balances, strict=True):
            model = getattr(self, name)
            assert held == model.ledger.held, name
            assert held == model.ledger.owed + model.locked(), name

    @invariant()
    def every_balance_to_the_wei(self) -> None:
        balances = self.svc.money.balances(self.w.everyone)  # one request for all
        for w, balance in zip(self.w.everyone, balances, strict=True):
            net = sum(
                m.ledger.net(w.address) for m in (self.bookings, self.activities, self.mandates)
            )
            assert balance == self.w.start[w.address] + net, w


@pytest.fixture(scope="module")
def world(svc, provider, inspectors, organizer, owner, fridge, vendor, other_vendor):
    return World(svc, provider, inspectors, organizer, owner, fridge, vendor, other_vendor)


def test_services_match_the_model(world):
    ServicesMachine.world = world
    profile = PROFILES[profile_name()]
    run_state_machine_as_test(ServicesMachine, settings=profile)
    print(f"\nservices machine outcomes: {dict(world.outcomes)}")
    print(f"services machine attacks: {[(a, world.reached[a]) for a in ATTACKS]}")
    # the examples reached the money paths, not only refusals, and the attacks' refusals
    assert world.outcomes["ok"] >= profile.max_examples * 3, world.outcomes
    assert all(world.reached[attack] for attack in ATTACKS), world.reached
