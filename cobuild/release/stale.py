# SPDX-License-Identifier: MIT
"""What brownie's incremental compile misses: a contract whose imported interface changed.

brownie recompiles a contract when its own source changed, or a contract it depends on, and an
interface when the interface's source changed; a contract importing a changed file of
`interfaces/` keeps its old artifact. Its ABI, its NatSpec and its metadata hash (which names
every source's digest) then describe the old interface: the ABI package, docs/api.md and the
deploy check (a fresh compile must match the deployed build) go stale, on a developer's checkout
only (a fresh clone has no build). `drop_contracts_older_than_interfaces` removes, before the
project loads, every contract artifact older than the newest interface source, so brownie
compiles them again, as make would."""

from __future__ import annotations

from pathlib import Path


def drop_contracts_older_than_interfaces(root: Path) -> list[str]:
    """Delete the artifacts in build/contracts/ written before the last change of any file in
    interfaces/; returns their names (none when the build is current or absent)."""
    build = root / "build" / "contracts"
    if not build.is_dir():
        return []
    newest = max((p.stat().st_mtime for p in (root / "interfaces").rglob("*.sol")), default=0.0)
    dropped = []
    for artifact in sorted(build.glob("*.json")):
        if artifact.stat().st_mtime < newest:
            artifact.unlink()
            dropped.append(artifact.stem)
    return dropped
