"""Computing the ranking a project's finalization expects, and submitting it in batches."""

from __future__ import annotations

from typing import Any


def rank_key(combo_id: int, supporters: int, funded: int) -> tuple[int, int, int]:
    """Sort key of the contract's order: supporters desc, funding desc, id (first funding) asc."""
    return (-supporters, -funded, combo_id)


PAGE = 500  # combinations read per rankingKeys call


def ranking(project: Any) -> list[int]:
    """Every combination id of `project`, in the order `finalize` accepts."""
    _, combos, _, _ = project.counts()
    keys = []
    for first in range(1, combos + 1, PAGE):
        count = min(PAGE, combos + 1 - first)
        supporters, funded = project.rankingKeys(first, count)
        keys += [rank_key(first + i, supporters[i], funded[i]) for i in range(count)]
    return [key[2] for key in sorted(keys)]


def skipped(project: Any, order: list[int], ranked: int) -> int | None:
    """A combination the partial ranking on chain left out, or None if that ranking is the true
    prefix `order[:ranked]`. A batch starting with it makes the project discard the partial
    ranking (see `IProjectSelection.finalize`)."""
    for position, combo in enumerate(order[:ranked], start=1):
        if project.combination(combo)["rank"] != position:
            # the partial ranking is sorted, so it differs from the true prefix in membership:
            # some combination of the true prefix is missing, and it ranks before the last one
            return next(c for c in order[:ranked] if project.combination(c)["rank"] == 0)
    return None


def finalize(project: Any, sender: Any, batch: int = 250) -> list[Any]:
    """Submit the whole ranking in batches of `batch`, resuming after what is already ranked, or
    starting over if what is ranked is not the true prefix (someone skipped a combination)."""
    order = ranking(project)
    ranked = project.selection()["ranked"]
    receipts = []
    proof = skipped(project, order, ranked) if ranked else None
    if proof is not None:
        receipts.append(project.finalize([proof, *order[:batch]], {"from": sender}))
        ranked = min(batch, len(order))
    for start in range(ranked, len(order), batch):
        receipts.append(project.finalize(order[start : start + batch], {"from": sender}))
    if not order:
        receipts.append(project.finalize([], {"from": sender}))
    return receipts
