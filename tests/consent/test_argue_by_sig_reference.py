# SPDX-License-Identifier: MIT
"""The `argueBySig` hook, on its test-only reference (`SignedArgueProbe`): a backer's signed
argument is published under the backer's name by any relayer, once, on this chain and contract,
before its deadline; the Python typed data (`sign_argue`) matches the Solidity struct hash."""

from __future__ import annotations

import brownie
import pytest
from brownie import SignedArgueProbe, accounts, chain

from cobuild.consent.signing import sign_argue, signer
from cobuild.protocol import revert_message

CONTENT = b"\x42" * 32


@pytest.fixture(scope="module")
def probe(deployer):
    return SignedArgueProbe.deploy({"from": deployer})


def test_relayed_argument_is_the_backers_and_valid_once(probe):
    backer = signer("backer-who-has-no-gas")
    deadline = chain.time() + 600
    sig = sign_argue(backer, 3, CONTENT, 0, deadline, chain.id, probe.address)
    tx = probe.argueBySig(3, CONTENT, backer.address, 0, deadline, sig, {"from": accounts[9]})
    assert dict(tx.events["ArgumentPublished"]) == {
        "combo": 3,
        "author": backer.address,
        "contentHash": "0x" + "42" * 32,
    }
    with brownie.reverts(revert_message("InvalidAccountNonce", backer.address, 1)):
        probe.argueBySig(3, CONTENT, backer.address, 0, deadline, sig, {"from": accounts[9]})


def test_signature_for_another_project_is_refused(probe, deployer):
    other = SignedArgueProbe.deploy({"from": deployer})
    backer = signer("backer-who-has-no-gas")
    deadline = chain.time() + 600
    sig = sign_argue(backer, 3, CONTENT, 0, deadline, chain.id, other.address)
    with brownie.reverts(revert_message("InvalidSigner", backer.address)):
        probe.argueBySig(3, CONTENT, backer.address, 0, deadline, sig, {"from": accounts[9]})
