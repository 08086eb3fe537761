# SPDX-License-Identifier: MIT
"""Hostile receivers in every receiving role of the services: provider and customer (bookings),
participant (activities), owner (revoking its device, or cancelling an order) and vendor (device
mandates). A `HostileActor` takes the role and
is owed money next to an ordinary account owed in the same contract; for each receive mode:

- Revert, BurnGas, Reenter with bubbling: its own withdrawal fails and it is still owed the same;
  the ordinary account withdraws exactly its credit; switched to Accept, the actor withdraws its
  credit exactly once;
- Reenter (the same withdrawal again from inside the payment): the reentrancy guard refuses the
  inner call and the actor is paid exactly once.

Settling never pays anyone (it only credits), so a hostile party to a booking or an order cannot
block the other party's release or refund: the setups below settle with the hostile actor already
refusing every payment. Paid in ETH (a refused payment is `PaymentFailed`) and in `CallbackToken`
(calls the receiver on every transfer: its refusal is its own error). Hostile payers are in
test_services_hostile_payers.py."""

import pytest
from brownie import CallbackToken
from brownie.exceptions import VirtualMachineError
from hostile_actor import Hostile, Mode, revert_text
from services_support import (
    DAY,
    EVENING,
    E,
    at,
    listing_terms,
    mandate_terms,
    next_time_of_day,
    now,
    rejects,
)

from cobuild.chain.money import Money

ROLES = ["provider", "customer", "participant", "owner", "canceller", "vendor"]
MODES = [
    "revert",
    pytest.param("burn-gas", marks=pytest.mark.burns_gas),
    "reenter-same",
    "bubble",
]


@pytest.fixture(scope="module", params=["eth", "callback"])
def money(request, deployer):
    return Money() if request.param == "eth" else Money(CallbackToken.deploy({"from": deployer}))


@pytest.fixture(scope="module")
def owed_hostiles(svc, deployer, provider, customer, organizer, friends, owner, fridge, vendor):
    """Every role's hostile actor owed `owed[role]` in `contract[role]`, next to its EOA peer."""
    h = {role: Hostile.deploy(deployer, svc.money) for role in ROLES}
    for actor in h.values():
        actor.refuse()  # refusing from the start: settling must not need them
    b, a, m = svc.bookings, svc.activities, svc.mandates
    start = now() + DAY
    peer = {"provider": provider, "customer": customer, "participant": friends[0]}
    peer |= {"owner": owner, "vendor": vendor, "canceller": friends[2]}

    # provider: a customer books the hostile provider's ride and confirms it
    h["provider"].call(b, b.createListing.encode_input(b"ride", listing_terms(price=E + 1)))
    h["provider"].call(b, b.offerSlots.encode_input(1, [start]))
    own = b.createListing(b"ride", listing_terms(price=E + 2, capacity=3), {"from": provider})
    b.offerSlots(own.return_value, [start], {"from": provider})
    for listing_id, price in ((1, E + 1), (2, E + 2)):
        tx = b.book(listing_id, start, 0, 0, price, svc.pay(customer, b, price))
        b.confirm(tx.return_value, {"from": customer})
    # customer: the hostile customer and a plain one book the provider's ride; it cancels both
    h["customer"].pay(b, b.book.encode_input(2, start, 0, 0, E + 2), E + 2)
    b.book(2, start, 0, 0, E + 2, svc.pay(friends[1], b, E + 2))
    b.cancelByProvider(3, {"from": provider})
    b.cancelByProvider(4, {"from": provider})
    peer["customer"] = friends[1]
    # participant: both join a trip and leave it
    activity = a.openActivity((start, DAY, 5, 2, E // 10, True, "lake"), [], {"from": organizer})
    activity_id = activity.return_value
    h["participant"].pay(a, a.join.encode_input(activity_id), E // 10)
    a.join(activity_id, svc.pay(friends[0], a, E // 10))
    h["participant"].call(a, a.leave.encode_input(activity_id))
    a.leave(activity_id, {"from": friends[0]})
    # owner: both fund a mandate and revoke it
    terms = mandate_terms(fridge)
    h["owner"].pay(m, m.createMandate.encode_input(terms, [], 2 * E), 2 * E)
    m.createMandate(terms, [], 2 * E + 1, svc.pay(owner, m, 2 * E + 1))
    h["owner"].call(m, m.revoke.encode_input(1))
    m.revoke(2, {"from": owner})
    # vendor: the fridge orders from the hostile vendor and a plain one; the owner confirms both
    # at the delivery time; canceller: the fridge orders for the hostile owner and a plain one,
    # who both cancel before the delivery
    m.createMandate(terms, [str(h["vendor"]), str(vendor)], 2 * E, svc.pay(deployer, m, 2 * E))
    h["canceller"].pay(m, m.createMandate.encode_input(terms, [str(vendor)], E), E)
    m.createMandate(terms, [str(vendor)], E, svc.pay(friends[2], m, E))
    deliver_at = next_time_of_day(now(), EVENING)
    for order_id, who in ((1, h["vendor"]), (2, vendor)):
        m.order(3, who, E - order_id, deliver_at, {"from": fridge})
    for order_id, mandate_id, canceller in ((3, 4, h["canceller"]), (4, 5, friends[2])):
        m.order(mandate_id, vendor, E - order_id, deliver_at, {"from": fridge})
        if canceller is friends[2]:
            m.cancelByOwner(order_id, {"from": canceller})
        else:
            canceller.call(m, m.cancelByOwner.encode_input(order_id))
    at(deliver_at)
    for order_id in (1, 2):
        m.confirmDelivery(order_id, {"from": deployer})
    contract = {"provider": b, "customer": b, "participant": a, "owner": m, "vendor": m}
    contract["canceller"] = m
    owed = {"provider": E + 1, "customer": E + 2, "participant": E // 10, "owner": 2 * E}
    owed |= {"vendor": E - 1, "canceller": E - 3}
    peer_owed = {"provider": E + 2, "customer": E + 2, "participant": E // 10, "owner": 2 * E + 1}
    peer_owed |= {"vendor": E - 2, "canceller": E - 4}
    return {"h": h, "peer": peer, "contract": contract, "owed": owed, "peer_owed": peer_owed}


def _failure(svc, contract, h, mode: str, owed: int) -> str | None:
    """The revert message of a withdrawal the hostile actor refuses in `mode`."""
    if svc.money.is_eth:  # our call fails, whatever the receiver did
        return revert_text("PaymentFailed", h, owed)
    if mode == "revert":  # the token transfer reverts with the receiver's error, bubbled up
        return revert_text("Refused", contract, owed)
    if mode == "bubble":
        return "ReentrancyGuardReentrantCall: "
    return None  # gas burnt: the token call fails without data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mode", MODES)
def test_a_hostile_receiver_blocks_no_one(svc, owed_hostiles, role, mode):
    h, contract = owed_hostiles["h"][role], owed_hostiles["contract"][role]
    owed, peer, peer_owed = (
        owed_hostiles["owed"][role],
        owed_hostiles["peer"][role],
        owed_hostiles["peer_owed"][role],
    )
    assert contract.creditOf(h) == owed
    assert contract.creditOf(peer) == peer_owed
    held = svc.balance(contract)
    withdraw = contract.withdraw.encode_input()
    if mode == "reenter-same":
        h.arm(contract, withdraw)
        h.call(contract, withdraw)
        assert h.hook_refused()
        assert contract.creditOf(h) == 0
        assert svc.balance(h) == owed
        assert svc.balance(contract) == held - owed
    else:
        if mode == "burn-gas":
            h.set_mode(Mode.BurnGas)
        elif mode == "bubble":
            h.contract.setHook(contract, withdraw, True, {"from": h.operator})
            h.set_mode(Mode.Reenter)
        with pytest.raises(VirtualMachineError) as failed:
            h.call(contract, withdraw)
        assert failed.value.revert_msg == _failure(svc, contract, h, mode, owed)
        assert contract.creditOf(h) == owed
        assert svc.balance(contract) == held
    assert svc.withdraw_all(contract, peer) == peer_owed  # nobody else is blocked
    if mode != "reenter-same":
        h.accept()
        h.call(contract, withdraw)
        assert svc.balance(h) == owed
    with rejects("NothingToWithdraw", h):
        h.call(contract, withdraw)
