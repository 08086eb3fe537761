import pytest


def pytest_configure(config):
    # `brownie test --coverage` (make coverage): Solidity coverage on anvil, see docs/coverage.md
    from tools.coverage.plugin import install

    install(config)


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    pass
