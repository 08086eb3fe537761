# SPDX-License-Identifier: MIT
"""Fixtures of the services tests: the three contracts deployed per payment asset (`svc`, over ETH
and an ERC-20 through `money`), and the people of the seed's Saturday."""

import pytest
from actor_fixtures import actor_fixture
from brownie import Activities, Bookings, DeviceMandates
from services_support import Services


@pytest.fixture(scope="module")
def svc(money, deployer):
    activities = Activities.deploy(money.address, {"from": deployer})
    bookings = Bookings.deploy(money.address, activities, {"from": deployer})
    mandates = DeviceMandates.deploy(money.address, {"from": deployer})
    return Services(money, activities, bookings, mandates)


organizer = actor_fixture("organizer")
friends = actor_fixture("friend-{}", count=4)
customer = actor_fixture("customer")
owner = actor_fixture("fridge-owner")
fridge = actor_fixture("fridge")
vendor = actor_fixture("grocer")
other_vendor = actor_fixture("other-grocer")
