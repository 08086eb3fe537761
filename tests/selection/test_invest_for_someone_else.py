# SPDX-License-Identifier: MIT
"""Investing on someone else's behalf (issue 35): `investFor(beneficiary, combo, amount)` and
`investInNewFor(beneficiary, options, amount)`. The caller pays; the beneficiary holds the stake,
counts as a backer and a supporter, argues, and is the one refunded or paid revenue; the payer
gets nothing and can do nothing for the beneficiary afterwards. A zero beneficiary is refused.
Every amount is compared with the model (cobuild/model/project.py), with ETH and an ERC-20."""

from __future__ import annotations

import brownie
import pytest
from hostile_actor import Hostile, Mode

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, finalize, offer
from cobuild.model.mirror import mirror
from cobuild.model.project import Config, ProjectModel
from cobuild.protocol import ZERO_ADDRESS, Phase, Status, revert_message

E = 10**18


@pytest.fixture(scope="module")
def ideation(open_project, money, makers):
    """Three options per part at 1 each (cost 3), one slot, one rescue."""
    project = open_project(money, min_total=E, min_stake=E // 10, slots=1, max_rescues=1)
    options = [[offer(project, makers[d], d, E) for _ in range(2)] for d in range(3)]
    return project, options


def _model(project, treasury) -> ProjectModel:
    """The model of `project` as it stands in ideation: its options, no combination yet."""
    model = ProjectModel(Config.from_view(project.config()), treasury.address)
    for option in range(1, project.counts()[0] + 1):
        maker, quote, dimension = project.option(option)
        model.offer_option(_now(), str(maker), dimension, quote)
    return model


def _now():
    return brownie.web3.eth.get_block("latest")["timestamp"]


def test_the_beneficiary_holds_the_stake_and_the_payer_nothing(ideation, money, treasury):
    project, options = ideation
    payer, friend = actor("payer"), actor("friend")
    model = _model(project, treasury)
    first = [o[0] for o in options]
    tx = project.investInNewFor(friend, first, E // 2, money.pay(payer, project, E // 2))
    combo = tx.events["CombinationCreated"]["combo"]
    assert tx.events["Invested"]["backer"] == friend
    mirror(model, "investInNewFor", _now(), payer.address, (friend.address, first, E // 2))
    project.investFor(friend, combo, E // 4, money.pay(payer, project, E // 4))
    mirror(model, "investFor", _now(), payer.address, (friend.address, combo, E // 4))
    assert project.stakeOf(combo, friend) == model.combos[combo].holders[friend.address].stake
    assert project.stakeOf(combo, friend) == 3 * E // 4
    assert project.stakeOf(combo, payer) == 0
    view = project.combination(combo)
    assert (view["backers"], view["supporters"]) == (1, 1)  # the friend, a supporter
    assert model.paid_by[payer.address] == 3 * E // 4 and friend.address not in model.paid_by
    # the beneficiary argues for it; the payer is no backer
    project.argue(combo, "a gift I like", {"from": friend})
    with brownie.reverts(revert_message("NotASupporter", combo, payer)):
        project.argue(combo, "mine?", {"from": payer})


def test_a_zero_beneficiary_is_refused(ideation, money):
    project, options = ideation
    payer = actor("payer")
    with brownie.reverts(revert_message("InvalidBeneficiary", ZERO_ADDRESS)):
        project.investInNewFor(
            ZERO_ADDRESS, [o[1] for o in options], E, money.pay(payer, project, E)
        )
    with brownie.reverts(revert_message("InvalidBeneficiary", ZERO_ADDRESS)):
        project.investFor(ZERO_ADDRESS, 1, E, money.pay(payer, project, E))


def test_the_refund_is_the_beneficiarys_and_the_payer_cannot_take_it(
    ideation, money, backers, creator, deployer
):
    """Not selected: the beneficiary, a contract that refuses payments, is refunded only when it
    accepts, once; the payer's refund is `NothingToClaim`; nobody else's refund is blocked."""
    project, options = ideation
    payer = actor("payer")
    friend = Hostile.deploy(deployer, money)
    winner = project.investInNew(
        [o[0] for o in options], 3 * E, money.pay(backers[0], project, 3 * E)
    ).events["CombinationCreated"]["combo"]
    combo = project.investInNewFor(
        friend, [o[1] for o in options], E, money.pay(payer, project, E)
    ).events["CombinationCreated"]["combo"]
    project.investFor(friend, combo, E // 3, money.pay(payer, project, E // 3))
    mixed = [options[0][1], options[1][0], options[2][0]]
    tx = project.investInNew(mixed, E // 5, money.pay(backers[1], project, E // 5))
    third = tx.events["CombinationCreated"]["combo"]
    finalize(project, creator)
    advance_to(project, Phase.Development)
    assert project.status(winner) == Status.Prototype
    assert project.status(combo) == Status.NotSelected  # next in line, not topped up
    with brownie.reverts(revert_message("NothingToClaim", combo, payer)):
        project.refund(combo, {"from": payer})
    if money.is_eth:  # a token transfer asks the receiver nothing
        friend.set_mode(Mode.Revert)
        with brownie.reverts():
            friend.call(project, project.refund.encode_input(combo))
    before = money.balance(backers[1])
    project.refund(third, {"from": backers[1]})  # a peer is not blocked
    assert money.balance(backers[1]) - before == E // 5
    friend.set_mode(Mode.Accept)
    before = money.balance(friend.address)
    friend.call(project, project.refund.encode_input(combo))
    assert money.balance(friend.address) - before == E + E // 3
    with brownie.reverts():
        friend.call(project, project.refund.encode_input(combo))  # exactly once


def test_a_rescue_for_someone_needs_the_beneficiary_to_back_it(ideation, money, backers, creator):
    """In the rescue window a top-up comes from a backer of the combination: on someone's behalf,
    the beneficiary must be one (the payer need not)."""
    project, options = ideation
    payer, fan, stranger = actor("payer"), actor("fan"), actor("not-a-fan")
    project.investInNew([o[0] for o in options], 3 * E, money.pay(backers[0], project, 3 * E))
    combo = project.investInNew([o[1] for o in options], E, money.pay(fan, project, E)).events[
        "CombinationCreated"
    ]["combo"]
    finalize(project, creator)
    assert project.status(combo) == Status.Eliminated
    with brownie.reverts(revert_message("NotASupporter", combo, stranger)):
        project.investFor(stranger, combo, 2 * E, money.pay(payer, project, 2 * E))
    tx = project.investFor(fan, combo, 2 * E, money.pay(payer, project, 2 * E))
    assert tx.events["CombinationRescued"]["combo"] == combo
    assert project.stakeOf(combo, fan) == 3 * E and project.stakeOf(combo, payer) == 0
