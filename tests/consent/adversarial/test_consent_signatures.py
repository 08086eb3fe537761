# SPDX-License-Identifier: MIT
"""Gasless grants and revocations (EIP-712), relayed by anyone: a signature is valid once, on this
chain, on this contract, before its deadline, and only the owner's. Every refusal is named."""

from __future__ import annotations

import brownie
import pytest
from brownie import CobuildConsent, accounts, chain, web3
from conftest import DELIVERY

from cobuild.consent.signing import sign_grant, sign_revoke, signer
from cobuild.protocol import revert_message

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@pytest.fixture(scope="module")
def relayer():
    return accounts[9]


def _deadline(seconds: int = 3600) -> int:
    return chain.time() + seconds


def _sign(owner_key, consent, terms, nonce=None, deadline=None, chain_id=None):
    nonce = consent.nonces(owner_key.address) if nonce is None else nonce
    deadline = _deadline() if deadline is None else deadline
    sig = sign_grant(owner_key, terms, nonce, deadline, chain_id or chain.id, consent.address)
    return (terms.as_tuple(), owner_key.address, nonce, deadline, sig)


def test_relayed_grant_is_the_owners(consent, owner_key, grantee, relayer, terms_for):
    args = _sign(owner_key, consent, terms_for())
    tx = consent.grantBySig(*args, {"from": relayer})
    event = tx.events["ConsentGranted"]
    assert (event["owner"], event["grantee"]) == (owner_key.address, grantee)
    assert consent.nonces(owner_key.address) == 1
    consent.use(event["id"], DELIVERY, 0, {"from": grantee})


def test_replay_after_use_is_refused(consent, owner_key, relayer, terms_for):
    args = _sign(owner_key, consent, terms_for())
    consent.grantBySig(*args, {"from": relayer})
    with brownie.reverts(revert_message("InvalidAccountNonce", owner_key.address, 1)):
        consent.grantBySig(*args, {"from": relayer})


def test_signature_for_another_chain_id_is_refused(consent, owner_key, relayer, terms_for):
    args = _sign(owner_key, consent, terms_for(), chain_id=chain.id + 1)
    with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
        consent.grantBySig(*args, {"from": relayer})


def test_signature_does_not_survive_a_chain_id_change(consent, owner_key, terms_for):
    """A fork that changes the chain id: the cached domain separator is rebuilt, so a signature
    made before it no longer verifies (checked by eth_call on the renamed chain)."""
    args = _sign(owner_key, consent, terms_for())
    before = consent.DOMAIN_SEPARATOR()
    web3.provider.make_request("anvil_setChainId", [chain.id + 7])
    try:
        assert consent.DOMAIN_SEPARATOR() != before
        with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
            consent.grantBySig.call(*args)
    finally:
        web3.provider.make_request("anvil_setChainId", [chain.id])
    assert consent.DOMAIN_SEPARATOR() == before


def test_signature_for_another_contract_is_refused(
    consent, deployer, owner_key, relayer, terms_for
):
    other = CobuildConsent.deploy({"from": deployer})
    args = _sign(owner_key, consent, terms_for())
    with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
        other.grantBySig(*args, {"from": relayer})
    consent.grantBySig(*args, {"from": relayer})  # where it was made for, it is valid


def test_expired_deadline_is_refused(consent, owner_key, relayer, terms_for):
    deadline = _deadline(60)
    args = _sign(owner_key, consent, terms_for(), deadline=deadline)
    web3.provider.make_request("evm_setNextBlockTimestamp", [deadline + 1])
    with brownie.reverts(revert_message("SignatureExpired", deadline, deadline + 1)):
        consent.grantBySig(*args, {"from": relayer, "gas_limit": 500_000})


def test_wrong_signer_is_refused(consent, owner_key, relayer, terms_for):
    """Someone else's key signing in the owner's name: no grant over the owner's data."""
    forger = signer("forger")
    terms = terms_for()
    deadline = _deadline()
    sig = sign_grant(forger, terms, 0, deadline, chain.id, consent.address)
    with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
        consent.grantBySig(terms.as_tuple(), owner_key.address, 0, deadline, sig, {"from": relayer})


def test_altered_terms_are_refused(consent, owner_key, relayer, terms_for, grantee):
    """A relayer that changes what the owner signed (more uses) holds no signature of it."""
    terms, owner, nonce, deadline, sig = _sign(owner_key, consent, terms_for(max_uses=1))
    inflated = (terms[0], terms[1], terms[2], terms[3], terms[4], 1000, terms[6])
    with brownie.reverts(revert_message("InvalidSigner", owner)):
        consent.grantBySig(inflated, owner, nonce, deadline, sig, {"from": relayer})


def test_malleated_signature_is_refused(consent, owner_key, relayer, terms_for):
    """The same signature with s -> n - s (the other valid ECDSA form) does not count twice."""
    terms, owner, nonce, deadline, sig = _sign(owner_key, consent, terms_for())
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    twin = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])  # 27 <-> 28
    with brownie.reverts(revert_message("InvalidSigner", owner)):
        consent.grantBySig(terms, owner, nonce, deadline, twin, {"from": relayer})


def test_future_nonce_is_refused(consent, owner_key, relayer, terms_for):
    args = _sign(owner_key, consent, terms_for(), nonce=5)
    with brownie.reverts(revert_message("InvalidAccountNonce", owner_key.address, 0)):
        consent.grantBySig(*args, {"from": relayer})


def _signed_grant(consent, owner_key, relayer, terms):
    tx = consent.grantBySig(*_sign(owner_key, consent, terms), {"from": relayer})
    return tx.events["ConsentGranted"]["id"]


def test_relayed_revocation(consent, owner_key, relayer, grantee, terms_for):
    gid = _signed_grant(consent, owner_key, relayer, terms_for(max_uses=3))
    nonce, deadline = consent.nonces(owner_key.address), _deadline()
    sig = sign_revoke(owner_key, gid, nonce, deadline, chain.id, consent.address)
    consent.revokeBySig(gid, nonce, deadline, sig, {"from": relayer})
    with brownie.reverts(revert_message("GrantRevoked", gid)):
        consent.use(gid, DELIVERY, 0, {"from": grantee})
    with brownie.reverts(revert_message("GrantRevoked", gid)):
        consent.revokeBySig(gid, nonce, deadline, sig, {"from": relayer})


def test_revocation_signed_by_another_is_refused(consent, owner_key, relayer, grantee, terms_for):
    """The grantee (or anyone) cannot sign the owner's grant away."""
    gid = _signed_grant(consent, owner_key, relayer, terms_for())
    nonce, deadline = consent.nonces(owner_key.address), _deadline()
    sig = sign_revoke(signer("delivery-service"), gid, nonce, deadline, chain.id, consent.address)
    with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
        consent.revokeBySig(gid, nonce, deadline, sig, {"from": relayer})


def test_revocation_signature_for_one_grant_does_not_revoke_another(
    consent, owner_key, relayer, terms_for
):
    first = _signed_grant(consent, owner_key, relayer, terms_for())
    second = _signed_grant(consent, owner_key, relayer, terms_for())
    nonce, deadline = consent.nonces(owner_key.address), _deadline()
    sig = sign_revoke(owner_key, first, nonce, deadline, chain.id, consent.address)
    with brownie.reverts(revert_message("InvalidSigner", owner_key.address)):
        consent.revokeBySig(second, nonce, deadline, sig, {"from": relayer})
    consent.revokeBySig(first, nonce, deadline, sig, {"from": relayer})
    assert not consent.grantOf(second)["revoked"]
