# SPDX-License-Identifier: MIT
"""Drives contracts/test/CoverageProbe.sol with known gaps; tests/toolkit/test_coverage_tool.py
checks the numbers the coverage plugin reports for it. Keep the two in step."""

import brownie
from brownie import CoverageProbe, CoverageProbeFacet, CoverageProbeFactory, accounts


def _clone():
    implementation = CoverageProbe.deploy({"from": accounts[0]})
    facet = CoverageProbeFacet.deploy({"from": accounts[0]})
    factory = CoverageProbeFactory.deploy({"from": accounts[0]})
    tx = factory.clone(implementation, facet, {"from": accounts[0]})
    return CoverageProbe.at(tx.return_value), implementation


def test_add_only_takes_the_large_branch():
    probe, _ = _clone()
    probe.add(50, {"from": accounts[1]})
    assert probe.total() == 50
    assert probe.doubled() == 100  # a view: measured through debug_traceCall


def test_facet_through_clone_and_delegatecall():
    probe, _ = _clone()
    probe.viaFacet(7, {"from": accounts[1]})
    assert probe.total() == 7


def test_second_initialize_reverts():
    probe, implementation = _clone()
    with brownie.reverts():
        probe.initialize(implementation, {"from": accounts[1]})
