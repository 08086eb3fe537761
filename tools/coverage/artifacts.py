# SPDX-License-Identifier: MIT
"""Coverage maps from brownie's build artifacts, and finding the artifact for a piece of code.

Brownie writes, for every compiled contract, a `pcMap` (runtime program counter -> opcode, source
offset, and for instructions that matter to coverage a `statement` and/or `branch` index) and a
`coverageMap` (those indices -> source ranges, grouped by source file and function). We reuse both,
so statements and branches mean exactly what they mean in brownie.

Executed code is matched to an artifact by its *code*, never by its address: a clone's address runs
the implementation's code only through DELEGATECALL, and a facet's code runs in its caller's
storage. Runtime bytecode ends with solc's CBOR metadata (which holds the hash of the contract's
metadata, so it differs between any two contracts), and immutables and library addresses are filled
in at deploy time without changing the length, so (length, metadata) identifies the artifact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_LINK_PLACEHOLDER = re.compile(r"__.{36}__")

# pc -> (statement index or -1, branch index or -1, is the branch's JUMPI)
PcInfo = tuple[int, int, bool]


@dataclass(frozen=True)
class Statement:
    path: str
    fn: str
    start: int
    stop: int


@dataclass(frozen=True)
class Branch:
    path: str
    fn: str
    start: int
    stop: int
    # the value of the condition when the JUMPI jumps (brownie's third coverageMap element)
    jump_is_true: bool


@dataclass
class ContractMap:
    name: str
    source_path: str
    statements: dict[int, Statement]
    branches: dict[int, Branch]
    pc_info: dict[int, PcInfo] = field(repr=False)


def code_key(code: bytes) -> tuple[int, bytes] | None:
    """Identify runtime code by its length and its trailing CBOR metadata, or None without any."""
    if len(code) < 4:
        return None
    meta_len = int.from_bytes(code[-2:], "big")
    start = len(code) - 2 - meta_len
    # a CBOR map with 1..5 entries ({"ipfs": ..., "solc": ...})
    if start < 0 or not 0xA1 <= code[start] <= 0xA5:
        return None
    return len(code), bytes(code[start:])


def _load_contract_map(build: dict, source_paths: dict[str, str]) -> ContractMap:
    path_map: dict[str, str] = build.get("allSourcePaths", {})
    statements: dict[int, Statement] = {}
    branches: dict[int, Branch] = {}
    coverage_map = build.get("coverageMap") or {"statements": {}, "branches": {}}
    for path_id, fns in coverage_map["statements"].items():
        path = source_paths.setdefault(path_map[path_id], path_map[path_id])
        for fn, entries in fns.items():
            for idx, (start, stop) in entries.items():
                statements[int(idx)] = Statement(path, fn, start, stop)
    for path_id, fns in coverage_map["branches"].items():
        path = source_paths.setdefault(path_map[path_id], path_map[path_id])
        for fn, entries in fns.items():
            for idx, (start, stop, jump_is_true) in entries.items():
                branches[int(idx)] = Branch(path, fn, start, stop, bool(jump_is_true))

    pc_info: dict[int, PcInfo] = {}
    for pc, entry in build.get("pcMap", {}).items():
        # brownie only evaluates coverage on instructions attributed to a function
        if "fn" not in entry or ("statement" not in entry and "branch" not in entry):
            continue
        pc_info[int(pc)] = (
            entry.get("statement", -1),
            entry.get("branch", -1),
            entry.get("op") == "JUMPI",
        )
    return ContractMap(
        name=build["contractName"],
        source_path=build.get("sourcePath", ""),
        statements=statements,
        branches=branches,
        pc_info=pc_info,
    )


class CodeIndex:
    """All deployable contracts of a brownie build, looked up by runtime code."""

    def __init__(self, build_dir: Path) -> None:
        self.contracts: dict[str, ContractMap] = {}
        self._by_key: dict[tuple[int, bytes], ContractMap] = {}
        self._ambiguous: set[tuple[int, bytes]] = set()
        source_paths: dict[str, str] = {}  # interned path strings
        for artifact in sorted(build_dir.glob("contracts/**/*.json")):
            build = json.loads(artifact.read_text())
            code = build.get("deployedBytecode") or ""
            if not code or "pcMap" not in build:
                continue  # interfaces and abstract contracts run only as part of others
            contract = _load_contract_map(build, source_paths)
            self.contracts[contract.name] = contract
            # unlinked library references are 40-character placeholders: same length as the address
            code = _LINK_PLACEHOLDER.sub("0" * 40, code.removeprefix("0x"))
            key = code_key(bytes.fromhex(code))
            if key is None:
                continue
            if key in self._by_key:
                self._ambiguous.add(key)
            self._by_key[key] = contract

    def lookup(self, code: bytes) -> ContractMap | None:
        key = code_key(code)
        if key is None or key in self._ambiguous:
            return None
        return self._by_key.get(key)
