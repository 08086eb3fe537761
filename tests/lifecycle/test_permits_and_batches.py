# SPDX-License-Identifier: MIT
"""One signature, one transaction (issue 35): an EIP-2612 permit and the payment it allows in one
`multicall`, for every ERC-20 payment (investInNew, invest, order, commitBond, depositRevenue);
and every claim of a backer in one transaction.

- valid permit: paid in one transaction, the allowance used exactly;
- expired, signed by another key, replayed: `PermitFailed`, nothing moves;
- front-run (someone submits the permit to the token first): the user's call still succeeds;
- a token without permits: `selfPermit` falls back to the allowance (`PermitFailed` without one);
  an ETH project takes no permit;
- a batch takes no ETH (a payment's `msg.value` is never counted twice);
- a batch of claims pays exactly the sum of the single claims;
- a batch can do nothing its caller could not do alone: acting for someone else reverts."""

from __future__ import annotations

import brownie
import pytest
from brownie import PermitToken, TestToken, accounts, chain, web3
from eth_utils import keccak

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, finalize, offer
from cobuild.chain.money import Money
from cobuild.chain.permits import sign_permit
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.chain.snapshot import Snapshot
from cobuild.protocol import DAY, NO_CONTENT, ZERO_ADDRESS, Phase, revert_message

E = 10**18
NAME = "Cobuild Permit Dollar"
PRICE = 3 * E


def account_with_key(name: str):
    """A brownie account whose private key we hold (it signs permits), derived from `name`."""
    return accounts.add(keccak(text=f"cobuild-permit-key:{name}").hex())


@pytest.fixture(scope="module")
def token(deployer):
    return PermitToken.deploy(NAME, "CPD", {"from": deployer})


@pytest.fixture(scope="module")
def holder(token):
    """A token holder whose key we hold (it signs permits), with 1,000 tokens."""
    who = account_with_key("permit-holder")
    token.mint(who, 1_000 * E, {"from": who})
    return who


def _open(factory, creator, inspectors, token_address, **fields):
    spec = ProjectSpec(
        inspectors=list(inspectors),
        token=token_address,
        min_total=E,
        min_stake=E // 100,
        slots=1,
        **fields,
    )
    return open_on_factory(factory, creator, spec).project


@pytest.fixture(scope="module")
def worlds(factory, creator, inspectors, makers, backers, token, to_presale):
    """`ideation`: options offered, combination 1 backed. `presale`: a model with terms (3 a unit,
    minimum 1 order)."""
    money = Money(token)
    # its ideation outlasts the other project's way to presale (time travel is for the chain)
    ideation = _open(factory, creator, inspectors, token.address, ideation=200 * DAY)
    options = [offer(ideation, makers[d], d, E) for d in range(3)]
    back(ideation, money, backers[0], options, 3 * E)
    fresh = [offer(ideation, makers[d], d, E) for d in range(3)]  # a combination nobody backed
    presale = _open(factory, creator, inspectors, token.address)
    combo = back(
        presale, money, backers[0], [offer(presale, makers[d], d, E) for d in range(3)], 4 * E
    )
    to_presale(presale, combo)
    presale.setModelTerms(combo, PRICE, 1, {"from": creator})
    return {"ideation": ideation, "fresh": fresh, "presale": presale, "model": combo}


def _permit(token, holder, project, value, deadline=None, signer=None, nonce=None):
    return sign_permit(
        (signer or holder).private_key,
        token_name=NAME,
        token=token.address,
        chain_id=chain.id,
        spender=project.address,
        value=value,
        nonce=token.nonces(holder) if nonce is None else nonce,
        deadline=deadline or chain.time() + DAY,
    )


def _payment(worlds, kind):
    """(project, encoded payment, amount) for each ERC-20 payment of a project."""
    if kind == "investInNew":
        p = worlds["ideation"]
        return p, p.investInNew.encode_input(worlds["fresh"], 2 * E), 2 * E
    if kind == "invest":
        p = worlds["ideation"]
        return p, p.invest.encode_input(1, E), E
    p, combo = worlds["presale"], worlds["model"]
    if kind == "order":
        return p, p.order.encode_input(combo, []), PRICE
    if kind == "commitBond":
        return p, p.commitBond.encode_input(combo, E, 30 * DAY, NO_CONTENT), E
    # depositRevenue: the model succeeds first (one order by somebody else)
    p.order(combo, [], Money(PermitToken.at(p.config()["token"])).pay(actor("buyer"), p, PRICE))
    advance_to(p, Phase.Closed)
    return p, p.depositRevenue.encode_input(combo, 5 * E), 5 * E


PAYMENTS = ["investInNew", "invest", "order", "commitBond", "depositRevenue"]


@pytest.mark.parametrize("kind", PAYMENTS)
def test_a_permit_and_its_payment_in_one_transaction(worlds, token, holder, kind):
    project, payment, amount = _payment(worlds, kind)
    assert token.allowance(holder, project) == 0
    permit = _permit(token, holder, project, amount)
    before = token.balanceOf(project)
    tx = project.multicall([project.selfPermit.encode_input(*permit), payment], {"from": holder})
    assert token.balanceOf(project) - before == amount
    assert token.allowance(holder, project) == 0  # used exactly
    assert len(tx.events["Transfer"]) == 1


@pytest.mark.parametrize("case", ["expired", "wrong-signer", "replayed"])
def test_a_bad_permit_fails_and_nothing_moves(worlds, token, holder, case):
    project, payment, amount = _payment(worlds, "invest")
    if case == "expired":
        permit = _permit(token, holder, project, amount, deadline=chain.time() - 1)
    elif case == "wrong-signer":
        permit = _permit(token, holder, project, amount, signer=account_with_key("someone-else"))
    else:
        permit = _permit(token, holder, project, amount)
        project.multicall([project.selfPermit.encode_input(*permit), payment], {"from": holder})
    before = token.balanceOf(holder)
    with brownie.reverts(revert_message("PermitFailed", token, 0, amount)):
        project.multicall([project.selfPermit.encode_input(*permit), payment], {"from": holder})
    assert token.balanceOf(holder) == before


def test_a_front_run_permit_does_not_fail_the_payment(worlds, token, holder):
    """Someone copies the permit from the mempool and submits it to the token first: the permit
    is used, the allowance is there, and the user's call goes through."""
    project, payment, amount = _payment(worlds, "invest")
    permit = _permit(token, holder, project, amount)
    token.permit(
        holder,
        project,
        amount,
        permit.deadline,
        permit.v,
        permit.r,
        permit.s,
        {"from": actor("front-runner")},
    )
    assert token.allowance(holder, project) == amount
    project.multicall([project.selfPermit.encode_input(*permit), payment], {"from": holder})
    assert project.stakeOf(1, holder) == amount


def test_a_token_without_permits_falls_back_to_the_allowance(
    factory, creator, inspectors, makers, deployer
):
    plain = TestToken.deploy("Plain", "PLN", {"from": deployer})
    project = _open(factory, creator, inspectors, plain.address)
    options = [offer(project, makers[d], d, E) for d in range(3)]
    who = account_with_key("plain-holder")
    plain.mint(who, 10 * E, {"from": who})
    no_permit = (E, chain.time() + DAY, 27, b"\x01" * 32, b"\x02" * 32)
    with brownie.reverts(revert_message("PermitFailed", plain, 0, E)):
        project.selfPermit(*no_permit, {"from": who})
    plain.approve(project, E, {"from": who})
    project.multicall(
        [project.selfPermit.encode_input(*no_permit), project.investInNew.encode_input(options, E)],
        {"from": who},
    )
    assert project.stakeOf(1, who) == E


def test_an_eth_project_takes_no_permit_and_a_batch_takes_no_eth(
    factory, creator, inspectors, makers
):
    project = _open(factory, creator, inspectors, ZERO_ADDRESS)
    options = [offer(project, makers[d], d, E) for d in range(3)]
    who = actor("eth-backer")
    with brownie.reverts(revert_message("PermitFailed", ZERO_ADDRESS, 0, E)):
        project.selfPermit(E, chain.time() + DAY, 27, b"\x01" * 32, b"\x02" * 32, {"from": who})
    # two ETH investments of 1 in one batch paid with 1: a batch is not payable at all
    pay_twice = [project.investInNew.encode_input(options, E), project.invest.encode_input(1, E)]
    with brownie.reverts():
        project.multicall(pay_twice, {"from": who, "value": E})
    project.investInNew(options, E, {"from": who, "value": E})
    with brownie.reverts(revert_message("WrongPaymentValue", E, 0)):
        project.multicall([project.invest.encode_input(1, E)], {"from": who})
    assert project.stakeOf(1, who) == E and web3.eth.get_balance(project.address) == E


@pytest.fixture(scope="module")
def ten_refunds(factory, creator, inspectors, makers, backers, token):
    """One backer in ten combinations of which one is selected: nine refunds to claim."""
    money = Money(token)
    project = _open(factory, creator, inspectors, token.address, max_rescues=0)
    options = [[offer(project, makers[d], d, E) for _ in range(10)] for d in range(3)]
    who = backers[1]
    combos = [
        back(project, money, who, [o[k] for o in options], (k + 1) * E // 3) for k in range(10)
    ]
    back(project, money, backers[2], combos[0], 3 * E)
    finalize(project, creator)
    return project, combos, who


def test_a_batch_of_claims_pays_exactly_the_single_claims(ten_refunds, token):
    project, combos, who = ten_refunds
    # the nine left out (combos[0], selected, owes a refund too once a test before this one in the
    # module has moved the chain's clock past its R&D: the batch is of the nine, whatever the time)
    owed = combos[1:]
    assert all(project.refundableOf(c, who) > 0 for c in owed)
    snapshot = Snapshot()
    before = token.balanceOf(who)
    for combo in owed:
        project.refund(combo, {"from": who})
    singles = token.balanceOf(who) - before
    snapshot.restore()
    before = token.balanceOf(who)
    tx = project.multicall([project.refund.encode_input(c) for c in owed], {"from": who})
    assert token.balanceOf(who) - before == singles == sum((k + 1) * E // 3 for k in range(1, 10))
    assert len(tx.events["Refunded"]) == 9


def test_a_batch_cannot_act_for_someone_else(ten_refunds):
    project, combos, who = ten_refunds
    thief = actor("thief")
    with brownie.reverts(revert_message("NothingToClaim", combos[1], thief)):
        project.multicall([project.refund.encode_input(combos[1])], {"from": thief})
    with brownie.reverts(revert_message("NotMaker", combos[0], 0, thief)):
        project.multicall([project.claimMaker.encode_input(combos[0], 0)], {"from": thief})
    with brownie.reverts(revert_message("NotSharesContract", thief)):
        project.multicall(
            [project.moveShares.encode_input(who, thief, combos[0], 1)], {"from": thief}
        )
    with brownie.reverts(revert_message("NotCreator", thief)):
        project.multicall([project.claimCreator.encode_input()], {"from": thief})
    assert project.refundableOf(combos[1], who) > 0  # still the backer's
