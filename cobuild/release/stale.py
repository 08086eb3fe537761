# SPDX-License-Identifier: MIT
"""What brownie's incremental compile misses: a contract one of whose imported files changed.

brownie recompiles a contract when its own source changed, or a contract it lists as a
dependency. That list leaves out the files a contract only imports: an interface of
`interfaces/`, and a library of internal functions that the compiler inlines (`ProRata`,
`Payments`). A contract importing such a changed file keeps its old artifact: its bytecode still
has the old library code, and its ABI, NatSpec and metadata hash (which names every source's
digest) describe the old sources. The ABI package, docs/api.md and the deploy check (a fresh
compile must match the deployed build) then go stale, and the tests play the old code, on a
developer's checkout only (a fresh clone has no build).

`drop_stale_artifacts` removes, before the project loads, every contract artifact written before
the last change of its source or of any file that source imports, directly or not, so brownie
compiles them again, as make would."""

from __future__ import annotations

import json
import re
from pathlib import Path

# `import "x.sol";`, `import {A, B} from "x.sol";`, `import * as X from "x.sol";`
IMPORT = re.compile(r"""^\s*import\s+(?:[^;]*?\bfrom\s+)?["']([^"']+)["']""", re.MULTILINE)
# the remappings of brownie-config.yaml and foundry.toml: packages under node_modules/
PACKAGE_PREFIX = "@"


def imported_files(root: Path, source: Path, seen: set[Path] | None = None) -> set[Path]:
    """Every file `source` imports, directly or through other imports (paths as found)."""
    seen = set() if seen is None else seen
    try:
        text = source.read_text(encoding="utf8")
    except OSError:
        return seen
    for name in IMPORT.findall(text):
        if name.startswith("."):
            path = (source.parent / name).resolve()
        elif name.startswith(PACKAGE_PREFIX):
            path = (root / "node_modules" / name).resolve()
        else:
            path = (root / name).resolve()
        if path not in seen and path.is_file():
            seen.add(path)
            imported_files(root, path, seen)
    return seen


def drop_stale_artifacts(root: Path) -> list[str]:
    """Delete the artifacts in build/contracts/ written before the last change of their source or
    of a file it imports; returns their names (none when the build is current or absent)."""
    build = root / "build" / "contracts"
    if not build.is_dir():
        return []
    newest: dict[Path, float] = {}  # a source's last change, its imports' included
    dropped = []
    for artifact in sorted(build.glob("*.json")):
        try:
            source = json.loads(artifact.read_text(encoding="utf8")).get("sourcePath")
        except (OSError, ValueError):  # gone meanwhile, or half written by a compile under way
            continue
        if not source:
            continue
        path = (root / source).resolve()
        if not path.is_file():
            continue
        if path not in newest:
            files = {path, *imported_files(root, path)}
            newest[path] = max(f.stat().st_mtime for f in files)
        try:
            built = artifact.stat().st_mtime
        except FileNotFoundError:  # another command dropped it first (make demo and scenario)
            continue
        if built < newest[path]:
            artifact.unlink(missing_ok=True)
            dropped.append(artifact.stem)
    return dropped
