# SPDX-License-Identifier: MIT
"""The platform's part goes to the factory's treasury, and only the treasury hands that role on,
in two steps: it proposes, the new address accepts. Until the acceptance the old treasury keeps
the role (and the pending one cannot claim); after it the old one has lost it and the new one
claims everything still owed, revenue from before the handover included."""

import brownie
import pytest
from sharing_support import E, revert

from cobuild.chain.actors import actor
from cobuild.model.revenue import split
from cobuild.protocol import ZERO_ADDRESS


@pytest.fixture(scope="module")
def successor():
    return actor("next-treasury")


def test_handover_needs_both_steps(sharing, factory, treasury, successor, stranger):
    s = sharing
    s.deposit(E + 3)
    owed = s.model.platform_owed
    assert s.project.roleOwed()["platform"] == owed > 0

    with brownie.reverts(revert("NotTreasury", stranger)):
        factory.proposeTreasury(successor, {"from": stranger})
    with brownie.reverts(revert("NotTreasury", successor)):
        factory.acceptTreasury({"from": successor})  # nothing proposed yet

    tx = factory.proposeTreasury(successor, {"from": treasury})
    assert tx.events["TreasuryProposed"]["current"] == treasury
    assert tx.events["TreasuryProposed"]["proposed"] == successor
    assert factory.pendingTreasury() == successor
    assert factory.treasury() == treasury  # one step is not a handover
    with brownie.reverts(revert("NotTreasury", successor)):
        s.project.claimPlatform({"from": successor})
    with brownie.reverts(revert("NotTreasury", stranger)):
        factory.acceptTreasury({"from": stranger})

    s.deposit(2 * E + 1)  # revenue booked before the acceptance
    tx = factory.acceptTreasury({"from": successor})
    assert tx.events["TreasuryChanged"]["previous"] == treasury
    assert tx.events["TreasuryChanged"]["current"] == successor
    assert factory.treasury() == successor
    assert factory.pendingTreasury() == ZERO_ADDRESS

    with brownie.reverts(revert("NotTreasury", treasury)):
        s.project.claimPlatform({"from": treasury})
    with brownie.reverts(revert("NotTreasury", treasury)):
        factory.proposeTreasury(treasury, {"from": treasury})
    with brownie.reverts(revert("NotTreasury", successor)):
        factory.acceptTreasury({"from": successor})  # the proposal was used up
    assert s.claim_platform(successor) == s.model.paid_platform > owed
    with brownie.reverts(revert("NothingToClaim", 0, successor)):
        s.project.claimPlatform({"from": successor})
    s.assert_matches_model()


def test_old_treasury_claims_until_it_hands_over(sharing, factory, treasury, successor):
    s = sharing
    s.deposit(E + 1)
    factory.proposeTreasury(successor, {"from": treasury})
    first = s.claim_platform(treasury)  # still the treasury while the proposal is pending
    s.deposit(E + 2)
    factory.acceptTreasury({"from": successor})
    with brownie.reverts(revert("NotTreasury", treasury)):
        s.project.claimPlatform({"from": treasury})
    second = s.claim_platform(successor)
    assert second == split(E + 2, s.model.ratio).platform  # booked since the old one's claim
    assert first + second == s.model.paid_platform
    s.assert_matches_model()


def test_a_new_proposal_replaces_the_pending_one(factory, treasury, successor, stranger):
    factory.proposeTreasury(successor, {"from": treasury})
    factory.proposeTreasury(stranger, {"from": treasury})
    assert factory.pendingTreasury() == stranger
    with brownie.reverts(revert("NotTreasury", successor)):
        factory.acceptTreasury({"from": successor})
    factory.acceptTreasury({"from": stranger})
    assert factory.treasury() == stranger


def test_treasury_cannot_be_zero(factory, treasury):
    with brownie.reverts(revert("InvalidTreasury", ZERO_ADDRESS)):
        factory.proposeTreasury(ZERO_ADDRESS, {"from": treasury})
