"""Computing the ranking a project's finalization expects, and submitting it in batches."""

from __future__ import annotations

from typing import Any

from .chain import RankBy


def rank_key(
    combo_id: int, supporters: int, funded: int, by: RankBy = RankBy.Supporters
) -> tuple[int, int, int]:
    """Sort key of the contract's order: by supporters (then funding) or by funding (then
    supporters), descending; ties go to the combination funded first (lower id)."""
    if by == RankBy.Funding:
        return (-funded, -supporters, combo_id)
    return (-supporters, -funded, combo_id)


PAGE = 500  # combinations read per rankingKeys call


def ranking(project: Any) -> list[int]:
    """Every combination id of `project`, in the order `finalize` accepts."""
    _, combos, _, _ = project.counts()
    by = RankBy(project.config()["rankBy"])
    keys = []
    for first in range(1, combos + 1, PAGE):
        count = min(PAGE, combos + 1 - first)
        supporters, funded = project.rankingKeys(first, count)
        keys += [rank_key(first + i, supporters[i], funded[i], by) for i in range(count)]
    return [key[2] for key in sorted(keys)]


def resume_from(order: list[int], attempt: int, ranked: int, last: int) -> int:
    """Where a submitter's own attempt (`rankingOf`) can be continued: `ranked` if it is the true
    prefix, else 0 (start a new attempt). An attempt is strictly ordered, so if its last id sits at
    position `ranked` of the true order it holds exactly that prefix (keys are fixed once ideation
    is over)."""
    if attempt and 0 < ranked <= len(order) and order[ranked - 1] == last:
        return ranked
    return 0


def finalize(project: Any, sender: Any, batch: int = 250) -> list[Any]:
    """Submit the whole ranking in batches of `batch` as `sender`'s own attempt, continuing it if
    what it ranked so far is the true prefix. Nobody else's transactions can affect it."""
    order = ranking(project)
    start = resume_from(order, *project.rankingOf(sender))
    if not order:
        return [project.finalize(0, [], {"from": sender})]
    receipts = []
    for first in range(start, len(order), batch):
        receipts.append(project.finalize(first, order[first : first + batch], {"from": sender}))
    return receipts
