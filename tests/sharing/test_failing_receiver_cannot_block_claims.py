"""Pull, not push: a holder whose receiver fails (a contract that reverts on ETH, or an address an
ERC-20 refuses to pay) fails only its own claim. Everyone else claims exactly what the model says;
the failing holder's revenue stays booked (its shares can still move, credit parked) and it
claims all of it once its receiver accepts."""

import brownie
import pytest
from brownie import SharingBlockingToken, SharingRevertingHolder
from sharing_support import E, revert

from scripts.cobuild.money import Money


@pytest.fixture(scope="module", params=["eth", "erc20-blocklist"])
def blocking_money(request, deployer):
    """ETH, or an ERC-20 whose transfers to a blocked address revert."""
    if request.param == "eth":
        return Money()
    return Money(SharingBlockingToken.deploy({"from": deployer}))


@pytest.fixture(scope="module")
def built(build_model, blocking_money, deployer):
    s = build_model(blocking_money)
    holder = SharingRevertingHolder.deploy({"from": deployer})
    s.transfer(s.investors[0], holder, s.project.sharesOf(s.combo, s.investors[0]) // 2)
    s.holder = holder
    return s


@pytest.fixture
def sharing(built):
    return built.fresh()


def refuse(sharing):
    """Make the holder contract's receiver fail."""
    if sharing.money.is_eth:
        assert not sharing.holder.acceptEth()  # it refuses ETH from deployment on
    else:
        sharing.money.token.setBlocked(sharing.holder, True, {"from": sharing.payer})


def accept(sharing):
    if sharing.money.is_eth:
        sharing.holder.setAcceptEth(True, {"from": sharing.payer})
    else:
        sharing.money.token.setBlocked(sharing.holder, False, {"from": sharing.payer})


def failure(sharing, amount):
    if sharing.money.is_eth:
        return revert("PaymentFailed", sharing.holder, amount)
    return revert("Blocked", sharing.holder)


def test_failing_holder_cannot_block_other_claims(sharing, stranger, licensee):
    s, combo, holder = sharing, sharing.combo, sharing.holder
    refuse(s)
    s.deposit(3 * E + 7)
    owed = s.model.revenue_of(combo, str(holder))
    assert owed > 0 and s.project.revenueOf(combo, holder) == owed
    with brownie.reverts(failure(s, owed)):
        holder.claimRevenue(s.project, combo, {"from": stranger})
    assert s.project.revenueOf(combo, holder) == owed  # nothing lost, nothing paid

    # everyone else is paid exactly, before and after the failing claim
    for other in s.investors:
        s.claim(other)
    for dimension in range(len(s.makers)):
        s.claim_maker(dimension)
    s.claim_creator()
    s.claim_platform()
    with brownie.reverts(failure(s, owed)):
        holder.claimRevenue(s.project, combo, {"from": stranger})

    # its shares still move: the transfer settles without paying, its revenue is parked
    holder.transferShares(s.shares, licensee, s.token_id, E // 10, {"from": stranger})
    s.model.transfer(combo, str(holder), str(licensee), E // 10)
    s.deposit(E + 1)
    s.assert_matches_model()
    owed = s.model.revenue_of(combo, str(holder))

    accept(s)
    before = s.money.balance(holder)
    tx = holder.claimRevenue(s.project, combo, {"from": stranger})
    assert tx.events["RevenueClaimed"]["amount"] == owed == s.model.claim(combo, str(holder))
    assert s.money.balance(holder) - before == owed
    s.claim_all()
    s.assert_matches_model()
    assert s.money.balance(s.project) == s.model.dust() <= s.model.dust_bound()
