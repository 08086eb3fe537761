"""Fixtures of the production tests (R&D, testing, presale, after-sales)."""

import time

import pytest
from brownie import ProductionFeeToken, ProductionHostileActor, web3
from brownie.network.transaction import TransactionReceipt
from web3.exceptions import TransactionNotFound

from scripts.cobuild.actors import DEFAULT_BALANCE
from scripts.cobuild.money import Money

_await_confirmation = TransactionReceipt._await_confirmation


def _await_confirmation_patiently(self, block_number=None, required_confs=1):
    """brownie declares a transaction dropped when the sender's nonce moved but its receipt is not
    there yet; anvil 1.x can show the nonce a moment before the receipt. Wait for the receipt first
    (a few ms), then let brownie confirm as usual."""
    for _ in range(200):
        try:
            if web3.eth.get_transaction_receipt(self.txid) is not None:
                break
        except TransactionNotFound:
            pass
        time.sleep(0.01)
    return _await_confirmation(self, block_number, required_confs)


@pytest.fixture(scope="module", autouse=True)
def steady_rpc():
    """Long runs here send over a thousand transactions. Avoid brownie's spurious "Tx dropped
    without known replacement" on anvil (see above), and let web3 cache eth_chainId, which its
    validation middleware otherwise asks the node for before every call and transaction (a fifth
    of the run time). Active in this directory only."""
    provider = web3.provider
    caching = (provider.cache_allowed_requests, provider.cacheable_requests)
    provider.cache_allowed_requests, provider.cacheable_requests = True, {"eth_chainId"}
    TransactionReceipt._await_confirmation = _await_confirmation_patiently
    yield
    TransactionReceipt._await_confirmation = _await_confirmation
    provider.cache_allowed_requests, provider.cacheable_requests = caching


@pytest.fixture(scope="module", autouse=True)
def funded_actors(backers, buyers, merchant, provider):
    """The shared session actors get their ETH back at the start of each module here: when one
    is first used inside another module, that module's isolation reverts its funding."""
    for who in [*backers, *buyers, merchant, provider]:
        if web3.eth.get_balance(who.address) < DEFAULT_BALANCE // 2:
            web3.provider.make_request("anvil_setBalance", [who.address, hex(DEFAULT_BALANCE)])


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
