# SPDX-License-Identifier: MIT
"""Makers offer options (parts) in the creator's dimensions during ideation, with a quote."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.lifecycle import advance_to, back, finalize, offer
from cobuild.protocol import NO_CONTENT, Phase, content

E = 10**18
MAX_AMOUNT = 2**88 - 1  # a quote, a price, a combination's funding: uint88


@pytest.fixture(scope="module")
def project(open_project, eth):
    return open_project(eth, min_total=E, min_stake=E // 100, slots=1)


def test_offer_records_maker_quote_and_dimension(project, makers):
    tx = project.offerOption(2, 3 * E, content("foam engine bay"), {"from": makers[1]})
    event = tx.events["OptionOffered"]
    assert event["optionId"] == 1
    assert event["dimension"] == 2
    assert event["maker"] == makers[1]
    assert event["quote"] == 3 * E
    assert tuple(event["content"]) == ("foam engine bay", "", "0x" + "00" * 32)
    assert list(project.option(1)) == [makers[1], 3 * E, 2]
    # ids count up across dimensions; one maker may offer several options
    assert offer(project, makers[1], 0, E) == 2
    assert offer(project, makers[0], 2, E) == 3
    assert project.counts()["options"] == 3


def test_largest_quote_is_accepted(project, makers):
    option = offer(project, makers[0], 0, MAX_AMOUNT)
    assert project.option(option)["quote"] == MAX_AMOUNT


@pytest.mark.parametrize("dimension", [3, 255, 2**256 - 1])
def test_dimension_out_of_range_reverts(project, makers, dimension):
    with brownie.reverts(f"InvalidDimension: {dimension}, 3"):
        project.offerOption(dimension, E, NO_CONTENT, {"from": makers[0]})


def test_zero_quote_reverts(project, makers):
    with brownie.reverts("ZeroAmount: "):
        project.offerOption(0, 0, NO_CONTENT, {"from": makers[0]})


def test_quote_beyond_88_bits_reverts(project, makers):
    with brownie.reverts(f"AmountTooLarge: {MAX_AMOUNT + 1}, {MAX_AMOUNT}"):
        project.offerOption(0, MAX_AMOUNT + 1, NO_CONTENT, {"from": makers[0]})


def test_offer_after_ideation_reverts_with_phase_error(project, eth, makers, backers, creator):
    opts = [offer(project, makers[d], d, E // 10) for d in range(3)]
    back(project, eth, backers[0], opts, 2 * E)
    advance_to(project, Phase.Finalizing)
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Finalizing.value}, {Phase.Ideation.value}"):
        project.offerOption(0, E, NO_CONTENT, {"from": makers[0]})
    finalize(project, creator)
    assert project.phase() == Phase.Rescue
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Rescue.value}, {Phase.Ideation.value}"):
        project.offerOption(0, E, NO_CONTENT, {"from": makers[0]})
