# SPDX-License-Identifier: MIT
"""Pull, not push: a holder whose receiver fails (a contract that reverts on ETH, or an address an
ERC-20 refuses to pay) fails only its own claim. Everyone else claims exactly what the model says;
the failing holder's revenue stays booked (its shares can still move, credit parked) and it
claims all of it once its receiver accepts."""

import brownie
import pytest
from brownie import BlocklistToken
from hostile_actor import Hostile
from sharing_support import E, revert

from cobuild.chain.money import Money


@pytest.fixture(scope="module", params=["eth", "erc20-blocklist"])
def blocking_money(request, deployer):
    """ETH, or an ERC-20 whose transfers to a blocked address revert."""
    if request.param == "eth":
        return Money()
    return Money(BlocklistToken.deploy({"from": deployer}))


@pytest.fixture(scope="module")
def module_sharing(build_model, blocking_money, deployer):
    s = build_model(blocking_money)
    holder = Hostile.deploy(deployer, blocking_money)
    s.transfer(s.investors[0], holder.address, s.project.sharesOf(s.combo, s.investors[0]) // 2)
    s.holder = holder
    return s


def refuse(sharing):
    """Make the holder contract's receiver fail."""
    if sharing.money.is_eth:
        sharing.holder.refuse()
    else:
        sharing.money.token.setBlocked(sharing.holder, True, {"from": sharing.payer})


def accept(sharing):
    if sharing.money.is_eth:
        sharing.holder.accept()
    else:
        sharing.money.token.setBlocked(sharing.holder, False, {"from": sharing.payer})


def failure(sharing, amount):
    if sharing.money.is_eth:
        return revert("PaymentFailed", sharing.holder, amount)
    return revert("Blocked", sharing.holder)


def claim(sharing):
    """The holder contract claims its revenue."""
    project = sharing.project
    return sharing.holder.call(project, project.claimRevenue.encode_input(sharing.combo))


def test_failing_holder_cannot_block_other_claims(sharing, stranger, licensee):
    s, combo, holder = sharing, sharing.combo, sharing.holder
    refuse(s)
    s.deposit(3 * E + 7)
    owed = s.model.revenue_of(combo, str(holder))
    assert owed > 0 and s.project.revenueOf(combo, holder) == owed
    with brownie.reverts(failure(s, owed)):
        claim(s)
    assert s.project.revenueOf(combo, holder) == owed  # nothing lost, nothing paid

    # everyone else is paid exactly, before and after the failing claim
    s.claim_every_role()
    with brownie.reverts(failure(s, owed)):
        claim(s)

    # its shares still move: the transfer settles without paying, its revenue is parked
    move = s.shares.safeTransferFrom.encode_input(holder, licensee, s.token_id, E // 10, b"")
    holder.call(s.shares, move)
    s.model.transfer(combo, str(holder), str(licensee), E // 10)
    s.deposit(E + 1)
    s.assert_matches_model()
    owed = s.model.revenue_of(combo, str(holder))

    accept(s)
    before = s.money.balance(holder)
    tx = claim(s)
    assert tx.events["RevenueClaimed"]["amount"] == owed == s.model.claim(combo, str(holder))
    assert s.money.balance(holder) - before == owed
    s.claim_all()
    s.assert_matches_model()
    assert s.money.balance(s.project) == s.model.dust() <= s.model.dust_bound()
