# SPDX-License-Identifier: MIT
"""A recorded run replayed through the money rules (`ProjectModel`, by `cobuild.model.mirror`).

Each call the recording holds to the project (and each share transfer) is applied to the model at
its block's time, in the order mined; a transaction that reverted is skipped. What the project
took in and paid out in each transaction, by its events, must be what the model takes and pays
for that call, and at each checkpoint of the run the model says what the project owed then: the
report asks the rules what each payee was entitled to and what the balance must cover instead of
writing them again. Pure: reads the recording only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cobuild.model.mirror import CALLS, mirror
from cobuild.model.project import Config, ProjectModel, Rejected
from cobuild.scenario.recording import Checkpoint, Recording, Transaction

# the project's events that take money in and pay it out: event -> (its label in the report, the
# field naming the payer or payee, the field holding the amount)
IN_EVENTS = {
    "Invested": ("investment", "backer", "amount"),
    "Ordered": ("orders", "buyer", "paid"),
    "BondCommitted": ("bonds", "provider", "amount"),
    "RevenueDeposited": ("later revenue", "from", "amount"),
}
OUT_EVENTS = {
    "Refunded": ("refunds", "backer", "amount"),
    "AwardClaimed": ("awards", "buyer", "amount"),
    "BondWithdrawn": ("bonds returned", "provider", "amount"),
    "OrderRefunded": ("order refunds", "buyer", "amount"),
    "AddonRevenueClaimed": ("merchants", "merchant", "amount"),
    "RevenueClaimed": ("investors' revenue", "holder", "amount"),
    "CreatorPaid": ("creator", "creator", "amount"),
    "PlatformPaid": ("platform", "treasury", "amount"),
}
COMBO_BITS = 96  # a share's token id: the project's address above, the combination below


class Move(NamedTuple):
    """Money the project took in (`into`) or paid out in a transaction, by one of its events."""

    into: bool
    label: str  # the kind, as the report names it
    who: str  # the payer or the payee
    amount: int


def moves(t: Transaction, project: str) -> Iterator[Move]:
    """The project's money moves in one transaction, by its events, in their order. Base revenue
    the project books to itself when a model closes moves no money (it is already in, as
    orders)."""
    for e in t.events:
        if e.emitter != project:
            continue
        a = e.args
        if e.name in IN_EVENTS:
            if e.name == "RevenueDeposited" and a["from"] == project:
                continue
            label, who, amount = IN_EVENTS[e.name]
            yield Move(True, label, a[who], a[amount])
        elif e.name in OUT_EVENTS:
            label, who, amount = OUT_EVENTS[e.name]
            yield Move(False, label, a[who], a[amount])
        elif e.name == "MakerPaid":
            yield Move(False, "makers (escrow)", a["maker"], a["escrow"])
            yield Move(False, "makers (revenue)", a["maker"], a["revenue"])


def flows(t: Transaction, project: str) -> tuple[int, int]:
    """(money in, money out) of the project in one transaction."""
    into = out = 0
    for m in moves(t, project):
        if m.into:
            into += m.amount
        else:
            out += m.amount
    return into, out


@dataclass
class Replay:
    """The model after the replay; the transactions where it and the chain did not agree (the
    chain took or paid otherwise, or the model rejected a call the chain accepted); and, at each
    of the run's checkpoints, the project's balance against what the rules say it owed then."""

    model: ProjectModel
    disagreements: list[str] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    # combination -> every address that held a stake or shares in it (the positions to ask)
    positions: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    # the rules' ranking (combination ids, best first) and the combinations they select by rank,
    # as the call that completed the ranking left them (None before it)
    ranking: list[int] | None = None
    selected: set[int] = field(default_factory=set)

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    def apply(self, rec: Recording, t: Transaction) -> None:
        for e in t.events:
            if e.emitter == rec.project and e.name == "Invested":
                self.positions[e.args["combo"]].add(e.args["backer"])
            elif e.emitter == rec.project and e.name == "SharesMoved":
                self.positions[e.args["combo"]].add(e.args["to"])
        call = model_call(rec, t)
        if call is None:
            return
        name, args = call
        model = self.model
        before = (model.money_in, model.money_out)
        try:
            mirror(model, name, rec.block_times[t.block], t.sender, args)
        except Rejected as exc:
            self.disagreements.append(
                f"block {t.block}: {t.kind} ({name}): the model rejects {exc}"
            )
            return
        if name == "finalize" and self.ranking is None and model.ranked == len(model.combos):
            self.ranking = model.ranking()
            self.selected = {cid for cid, c in model.combos.items() if c.selected}
        moved = (model.money_in - before[0], model.money_out - before[1])
        chain = flows(t, rec.project)
        if moved != chain:
            self.disagreements.append(
                f"block {t.block}: {t.kind} ({name}): the chain took in and paid out {chain}, "
                f"the rules {moved}"
            )

    def checkpoint(self, point: Checkpoint) -> None:
        owed = self.model.owed_by_kind(point.time, self.positions)
        total = sum(owed.values())
        self.checkpoints.append(
            {
                "at": point.at,
                "balance": point.balance,
                "owed": total,
                "by_kind": owed,
                "solvent": point.balance >= total,
            }
        )


def model_call(rec: Recording, t: Transaction) -> tuple[str, tuple[Any, ...]] | None:
    """The chain call of `t` as the model mirrors it, or None (not a call on the books)."""
    if t.call is None or t.failed:
        return None
    name, args = t.call
    if t.to == rec.project and name in CALLS:
        return name, args
    if t.to == rec.shares and name == "safeTransferFrom":
        src, dst, token_id, amount, _data = args
        if token_id >> COMBO_BITS == int(rec.project, 16):
            return "moveShares", (src, dst, token_id & ((1 << COMBO_BITS) - 1), amount)
    return None


def replay(rec: Recording) -> Replay:
    """Apply every recorded call to a fresh model in the order mined, and at each checkpoint
    (after the calls mined up to its block) ask the model what the project owed."""
    out = Replay(ProjectModel(Config.from_view(rec.config), rec.treasury))
    points = list(rec.checkpoints)
    for t in rec.transactions:
        while points and t.block > points[0].block:
            out.checkpoint(points.pop(0))
        out.apply(rec, t)
    for point in points:
        out.checkpoint(point)
    return out
