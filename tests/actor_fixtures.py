# SPDX-License-Identifier: MIT
"""`actor_fixture`: a fixture of a named actor (cobuild.chain.actors.actor) or of a numbered list
of them, so a conftest declares each in one line."""

from __future__ import annotations

import pytest

from cobuild.chain.actors import actor


def actor_fixture(label: str, count: int | None = None, scope: str = "module", doc: str = ""):
    """The fixture of the actor `label`; with `count`, of a list of `count` actors labelled
    `label.format(i)`. Module-scoped by default: the module isolation reverts the chain, and so
    the actor's funding, at every module's end, and each module funds it again."""

    def _fixture():
        if count is None:
            return actor(label)
        return [actor(label.format(i)) for i in range(count)]

    _fixture.__doc__ = doc or None
    return pytest.fixture(scope=scope)(_fixture)
