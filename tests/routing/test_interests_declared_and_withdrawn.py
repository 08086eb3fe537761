# SPDX-License-Identifier: MIT
"""Anyone declares and withdraws interest tags for itself; tags are in one normal form, the same
in the contract and in `cobuild.routing.tags`, and matched exactly."""

from __future__ import annotations

import brownie
import pytest
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from cobuild.protocol import revert_message
from cobuild.routing.tags import is_normal, normalize_tag


def test_declare_and_withdraw(interests, people):
    alice = people["alice"]
    tx = interests.declareInterest("foam-material", {"from": alice})
    event = tx.events["InterestDeclared"]
    assert (event["account"], bytes(event["key"]), event["tag"]) == (
        alice,
        keccak(text="foam-material"),
        "foam-material",
    )
    assert interests.isInterested(alice, "foam-material")
    assert not interests.isInterested(people["bob"], "foam-material")
    tx = interests.withdrawInterest("foam-material", {"from": alice})
    assert tx.events["InterestWithdrawn"]["account"] == alice
    assert not interests.isInterested(alice, "foam-material")


def test_declaring_twice_and_withdrawing_nothing_are_refused(interests, people):
    alice = people["alice"]
    interests.declareInterest("car", {"from": alice})
    with brownie.reverts(revert_message("AlreadyInterested", alice, "car")):
        interests.declareInterest("car", {"from": alice})
    with brownie.reverts(revert_message("NotInterested", alice, "engine")):
        interests.withdrawInterest("engine", {"from": alice})


def test_one_cannot_withdraw_anothers_interest(interests, people):
    """An interest is the caller's own: bob's withdrawal touches only bob's tags."""
    interests.declareInterest("car", {"from": people["alice"]})
    with brownie.reverts(revert_message("NotInterested", people["bob"], "car")):
        interests.withdrawInterest("car", {"from": people["bob"]})
    assert interests.isInterested(people["alice"], "car")


@pytest.mark.parametrize(
    "tag, position",
    [
        ("", 0),
        ("Car", 0),
        ("foam material", 4),
        ("-car", 0),
        ("car-", 4),
        ("a--b", 2),
        ("x" * 33, 33),
    ],
)
def test_tags_not_in_normal_form_are_refused(interests, people, tag, position):
    with brownie.reverts(revert_message("InvalidTag", tag, position)):
        interests.declareInterest(tag, {"from": people["alice"]})


def test_free_text_normalizes_to_what_the_contract_accepts(interests):
    for text, tag in [
        ("Foam  Material", "foam-material"),
        ("V8_Engine!", "v8-engine"),
        (" car ", "car"),
    ]:
        assert normalize_tag(text) == tag
        assert bytes(interests.tagKey(tag)) == keccak(text=tag)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab-Z9 _", max_size=36))
def test_python_and_solidity_agree_on_the_normal_form(interests, text):
    if is_normal(text):
        assert bytes(interests.tagKey(text)) == keccak(text=text)
    else:
        with brownie.reverts():
            interests.tagKey(text)
