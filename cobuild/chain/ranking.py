# SPDX-License-Identifier: MIT
"""Reading the ranking a project's finalization expects from the chain, and submitting it in
batches (the order itself is `cobuild.model.ranking`)."""

from __future__ import annotations

from typing import Any

from cobuild.chain.platform import project_info
from cobuild.model.ranking import rank_key, resume_from
from cobuild.protocol import RankBy

PAGE = 500  # combinations read per rankingKeys call


def ranking(project: Any) -> list[int]:
    """Every combination id of `project`, in the order `finalize` accepts."""
    _, combos, _, _ = project.counts()
    by = RankBy(project_info(project).config["rankBy"])
    keys = []
    for first in range(1, combos + 1, PAGE):
        count = min(PAGE, combos + 1 - first)
        supporters, funded = project.rankingKeys(first, count)
        keys += [rank_key(first + i, supporters[i], funded[i], by) for i in range(count)]
    return [key[2] for key in sorted(keys)]


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
