# SPDX-License-Identifier: MIT
"""The services' gas, measured by `make bench` next to a bare escrow deployed in the same run
(contracts/bench/BareEscrow.sol): book and device order against a bare deposit naming its
payee; confirm, cancel, refund and reschedule against the bare release (a credit); a withdrawal
against the bare withdrawal. Each measured action is the second of its kind (counters and the
payee's credit are already non-zero, as on a live deployment), in ETH. Target: each at most 1.5x
its anchor, except where a safety property costs more: the action's own target says which.
Played on the chain port (cobuild/bench_chain.py), without brownie."""

from __future__ import annotations

from typing import Any

from cobuild.bench_chain import BenchChain
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


def measure_anchors(chain: BenchChain, users: list[str]) -> dict[str, int]:
    escrow = chain.deploy("BareEscrow", by=users[0])
    chain.send(escrow, "deposit", users[1], by=users[0], value=E)
    deposit = chain.send(escrow, "deposit", users[1], by=users[0], value=E)
    chain.send(escrow, "release", 1, by=users[0])
    release = chain.send(escrow, "release", 2, by=users[0])
    chain.send(escrow, "deposit", users[1], by=users[0], value=E)
    chain.send(escrow, "release", 3, by=users[0])
    withdraw = chain.send(escrow, "withdraw", by=users[1])
    return {
        "escrow_deposit": deposit.gas_used,
        "escrow_release": release.gas_used,
        "escrow_withdraw": withdraw.gas_used,
    }


def measure_actions(chain: BenchChain, users: list[str]) -> dict[str, int]:
    deployer, provider, customer, organizer, owner, fridge, vendor = users[:7]
    activities = chain.deploy("Activities", ZERO, by=deployer)
    bookings = chain.deploy("Bookings", ZERO, activities.address, by=deployer)
    mandates = chain.deploy("DeviceMandates", ZERO, by=deployer)
    send = chain.send
    gas: dict[str, int] = {}

    start = chain.now() + 3 * DAY
    terms = (E, 2 * HOUR, 10, DAY, DAY, 2_000, 3 * DAY, 0, [])
    send(bookings, "createListing", b"ride", terms, by=provider)
    send(bookings, "offerSlots", 1, [start], by=provider)
    starts = start - HOUR
    send(activities, "openActivity", (starts, DAY, 5, 2, 0, True, "dinner"), [], by=organizer)
    send(activities, "join", 1, by=customer)

    def book(activity: int = 0) -> Any:
        return send(bookings, "book", 1, start, 0, activity, E, by=customer, value=E)

    book()  # the first booking of the deployment pays for fresh counters
    gas["book"] = book().gas_used
    send(bookings, "confirm", 1, by=customer)
    gas["confirm"] = send(bookings, "confirm", 2, by=customer).gas_used
    book(), book()
    send(bookings, "cancelByCustomer", 3, by=customer)
    gas["cancel"] = send(bookings, "cancelByCustomer", 4, by=customer).gas_used
    book(1), book(1)
    send(activities, "cancel", 1, by=organizer)
    send(bookings, "refundCancelledActivity", 5, by=customer)
    gas["refund"] = send(bookings, "refundCancelledActivity", 6, by=customer).gas_used
    send(bookings, "withdraw", by=customer)
    gas["withdraw"] = send(bookings, "withdraw", by=provider).gas_used

    mandate = (fridge, E, 5 * E, 7 * DAY, 18 * HOUR, 22 * HOUR)
    send(mandates, "createMandate", mandate, [vendor], 5 * E, by=owner, value=5 * E)
    evening = chain.now() - chain.now() % DAY + DAY + 19 * HOUR
    send(mandates, "order", 1, vendor, E // 2, evening, by=fridge)
    gas["device_order"] = send(mandates, "order", 1, vendor, E // 2, evening, by=fridge).gas_used
    send(mandates, "reschedule", 1, evening + HOUR, by=owner)
    gas["reschedule"] = send(mandates, "reschedule", 2, evening + HOUR, by=owner).gas_used
    return gas


def measure_services(chain: BenchChain, users: list[str]) -> dict[str, Any]:
    """Gas of the services' actions, their anchors, the ratios and whether each meets TARGET."""
    anchors = measure_anchors(chain, users)
    gas = measure_actions(chain, users)
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
