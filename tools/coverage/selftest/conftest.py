# SPDX-License-Identifier: MIT
import pytest


def pytest_configure(config):
    from tools.coverage.plugin import install

    install(config)


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    pass
