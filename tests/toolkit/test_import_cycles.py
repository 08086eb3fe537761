# SPDX-License-Identifier: MIT
"""No import circle in the toolkit (issue 34): every module of the `cobuild` package and of
`scripts/` is parsed (nothing is imported) and every import it names is an edge of a graph, which
must have no cycle. Imports count wherever they are written: at the top, inside a function (the
usual way of hiding a circle), under `if TYPE_CHECKING:`, and by string (`importlib.import_module`
of a literal, or any string that is exactly the name of one of our modules, as a table of commands
names the module it imports later). Relative imports are resolved against their package. Pure
Python, no chain."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cobuild", "scripts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            out[module_name(path)] = path
    return out


def _package_of(name: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _resolve_relative(base: str, level: int, module: str | None) -> str:
    parts = base.split(".") if base else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, *([module] if module else [])])


def _target(name: str, known: dict[str, Path]) -> str | None:
    """The module of ours that importing `name` runs last: `name` itself, or the closest
    enclosing module of ours (a name imported from a package's __init__)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """(module of ours imported, line) for every import `path` makes, wherever it is written."""
    tree = ast.parse(path.read_text(), str(path))
    package = _package_of(name, path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _target(alias.name, known)
                if target:
                    yield target, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = (
                _resolve_relative(package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            for alias in node.names:
                # `from a import b`: the module a.b when there is one, else a name of a
                target = _target(f"{base}.{alias.name}", known) if base else None
                if target is None or target != f"{base}.{alias.name}":
                    target = _target(base, known)
                if target:
                    yield target, node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # an import by string: `importlib.import_module("scripts.demo")`, a table of commands
            if node.value in known and "." in node.value:
                yield node.value, node.lineno
        elif isinstance(node, ast.JoinedStr):
            # f"{__package__}.chart"
            values = node.values
            if (
                len(values) == 2
                and isinstance(values[0], ast.FormattedValue)
                and isinstance(values[0].value, ast.Name)
                and values[0].value.id == "__package__"
                and isinstance(values[1], ast.Constant)
            ):
                target = _target(package + str(values[1].value), known)
                if target:
                    yield target, node.lineno


def graph() -> dict[str, dict[str, int]]:
    """module -> {imported module of ours -> first line importing it}"""
    known = modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        out: dict[str, int] = {}
        for target, line in imports(name, path, known):
            if target != name:
                out.setdefault(target, line)
        edges[name] = out
    return edges


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_one_cycle(component, edges) for component in components]


def _one_cycle(component: list[str], edges: dict[str, dict[str, int]]) -> list[str]:
    """A shortest path back to the component's first module: the cycle to name."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(edges[v]):
                if w == start:
                    return [*paths[v], start]
                if w in members and w not in paths:
                    paths[w] = [*paths[v], w]
                    nxt.append(w)
        frontier = nxt
    return component


def describe(cycle: list[str], edges: dict[str, dict[str, int]]) -> str:
    return "; ".join(f"{a} (line {edges[a][b]}) -> {b}" for a, b in pairwise(cycle))


def test_the_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The walker itself: top-level, relative, in a function, by string, by f-string."""
    known = {
        "pkg": tmp_path / "pkg" / "__init__.py",
        "pkg.a": tmp_path / "pkg" / "a.py",
        "pkg.b": tmp_path / "pkg" / "b.py",
        "pkg.c": tmp_path / "pkg" / "c.py",
        "pkg.d": tmp_path / "pkg" / "d.py",
        "pkg.sub": tmp_path / "pkg" / "sub" / "__init__.py",
        "pkg.sub.e": tmp_path / "pkg" / "sub" / "e.py",
    }
    known["pkg.a"].parent.mkdir()
    known["pkg.sub.e"].parent.mkdir()
    known["pkg"].write_text("")
    known["pkg.sub"].write_text("")
    known["pkg.a"].write_text("import pkg.b\nfrom . import c\n")
    known["pkg.b"].write_text("def f():\n    from .sub.e import x\n")
    known["pkg.c"].write_text("import importlib\nimportlib.import_module('pkg.d')\n")
    known["pkg.d"].write_text("x = f'{__package__}.a'\n")
    known["pkg.sub.e"].write_text("from .. import a\nfrom ..sub import e\n")
    found = {name: {t for t, _ in imports(name, path, known)} for name, path in known.items()}
    assert found["pkg.a"] == {"pkg.b", "pkg.c"}
    assert found["pkg.b"] == {"pkg.sub.e"}
    assert found["pkg.c"] == {"pkg.d"}
    assert found["pkg.d"] == {"pkg.a"}
    assert found["pkg.sub.e"] == {"pkg.a", "pkg.sub.e"}
    edges = {n: dict.fromkeys(t - {n}, 1) for n, t in found.items()}
    assert cycles(edges) == [["pkg.a", "pkg.b", "pkg.sub.e", "pkg.a"]]


def grouped(edges: dict[str, dict[str, int]], depth: int) -> dict[str, dict[str, int]]:
    """The graph of packages: each module stands for its package `depth` names deep
    (`cobuild.scenario.runner` at 2 is `cobuild.scenario`; a module as shallow stands for itself).
    The edge keeps the first import that makes it, named `module:line`."""
    out: dict[str, dict[str, int]] = {}
    for a, targets in edges.items():
        group_a = ".".join(a.split(".")[:depth])
        out.setdefault(group_a, {})
        for b, line in targets.items():
            group_b = ".".join(b.split(".")[:depth])
            if group_b != group_a:
                out[group_a].setdefault(group_b, line)
                out.setdefault(group_b, {})
    return out


def test_no_import_cycle() -> None:
    edges = graph()
    assert len(edges) > 50, "the walk found too few modules"
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(describe(c, edges) for c in found)


def test_no_import_cycle_between_packages() -> None:
    """`cobuild` never imports `scripts` (the brownie shims import the toolkit, not the other way
    round), and no two subpackages of `cobuild` import each other, even through other modules."""
    edges = graph()
    for depth in (1, 2):
        packages = grouped(edges, depth)
        found = cycles(packages)
        lines = []
        for cycle in found:
            for a, b in pairwise(cycle):
                importer = next(
                    m
                    for m in edges
                    if m.split(".")[:depth] == a.split(".")
                    and any(t.split(".")[:depth] == b.split(".") for t in edges[m])
                )
                target = next(t for t in edges[importer] if t.split(".")[:depth] == b.split("."))
                lines.append(
                    f"{a} -> {b}: {importer} (line {edges[importer][target]}) imports {target}"
                )
        assert not found, f"import cycles between packages ({depth} deep):\n" + "\n".join(lines)
