# SPDX-License-Identifier: MIT
"""Odd ERC-20s: a fee-on-transfer token is refused with TokenFeeOnTransfer; a token that answers
`false` is never booked as paid, and a refund it fails is still owed; a blocklisted backer cannot
block anyone else's refund."""

from __future__ import annotations

import brownie
import pytest
from brownie import BlocklistToken, FalseReturningToken, FeeOnTransferToken
from selection_model import Book, Ledger

from cobuild.chain.lifecycle import advance_to
from cobuild.chain.money import Money
from cobuild.protocol import Phase

E = 10**18
MIN_STAKE = E // 10


def _failed_project(open_project, money, makers, backers, stranger, stakes):
    """A project whose launch fails, with `stakes[i]` from backers[i] in one combination."""
    project = open_project(money, min_total=100 * E, min_stake=MIN_STAKE)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3))
    o = book.offer_grid(makers, [[E] for _ in range(3)])
    combo = book.invest(backers[0], [x[0] for x in o], stakes[0])
    for i, stake in enumerate(stakes[1:], start=1):
        book.invest(backers[i], combo, stake)
    advance_to(project, Phase.Finalizing)
    project.finalize(0, [combo], {"from": stranger})
    assert project.phase() == Phase.Failed
    return project, combo


@pytest.mark.parametrize("fee_bps", [1, 100, 10_000])
def test_fee_on_transfer_token_is_refused(open_project, deployer, makers, backers, fee_bps):
    token = FeeOnTransferToken.deploy(fee_bps, {"from": deployer})
    money = Money(token)
    project = open_project(money, min_stake=MIN_STAKE)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3))
    o = book.offer_grid(makers, [[E] for _ in range(3)])
    amount = 2 * E + 3
    received = amount - amount * fee_bps // 10_000
    with brownie.reverts(f"TokenFeeOnTransfer: {amount}, {received}"):
        project.investInNew([x[0] for x in o], amount, money.pay(backers[0], project, amount))
    # a combination opened while the fee is off cannot be topped up once it is on
    token.setFee(0, {"from": deployer})
    combo = book.invest(backers[0], [x[0] for x in o], E)
    token.setFee(fee_bps, {"from": deployer})
    with brownie.reverts(f"TokenFeeOnTransfer: {amount}, {received}"):
        project.invest(combo, amount, money.pay(backers[1], project, amount))
    assert project.combination(combo)["funded"] == E
    assert token.balanceOf(project) == E


def test_token_answering_false_is_never_booked(open_project, deployer, makers, backers):
    token = FalseReturningToken.deploy({"from": deployer})
    money = Money(token)
    project = open_project(money, min_stake=MIN_STAKE)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=3))
    o = book.offer_grid(makers, [[E] for _ in range(3)])
    token.setFailing(True, {"from": deployer})
    failed = f"SafeERC20FailedOperation: {token.address.lower()}"
    with brownie.reverts(failed):
        project.investInNew([x[0] for x in o], E, money.pay(backers[0], project, E))
    token.setFailing(False, {"from": deployer})
    combo = book.invest(backers[0], [x[0] for x in o], E)
    token.setFailing(True, {"from": deployer})
    with brownie.reverts(failed):
        project.invest(combo, E, money.pay(backers[1], project, E))
    assert project.combination(combo)["funded"] == E == token.balanceOf(project)


def test_refund_a_token_fails_to_pay_is_still_owed(
    open_project, deployer, makers, backers, stranger
):
    token = FalseReturningToken.deploy({"from": deployer})
    money = Money(token)
    project, combo = _failed_project(open_project, money, makers, backers, stranger, [E, 2 * E])
    token.setFailing(True, {"from": deployer})
    with brownie.reverts(f"SafeERC20FailedOperation: {token.address.lower()}"):
        project.refund(combo, {"from": backers[0]})
    assert project.refundableOf(combo, backers[0]) == E
    token.setFailing(False, {"from": deployer})
    for i, stake in enumerate([E, 2 * E]):
        before = token.balanceOf(backers[i])
        project.refund(combo, {"from": backers[i]})
        assert token.balanceOf(backers[i]) == before + stake
    assert token.balanceOf(project) == 0


def test_blocklisted_backer_cannot_block_others(open_project, deployer, makers, backers, stranger):
    token = BlocklistToken.deploy({"from": deployer})
    money = Money(token)
    stakes = [E, 2 * E + 1, 3 * E + 2]
    project, combo = _failed_project(open_project, money, makers, backers, stranger, stakes)
    token.setBlocked(backers[1], True, {"from": deployer})
    with brownie.reverts(f"Blocked: {backers[1].address.lower()}"):
        project.refund(combo, {"from": backers[1]})
    for i in (0, 2):
        before = token.balanceOf(backers[i])
        project.refund(combo, {"from": backers[i]})
        assert token.balanceOf(backers[i]) == before + stakes[i]
    assert token.balanceOf(project) == stakes[1] == project.refundableOf(combo, backers[1])
    token.setBlocked(backers[1], False, {"from": deployer})
    project.refund(combo, {"from": backers[1]})
    assert token.balanceOf(project) == 0
