# SPDX-License-Identifier: MIT
"""A person follows and unfollows senders; a sender posts to its followers or to a tag and invites
a person; the sender of every notice is the caller, so nobody posts in someone else's name."""

from __future__ import annotations

import brownie
import pytest
from brownie import ZERO_ADDRESS
from eth_utils import keccak

from cobuild.protocol import revert_message


def test_follow_and_unfollow(notices, people):
    alice, community = people["alice"], people["community"]
    tx = notices.follow(community, {"from": alice})
    assert dict(tx.events["Followed"]) == {"follower": alice, "sender": community}
    assert notices.isFollowing(alice, community) and not notices.isFollowing(community, alice)
    tx = notices.unfollow(community, {"from": alice})
    assert dict(tx.events["Unfollowed"]) == {"follower": alice, "sender": community}
    assert not notices.isFollowing(alice, community)


def test_follow_errors(notices, people):
    alice, community = people["alice"], people["community"]
    notices.follow(community, {"from": alice})
    with brownie.reverts(revert_message("AlreadyFollowing", alice, community)):
        notices.follow(community, {"from": alice})
    with brownie.reverts(revert_message("NotFollowing", alice, people["friend"])):
        notices.unfollow(people["friend"], {"from": alice})
    for bad in (ZERO_ADDRESS, alice.address):
        with brownie.reverts(revert_message("InvalidSender", bad)):
            notices.follow(bad, {"from": alice})


def test_posts_carry_their_real_sender(notices, people):
    """There is no sender argument to forge: the event's sender is whoever sent the transaction."""
    community = people["community"]
    tx = notices.post("gas is cut tonight", "ipfs://notice", {"from": community})
    event = tx.events["Posted"]
    assert (event["sender"], bytes(event["key"]), event["tag"], event["text"]) == (
        community,
        bytes(32),
        "",
        "gas is cut tonight",
    )
    tx = notices.postToTag("fishing", "new rods in stock", "", {"from": people["bob"]})
    event = tx.events["Posted"]
    assert (event["sender"], bytes(event["key"])) == (people["bob"], keccak(text="fishing"))


def test_invitation(notices, people):
    tx = notices.invite(people["alice"], "fishing trip on Sunday", "", {"from": people["friend"]})
    assert dict(tx.events["Invited"]) == {
        "sender": people["friend"],
        "invitee": people["alice"],
        "text": "fishing trip on Sunday",
        "uri": "",
    }
    for bad in (ZERO_ADDRESS, people["friend"].address):
        with brownie.reverts(revert_message("InvalidInvitee", bad)):
            notices.invite(bad, "x", "", {"from": people["friend"]})


@pytest.mark.parametrize("text, uri", [("", ""), ("x" * 1025, ""), ("ok", "u" * 1025)])
def test_notice_length_is_bounded(notices, people, text, uri):
    with brownie.reverts(revert_message("InvalidNoticeLength", len(text), len(uri))):
        notices.post(text, uri, {"from": people["community"]})
    with brownie.reverts(revert_message("InvalidNoticeLength", len(text), len(uri))):
        notices.invite(people["alice"], text, uri, {"from": people["community"]})


def test_tag_posts_need_a_normal_tag(notices, people):
    with brownie.reverts(revert_message("InvalidTag", "Fishing", 0)):
        notices.postToTag("Fishing", "rods", "", {"from": people["bob"]})
