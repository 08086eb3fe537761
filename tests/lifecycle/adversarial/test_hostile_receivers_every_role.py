# SPDX-License-Identifier: MIT
"""Hostile receivers in every role that receives money (issue 7, "hostile actors").

One `HostileActor` plays every role at once (tests/lifecycle/hostile_world.py): it opened the
project (creator), accepted the treasury role, offered an option of the model (maker), backed
four combinations and invested late (backer, investor), sells an add-on (merchant), ordered both
models (buyer) and posted a bond (provider), next to ordinary accounts in the same roles. Every
withdrawal of every role is open at once. For each receive mode and each role:

- Revert, BurnGas, Reenter with bubbling: its own withdrawal fails and nothing moves (it is still
  owed the same); then it is switched to Accept and withdraws exactly what it is owed, once;
- Reenter (the same claim again, or another claim it is owed): the reentrant call is refused by
  the reentrancy guard (`ReentrancyGuardReentrantCall`) and it is paid exactly once; the other
  claim is still owed in full and, in Accept mode, paid exactly once too;
- every EOA peer of that role withdraws exactly what the contract's view and the Python model
  (cobuild/model/project.py) said before the call, whatever the hostile actor did;
- the project's balance falls by exactly what was paid; a second attempt is `NothingToClaim`.

Paid in ETH, and in `CallbackToken`, an ERC-20 that calls the receiver's `onTokenTransfer` hook
on every payment (ERC-777/1363 style): there a refusing receiver reverts the token transfer
itself, so the withdrawal fails with the receiver's own error (`Refused`), without data (gas
burnt) or with the guard's error bubbled up.

Cells covered: every role x every mode x {ETH, CallbackToken} (110 cells, one test each).

| role (withdrawal)                   | Revert | BurnGas | Reenter same | Reenter other | bubble |
|-------------------------------------|--------|---------|--------------|---------------|--------|
| backer, not selected (refund)       | E C    | E C     | E C          | E C           | E C    |
| backer, dropped (refund)            | E C    | E C     | E C          | E C           | E C    |
| backer, presale failed (refund)     | E C    | E C     | E C          | E C           | E C    |
| investor (claimRevenue)             | E C    | E C     | E C          | E C           | E C    |
| maker (claimMaker)                  | E C    | E C     | E C          | E C           | E C    |
| merchant (claimAddonRevenue)        | E C    | E C     | E C          | E C           | E C    |
| buyer, failed model (refundOrder)   | E C    | E C     | E C          | E C           | E C    |
| buyer, award (claimAward)           | E C    | E C     | E C          | E C           | E C    |
| provider (withdrawBond)             | E C    | E C     | E C          | E C           | E C    |
| creator (claimCreator)              | E C    | E C     | E C          | E C           | E C    |
| treasury (claimPlatform)            | E C    | E C     | E C          | E C           | E C    |

(E = ETH, C = CallbackToken; bubble = Reenter same, re-throwing the refusal.) "Reenter other"
re-enters the next role's claim in the table (the last one re-enters the first). Besides:
re-entering each of the 14 functions that move money from inside a payment is refused (E, C); a
share transfer made from inside a revenue payment (not a guarded function: the shares contract
calls `moveShares`) succeeds and moves no money. Odd ERC-20s (fee, false, blocklist, callback on
collection) are in test_hostile_tokens_every_role.py.
"""

import brownie
import pytest
from brownie import CallbackToken
from hostile_actor import Mode, revert_text
from hostile_world import BURNT, OTHER, ROLES, E

from cobuild.chain.money import Money
from cobuild.protocol import NO_CONTENT

# burning a block's gas under anvil's step tracing records millions of steps: `make coverage`
# leaves those cases out (the project code they reach is the same as the "revert" case's)
MODES = [
    "revert",
    pytest.param("burn-gas", marks=pytest.mark.burns_gas),
    "reenter-same",
    "reenter-other",
    "reenter-bubble",
]


@pytest.fixture(scope="module", params=["eth", "callback-token"])
def module_world(request, deployer, build_hostile_world):
    money = Money() if request.param == "eth" else Money(CallbackToken.deploy({"from": deployer}))
    return build_hostile_world(money)


@pytest.fixture
def fresh_world(module_world):
    return module_world.fresh()


def _failure(fresh_world, mode: str, owed: int) -> str:
    """The revert message of a payment the hostile actor refuses in `mode`."""
    hostile, project = fresh_world.hostile, fresh_world.project
    if fresh_world.money.is_eth:  # the project's call fails, whatever the receiver did
        return revert_text("PaymentFailed", hostile.address, owed)
    if mode == "revert":  # the token transfer reverts with the receiver's error, bubbled up
        return revert_text("Refused", project.address, owed)
    if mode == "reenter-bubble":
        return "ReentrancyGuardReentrantCall: "
    return BURNT  # gas burnt: the token call fails without data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mode", MODES)
def test_hostile_payee_fails_or_is_paid_once_and_blocks_no_one(fresh_world, mode, role):
    hostile, project = fresh_world.hostile, fresh_world.project
    mine, other = fresh_world.roles[role], fresh_world.roles[OTHER[role]]
    if mode in ("revert", "burn-gas", "reenter-bubble"):
        if mode == "reenter-bubble":
            hostile.arm(project, mine.data(project), bubble=True)
        else:
            hostile.set_mode(Mode.Revert if mode == "revert" else Mode.BurnGas)
        fresh_world.fails_without_effect(mine, _failure(fresh_world, mode, mine.owed(project)))
        fresh_world.peers_paid(role)
        # still refused and still owed (the last pro-rata refund takes the rounding: re-read)
        owed = mine.owed(project)
        fresh_world.fails_without_effect(mine, _failure(fresh_world, mode, owed))
        hostile.set_mode(Mode.Accept)
        assert fresh_world.withdraw_exactly(mine) == owed
    else:
        hook = mine if mode == "reenter-same" else other
        other_owed = other.owed(project)
        hostile.arm(project, hook.data(project))
        fresh_world.withdraw_exactly(mine)
        assert hostile.hook_refused()
        assert other.owed(project) == other_owed
        fresh_world.peers_paid(role)
        hostile.set_mode(Mode.Accept)
        if mode == "reenter-other":
            assert fresh_world.withdraw_exactly(other) == other_owed
            fresh_world.refused_twice(other)
    fresh_world.refused_twice(mine)


def _money_functions(fresh_world) -> dict[str, tuple]:
    """Every project function that moves money, with arguments that would be valid outside the
    payment (or fail only for a phase or value rule, which the guard precedes)."""
    c, ids, r = fresh_world.combos, fresh_world.ids, fresh_world.roles
    return {
        "investInNew": ([1, 4], E),
        "invest": (c["A"], E),
        "refund": (c["C"],),
        "claimRevenue": (c["A"],),
        "claimMaker": (c["A"], 0),
        "order": (c["A"], []),
        "commitBond": (c["A"], E, 1, NO_CONTENT),
        "claimAward": r["claim-award"].args,
        "withdrawBond": (ids["bond-hostile"],),
        "refundOrder": r["refund-order"].args,
        "claimAddonRevenue": (ids["X"],),
        "depositRevenue": (c["A"], E),
        "claimCreator": (),
        "claimPlatform": (),
    }


@pytest.mark.parametrize(
    "fn",
    [
        "investInNew",
        "invest",
        "refund",
        "claimRevenue",
        "claimMaker",
        "order",
        "commitBond",
        "claimAward",
        "withdrawBond",
        "refundOrder",
        "claimAddonRevenue",
        "depositRevenue",
        "claimCreator",
        "claimPlatform",
    ],
)
def test_reentering_any_money_function_from_a_payment_is_refused(fresh_world, fn):
    hostile, project = fresh_world.hostile, fresh_world.project
    args = _money_functions(fresh_world)[fn]
    if not fresh_world.money.is_eth:
        hostile.fund(project, E)  # the reentrant payment would be covered
    payout = fresh_world.roles["refund-not-selected"]
    owed_before = fresh_world.everything_owed()
    hostile.arm(project, getattr(project, fn).encode_input(*args))
    paid = fresh_world.withdraw_exactly(payout)
    assert hostile.hook_refused()
    assert fresh_world.everything_owed() == owed_before - paid
    assert fresh_world.balance(project) == fresh_world.model.held


def test_share_transfer_inside_a_revenue_payment_moves_no_money(fresh_world, backers, stranger):
    hostile, project, shares = fresh_world.hostile, fresh_world.project, fresh_world.shares
    model, a, peer = fresh_world.model, fresh_world.combos["A"], backers[0]
    token_id = shares.tokenId(project, a)
    # the hostile actor holds ERC-1155 shares: it accepts a transfer like any holder
    shares.safeTransferFrom(peer, hostile.address, token_id, E // 10, b"", {"from": peer})
    model.move_shares(fresh_world.now(), peer.address, hostile.address, a, E // 10)
    moved = project.sharesOf(a, hostile.address) // 3
    hostile.arm(
        shares, shares.safeTransferFrom.encode_input(hostile.address, peer, token_id, moved, b"")
    )
    peer_owed = project.revenueOf(a, peer)
    fresh_world.withdraw_exactly(fresh_world.roles["claim-revenue"])
    assert hostile.contract.hookCalls() == 1 and hostile.contract.lastHookOk()
    model.move_shares(fresh_world.now(), hostile.address, peer.address, a, moved)
    for holder in (hostile.address, peer.address):
        assert project.sharesOf(a, holder) == model.shares_of(fresh_world.now(), a, holder)
    # settled before it was paid: the transfer carried no revenue along
    assert project.revenueOf(a, hostile.address) == 0
    assert project.revenueOf(a, peer) == peer_owed
    assert fresh_world.balance(project) == model.held
    # the next deposit is shared by the new holdings, to the wei
    hostile.set_mode(Mode.Accept)
    deposit = 3 * E + 1
    params = fresh_world.money.pay(stranger, project, deposit)
    tx = project.depositRevenue(a, deposit, params)
    model.deposit_revenue(tx.timestamp, stranger.address, a, deposit)
    fresh_world.withdraw_exactly(fresh_world.roles["claim-revenue"])
    for w in fresh_world.peers["claim-revenue"]:
        fresh_world.withdraw_exactly(w)
    assert fresh_world.balance(project) == model.held
    with brownie.reverts(revert_text("NothingToClaim", a, hostile.address)):
        fresh_world.send(fresh_world.roles["claim-revenue"])
