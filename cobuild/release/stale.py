# SPDX-License-Identifier: MIT
"""What brownie's incremental compile misses: a contract whose imported interface or inlined
library changed.

brownie recompiles a contract when its own source changed, or a contract it lists as a
dependency. That list leaves out the files a contract only imports: an interface of
`interfaces/`, and a library of internal functions the compiler inlines (`contracts/libraries/`:
`ProRata`, `Payments`). A contract importing such a changed file keeps its old artifact: its
bytecode still has the old library code (seen with `ProRata`: the deploy check then refused
ProjectProduction), and its ABI, NatSpec and metadata hash describe the old sources. The ABI
package, docs/api.md and the deploy check go stale, and the tests play the old code, on a
developer's checkout only (a fresh clone has no build).

`drop_stale_artifacts` removes, before the project loads, every contract artifact older than the
newest source in those folders, so brownie compiles them again, as make would. It only looks at
file times (no artifact is read): two commands started at once in one checkout (make demo and
make scenario) each run it before brownie reads build/, and one may remove what the other is
about to."""

from __future__ import annotations

from pathlib import Path

# the folders of sources that brownie does not count as dependencies
IMPORTED_ONLY = ("interfaces", "contracts/libraries")


def drop_stale_artifacts(root: Path) -> list[str]:
    """Delete the artifacts in build/contracts/ written before the last change of any source in
    IMPORTED_ONLY; returns their names (none when the build is current or absent)."""
    build = root / "build" / "contracts"
    if not build.is_dir():
        return []
    newest = max(
        (p.stat().st_mtime for folder in IMPORTED_ONLY for p in (root / folder).rglob("*.sol")),
        default=0.0,
    )
    dropped = []
    for artifact in sorted(build.glob("*.json")):
        try:
            built = artifact.stat().st_mtime
        except FileNotFoundError:  # the other command dropped it first
            continue
        if built < newest:
            artifact.unlink(missing_ok=True)
            dropped.append(artifact.stem)
    return dropped
