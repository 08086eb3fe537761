# SPDX-License-Identifier: MIT
"""Fixtures of the release tests: the project compiled once per session with the pinned compiler
(as `make verify` compiles it), and a copy of the sources that a test may change."""

import shutil
from pathlib import Path

import pytest

from cobuild.release.build import compile_project, load_config

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def release_build() -> dict:
    return compile_project(load_config(ROOT), ROOT)


@pytest.fixture(scope="session")
def copy_sources():
    """`copy_sources(to)`: the sources of a build in `to` (node_modules linked), as a clean
    checkout holds them; returns `to`."""

    def _copy(to: Path) -> Path:
        to.mkdir(parents=True)
        for name in ("contracts", "interfaces"):
            shutil.copytree(ROOT / name, to / name)
        shutil.copy(ROOT / "brownie-config.yaml", to)
        (to / "node_modules").symlink_to(ROOT / "node_modules")
        return to

    return _copy
