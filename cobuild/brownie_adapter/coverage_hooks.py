# SPDX-License-Identifier: MIT
"""`make coverage`'s hooks in brownie (tools/coverage/plugin.py): before brownie's anvil backend
reverts a snapshot, and after every `eth_call` of brownie's web3. Installed only by the coverage
plugin, after the same version check as the other patches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cobuild.brownie_adapter import BROWNIE, WEB3, Patch, check

PATCH = Patch(
    "coverage_revert_hook",
    BROWNIE,
    "coverage",
    f"{__name__}:install",
    ("brownie.network.rpc.anvil:revert",),
    "make coverage: trace transactions before a revert forgets them, and every eth_call",
)
# the `eth_call` hook replaces a method of brownie's web3 instance (`web3.eth.call`)
WEB3_PATCH = Patch(
    "coverage_revert_hook",
    WEB3,
    "coverage",
    f"{__name__}:install",
    ("brownie.network:web3.eth.call",),
    "make coverage: every eth_call of brownie's web3 traced",
)


def install(
    before_revert: Callable[[], Any],
    after_revert: Callable[[Any], None],
    after_call: Callable[[Any, Any], None],
) -> None:
    """`before_revert()` (its result goes to `after_revert`) around brownie's anvil revert, and
    `after_call(transaction, block_identifier)` after every `web3.eth.call`."""
    check(PATCH)
    check(WEB3_PATCH)
    from brownie.network import web3
    from brownie.network.rpc import anvil

    original_revert = anvil.revert
    original_call = web3.eth.call

    def revert(snapshot_id: int) -> None:
        state = before_revert()
        original_revert(snapshot_id)
        after_revert(state)

    def call(transaction: Any, block_identifier: Any = None, *args: Any, **kw: Any) -> Any:
        try:
            return original_call(transaction, block_identifier, *args, **kw)
        finally:
            after_call(transaction, block_identifier)

    anvil.revert = revert
    web3.eth.call = call
