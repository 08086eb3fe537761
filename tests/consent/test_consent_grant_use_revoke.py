# SPDX-License-Identifier: MIT
"""A data owner grants one data item for a purpose, a set of operations, a number of uses and a
time; the grantee records each use and the owner sees a receipt for each; the owner revokes."""

from __future__ import annotations

from brownie import web3
from conftest import ADDRESS_DATA, DELIVERY

from cobuild.consent.signing import OPERATIONS


def test_grant_is_stored_and_announced(consent, owner, grantee, terms_for):
    terms = terms_for(max_uses=3, ops=("read", "contact"))
    tx = consent.grant(terms.as_tuple(), {"from": owner})
    event = tx.events["ConsentGranted"]
    assert event["id"] == 1 == consent.grantCount()
    assert (event["owner"], event["grantee"], bytes(event["data"]), event["location"]) == (
        owner,
        grantee,
        ADDRESS_DATA,
        terms.location,
    )
    assert (event["operations"], event["maxUses"], event["expiry"]) == (0b1001, 3, terms.expiry)
    stored = consent.grantOf(1)
    assert stored["owner"] == owner and stored["grantee"] == grantee
    assert (stored["uses"], stored["revoked"], bytes(stored["purpose"])) == (0, False, DELIVERY)


def test_each_use_leaves_a_receipt_for_the_owner(consent, owner, grantee, terms_for, granted):
    gid = granted(terms_for(max_uses=2, ops=("read", "deliver")))
    for n, op in ((1, "read"), (2, "deliver")):
        tx = consent.use(gid, DELIVERY, OPERATIONS[op], {"from": grantee})
        receipt = tx.events["DataUsed"]
        assert (receipt["id"], receipt["owner"], receipt["grantee"]) == (gid, owner, grantee)
        assert (bytes(receipt["purpose"]), receipt["operation"], receipt["useNumber"]) == (
            DELIVERY,
            OPERATIONS[op],
            n,
        )
    assert consent.grantOf(gid)["uses"] == 2
    assert not consent.usable(gid, DELIVERY, OPERATIONS["read"])


def test_owner_revokes_at_once(consent, owner, grantee, granted):
    gid = granted()
    assert consent.usable(gid, DELIVERY, OPERATIONS["read"], {"from": grantee})
    tx = consent.revoke(gid, {"from": owner})
    assert dict(tx.events["ConsentRevoked"]) == {"id": gid, "owner": owner, "grantee": grantee}
    assert consent.grantOf(gid)["revoked"] and not consent.usable(gid, DELIVERY, 0)


def test_use_allowed_until_the_expiry_second(consent, grantee, terms_for, granted):
    terms = terms_for(max_uses=2)
    gid = granted(terms)
    web3.provider.make_request("evm_setNextBlockTimestamp", [terms.expiry])
    tx = consent.use(gid, DELIVERY, 0, {"from": grantee})
    assert tx.timestamp == terms.expiry and consent.grantOf(gid)["uses"] == 1


def test_grants_are_independent(consent, owner, grantee, granted):
    first, second = granted(), granted()
    consent.revoke(first, {"from": owner})
    consent.use(second, DELIVERY, 0, {"from": grantee})
    assert (consent.grantOf(first)["uses"], consent.grantOf(second)["uses"]) == (0, 1)
