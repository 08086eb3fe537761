# SPDX-License-Identifier: MIT
"""The services' gas, measured by `make bench` next to a bare escrow deployed in the same run
(contracts/bench/BareEscrow.sol): book and device order against a bare deposit naming its
payee; confirm, cancel, refund and reschedule against the bare release (a credit); a withdrawal
against the bare withdrawal. Each measured action is the second of its kind (counters and the
payee's credit are already non-zero, as on a live deployment), in ETH. Target: each at most 1.5x
its anchor, except where a safety property costs more: the action's own target says which."""

from __future__ import annotations

from typing import Any

from brownie import Activities, BareEscrow, Bookings, DeviceMandates, web3

from cobuild.protocol import DAY, HOUR

E = 10**18
ZERO = "0x" + "0" * 40
TARGET = 1.5
# action -> (its target, the safety property that costs the gas above TARGET)
EXCEPTIONS: dict[str, tuple[float, str]] = {
    "refund": (
        1.65,
        "a linked refund before the slot frees the seat (a customer cannot block a slot's seats"
        " through its own cancelled activity, docs/security.md): one more storage write, ~5k",
    ),
}

# action -> the anchor it is compared with
SERVICE_ACTIONS: dict[str, str] = {
    "book": "escrow_deposit",
    "confirm": "escrow_release",
    "cancel": "escrow_release",
    "refund": "escrow_release",
    "device_order": "escrow_deposit",
    "reschedule": "escrow_release",
    "withdraw": "escrow_withdraw",
}


def _now() -> int:
    return web3.eth.get_block("latest")["timestamp"]


def measure_anchors(users: list[Any]) -> dict[str, int]:
    escrow = BareEscrow.deploy({"from": users[0]})
    escrow.deposit(users[1], {"from": users[0], "value": E})
    deposit = escrow.deposit(users[1], {"from": users[0], "value": E})
    escrow.release(1, {"from": users[0]})
    release = escrow.release(2, {"from": users[0]})
    escrow.deposit(users[1], {"from": users[0], "value": E})
    escrow.release(3, {"from": users[0]})
    withdraw = escrow.withdraw({"from": users[1]})
    return {
        "escrow_deposit": deposit.gas_used,
        "escrow_release": release.gas_used,
        "escrow_withdraw": withdraw.gas_used,
    }


def measure_actions(users: list[Any]) -> dict[str, int]:
    deployer, provider, customer, organizer, owner, fridge, vendor = users[:7]
    activities = Activities.deploy(ZERO, {"from": deployer})
    bookings = Bookings.deploy(ZERO, activities, {"from": deployer})
    mandates = DeviceMandates.deploy(ZERO, {"from": deployer})
    gas: dict[str, int] = {}

    start = _now() + 3 * DAY
    terms = (E, 2 * HOUR, 10, DAY, DAY, 2_000, 3 * DAY, 0, [])
    bookings.createListing(b"ride", terms, {"from": provider})
    bookings.offerSlots(1, [start], {"from": provider})
    starts = start - HOUR
    activities.openActivity((starts, DAY, 5, 2, 0, True, "dinner"), [], {"from": organizer})
    activities.join(1, {"from": customer})

    def book(activity: int = 0) -> Any:
        return bookings.book(1, start, 0, activity, E, {"from": customer, "value": E})

    book()  # the first booking of the deployment pays for fresh counters
    gas["book"] = book().gas_used
    bookings.confirm(1, {"from": customer})
    gas["confirm"] = bookings.confirm(2, {"from": customer}).gas_used
    book(), book()
    bookings.cancelByCustomer(3, {"from": customer})
    gas["cancel"] = bookings.cancelByCustomer(4, {"from": customer}).gas_used
    book(1), book(1)
    activities.cancel(1, {"from": organizer})
    bookings.refundCancelledActivity(5, {"from": customer})
    gas["refund"] = bookings.refundCancelledActivity(6, {"from": customer}).gas_used
    bookings.withdraw({"from": customer})
    gas["withdraw"] = bookings.withdraw({"from": provider}).gas_used

    mandate = (fridge, E, 5 * E, 7 * DAY, 18 * HOUR, 22 * HOUR)
    mandates.createMandate(mandate, [vendor], 5 * E, {"from": owner, "value": 5 * E})
    evening = _now() - _now() % DAY + DAY + 19 * HOUR
    mandates.order(1, vendor, E // 2, evening, {"from": fridge})
    gas["device_order"] = mandates.order(1, vendor, E // 2, evening, {"from": fridge}).gas_used
    mandates.reschedule(1, evening + HOUR, {"from": owner})
    gas["reschedule"] = mandates.reschedule(2, evening + HOUR, {"from": owner}).gas_used
    return gas


def measure_services(users: list[Any]) -> dict[str, Any]:
    """Gas of the services' actions, their anchors, the ratios and whether each meets TARGET."""
    anchors = measure_anchors(users)
    gas = measure_actions(users)
    ratios = {a: round(gas[a] / anchors[anchor], 3) for a, anchor in SERVICE_ACTIONS.items()}
    return {
        "gas": gas,
        "anchors": anchors,
        "ratios": ratios,
        "budgets": {a: r <= _target(a) for a, r in ratios.items()},
        "target": f"<= {TARGET} x anchor",
        "exceptions": {a: {"target": t, "why": why} for a, (t, why) in EXCEPTIONS.items()},
    }


def _target(action: str) -> float:
    return EXCEPTIONS.get(action, (TARGET, ""))[0]


def print_services(result: dict[str, Any]) -> None:
    print(f"\n{'services action':<28}{'gas':>10}  {'anchor':<24}{'ratio':>7}  budget")
    for action, anchor in SERVICE_ACTIONS.items():
        verdict = "PASS" if result["budgets"][action] else "FAIL"
        print(
            f"{action:<28}{result['gas'][action]:>10,}  {anchor:<24}"
            f"{result['ratios'][action]!s:>7}  {verdict} (<= {_target(action)}x)"
        )
    for action, (target, why) in EXCEPTIONS.items():
        print(f"  {action}: {target}x, because {why}")
    print("services anchors: " + ", ".join(f"{k} {v:,}" for k, v in result["anchors"].items()))
