"""Fixtures of the services tests: the three contracts deployed per payment asset (`svc`, over ETH
and an ERC-20 through `money`), and the people of the seed's Saturday."""

import pytest
from brownie import Activities, Bookings, DeviceMandates
from services_support import Services

from cobuild.chain.actors import actor


@pytest.fixture(scope="module")
def svc(money, deployer):
    activities = Activities.deploy(money.address, {"from": deployer})
    bookings = Bookings.deploy(money.address, activities, {"from": deployer})
    mandates = DeviceMandates.deploy(money.address, {"from": deployer})
    return Services(money, activities, bookings, mandates)


@pytest.fixture(scope="module")
def organizer():
    return actor("organizer")


@pytest.fixture(scope="module")
def friends():
    return [actor(f"friend-{i}") for i in range(4)]


@pytest.fixture(scope="module")
def customer():
    return actor("customer")


@pytest.fixture(scope="module")
def owner():
    return actor("fridge-owner")


@pytest.fixture(scope="module")
def fridge():
    return actor("fridge")


@pytest.fixture(scope="module")
def vendor():
    return actor("grocer")


@pytest.fixture(scope="module")
def other_vendor():
    return actor("other-grocer")
