# SPDX-License-Identifier: MIT
"""The report values each file under scenarios/ gave before the toolkit was rebuilt (issue 14),
kept in tests/scenarios/golden/<name>.json; a player must reproduce them exactly.

Compared: every count, amount, invariant, expectation, checkpoint, combination and actor figure.
Left out, because they measure the machine or the build rather than the story: gas, timings,
block numbers, contract addresses and ETH balance changes (which include gas).
`COBUILD_WRITE_GOLDEN=1` rewrites the files (only after a deliberate change of a scenario);
`COBUILD_WRITE_GOLDEN=<name>` writes one (a new scenario's first)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"
VOLATILE = frozenset(
    {
        "gas",
        "timing",
        "file",
        "network",
        "chain_id",
        "live",
        "factory",
        "project",
        "address",
        "balance_change",
        "block",
        "consent",  # routing: the consent contract's address in each receipt
        "_chain_balance",
    }
)

# fields added to reports after the golden files were written; nothing else may be new
ADDED = frozenset({"decimals", "tokens"})


def values(report: Any) -> Any:
    """The report without its volatile fields, as plain JSON values."""
    if isinstance(report, dict):
        return {k: values(v) for k, v in report.items() if k not in VOLATILE}
    if isinstance(report, list | tuple):
        return [values(v) for v in report]
    return report


def assert_same_values(name: str, report: dict) -> None:
    path = GOLDEN / f"{name}.json"
    now = json.loads(json.dumps(values(report)))
    if os.environ.get("COBUILD_WRITE_GOLDEN") in ("1", name):
        path.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    before = json.loads(path.read_text())
    kept = _as_before(before, now)
    if kept != before:
        raise AssertionError(f"{name}: report values changed: {_diff(before, kept)}")


def _as_before(before: Any, now: Any) -> Any:
    """`now` without the fields a later change added (e.g. `token.decimals`, `money.tokens`):
    every value the golden file holds must be there and equal, and none may be gone."""
    if isinstance(before, dict) and isinstance(now, dict):
        return {
            k: _as_before(before[k], v) if k in before else v
            for k, v in now.items()
            if k in before or k not in ADDED
        }
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        return [_as_before(b, n) for b, n in zip(before, now, strict=True)]
    return now


def _diff(before: Any, now: Any, where: str = "") -> str:
    """The first place the two differ, e.g. `money.out.creator: 390 != 391`."""
    if isinstance(before, dict) and isinstance(now, dict):
        for key in sorted(set(before) | set(now)):
            if key not in before or key not in now:
                return f"{where}{key}: only in {'now' if key in now else 'before'}"
            if before[key] != now[key]:
                return _diff(before[key], now[key], f"{where}{key}.")
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        for i, (b, n) in enumerate(zip(before, now, strict=True)):
            if b != n:
                return _diff(b, n, f"{where}{i}.")
    return f"{where.rstrip('.')}: {before!r} != {now!r}"
