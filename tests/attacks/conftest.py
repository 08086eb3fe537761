# SPDX-License-Identifier: MIT
"""Fixtures of the attack tests: each file plays one attacker of the fair-rules review (issue 12)
against a project paid in ETH and in an ERC-20 (the `money` fixture), and shows nobody loses.

- `open_attack(money, **fields)`: open a project from `ProjectSpec` defaults with `fields`
  changed (module scope, so module fixtures can build their world once).
- `snapshot`: a `Snapshot` (raw `evm_snapshot`/`evm_revert`, brownie's records restored) around a
  block of a test, to replay one situation with and without the attacker. brownie's history must
  be restored with the chain: an account that sent a transaction inside the block otherwise waits
  forever for its nonce to pass the reverted one.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from cobuild.chain.platform import ProjectSpec, open_project
from cobuild.chain.snapshot import Snapshot


@pytest.fixture(scope="module")
def open_attack(factory, creator, inspectors):
    def _open(money, sender=None, **fields):
        spec = ProjectSpec(inspectors=list(inspectors), token=money.address, **fields)
        return open_project(factory, sender or creator, spec).project

    return _open


@contextmanager
def replay():
    """Run a block of a test, then put the chain (and brownie's records of it) back where it was."""
    snap = Snapshot()
    try:
        yield
    finally:
        snap.restore()


@pytest.fixture
def snapshot():
    return replay
