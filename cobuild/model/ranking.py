# SPDX-License-Identifier: MIT
"""The contract's ranking order in plain Python: the sort key, and where an attempt resumes."""

from __future__ import annotations

from cobuild.protocol import RankBy


def rank_key(
    combo_id: int, supporters: int, funded: int, by: RankBy = RankBy.Supporters
) -> tuple[int, int, int]:
    """Sort key of the contract's order: by supporters (then funding) or by funding (then
    supporters), descending; ties go to the combination funded first (lower id)."""
    if by == RankBy.Funding:
        return (-funded, -supporters, combo_id)
    return (-supporters, -funded, combo_id)


def resume_from(order: list[int], attempt: int, ranked: int, last: int) -> int:
    """Where a submitter's own attempt (`rankingOf`) can be continued: `ranked` if it is the true
    prefix, else 0 (start a new attempt). An attempt is strictly ordered, so if its last id sits at
    position `ranked` of the true order it holds exactly that prefix (keys are fixed once ideation
    is over)."""
    if attempt and 0 < ranked <= len(order) and order[ranked - 1] == last:
        return ranked
    return 0
