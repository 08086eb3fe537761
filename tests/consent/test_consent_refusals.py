# SPDX-License-Identifier: MIT
"""A use after a revocation, over the cap, after expiry, for another purpose or for an operation
not granted is refused with its named error; so are malformed terms and unknown grants."""

from __future__ import annotations

import brownie
import pytest
from brownie import ZERO_ADDRESS, chain, web3
from conftest import DELIVERY, MARKETING

from cobuild.consent.signing import OPERATIONS, Terms
from cobuild.protocol import revert_message


def test_use_after_revocation_is_refused(consent, owner, grantee, terms_for, granted):
    gid = granted(terms_for(max_uses=5))
    consent.use(gid, DELIVERY, 0, {"from": grantee})
    consent.revoke(gid, {"from": owner})
    with brownie.reverts(revert_message("GrantRevoked", gid)):
        consent.use(gid, DELIVERY, 0, {"from": grantee})


def test_use_over_the_cap_is_refused(consent, grantee, granted):
    gid = granted()  # one use
    consent.use(gid, DELIVERY, 0, {"from": grantee})
    with brownie.reverts(revert_message("UsesExhausted", gid, 1)):
        consent.use(gid, DELIVERY, 0, {"from": grantee})


def test_use_after_expiry_is_refused(consent, grantee, terms_for, granted):
    terms = terms_for(days=1)
    gid = granted(terms)
    chain.sleep(2 * 86_400)
    with brownie.reverts(revert_message("GrantExpired", gid, terms.expiry)):
        consent.use(gid, DELIVERY, 0, {"from": grantee})


def test_use_for_another_purpose_is_refused(consent, grantee, granted):
    gid = granted()
    with brownie.reverts(revert_message("PurposeMismatch", gid, MARKETING)):
        consent.use(gid, MARKETING, 0, {"from": grantee})


@pytest.mark.parametrize("operation", [OPERATIONS["share"], 31, 32, 255])
def test_operation_outside_the_set_is_refused(consent, grantee, terms_for, granted, operation):
    gid = granted(terms_for(ops=("read", "deliver")))
    with brownie.reverts(revert_message("OperationNotGranted", gid, operation)):
        consent.use(gid, DELIVERY, operation, {"from": grantee})


def test_refused_use_spends_nothing(consent, grantee, granted):
    gid = granted()
    with brownie.reverts():
        consent.use(gid, MARKETING, 0, {"from": grantee})
    consent.use(gid, DELIVERY, 0, {"from": grantee})  # the one use is still there


@pytest.mark.parametrize("field", ["grantee", "operations", "maxUses", "expiry"])
def test_malformed_terms_are_refused(consent, owner, terms_for, field):
    t = terms_for()
    bad = Terms(
        grantee=ZERO_ADDRESS if field == "grantee" else t.grantee,
        data=t.data,
        location=t.location,
        purpose=t.purpose,
        operations=0 if field == "operations" else t.operations,
        max_uses=0 if field == "maxUses" else t.max_uses,
        # measured from the latest block: brownie's clock can drift from anvil's after reverts
        expiry=web3.eth.get_block("latest")["timestamp"] - 10 if field == "expiry" else t.expiry,
    )
    with brownie.reverts(
        revert_message("InvalidTerms", bad.grantee, bad.operations, bad.max_uses, bad.expiry)
    ):
        consent.grant(bad.as_tuple(), {"from": owner})


def test_unknown_grant_is_refused(consent, owner, grantee):
    for call, sender in ((consent.use, grantee), (consent.revoke, owner)):
        args = (7, DELIVERY, 0) if call == consent.use else (7,)
        with brownie.reverts(revert_message("UnknownGrant", 7)):
            call(*args, {"from": sender})
    with brownie.reverts(revert_message("UnknownGrant", 0)):
        consent.grantOf(0)
    assert not consent.usable(0, DELIVERY, 0)


def test_second_revocation_is_refused(consent, owner, granted):
    gid = granted()
    consent.revoke(gid, {"from": owner})
    with brownie.reverts(revert_message("GrantRevoked", gid)):
        consent.revoke(gid, {"from": owner})
