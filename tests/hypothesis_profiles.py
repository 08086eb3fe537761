# SPDX-License-Identifier: MIT
"""Hypothesis profiles of the stateful tests: `ci`, inside `make test`, with a fixed seed
(derandomize) so a red CI run replays exactly, and `deep`, for `make security`, with more
examples. COBUILD_HYPOTHESIS=deep selects the deep one."""

import os

from hypothesis import HealthCheck, settings


def profiles(ci: tuple[int, int], deep: tuple[int, int]) -> dict[str, settings]:
    """The two profiles, each given as (examples, steps per example)."""
    common = {"deadline": None, "suppress_health_check": list(HealthCheck)}
    return {
        "ci": settings(max_examples=ci[0], stateful_step_count=ci[1], derandomize=True, **common),
        "deep": settings(max_examples=deep[0], stateful_step_count=deep[1], **common),
    }


def profile_name() -> str:
    """The profile COBUILD_HYPOTHESIS names (default `ci`)."""
    return os.environ.get("COBUILD_HYPOTHESIS", "ci")
