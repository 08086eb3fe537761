# SPDX-License-Identifier: MIT
"""Routing fixtures: the interests and notices contracts (module scope) and a few people."""

from __future__ import annotations

import pytest
from brownie import CobuildInterests, CobuildNotices

from cobuild.chain.actors import actor


@pytest.fixture(scope="module")
def interests(deployer):
    return CobuildInterests.deploy({"from": deployer})


@pytest.fixture(scope="module")
def notices(deployer):
    return CobuildNotices.deploy({"from": deployer})


@pytest.fixture(scope="module")
def people():
    return {name: actor(name) for name in ("alice", "bob", "carol", "community", "friend")}


@pytest.fixture(scope="module")
def consent(deployer):
    from brownie import CobuildConsent

    return CobuildConsent.deploy({"from": deployer})


@pytest.fixture(scope="module")
def contracts(interests, notices, consent):
    from cobuild.routing.watcher import Contracts

    return Contracts(interests=interests.address, notices=notices.address, consent=consent.address)
