# SPDX-License-Identifier: MIT
"""Only followed senders reach an inbox: a community's post reaches its followers, a tag post its
followers that declare the tag, an invitation the invitee if it follows the inviter; an unfollow
or a withdrawn interest stops them. A whale posting from many addresses nobody follows reaches
nobody, and nobody can make a notice appear under another's name."""

from __future__ import annotations

import pytest
from watch_support import inbox, new_watcher

from cobuild.chain.actors import actor


@pytest.fixture
def watcher(tmp_path, contracts):
    return new_watcher(tmp_path / "inbox.sqlite", contracts)


def test_posts_reach_followers_only(watcher, notices, people):
    alice, bob, carol, community = (people[n] for n in ("alice", "bob", "carol", "community"))
    notices.follow(community, {"from": alice})
    notices.follow(community, {"from": bob})
    notices.post("gas is cut tonight", "", {"from": community})
    notices.unfollow(community, {"from": bob})
    notices.post("gas is back", "", {"from": community})
    watcher.poll()
    assert inbox(watcher.store, alice) == [("post", "gas is cut tonight"), ("post", "gas is back")]
    assert inbox(watcher.store, bob) == [("post", "gas is cut tonight")]
    assert inbox(watcher.store, carol) == []


def test_tag_posts_reach_followers_with_the_tag(watcher, notices, interests, people):
    alice, bob, community = people["alice"], people["bob"], people["community"]
    for who in (alice, bob):
        notices.follow(community, {"from": who})
    interests.declareInterest("fishing", {"from": alice})
    interests.declareInterest("fishing", {"from": people["carol"]})  # does not follow: nothing
    notices.postToTag("fishing", "tackle swap", "", {"from": community})
    interests.withdrawInterest("fishing", {"from": alice})
    notices.postToTag("fishing", "second swap", "", {"from": community})
    watcher.poll()
    assert inbox(watcher.store, alice) == [("post", "tackle swap")]
    assert inbox(watcher.store, bob) == inbox(watcher.store, people["carol"]) == []


def test_invitations_reach_followers_of_the_inviter(watcher, notices, people):
    alice, bob, friend = people["alice"], people["bob"], people["friend"]
    notices.follow(friend, {"from": alice})
    notices.invite(alice, "fishing trip on Sunday", "ipfs://trip", {"from": friend})
    notices.invite(bob, "fishing trip on Sunday", "", {"from": friend})
    watcher.poll()
    (notice,) = watcher.store.inbox(alice.address)
    assert (notice["kind"], notice["sender"], notice["uri"]) == (
        "invitation",
        friend.address.lower(),
        "ipfs://trip",
    )
    assert inbox(watcher.store, bob) == []


def test_a_whale_with_many_addresses_reaches_nobody(watcher, notices, interests, people):
    """Fifty addresses of one spammer post, post to a popular tag and invite everyone: nobody
    follows them, so not one notice is stored (the inbox table stays empty)."""
    victims = [people[n] for n in ("alice", "bob", "carol")]
    for who in victims:
        interests.declareInterest("cars", {"from": who})
        notices.follow(people["community"], {"from": who})
    for i in range(50):
        spammer = actor(f"spammer-{i}")
        notices.postToTag("cars", "cheap cars!!!", "", {"from": spammer})
        notices.post("cheap cars!!!", "", {"from": spammer})
        notices.invite(victims[i % 3], "click here", "", {"from": spammer})
    watcher.poll()
    assert watcher.store.all_notices() == []


def test_the_sender_is_who_sent_it(watcher, notices, people):
    """Alice follows the community; bob posting the community's words is still bob's post, and
    reaches nobody who does not follow bob."""
    notices.follow(people["community"], {"from": people["alice"]})
    notices.post("official: gas is cut", "", {"from": people["bob"]})
    watcher.poll()
    assert inbox(watcher.store, people["alice"]) == []
