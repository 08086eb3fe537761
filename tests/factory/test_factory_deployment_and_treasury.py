# SPDX-License-Identifier: MIT
"""The factory refuses a bad implementation or treasury at deployment; the treasury role moves only
in two steps (propose, accept) and gives no power over any project."""

from __future__ import annotations

import brownie
from brownie import CobuildFactory, CobuildProject

from cobuild.protocol import ZERO_ADDRESS


def test_deployment_refuses_bad_implementation_and_treasury(deployer, treasury, stranger, platform):
    with brownie.reverts(f"InvalidImplementation: {stranger.address.lower()}"):
        CobuildFactory.deploy(stranger, treasury, "uri", {"from": deployer})
    with brownie.reverts(f"InvalidTreasury: {ZERO_ADDRESS}"):
        CobuildFactory.deploy(platform.implementation, ZERO_ADDRESS, "uri", {"from": deployer})
    with brownie.reverts("MissingFacet: "):
        CobuildProject.deploy(stranger, {"from": deployer})


def test_treasury_moves_in_two_steps(factory, treasury, stranger, creator):
    assert factory.treasury() == treasury and factory.pendingTreasury() == ZERO_ADDRESS
    with brownie.reverts(f"NotTreasury: {stranger.address.lower()}"):
        factory.proposeTreasury(stranger, {"from": stranger})
    with brownie.reverts(f"InvalidTreasury: {ZERO_ADDRESS}"):
        factory.proposeTreasury(ZERO_ADDRESS, {"from": treasury})
    tx = factory.proposeTreasury(stranger, {"from": treasury})
    assert tx.events["TreasuryProposed"]["proposed"] == stranger
    assert factory.treasury() == treasury  # nothing moves until accepted
    with brownie.reverts(f"NotTreasury: {creator.address.lower()}"):
        factory.acceptTreasury({"from": creator})
    tx = factory.acceptTreasury({"from": stranger})
    changed = tx.events["TreasuryChanged"]
    assert (changed["previous"], changed["current"]) == (treasury, stranger)
    assert factory.treasury() == stranger and factory.pendingTreasury() == ZERO_ADDRESS
    with brownie.reverts(f"NotTreasury: {treasury.address.lower()}"):
        factory.proposeTreasury(treasury, {"from": treasury})
