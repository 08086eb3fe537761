# SPDX-License-Identifier: MIT
"""Exactly once: no revenue claim (investor, maker, creator, platform) pays twice, a transfer's
parked credit is paid once, and later revenue is claimable again, only for what is new (an
investor's first claim also pays its part of the surplus booked at the close; see
test_surplus_returned_once.py)."""

import brownie
from sharing_support import E, revert

from cobuild.chain.actors import actor
from cobuild.protocol import Status


def test_investor_claims_once_per_revenue(sharing):
    s, combo = sharing, sharing.combo
    holder = s.investors[0]
    s.deposit(E + 7)
    first = s.claim(holder)
    assert first > 0 and s.project.revenueOf(combo, holder) == 0
    with brownie.reverts(revert("NothingToClaim", combo, holder)):
        s.project.claimRevenue(combo, {"from": holder})
    s.deposit(2 * E + 1)
    # only the new revenue (s.claim compares with the model, which pays each deposit once)
    assert s.claim(holder) > 0
    with brownie.reverts(revert("NothingToClaim", combo, holder)):
        s.project.claimRevenue(combo, {"from": holder})
    s.assert_matches_model()


def test_accounts_without_shares_have_nothing_to_claim(sharing, stranger, creator):
    s, combo = sharing, sharing.combo
    s.deposit(E)
    for account in (stranger, creator, s.makers[0]):
        with brownie.reverts(revert("NothingToClaim", combo, account)):
            s.project.claimRevenue(combo, {"from": account})


def test_parked_credit_is_paid_once(sharing):
    """The seller's revenue from before a sale is paid by its next claim, and only then."""
    s, combo = sharing, sharing.combo
    seller, buyer = s.investors[1], actor("share-buyer")
    s.deposit(E + 3)
    s.transfer(seller, buyer, s.project.sharesOf(combo, seller))
    credit = s.project.revenueOf(combo, seller)
    assert credit > 0
    assert s.claim(seller) == credit
    with brownie.reverts(revert("NothingToClaim", combo, seller)):
        s.project.claimRevenue(combo, {"from": seller})
    with brownie.reverts(revert("NothingToClaim", combo, buyer)):  # bought after the revenue
        s.project.claimRevenue(combo, {"from": buyer})
    s.deposit(E)
    with brownie.reverts(revert("NothingToClaim", combo, seller)):  # sold before it
        s.project.claimRevenue(combo, {"from": seller})
    s.claim(buyer)
    s.assert_matches_model()


def test_maker_creator_and_platform_claim_once(sharing):
    s, combo = sharing, sharing.combo
    s.deposit(E + 9)
    for dimension, maker in enumerate(s.makers):
        assert s.claim_maker(dimension) > 0
        with brownie.reverts(revert("NothingToClaim", combo, maker)):
            s.project.claimMaker(combo, dimension, {"from": maker})
    assert s.claim_creator() > 0
    with brownie.reverts(revert("NothingToClaim", 0, s.creator)):
        s.project.claimCreator({"from": s.creator})
    assert s.claim_platform() > 0
    with brownie.reverts(revert("NothingToClaim", 0, s.treasury)):
        s.project.claimPlatform({"from": s.treasury})
    s.deposit(E)  # new revenue: each may claim again, the new part only
    s.claim_all()
    s.assert_matches_model()


def test_only_the_named_payee_may_claim_a_role(sharing, stranger):
    s, combo = sharing, sharing.combo
    s.deposit(E)
    with brownie.reverts(revert("NotCreator", stranger)):
        s.project.claimCreator({"from": stranger})
    with brownie.reverts(revert("NotTreasury", stranger)):
        s.project.claimPlatform({"from": stranger})
    with brownie.reverts(revert("NotMaker", combo, 0, s.makers[1])):
        s.project.claimMaker(combo, 0, {"from": s.makers[1]})
    s.claim_all()
    s.assert_matches_model()


def test_revenue_only_for_a_model_that_succeeded(sharing, stranger):
    s = sharing
    missing = s.combo + 1
    with brownie.reverts(revert("CombinationWrongStatus", missing, Status.NONE, Status.Succeeded)):
        s.project.claimRevenue(missing, {"from": s.investors[0]})
    with brownie.reverts(revert("CombinationWrongStatus", missing, Status.NONE, Status.Succeeded)):
        s.project.depositRevenue(missing, E, s.money.pay(stranger, s.project, E))
