# SPDX-License-Identifier: MIT
"""Room to grow (issue 35): every deployable contract's runtime code stays at least 512 bytes
below the EIP-170 limit of 24,576 bytes, so the next change learns it is running out of room from
this test, not from a failed deployment. The margins are printed (pytest -s, or in the failure)."""

from __future__ import annotations

import json
from pathlib import Path

LIMIT = 24_576
MARGIN = 512
BUILD = Path(__file__).resolve().parents[3] / "build" / "contracts"
SOURCES = ("contracts/",)  # ours, not OpenZeppelin's (they are inherited, not deployed alone)


def _sizes() -> dict[str, int]:
    sizes = {}
    for path in sorted(BUILD.glob("*.json")):
        artifact = json.loads(path.read_text())
        if not artifact.get("sourcePath", "").startswith(SOURCES):
            continue
        runtime = artifact.get("deployedBytecode", "")
        if runtime:
            sizes[artifact["contractName"]] = len(runtime) // 2
    return sizes


def test_every_contract_has_room_to_grow():
    sizes = _sizes()
    assert {"CobuildProject", "ProjectProduction", "CobuildFactory"} <= set(sizes)
    table = "\n".join(
        f"{name:<24}{size:>8,} bytes  {LIMIT - size:>7,} below the limit"
        for name, size in sorted(sizes.items(), key=lambda item: -item[1])
    )
    print(f"\nruntime code sizes (EIP-170 limit {LIMIT:,}):\n{table}")
    crowded = {name: LIMIT - size for name, size in sizes.items() if LIMIT - size < MARGIN}
    assert not crowded, f"within {MARGIN} bytes of the limit: {crowded}\n{table}"
