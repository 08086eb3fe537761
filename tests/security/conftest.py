"""Fixtures of the security tests. Hypothesis profiles of the stateful tests: `ci` (inside
`make test`) and `deep` (`make security`, ten times the examples); COBUILD_HYPOTHESIS=deep selects
the deep one."""

import os

import pytest
from hypothesis import HealthCheck, settings

PROFILES = {
    "ci": settings(
        max_examples=20,
        stateful_step_count=50,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    ),
    "deep": settings(
        max_examples=200,
        stateful_step_count=50,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    ),
}


@pytest.fixture(scope="session")
def hypothesis_profile() -> settings:
    """The profile COBUILD_HYPOTHESIS names (default `ci`)."""
    name = os.environ.get("COBUILD_HYPOTHESIS", "ci")
    print(f"hypothesis profile {name}: {PROFILES[name].max_examples} examples")
    return PROFILES[name]
