# SPDX-License-Identifier: MIT
"""Services scenarios (`format: services`, e.g. scenarios/saturday.yaml): a day of activities,
bookings and a fridge's orders, played on a local chain and in the Python model of
cobuild/model/services.py step by step.

Every step runs in the model and on chain at the same second; the two must agree on success or on
the named error (a step may `expect` one). After every step: each contract's balance is the
model's `held`, and `held == owed + locked` (everything credited plus everything in escrow). At the
end, every actor's balance equals what the model says it paid in and got back, to the wei.

Times are `HH:MM` on the scenario's day (a Saturday: the first one after the chain's clock), or
`sun HH:MM` for the day after. Amounts are in whole units of the payment asset (`0.02`).

The chain is a `ChainPort` (cobuild/chain/port.py; brownie's network by default): the contracts
are deployed from the build's artifacts and every step is one transaction through a `DevSender`
without fees, so an actor's balance moves only by what it pays and gets. No brownie is imported."""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cobuild.chain.actors import DEFAULT_BALANCE, actor_address
from cobuild.chain.port import ChainPort, deploy
from cobuild.chain.rpc import Codec, read_balances
from cobuild.chain.sender import DevSender, Handle, Mined, Tx, TxFailed
from cobuild.model.services import (
    ActivitiesModel,
    BookingsModel,
    MandatesModel,
    Rejected,
)
from cobuild.protocol import DAY, ZERO_ADDRESS
from cobuild.scenario.format import format_of

SATURDAY = 5  # Monday is 0; 1970-01-01 (day 0) was a Thursday
UNIT = 10**18
GAS = 3_000_000  # a step's gas limit (unused gas is not charged, and gas costs nothing here)
CONTRACTS = ("Bookings", "Activities", "DeviceMandates")
COMPLETED = {"confirmed", "released", "arbitrated", "stalled"}
CANCELLED = {"provider_cancelled", "customer_cancelled"}
REFUNDED = {"no_show", "activity_cancelled"}


class ServicesScenarioError(ValueError):
    """The file is not a valid services scenario."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListingSpec(_Strict):
    provider: str
    kind: str
    price: Decimal
    slot_length: str = "2h"
    capacity: int = 1
    release_window: str = "1d"
    cancel_notice: str = "2h"
    fee: int = Field(0, ge=0, le=100, description="late-cancellation fee, percent")
    arbiters: tuple[str, ...] = ()
    quorum: int = 0
    slots: tuple[str, ...]


class ActivitySpec(_Strict):
    organizer: str
    place: str
    starts: str
    capacity: int
    quorum: int
    deposit: Decimal = Decimal(0)
    invite: tuple[str, ...] = ()
    attestation: str = "12h"


class MandateSpec(_Strict):
    owner: str
    device: str
    vendors: tuple[str, ...]
    per_order: Decimal
    per_period: Decimal
    period: str
    window: tuple[str, str]
    budget: Decimal


class ServicesScenario(_Strict):
    name: str
    format: Literal["services"]  # `kind: services` is read as well (the key before issue 34)
    title: str
    token: Literal["ETH", "ERC20"] = "ETH"
    actors: tuple[str, ...]
    listings: dict[str, ListingSpec]
    expect: dict[str, int] = {}
    steps: tuple[dict[str, Any], ...]

    @model_validator(mode="before")
    @classmethod
    def _old_key(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") == "services" and "format" not in data:
            data = {"format": "services", **{k: v for k, v in data.items() if k != "kind"}}
        return data


def _duration(text: str) -> int:
    units = {"s": 1, "m": 60, "h": 3_600, "d": DAY}
    if not text or text[-1] not in units or not text[:-1].isdigit():
        raise ServicesScenarioError(f"bad duration {text!r} (like 90s, 15m, 2h, 7d)")
    return int(text[:-1]) * units[text[-1]]


def load(path: str | Path) -> ServicesScenario:
    """Read and validate a services scenario file."""
    try:
        return ServicesScenario.model_validate(yaml.safe_load(Path(path).read_text()))
    except ValidationError as exc:
        raise ServicesScenarioError(f"{path}: {exc}") from exc


def is_services_file(path: str | Path) -> bool:
    return format_of(yaml.safe_load(Path(path).read_text())) == "services"


@dataclass
class Outcome:
    report: dict[str, Any]
    problems: list[str] = field(default_factory=list)


class ServicesRunner:
    """Plays a `ServicesScenario` on a local chain (`port`, default brownie's network) and in the
    model. Actors are addresses, impersonated on the node."""

    def __init__(self, scenario: ServicesScenario, port: ChainPort | None = None) -> None:
        self.s = scenario
        self.port = port or ChainPort.from_brownie()
        self.rpc = self.port.rpc
        built = {name: self.port.artifact(name) for name in (*CONTRACTS, "TestToken")}
        codec = Codec(*(b.abi for b in built.values()))
        self.sender = DevSender(self.rpc, codec, mine=self.port.mine, fees=False)
        deployer = self.port.accounts()[0]
        self.token: Handle | None = None
        if scenario.token == "ERC20":
            self.token = deploy(self.sender, built["TestToken"], deployer, "Cobuild Dollar", "CBD")
        asset = ZERO_ADDRESS if self.token is None else self.token.address
        self.people = {name: actor_address(f"saturday-{name}") for name in scenario.actors}
        self._fund(list(self.people.values()))
        self.activities = deploy(self.sender, built["Activities"], deployer, asset)
        self.bookings = deploy(
            self.sender, built["Bookings"], deployer, asset, self.activities.address
        )
        self.mandates = deploy(self.sender, built["DeviceMandates"], deployer, asset)
        self.contract_names = {
            self.bookings.address: "Bookings",
            self.activities.address: "Activities",
            self.mandates.address: "DeviceMandates",
        }
        self.m_activities = ActivitiesModel()
        self.m_bookings = BookingsModel(self.m_activities)
        self.m_mandates = MandatesModel()
        self.names: dict[str, int] = {}  # scenario names of listings, activities, bookings, ...
        self.linked: dict[str, list[str]] = {}  # activity -> its bookings' names
        self.counts: Counter = Counter()
        self.errors: Counter = Counter()
        self.mismatches: list[str] = []
        self.solvency_ok = True
        latest = self.sender.now()
        days = latest // DAY + 1  # the next midnight; day d is weekday (d + 3) % 7, Monday 0
        days += (SATURDAY - (days + 3) % 7) % 7
        self.day = days * DAY  # midnight starting a Saturday, after the chain's clock
        self.clock = self.day
        self.start: dict[str, int] = {}

    # ------------------------------------------------------------ plumbing

    def _fund(self, addresses: list[str]) -> None:
        """Impersonate the actors and give each at least `DEFAULT_BALANCE` wei."""
        self.rpc.batch([("anvil_impersonateAccount", [a]) for a in addresses])
        have = read_balances(self.rpc, addresses)
        low = [a for a, b in zip(addresses, have, strict=True) if b < DEFAULT_BALANCE]
        if low:
            self.rpc.batch([("anvil_setBalance", [a, hex(DEFAULT_BALANCE)]) for a in low])

    @property
    def is_eth(self) -> bool:
        return self.token is None

    def balance(self, who: str | Handle) -> int:
        """The ETH or token balance of an actor or a contract."""
        address = who if isinstance(who, str) else who.address
        token = None if self.token is None else self.token.address
        self.sender.flush()
        return read_balances(self.rpc, [address], token)[0]

    def transact(
        self, params: dict[str, Any] | str, contract: Handle, fn: str, *args: Any
    ) -> Mined:
        """Send `contract.fn(*args)` from `params["from"]` (with `params["value"]` wei) and mine
        it; a revert raises `TxFailed` with the decoded error (`Name: args`)."""
        if isinstance(params, str):
            params = {"from": params}
        tx = Tx(
            params["from"],
            contract.address,
            contract.data(fn, *args),
            params.get("value", 0),
            GAS,
            fn,
        )
        self.sender.send(tx)
        (mined,) = self.sender.flush()
        return mined

    def at(self, text: str) -> int:
        day = self.day
        if text.startswith("sun "):
            day, text = day + DAY, text[4:]
        hours, _, minutes = text.partition(":")
        return day + int(hours) * 3_600 + int(minutes or 0) * 60

    def amount(self, value: Decimal) -> int:
        return int(value * UNIT)

    def who(self, name: str) -> str:
        if name not in self.people:
            raise ServicesScenarioError(f"unknown actor {name!r}")
        return self.people[name]

    def pay(self, who: str, contract: Handle, amount: int) -> dict[str, Any]:
        """The parameters of `who` paying `amount` to `contract`: ETH as the value, or a test token
        minted to what `who` lacks and approved to the contract first."""
        if not amount:
            return {"from": who}
        if self.token is None:
            return {"from": who, "value": amount}
        have = self.sender.view(self.token, "balanceOf", who)
        if have < amount:
            self.transact(who, self.token, "mint", who, amount - have)
        if self.sender.view(self.token, "allowance", who, contract.address) < amount:
            self.transact(who, self.token, "approve", contract.address, 2**256 - 1)
        return {"from": who}

    def act(self, label: str, model_action, chain_action, expect: str | None = None) -> Any:
        """Run one step at the next second on chain and in the model; they must agree."""
        self.clock += 1
        t = self.clock
        saved = copy.deepcopy((self.m_activities, self.m_bookings, self.m_mandates))
        try:
            model_action(t)
            predicted = None
        except Rejected as rejected:
            self.m_activities, self.m_bookings, self.m_mandates = saved
            self.m_bookings.activities = self.m_activities
            predicted = rejected.error
        self.rpc.call("evm_setNextBlockTimestamp", [hex(t)])
        result, got = None, None
        try:
            result = chain_action()
        except TxFailed as exc:
            got = exc.reason.split(":")[0]
        if got != predicted:
            self.mismatches.append(f"{label}: chain {got}, model {predicted}")
        if got != expect:
            self.mismatches.append(f"{label}: {got or 'success'}, the scenario expects {expect}")
        if got:
            self.errors[got] += 1
        self._check_solvency()
        return result

    def _check_solvency(self) -> None:
        for contract, model in self._pairs():
            held = self.balance(contract)
            if held != model.ledger.held or held != model.ledger.owed + model.locked():
                self.solvency_ok = False

    def _pairs(self) -> list[tuple[Handle, Any]]:
        return [
            (self.bookings, self.m_bookings),
            (self.activities, self.m_activities),
            (self.mandates, self.m_mandates),
        ]

    # ------------------------------------------------------------ steps

    def play(self) -> dict[str, Any]:
        if not self.is_eth:  # everyone's tokens minted and approved before the day starts
            for who in self.people.values():
                for contract, _ in self._pairs():
                    self.pay(who, contract, 100 * UNIT)
        for name, spec in self.s.listings.items():
            self._listing(name, spec)
        self.start = {n: self.balance(a) for n, a in self.people.items()}
        self.start = {
            n: b - sum(m.ledger.net(self.people[n]) for _, m in self._pairs())
            for n, b in self.start.items()
        }
        for index, step in enumerate(self.s.steps):
            if len(step) != 1:
                raise ServicesScenarioError(f"step {index + 1}: one action per step, got {step}")
            ((action, args),) = step.items()
            handler = getattr(self, f"_step_{action}", None)
            if handler is None:
                raise ServicesScenarioError(f"step {index + 1}: unknown action {action!r}")
            handler(args)
        return self._report()

    def _listing(self, name: str, spec: ListingSpec) -> None:
        provider = self.who(spec.provider)
        arbiters = tuple(self.who(a) for a in spec.arbiters)
        price, slot_length = self.amount(spec.price), _duration(spec.slot_length)
        release, notice = _duration(spec.release_window), _duration(spec.cancel_notice)
        fee = spec.fee * 100
        stall = 3 * DAY if arbiters else 0
        terms = (
            price,
            slot_length,
            spec.capacity,
            release,
            notice,
            fee,
            stall,
            spec.quorum,
            arbiters,
        )
        kind = spec.kind.encode().ljust(32, b"\0")
        starts = [self.at(s) for s in spec.slots]
        listing_id = len(self.m_bookings.listings) + 1
        self.act(
            f"list {name}",
            lambda t: self.m_bookings.create_listing(provider, *terms),
            lambda: self.transact(provider, self.bookings, "createListing", kind, terms),
        )
        self.act(
            f"offer {name}",
            lambda t: self.m_bookings.offer_slots(t, provider, listing_id, starts),
            lambda: self.transact(provider, self.bookings, "offerSlots", listing_id, starts),
        )
        self.names[name] = listing_id

    def _step_time(self, text: str) -> None:
        target = self.at(text)
        if target < self.clock:
            raise ServicesScenarioError(f"time {text} is in the past of the scenario")
        self.clock = target

    def _step_activity(self, args: dict) -> None:
        name = args.pop("name")
        spec = ActivitySpec.model_validate(args)
        organizer = self.who(spec.organizer)
        starts, period = self.at(spec.starts), _duration(spec.attestation)
        deposit = self.amount(spec.deposit)
        invitees = tuple(self.who(i) for i in spec.invite)
        open_ = not invitees
        terms = (starts, period, spec.capacity, spec.quorum, deposit, open_, spec.place)
        self.act(
            f"open {name}",
            lambda t: self.m_activities.open_activity(
                t,
                organizer,
                starts,
                period,
                spec.capacity,
                spec.quorum,
                deposit,
                open_,
                invitees,
            ),
            lambda: self.transact(
                organizer, self.activities, "openActivity", terms, list(invitees)
            ),
        )
        self.names[name] = len(self.m_activities.activities)
        self.counts["activities"] += 1
        self.counts["invitations"] += len(invitees)

    def _step_join(self, args: dict) -> None:
        activity_id = self.names[args["activity"]]
        for name in args["who"]:
            who = self.who(name)
            deposit = self.m_activities.activities[activity_id].deposit
            params = self.pay(who, self.activities, deposit)
            self.act(
                f"{name} joins {args['activity']}",
                lambda t, w=who: self.m_activities.join(t, w, activity_id),
                lambda p=params: self.transact(p, self.activities, "join", activity_id),
                args.get("expect"),
            )
            if not args.get("expect"):
                self.counts["joins"] += 1

    def _step_book(self, args: dict) -> None:
        who, listing_id = self.who(args["who"]), self.names[args["listing"]]
        start = self.at(args["slot"])
        arrive_by = self.at(args["arrive_by"]) if "arrive_by" in args else 0
        activity = args.get("activity")
        activity_id = self.names[activity] if activity else 0
        price = self.m_bookings.listings[listing_id].price
        params = self.pay(who, self.bookings, price)
        self.act(
            f"{args['who']} books {args['listing']}",
            lambda t: self.m_bookings.book(
                t, who, listing_id, start, arrive_by, activity_id, price
            ),
            lambda: self.transact(
                params, self.bookings, "book", listing_id, start, arrive_by, activity_id, price
            ),
            args.get("expect"),
        )
        if not args.get("expect"):
            self.names[args["as"]] = len(self.m_bookings.bookings)
            self.counts["bookings"] += 1
            if activity:
                self.linked.setdefault(activity, []).append(args["as"])

    def _booking_step(
        self, label: str, model_fn, chain_fn: str, args: dict, by: str | None
    ) -> None:
        booking_id = self.names[args["booking"]]
        who = self.who(by) if by else self.people[self.s.actors[0]]
        self.act(
            f"{label} {args['booking']}",
            lambda t: model_fn(t, who, booking_id) if by else model_fn(t, booking_id),
            lambda: self.transact(who, self.bookings, chain_fn, booking_id),
            args.get("expect"),
        )

    def _step_check_in(self, args: dict) -> None:
        b = self.m_bookings
        self._booking_step("check in", b.check_in, "checkIn", args, args["by"])

    def _step_confirm(self, args: dict) -> None:
        b = self.m_bookings
        self._booking_step("confirm", b.confirm, "confirm", args, args["by"])

    def _step_cancel_booking(self, args: dict) -> None:
        b = self.m_bookings
        if args.get("as") == "provider":
            self._booking_step(
                "provider cancels",
                b.cancel_by_provider,
                "cancelByProvider",
                args,
                args["by"],
            )
        else:
            self._booking_step(
                "customer cancels",
                b.cancel_by_customer,
                "cancelByCustomer",
                args,
                args["by"],
            )

    def _step_cancel_activity(self, args: dict) -> None:
        activity_id, who = self.names[args["activity"]], self.who(args["by"])
        self.act(
            f"cancel {args['activity']}",
            lambda t: self.m_activities.cancel(t, who, activity_id),
            lambda: self.transact(who, self.activities, "cancel", activity_id),
            args.get("expect"),
        )

    def _step_refund_linked(self, args: dict) -> None:
        """Pull the refund of every booking linked to the activity, one call each, then once more
        each (refused: exactly once)."""
        for again in (False, True):
            for booking in self.linked.get(args["activity"], []):
                self._booking_step(
                    "refund" + (" again" if again else ""),
                    self.m_bookings.refund_cancelled_activity,
                    "refundCancelledActivity",
                    {"booking": booking, "expect": "WrongBookingStatus" if again else None},
                    None,
                )

    def _step_attend(self, args: dict) -> None:
        activity_id, by = self.names[args["activity"]], self.who(args["by"])
        for name in args["who"]:
            who = self.who(name)
            self.act(
                f"{args['by']} confirms {name} at {args['activity']}",
                lambda t, w=who: self.m_activities.confirm_attendance(t, by, activity_id, w),
                lambda w=who: self.transact(
                    by, self.activities, "confirmAttendance", activity_id, w
                ),
                args.get("expect"),
            )

    def _step_settle(self, args: dict) -> None:
        activity_id = self.names[args["activity"]]
        for name in args["who"]:
            who = self.who(name)
            expect = (
                args.get("expect", {}).get(name) if isinstance(args.get("expect"), dict) else None
            )
            self.act(
                f"{name} settles {args['activity']}",
                lambda t, w=who: self.m_activities.settle_deposit(t, w, activity_id),
                lambda w=who: self.transact(w, self.activities, "settleDeposit", activity_id),
                expect,
            )

    def _step_mandate(self, args: dict) -> None:
        name = args.pop("name")
        spec = MandateSpec.model_validate(args)
        owner, device = self.who(spec.owner), self.who(spec.device)
        vendors = tuple(self.who(v) for v in spec.vendors)
        per_order, per_period = self.amount(spec.per_order), self.amount(spec.per_period)
        period, budget = _duration(spec.period), self.amount(spec.budget)
        window = (self.at(spec.window[0]) - self.day, self.at(spec.window[1]) - self.day)
        terms = (device, per_order, per_period, period, *window)
        params = self.pay(owner, self.mandates, budget)
        self.act(
            f"mandate {name}",
            lambda t: self.m_mandates.create_mandate(
                t,
                owner,
                device,
                per_order,
                per_period,
                period,
                *window,
                vendors,
                budget,
            ),
            lambda: self.transact(
                params, self.mandates, "createMandate", terms, list(vendors), budget
            ),
        )
        self.names[name] = len(self.m_mandates.mandates)

    def _step_order(self, args: dict) -> None:
        mandate_id = self.names[args["mandate"]]
        device, vendor = self.who(args["by"]), self.who(args["vendor"])
        amount, deliver_at = self.amount(Decimal(str(args["amount"]))), self.at(args["deliver"])
        self.act(
            f"{args['by']} orders {args['amount']} from {args['vendor']}",
            lambda t: self.m_mandates.order(t, device, mandate_id, vendor, amount, deliver_at),
            lambda: self.transact(
                device, self.mandates, "order", mandate_id, vendor, amount, deliver_at
            ),
            args.get("expect"),
        )
        if args.get("expect"):
            self.counts["device_orders_refused"] += 1
        else:
            self.counts["device_orders"] += 1
            self.names[args["as"]] = len(self.m_mandates.orders)

    def _order_step(self, label: str, model_fn, chain_fn: str, args: dict, *extra: Any) -> None:
        order_id, who = self.names[args["order"]], self.who(args["by"])
        self.act(
            f"{label} {args['order']} by {args['by']}",
            lambda t: model_fn(t, who, order_id, *extra),
            lambda: self.transact(who, self.mandates, chain_fn, order_id, *extra),
            args.get("expect"),
        )

    def _step_reschedule(self, args: dict) -> None:
        m = self.m_mandates
        self._order_step("reschedule", m.reschedule, "reschedule", args, self.at(args["to"]))

    def _step_deliver(self, args: dict) -> None:
        m = self.m_mandates
        self._order_step("mark delivered", m.mark_delivered, "markDelivered", args)

    def _step_confirm_delivery(self, args: dict) -> None:
        m = self.m_mandates
        self._order_step("confirm delivery", m.confirm_delivery, "confirmDelivery", args)

    def _step_revoke(self, args: dict) -> None:
        mandate_id, who = self.names[args["mandate"]], self.who(args["by"])
        self.act(
            f"revoke {args['mandate']}",
            lambda t: self.m_mandates.revoke(who, mandate_id),
            lambda: self.transact(who, self.mandates, "revoke", mandate_id),
            args.get("expect"),
        )

    def _step_withdraw(self, args: Any) -> None:
        """Everyone owed anything by any contract withdraws it."""
        for name, who in self.people.items():
            for contract, model in self._pairs():
                if model.ledger.credits.get(who, 0):
                    self.act(
                        f"{name} withdraws",
                        lambda t, w=who, m=model: m.ledger.withdraw(w),
                        lambda w=who, c=contract: self.transact(w, c, "withdraw"),
                    )

    # ------------------------------------------------------------ the report

    def _report(self) -> dict[str, Any]:
        settled = self.m_bookings.counts
        money = {}
        for contract, model in self._pairs():
            money[self.contract_names[contract.address]] = {
                "in": model.ledger.money_in,
                "out": model.ledger.money_out,
                "held": self.balance(contract),
                "owed": model.ledger.owed,
                "locked": model.locked(),
            }
        total_in = sum(m["in"] for m in money.values())
        total_out = sum(m["out"] for m in money.values())
        held = sum(m["held"] for m in money.values())
        balances_ok = all(
            self.balance(who) == self.start[name] + sum(m.ledger.net(who) for _, m in self._pairs())
            for name, who in self.people.items()
        )
        counts = {
            "activities": self.counts["activities"],
            "invitations": self.counts["invitations"],
            "joins": self.counts["joins"],
            "bookings": self.counts["bookings"],
            "bookings_completed": sum(settled.get(r, 0) for r in COMPLETED),
            "bookings_cancelled": sum(settled.get(r, 0) for r in CANCELLED),
            "bookings_refunded": sum(settled.get(r, 0) for r in REFUNDED),
            "device_orders": self.counts["device_orders"],
            "device_orders_refused": self.counts["device_orders_refused"],
            "reschedules": self.m_mandates.reschedules,
        }
        invariants = {
            "chain_matches_model": not self.mismatches,
            "conservation": total_in == total_out + held,
            "solvency_after_every_step": self.solvency_ok,
            "balances_to_the_wei": balances_ok,
            "nothing_owed_at_end": all(m["owed"] == 0 for m in money.values()),
        }
        expectations = {
            k: {"expected": v, "actual": counts.get(k), "ok": counts.get(k) == v}
            for k, v in self.s.expect.items()
        }
        return {
            "name": self.s.name,
            "title": self.s.title,
            "token": self.s.token,
            "counts": counts,
            "refused_by_error": dict(self.errors),
            "money": {"in_total": total_in, "out_total": total_out, "held": held} | money,
            "invariants": invariants,
            "mismatches": self.mismatches,
            "expectations": expectations,
        }


def play(path: str | Path, out_dir: str | None = "out", port: ChainPort | None = None) -> Outcome:
    """Play a services scenario on `port` (default: brownie's network); write out/<name>.json;
    the report and its problems."""
    scenario = load(path)
    report = ServicesRunner(scenario, port).play()
    problems = [f"invariant {k} failed" for k, ok in report["invariants"].items() if not ok]
    problems += report["mismatches"]
    problems += [
        f"counts.{k} is {e['actual']}, the scenario expects {e['expected']}"
        for k, e in report["expectations"].items()
        if not e["ok"]
    ]
    if out_dir is not None:
        out = Path(out_dir) / f"{scenario.name}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return Outcome(report, problems)


def summary(report: dict[str, Any]) -> str:
    lines = [f"{report['title']} ({report['token']})"]
    lines += [f"  {k:<24}{v}" for k, v in report["counts"].items()]
    m = report["money"]
    lines.append(f"  money in {m['in_total']} = out {m['out_total']} + held {m['held']}")
    lines += [
        f"  invariant {k:<28}{'ok' if ok else 'FAILED'}" for k, ok in report["invariants"].items()
    ]
    return "\n".join(lines)
