# SPDX-License-Identifier: MIT
"""Fixtures of the production tests (R&D, testing, presale, after-sales)."""

import pytest
from brownie import FeeOnTransferToken
from hostile_actor import Hostile

from cobuild.chain.money import Money


@pytest.fixture(scope="module")
def hostile(deployer):
    """Deploy a fresh hostile actor (tests/hostile_actor.py), paid in ETH: `hostile()`."""

    def _deploy():
        return Hostile.deploy(deployer)

    return _deploy


@pytest.fixture(scope="module")
def fee_money(deployer):
    """A fee-on-transfer token as payment asset (projects must refuse it); the fee starts off."""
    return Money(FeeOnTransferToken.deploy(0, {"from": deployer}))
