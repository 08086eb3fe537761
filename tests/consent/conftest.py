# SPDX-License-Identifier: MIT
"""Consent fixtures: one `CobuildConsent` per module, an owner that signs (a local key, no gas),
a grantee and a stranger, and a helper that grants standard terms."""

from __future__ import annotations

import pytest
from brownie import CobuildConsent, chain

from cobuild.chain.actors import actor
from cobuild.consent.signing import Terms, operations_mask, purpose_id, signer

DAY = 86_400
DELIVERY = purpose_id("delivery")
MARKETING = purpose_id("marketing")
ADDRESS_DATA = bytes.fromhex("11" * 32)  # digest of "my home address"


@pytest.fixture(scope="module")
def consent(deployer):
    return CobuildConsent.deploy({"from": deployer})


@pytest.fixture(scope="module")
def owner_key():
    return signer("data-owner")


@pytest.fixture(scope="module")
def owner(owner_key):
    """The data owner as a sending account (same address as `owner_key`)."""
    return actor_at(owner_key.address)


def actor_at(address: str):
    from brownie import accounts, web3

    web3.provider.make_request("anvil_impersonateAccount", [address])
    web3.provider.make_request("anvil_setBalance", [address, hex(10**22)])
    return accounts.at(address, force=True)


@pytest.fixture(scope="module")
def grantee():
    return actor("delivery-service")


@pytest.fixture(scope="module")
def terms_for(grantee):
    def make(max_uses: int = 1, days: int = 7, ops: tuple[str, ...] = ("read",), who=None) -> Terms:
        return Terms(
            grantee=(who or grantee).address,
            data=ADDRESS_DATA,
            location="ipfs://bafy-encrypted-address",
            purpose=DELIVERY,
            operations=operations_mask(list(ops)),
            max_uses=max_uses,
            expiry=chain.time() + days * DAY,
        )

    return make


@pytest.fixture(scope="module")
def granted(consent, owner, terms_for):
    """Grant `terms` from the owner directly; returns the grant id."""

    def make(terms: Terms | None = None) -> int:
        tx = consent.grant((terms or terms_for()).as_tuple(), {"from": owner})
        return tx.events["ConsentGranted"]["id"]

    return make
