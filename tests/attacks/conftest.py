"""Fixtures of the attack tests: each file plays one attacker of the fair-rules review (issue 12)
against a project paid in ETH and in an ERC-20 (the `money` fixture), and shows nobody loses.

- `open_attack(money, **fields)`: open a project from `ProjectSpec` defaults with `fields`
  changed (module scope, so module fixtures can build their world once).
- `snapshot`: raw `evm_snapshot`/`evm_revert` around a block of a test (to replay one situation
  with and without the attacker).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from brownie import web3

from cobuild.chain.platform import ProjectSpec, open_project


@pytest.fixture(scope="module")
def open_attack(factory, creator, inspectors):
    def _open(money, sender=None, **fields):
        spec = ProjectSpec(inspectors=list(inspectors), token=money.address, **fields)
        return open_project(factory, sender or creator, spec).project

    return _open


@contextmanager
def replay():
    """Run a block of a test, then put the chain back where it was."""
    snap = web3.provider.make_request("evm_snapshot", [])["result"]
    try:
        yield
    finally:
        web3.provider.make_request("evm_revert", [snap])


@pytest.fixture
def snapshot():
    return replay
