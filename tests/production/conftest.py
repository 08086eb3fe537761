"""Fixtures of the production tests (R&D, testing, presale, after-sales)."""

import pytest
from brownie import ProductionFeeToken, ProductionHostileActor, web3

from scripts.cobuild.money import Money


@pytest.fixture(scope="module", autouse=True)
def cached_chain_id():
    """Let web3 cache eth_chainId, which its validation middleware otherwise asks the node for
    before every call and transaction: a fifth of the seed run's time. (brownie's receipt race on
    anvil is handled by scripts.cobuild.brownie_fixes.) Active in this directory only."""
    provider = web3.provider
    caching = (provider.cache_allowed_requests, provider.cacheable_requests)
    provider.cache_allowed_requests, provider.cacheable_requests = True, {"eth_chainId"}
    yield
    provider.cache_allowed_requests, provider.cacheable_requests = caching


@pytest.fixture(scope="module")
def hostile(deployer):
    """Deploy a fresh ProductionHostileActor: `hostile()`."""

    def _deploy():
        return ProductionHostileActor.deploy({"from": deployer})

    return _deploy


@pytest.fixture(scope="module")
def fee_money(deployer):
    """A fee-on-transfer token as payment asset (projects must refuse it)."""
    return Money(ProductionFeeToken.deploy({"from": deployer}))
