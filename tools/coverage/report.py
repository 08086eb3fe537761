# SPDX-License-Identifier: MIT
"""Per-contract statement and branch coverage: the JSON report and the terminal table.

A contract's row counts the statements and branches of the measured source files (by default
everything under contracts/ except the test and benchmark mocks) that are compiled into it,
including inherited code and internal library functions from those files; OpenZeppelin and other
dependencies are left out. A branch counts twice, once per direction (condition true / false),
so a branch % of 50 can mean every condition went only one way. The TOTAL row counts each source
range once, covered if any contract covered it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .artifacts import CodeIndex, ContractMap
from .tracer import Hits

DEFAULT_INCLUDE = ("contracts/",)
DEFAULT_EXCLUDE = ("contracts/test/", "contracts/bench/")


def is_measured(path: str, include: Iterable[str], exclude: Iterable[str]) -> bool:
    return any(path.startswith(p) for p in include) and not any(path.startswith(p) for p in exclude)


class _Lines:
    """Byte offset -> 1-based line number, per source file (solc offsets count UTF-8 bytes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._starts: dict[str, list[int]] = {}

    def line(self, path: str, offset: int) -> int:
        if path not in self._starts:
            try:
                data = (self.root / path).read_bytes()
            except OSError:
                data = b""
            self._starts[path] = [i for i, byte in enumerate(data) if byte == 0x0A]
        return bisect.bisect_left(self._starts[path], offset) + 1


@dataclass
class _Count:
    hit: int = 0
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        pct = round(100.0 * self.hit / self.total, 2) if self.total else None
        return {"hit": self.hit, "total": self.total, "pct": pct}


@dataclass
class _Row:
    statements: _Count = field(default_factory=_Count)
    branches: _Count = field(default_factory=_Count)  # directions: 2 per branch
    missed_statements: list[dict[str, Any]] = field(default_factory=list)
    missed_branches: list[dict[str, Any]] = field(default_factory=list)


def _contract_row(
    contract: ContractMap,
    hits: Hits,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    lines: _Lines,
    union_statements: dict[tuple[str, int, int], bool],
    union_branches: dict[tuple[str, int, int], set[bool]],
) -> _Row:
    row = _Row()
    for idx, st in sorted(contract.statements.items()):
        if not is_measured(st.path, include, exclude):
            continue
        hit = idx in hits.statements
        row.statements.total += 1
        row.statements.hit += hit
        key = (st.path, st.start, st.stop)
        union_statements[key] = union_statements.get(key, False) or hit
        if not hit:
            row.missed_statements.append(
                {"path": st.path, "line": lines.line(st.path, st.start), "fn": st.fn}
            )
    for idx, br in sorted(contract.branches.items()):
        if not is_measured(br.path, include, exclude):
            continue
        taken: set[bool] = set()
        if idx in hits.jumped:
            taken.add(br.jump_is_true)
        if idx in hits.fell_through:
            taken.add(not br.jump_is_true)
        row.branches.total += 2
        row.branches.hit += len(taken)
        union_branches.setdefault((br.path, br.start, br.stop), set()).update(taken)
        if len(taken) < 2:
            missing = sorted({True, False} - taken)
            row.missed_branches.append(
                {
                    "path": br.path,
                    "line": lines.line(br.path, br.start),
                    "fn": br.fn,
                    "never": [str(v).lower() for v in missing],
                }
            )
    return row


def build_report(
    index: CodeIndex,
    hits: dict[str, Hits],
    root: Path,
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE,
) -> dict[str, Any]:
    lines = _Lines(root)
    union_statements: dict[tuple[str, int, int], bool] = {}
    union_branches: dict[tuple[str, int, int], set[bool]] = {}
    contracts: dict[str, Any] = {}
    for name in sorted(index.contracts):
        contract = index.contracts[name]
        if not is_measured(contract.source_path, include, exclude):
            continue
        row = _contract_row(
            contract,
            hits.get(name, Hits()),
            include,
            exclude,
            lines,
            union_statements,
            union_branches,
        )
        if not row.statements.total and not row.branches.total:
            continue
        contracts[name] = {
            "source": contract.source_path,
            "statements": row.statements.to_json(),
            "branches": row.branches.to_json(),
            "missed_statements": row.missed_statements,
            "missed_branches": row.missed_branches,
        }
    total_statements = _Count(sum(union_statements.values()), len(union_statements))
    total_branches = _Count(sum(len(v) for v in union_branches.values()), 2 * len(union_branches))
    return {
        "include": list(include),
        "exclude": list(exclude),
        "contracts": contracts,
        "total": {
            "statements": total_statements.to_json(),
            "branches": total_branches.to_json(),
        },
    }


def _pct(count: dict[str, Any]) -> str:
    return "-" if count["pct"] is None else f"{count['pct']:.1f}%"


def _ranges(numbers: Iterable[int]) -> str:
    values = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        parts.append(str(values[i]) if i == j else f"{values[i]}-{values[j]}")
        i = j + 1
    return ", ".join(parts)


def format_table(report: dict[str, Any], width: int = 100) -> list[str]:
    """The terminal table: one row per contract, then TOTAL."""
    rows = [
        ("contract", "stmts", "miss", "stmt %", "branch", "miss", "branch %", "missed lines"),
    ]

    def row(name: str, data: dict[str, Any], missed: str) -> tuple[str, ...]:
        st, br = data["statements"], data["branches"]
        return (
            name,
            str(st["total"]),
            str(st["total"] - st["hit"]),
            _pct(st),
            str(br["total"]),
            str(br["total"] - br["hit"]),
            _pct(br),
            missed,
        )

    for name, data in report["contracts"].items():
        own = [m["line"] for m in data["missed_statements"] if m["path"] == data["source"]]
        own += [m["line"] for m in data["missed_branches"] if m["path"] == data["source"]]
        rows.append(row(name, data, _ranges(own)))
    rows.append(row("TOTAL", report["total"], ""))
    widths = [max(len(r[i]) for r in rows) for i in range(7)]
    out = []
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:7], widths[1:], strict=True)
        ]
        line = "  ".join(cells)
        if r[7]:
            room = max(width - len(line) - 2, 20)
            missed = r[7] if len(r[7]) <= room else r[7][: room - 3] + "..."
            line += "  " + missed
        elif r is rows[0]:
            line += "  " + r[7]
        out.append(line.rstrip())
    return out
