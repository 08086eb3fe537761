# SPDX-License-Identifier: MIT
"""Nobody uses data without the owner's consent: only the grantee of a grant uses it, only its
owner revokes it; a grantee of one owner's grant cannot use another's; a grant names one grantee."""

from __future__ import annotations

import brownie
import pytest
from brownie import accounts
from conftest import DELIVERY

from cobuild.chain.actors import actor
from cobuild.protocol import revert_message

OTHERS = ["stranger", "deployer", "another grantee", "another owner"]


@pytest.fixture(scope="module")
def others(owner, grantee):
    """Every kind of caller: the grant's owner and grantee, and the others of OTHERS (a stranger,
    the deployer, another grantee, another data owner)."""
    return {
        "owner": owner,
        "grantee": grantee,
        "stranger": accounts[9],
        "deployer": accounts[0],
        "another grantee": actor("another-service"),
        "another owner": actor("another-owner"),
    }


@pytest.mark.parametrize("who", [*OTHERS, "owner"])
def test_only_the_grantee_uses(consent, others, granted, who):
    gid = granted()
    with brownie.reverts(revert_message("NotGrantee", gid, others[who])):
        consent.use(gid, DELIVERY, 0, {"from": others[who]})


@pytest.mark.parametrize("who", [*OTHERS, "grantee"])
def test_only_the_owner_revokes(consent, others, granted, who):
    gid = granted()
    with brownie.reverts(revert_message("NotGrantOwner", gid, others[who])):
        consent.revoke(gid, {"from": others[who]})


def test_a_grant_of_one_owner_does_not_open_anothers(consent, owner, grantee, others, terms_for):
    """The grantee holds a grant from `owner` over the same data digest; `another owner`'s grant to
    another service gives it nothing, and its own grant is still its own."""
    mine = consent.grant(terms_for().as_tuple(), {"from": owner}).events["ConsentGranted"]["id"]
    theirs_terms = terms_for(who=others["another grantee"])
    theirs = consent.grant(theirs_terms.as_tuple(), {"from": others["another owner"]}).events[
        "ConsentGranted"
    ]["id"]
    with brownie.reverts(revert_message("NotGrantee", theirs, grantee)):
        consent.use(theirs, DELIVERY, 0, {"from": grantee})
    consent.use(mine, DELIVERY, 0, {"from": grantee})
    assert consent.grantOf(theirs)["owner"] == others["another owner"]
