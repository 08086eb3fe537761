import pytest


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    pass
