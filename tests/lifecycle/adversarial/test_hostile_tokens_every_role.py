# SPDX-License-Identifier: MIT
"""Hostile ERC-20s as a project's payment token, on the way in and on the way out (issue 7).

Money in (every function that collects: investInNew, invest (ideation; a rescue top-up takes the
same path), order, commitBond, depositRevenue), paid by a `HostileActor`:

- fee-on-transfer (`FeeOnTransferToken`, fee switched on after the project was built): refused
  with `TokenFeeOnTransfer(amount, received)`; nothing is booked, no token moves;
- false-returning (`FalseReturningToken`): refused with `SafeERC20FailedOperation(token)`;
  nothing is booked;
- callback (`CallbackToken`): the payer's sender hook re-enters the same function while the
  project pulls the payment; the reentrancy guard refuses it and the payment is booked exactly
  once, for exactly the amount that moved.

Money out, in the world where one hostile actor plays every role (hostile_world.py), for each of
its eleven withdrawals:

- false-returning: while the token answers `false`, the hostile actor's withdrawal and every
  peer's fail with `SafeERC20FailedOperation` and nothing is booked (all still owed); once it
  behaves, everyone is paid exactly once;
- blocklist (`BlocklistToken`, reverting transfers): with the hostile actor blocked, only its own
  withdrawal fails (`Blocked`); every peer is paid exactly; unblocked, it is paid exactly once.

Cells covered (role x hostile token):

| role (withdrawal)                       | false-returning | blocklist |
|-----------------------------------------|-----------------|-----------|
| backer, not selected / dropped / presale failed (refund) | yes | yes |
| investor (claimRevenue), maker (claimMaker)              | yes | yes |
| merchant (claimAddonRevenue)                             | yes | yes |
| buyer (refundOrder, claimAward)                          | yes | yes |
| provider (withdrawBond)                                  | yes | yes |
| creator (claimCreator), treasury (claimPlatform)         | yes | yes |

| collecting function       | fee-on-transfer | false-returning | callback (reentry) |
|---------------------------|-----------------|-----------------|--------------------|
| investInNew, invest       | yes             | yes             | yes                |
| order, commitBond         | yes             | yes             | yes                |
| depositRevenue            | yes             | yes             | yes                |

Payouts in the callback token (its receiver hook in every role and mode, and re-entering every
money function) are in test_hostile_receivers_every_role.py.
"""

import brownie
import pytest
from brownie import (
    BlocklistToken,
    CallbackToken,
    FalseReturningToken,
    FeeOnTransferToken,
)
from hostile_actor import MAX_UINT, Hostile, Mode, revert_text
from hostile_world import ROLES

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, deliver_all, finalize, offer, pass_all
from cobuild.chain.money import Money
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import DAY, NO_CONTENT, Phase
from cobuild.scenario.replay import IN_EVENTS

E = 10**18
FEE_BPS = 100
ODD = 3 * E + 7  # the amount each collecting call pays (odd: a fee never divides it evenly)

# ---------------------------------------------------------------- money in


class Entries:
    """Two projects paid in one token: `early` in ideation, `presale` in presale with a model whose
    terms are set; a hostile actor funded and approved for both."""


@pytest.fixture(scope="module", params=["fee-on-transfer", "false-returning", "callback"])
def entries(request, platform, deployer, creator, makers, inspectors, backers, buyers):
    kind = request.param
    token = {
        "fee-on-transfer": lambda: FeeOnTransferToken.deploy(0, {"from": deployer}),
        "false-returning": lambda: FalseReturningToken.deploy({"from": deployer}),
        "callback": lambda: CallbackToken.deploy({"from": deployer}),
    }[kind]()
    money = Money(token)
    s = Entries()
    s.kind, s.token, s.money = kind, token, money

    def spec(**fields):
        return ProjectSpec(
            inspectors=list(inspectors),
            token=token.address,
            dimensions=("body", "engine"),
            conditions=("road",),
            min_total=E,
            min_stake=E // 10,
            **fields,
        )

    s.early = open_on_factory(platform.factory, creator, spec(ideation=30 * DAY)).project
    s.presale = open_on_factory(
        platform.factory,
        creator,
        spec(
            ideation=DAY,
            rescue_window=DAY,
            development_period=DAY,
            testing_period=DAY,
            presale_period=5 * DAY,
        ),
    ).project
    for project in (s.early, s.presale):  # the same ids in both
        options = [offer(project, makers[d], d, E) for d in (0, 0, 1)]
        tx = project.investInNew(
            [options[0], options[2]], 3 * E, money.pay(backers[0], project, 3 * E)
        )
        s.combo = tx.events["CombinationCreated"]["combo"]
        s.fresh_options = [options[1], options[2]]  # no combination yet
    finalize(s.presale, creator)
    advance_to(s.presale, Phase.Development)
    deliver_all(s.presale, s.combo)
    advance_to(s.presale, Phase.Testing)
    pass_all(s.presale, s.combo, inspectors[:2])
    advance_to(s.presale, Phase.Presale)
    s.price = 14 * E + 1
    s.presale.setModelTerms(s.combo, s.price, 1, {"from": creator})
    # no order yet (depositRevenue orders first)
    s.first_order = lambda: s.presale.order(s.combo, [], money.pay(buyers[0], s.presale, s.price))

    s.hostile = Hostile.deploy(deployer, money)
    s.beneficiary = actor("beneficiary").address  # who a payment "for" someone books to
    for project in (s.early, s.presale):
        s.hostile.call(token, token.approve.encode_input(project, MAX_UINT))
    token.mint(s.hostile.address, 10 * ODD, {"from": deployer})
    return s


# collecting function -> the event that books the payment
EVENT_OF = dict(
    investInNew="Invested",
    invest="Invested",
    investFor="Invested",
    investInNewFor="Invested",
    order="Ordered",
    orderFor="Ordered",
    commitBond="BondCommitted",
    depositRevenue="RevenueDeposited",
)


def _collecting_call(s, entry):
    """(project, function, args) of a collecting call paying ODD (the order pays the price)."""
    if entry == "investInNew":
        return s.early, "investInNew", (s.fresh_options, ODD)
    if entry == "invest":
        return s.early, "invest", (s.combo, ODD)
    if entry == "investFor":  # paid by the hostile actor for a beneficiary
        return s.early, "investFor", (s.beneficiary, s.combo, ODD)
    if entry == "investInNewFor":
        return s.early, "investInNewFor", (s.beneficiary, s.fresh_options, ODD)
    if entry == "orderFor":
        return s.presale, "orderFor", (s.beneficiary, s.combo, [])
    if entry == "order":
        return s.presale, "order", (s.combo, [])
    if entry == "commitBond":
        return s.presale, "commitBond", (s.combo, ODD, DAY, NO_CONTENT)
    s.first_order()
    advance_to(s.presale, Phase.Closed)  # depositRevenue: the model succeeded
    return s.presale, "depositRevenue", (s.combo, ODD)


def _books(project, combo, who):
    """Everything a collecting call books."""
    return (
        project.counts(),
        tuple(project.combination(combo)),
        project.stakeOf(combo, who),
        project.roleOwed(),
        project.revenueOf(combo, who),
    )


@pytest.mark.parametrize(
    "entry",
    [
        "investInNew",
        "invest",
        "investFor",
        "investInNewFor",
        "order",
        "orderFor",
        "commitBond",
        "depositRevenue",
    ],
)
def test_collecting_in_a_hostile_token(entries, entry):
    s, token, hostile = entries, entries.token, entries.hostile
    project, fn, args = _collecting_call(s, entry)
    amount = s.price if entry in ("order", "orderFor") else ODD
    data = getattr(project, fn).encode_input(*args)
    combo = s.combo
    # the hostile actor pays; a payment "for" someone books to the beneficiary
    booked = s.beneficiary if entry.endswith("For") else hostile.address
    books = _books(project, combo, booked)
    held, own = token.balanceOf(project), token.balanceOf(hostile.address)
    if s.kind == "callback":
        # the payer's sender hook re-enters the same function while its payment is pulled
        hostile.arm(project, data)
        tx = hostile.call(project, data)
        assert hostile.hook_refused()
        assert token.balanceOf(project) == held + amount
        assert token.balanceOf(hostile.address) == own - amount
        event = EVENT_OF[entry]
        _, payer, paid = IN_EVENTS[event]  # the money-in events the scenario report reads
        ours = [e[paid] for e in tx.events[event] if e[payer] == booked]
        assert ours == [amount]  # booked once
        assert _books(project, combo, booked) != books
        return
    if s.kind == "fee-on-transfer":
        token.setFee(FEE_BPS, {"from": hostile.operator})
        message = revert_text("TokenFeeOnTransfer", amount, amount - amount * FEE_BPS // 10_000)
    else:
        token.setFailing(True, {"from": hostile.operator})
        message = revert_text("SafeERC20FailedOperation", token.address)
    with brownie.reverts(message):
        hostile.call(project, data)
    assert _books(project, combo, booked) == books
    assert token.balanceOf(project) == held
    assert token.balanceOf(hostile.address) == own


# ---------------------------------------------------------------- money out


@pytest.fixture(scope="module", params=["false-returning", "blocklist"])
def module_world(request, deployer, build_hostile_world):
    kind = FalseReturningToken if request.param == "false-returning" else BlocklistToken
    fresh_world = build_hostile_world(Money(kind.deploy({"from": deployer})))
    fresh_world.kind = request.param
    return fresh_world


@pytest.fixture
def fresh_world(module_world):
    fresh = module_world.fresh()
    fresh.kind = module_world.kind
    return fresh


@pytest.mark.parametrize("role", ROLES)
def test_hostile_token_fails_payouts_without_booking_them(fresh_world, role):
    token, hostile, operator = (
        fresh_world.money.token,
        fresh_world.hostile,
        fresh_world.hostile.operator,
    )
    mine = fresh_world.roles[role]
    assert hostile.contract.mode() == Mode.Accept
    if fresh_world.kind == "false-returning":
        # nobody can be paid while the token answers false, and nothing is booked as paid
        token.setFailing(True, {"from": operator})
        failed = revert_text("SafeERC20FailedOperation", token.address)
        fresh_world.fails_without_effect(mine, failed)
        for peer in fresh_world.peers[role]:
            fresh_world.fails_without_effect(peer, failed)
        token.setFailing(False, {"from": operator})
        fresh_world.peers_paid(role)
    else:
        # a blocked payee fails only its own withdrawal
        token.setBlocked(hostile.address, True, {"from": operator})
        blocked = revert_text("Blocked", hostile.address)
        fresh_world.fails_without_effect(mine, blocked)
        fresh_world.peers_paid(role)
        fresh_world.fails_without_effect(mine, blocked)
        token.setBlocked(hostile.address, False, {"from": operator})
    fresh_world.withdraw_exactly(mine)
    fresh_world.refused_twice(mine)
    assert fresh_world.balance(fresh_world.project) == fresh_world.model.held
