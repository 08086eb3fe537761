# SPDX-License-Identifier: MIT
"""The one table from a project's chain calls to the `ProjectModel` methods that mirror them.

Every harness that drives the chain and the model side by side (the production kit, the selection
book, the stateful money test) goes through `mirror`, so a call's arguments are mapped to the model
in one place. A model method takes the block time and the sender first, then the chain call's
leading arguments (content hashes, reports and texts the money rules never read are dropped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from cobuild.model.project import ProjectModel


class Mirror(NamedTuple):
    method: str  # the ProjectModel method
    keep: int  # how many of the chain call's leading arguments the model takes
    sender: bool = True  # whether the model takes the caller


CALLS: dict[str, Mirror] = {
    "offerOption": Mirror("offer_option", 2),  # (dimension, quote[, content])
    "investInNew": Mirror("invest_new", 2),
    "invest": Mirror("invest", 2),
    # (beneficiary, ...): the caller pays, the beneficiary holds the position
    "investInNewFor": Mirror("invest_new_for", 3),
    "investFor": Mirror("invest_for", 3),
    "orderFor": Mirror("order_for", 3),
    "argue": Mirror("argue", 1),  # (combo[, text])
    "finalize": Mirror("finalize", 2),
    "refund": Mirror("refund", 1),
    "claimMaker": Mirror("claim_maker", 2),
    "deliver": Mirror("deliver", 2),  # (combo, dimension[, report])
    "recordVerdict": Mirror("record_verdict", 3),  # (combo, condition, passed[, report])
    "setModelTerms": Mirror("set_terms", 3),
    "offerAddon": Mirror("offer_addon", 2),  # (combo, price[, content])
    "order": Mirror("order", 2),
    "commitBond": Mirror("commit_bond", 3),  # (combo, amount, warranty[, content])
    "approveAward": Mirror("approve_award", 4),
    "claimAward": Mirror("claim_award", 2),
    "withdrawBond": Mirror("withdraw_bond", 1),
    "closeModel": Mirror("close_model", 1, sender=False),
    "refundOrder": Mirror("refund_order", 2),
    "claimAddonRevenue": Mirror("claim_addon_revenue", 1),
    "depositRevenue": Mirror("deposit_revenue", 2),
    "claimRevenue": Mirror("claim_revenue", 1),
    # (from, to, combo, amount): sent by the share token when shares move
    "moveShares": Mirror("move_shares", 4, sender=False),
    "claimCreator": Mirror("claim_creator", 0),
    "claimPlatform": Mirror("claim_platform", 0),
}


# project calls that move no money on the project's books, with the reason
NOT_MIRRORED: dict[str, str] = {
    "selfPermit": "sets the token's allowance for the caller's next payment, nothing on the books",
    "multicall": "a batch of the caller's own calls: each one is mirrored",
}


def _plain(value: object) -> object:
    """Lists (ABI arrays) become tuples, as the model keys options and add-ons by tuple."""
    return tuple(value) if isinstance(value, list | tuple) else value


def mirror(model: ProjectModel, call: str, now: int, sender: str, args: Sequence[object]) -> Any:
    """Apply chain call `call(*args)` sent by `sender` at block time `now` to `model`; returns the
    model method's result (a payout, or the id the call creates), or raises `Rejected` exactly
    as the contract reverts."""
    m = CALLS[call]
    head = (now, sender) if m.sender else (now,)
    return getattr(model, m.method)(*head, *(_plain(a) for a in args[: m.keep]))
