# SPDX-License-Identifier: MIT
"""Every use of a person's data leaves a receipt in the owner's inbox, and the "my data" view
lists the owner's grants with their uses and revocation."""

from __future__ import annotations

from brownie import chain
from watch_support import new_watcher

from cobuild.consent.signing import Terms, operations_mask, purpose_id


def test_receipts_and_my_data(tmp_path, contracts, consent, people):
    alice, delivery = people["alice"], people["bob"]
    watcher = new_watcher(tmp_path / "inbox.sqlite", contracts)
    terms = Terms(
        grantee=delivery.address,
        data=bytes(32),
        location="ipfs://alice/address",
        purpose=purpose_id("delivery"),
        operations=operations_mask(["read"]),
        max_uses=3,
        expiry=chain.time() + 86_400,
    )
    gid = consent.grant(terms.as_tuple(), {"from": alice}).events["ConsentGranted"]["id"]
    consent.use(gid, purpose_id("delivery"), 0, {"from": delivery})
    consent.use(gid, purpose_id("delivery"), 0, {"from": delivery})
    consent.revoke(gid, {"from": alice})
    watcher.poll()
    receipts = watcher.store.inbox(alice.address)
    assert [(n["kind"], n["sender"]) for n in receipts] == [
        ("data-used", delivery.address.lower())
    ] * 2
    assert watcher.store.inbox(delivery.address) == []
    (grant,) = watcher.store.my_data(alice.address)["grants"]
    assert (grant["grantee"], grant["location"], grant["max_uses"]) == (
        delivery.address.lower(),
        "ipfs://alice/address",
        3,
    )
    assert [u["use_number"] for u in grant["uses"]] == [1, 2] and grant[
        "revoked_at_block"
    ] is not None
    assert watcher.store.my_data(delivery.address)["grants"] == []
