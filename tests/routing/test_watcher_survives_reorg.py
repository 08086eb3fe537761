# SPDX-License-Identifier: MIT
"""The watcher waits for confirmations and survives a reorg on anvil: blocks it processed that the
chain replaced are forgotten (their notices removed) and the new blocks are derived instead; a
reorg shallower than the confirmations never reaches an inbox."""

from __future__ import annotations

from brownie import chain
from watch_support import inbox, new_watcher, revert, snapshot


def _alice_follows(tmp_path, contracts, notices, people, **options):
    """alice follows the community; a watcher from block 1 (with `options`) will see it.
    Returns (alice, community, watcher)."""
    alice, community = people["alice"], people["community"]
    notices.follow(community, {"from": alice})
    watcher = new_watcher(tmp_path / "inbox.sqlite", contracts, start_block=1, **options)
    return alice, community, watcher


def test_replaced_blocks_are_derived_again(tmp_path, contracts, notices, people):
    alice, community, watcher = _alice_follows(
        tmp_path, contracts, notices, people, confirmations=0, batch=1
    )
    watcher.poll()
    fork = snapshot()
    notices.post("meeting at 8", "", {"from": community})  # the chain will forget this block
    watcher.poll()
    assert inbox(watcher.store, alice) == [("post", "meeting at 8")]
    revert(fork)
    notices.post("meeting moved to 9", "", {"from": community})
    chain.mine()
    watcher.poll()
    assert inbox(watcher.store, alice) == [("post", "meeting moved to 9")]
    assert watcher.store.followers(community.address.lower()) == {alice.address.lower()}


def test_a_reorg_of_the_follow_itself(tmp_path, contracts, notices, people):
    """The follow is in the replaced blocks: after the reorg alice no longer follows, so the later
    post does not reach her (state, not only notices, is rolled back)."""
    alice, community = people["alice"], people["community"]
    watcher = new_watcher(tmp_path / "inbox.sqlite", contracts, confirmations=0, batch=1)
    chain.mine()
    watcher.poll()
    fork = snapshot()
    notices.follow(community, {"from": alice})
    watcher.poll()
    assert watcher.store.follows(alice.address.lower(), community.address.lower())
    revert(fork)
    chain.mine(2)
    notices.post("for followers", "", {"from": community})
    watcher.poll()
    assert inbox(watcher.store, alice) == []
    assert not watcher.store.follows(alice.address.lower(), community.address.lower())


def test_confirmations_keep_shallow_reorgs_out(tmp_path, contracts, notices, people):
    alice, community, watcher = _alice_follows(
        tmp_path, contracts, notices, people, confirmations=2
    )
    chain.mine(2)
    watcher.poll()
    fork = snapshot()
    notices.post("rumour", "", {"from": community})
    chain.mine()  # one confirmation only
    watcher.poll()
    assert inbox(watcher.store, alice) == []
    revert(fork)
    notices.post("the real notice", "", {"from": community})
    watcher.poll()
    assert inbox(watcher.store, alice) == []  # not confirmed yet
    chain.mine(2)
    watcher.poll()
    assert inbox(watcher.store, alice) == [("post", "the real notice")]


def test_a_reorg_that_shortens_the_chain(tmp_path, contracts, notices, people):
    """Right after the reorg the chain is shorter than what the watcher processed: it rolls back
    and waits for the chain to grow again."""
    alice, community, watcher = _alice_follows(
        tmp_path, contracts, notices, people, confirmations=0, batch=2
    )
    watcher.poll()
    fork = snapshot()
    for text in ("one", "two", "three"):
        notices.post(text, "", {"from": community})
    watcher.poll()
    assert len(inbox(watcher.store, alice)) == 3
    revert(fork)
    watcher.poll()
    assert inbox(watcher.store, alice) == []
    assert watcher.store.cursor() <= chain.height
