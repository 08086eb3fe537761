# SPDX-License-Identifier: MIT
"""The test suite's brownie adapter: pyproject.toml loads this plugin (`addopts = -p ...`) in
pytest's controller and in every xdist worker, and it applies every patch before brownie's own
plugin loads (and, when stale, compiles) the project and before any conftest is imported."""

from __future__ import annotations

import pytest

from cobuild import brownie_adapter


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    brownie_adapter.apply()
