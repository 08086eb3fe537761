# SPDX-License-Identifier: MIT
"""A deployment record checked against a chain: one verdict per contract and per project clone.

For every contract of `deployments/<chainid>.json`:
1. the standard-JSON input of the contract is written from the sources of the checkout (under
   `build/verify/<chainid>/`), the file explorers and Sourcify accept;
2. that file alone is compiled with the pinned compiler, in an empty directory;
3. the chain's runtime code is compared with the result: immutables masked by their references
   (and their values shown), the executable part byte for byte, the metadata hash on its own.
When the metadata hash differs, the recorded metadata whose IPFS hash *is* on chain names what
changed: which source files, which settings, the compiler. When the recorded input differs from
the fresh one, it is compiled too, to say whether the chain holds what was recorded.

Clones (EIP-1167 with immutable arguments) are found through the registry of any recorded
contract whose ABI has `projectCount()` and `projectAt(uint256)`, or passed by address: the proxy
bytes are checked, the implementation must be a verified recorded contract, and the arguments are
decoded with the layout the encoding library documents (see `cobuild.release.layout`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cobuild.progress import Progress

from .build import (
    BuildError,
    Compiled,
    compile_input,
    compile_project,
    contract_input,
    find_contract,
    immutable_names,
    load_config,
    solc_path,
)
from .bytecode import CodeMetadata, compare_runtime, ipfs_hash, parse_clone
from .layout import Layout, LayoutError, find_layout
from .record import resolve, write_json

REGISTRY = ("projectCount", "projectAt")


@dataclass
class Verdict:
    name: str
    address: str
    verified: bool
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was checked or read (not a failure)
    config: dict[str, object] = field(default_factory=dict)  # a clone's decoded arguments

    def lines(self) -> list[str]:
        state = "verified" if self.verified else f"NOT verified: {'; '.join(self.differences)}"
        head = f"{self.name:<24} {self.address}  {state}"
        body = [f"    {note}" for note in self.notes]
        body += [f"    {key:<20} {value}" for key, value in self.config.items()]
        return [head, *body]

    def as_json(self) -> dict[str, Any]:
        """`cobuild verify --json`'s object: `reason` is None when verified, else every
        difference found, joined."""
        return {
            "name": self.name,
            "address": self.address,
            "verified": self.verified,
            "reason": None if self.verified else "; ".join(self.differences) or "not verified",
            "differences": list(self.differences),
            "notes": list(self.notes),
            "config": {key: _plain(value) for key, value in self.config.items()},
        }


def _plain(value: Any) -> Any:
    """A decoded value as JSON holds it: bytes as 0x hex, tuples as lists."""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _code(web3: Any, address: str) -> bytes:
    return bytes(web3.eth.get_code(web3.to_checksum_address(address)))


def explain_metadata(
    chain: CodeMetadata | None, fresh: dict, recorded_path: Path | None
) -> list[str]:
    """What the metadata on chain and the fresh metadata disagree on, read from the recorded
    metadata file when its IPFS hash is the one on chain."""
    if chain is None or chain.ipfs is None:
        return ["the chain's code carries no metadata hash"]
    if recorded_path is None or not recorded_path.exists():
        return [f"no recorded metadata to explain ipfs://{chain.ipfs}"]
    raw = recorded_path.read_bytes()
    if ipfs_hash(raw) != chain.ipfs:
        return [f"the recorded metadata {recorded_path.name} is not ipfs://{chain.ipfs}"]
    deployed = json.loads(raw)
    found: list[str] = []
    before, now = deployed.get("sources", {}), fresh.get("sources", {})
    for key in sorted(set(before) | set(now)):
        if key not in now:
            found.append(f"source {key} is no longer part of the build")
        elif key not in before:
            found.append(f"source {key} was not part of the deployed build")
        elif before[key].get("keccak256") != now[key].get("keccak256"):
            found.append(f"source {key} differs from the deployed one")
    old_settings, new_settings = deployed.get("settings", {}), fresh.get("settings", {})
    for key in sorted(set(old_settings) | set(new_settings)):
        if old_settings.get(key) != new_settings.get(key):
            found.append(
                f"setting {key}: deployed {old_settings.get(key)}, built {new_settings.get(key)}"
            )
    if deployed.get("compiler") != fresh.get("compiler"):
        found.append(
            f"compiler: deployed {deployed.get('compiler')}, built {fresh.get('compiler')}"
        )
    return found or ["the metadata differs in a field outside sources, settings and compiler"]


class Verifier:
    """Checks one deployment record against the chain `web3` is connected to."""

    def __init__(
        self,
        record_path: Path,
        root: Path,
        web3: Any,
        out_dir: Path,
        progress: Progress | None = None,
    ) -> None:
        self.record_path = record_path
        self.record: dict = json.loads(record_path.read_text(encoding="utf8"))
        self.root = root
        self.web3 = web3
        self.out_dir = out_dir
        self.progress = progress or Progress()
        self.config = load_config(root)
        self.solc = solc_path(self.config)
        # the recorded contracts and what they import (clones are of recorded implementations)
        names = sorted(self.record.get("contracts", {}))
        self.progress.note("compiling %s from %s", ", ".join(names), root)
        self.project = compile_project(self.config, root, contracts=names)
        self.progress.step("compiled the recorded contracts")
        self.layout: Layout | None = None
        self.layout_error: str | None = None
        try:
            self.layout = find_layout({c: d for c, d in self._devdocs()})
        except LayoutError as exc:
            self.layout_error = str(exc)

    def _devdocs(self) -> Iterable[tuple[str, dict]]:
        for items in self.project.get("contracts", {}).values():
            for name, data in items.items():
                yield name, data.get("devdoc", {})

    def _recorded(self, name: str, key: str) -> Path | None:
        entry = self.record.get("inputs", {}).get(name, {})
        return resolve(entry[key], self.root) if key in entry else None

    def contract(self, name: str, address: str) -> Verdict:
        verdict = Verdict(name, address, verified=False)
        try:
            built = find_contract(self.project, name)
            input_json = contract_input(built.metadata, self.root)
            input_path = self.out_dir / f"{name}.input.json"
            write_json(input_path, input_json)
            # the file alone, as an explorer would receive it
            alone = compile_input(json.loads(input_path.read_text(encoding="utf8")), self.solc)
            rebuilt = find_contract(alone, built.qualified)
        except BuildError as exc:
            verdict.differences.append(str(exc))
            return verdict
        if (rebuilt.runtime, rebuilt.metadata_raw) != (built.runtime, built.metadata_raw):
            verdict.differences.append(
                f"{input_path.name} alone does not rebuild the project's code"
            )
        chain = _code(self.web3, address)
        comparison = compare_runtime(chain, bytes.fromhex(rebuilt.runtime), rebuilt.immutables)
        verdict.differences += comparison.differences
        if comparison.metadata_differs and not comparison.code_differs:
            verdict.differences += explain_metadata(
                comparison.chain_metadata, rebuilt.metadata, self._recorded(name, "metadata")
            )
        if comparison.immutables:
            ids = immutable_names(alone)  # AST ids are those of this compilation
            names = {k: ids.get(k, f"#{k}").split(".")[-1] for k in comparison.immutables}
            shown = ", ".join(f"{names[k]}={v}" for k, v in sorted(comparison.immutables.items()))
            verdict.notes.append(f"immutables (masked, values on chain): {shown}")
        verdict.notes.append(f"standard-JSON input: {input_path}")
        if not comparison.ok:
            verdict.notes += self._recorded_input(name, input_json, chain)
        verdict.verified = not verdict.differences
        return verdict

    def _recorded_input(self, name: str, fresh_input: dict, chain: bytes) -> list[str]:
        """Whether the input recorded at deployment rebuilds the chain's code."""
        path = self._recorded(name, "input")
        if path is None or not path.exists():
            return ["no recorded input for this contract"]
        recorded = json.loads(path.read_text(encoding="utf8"))
        if recorded == fresh_input:
            return [f"the recorded input {path.name} is the fresh one"]
        try:
            compiled = find_contract(compile_input(recorded, self.solc), name)
        except BuildError as exc:
            return [f"the recorded input {path.name} does not compile: {exc}"]
        again = compare_runtime(chain, bytes.fromhex(compiled.runtime), compiled.immutables)
        if again.ok:
            return [f"the chain holds what the recorded input {path} builds"]
        return [f"the recorded input {path.name} does not rebuild it either"]

    def registry_clones(self) -> list[str]:
        """Clones listed by any recorded contract that has the registry functions."""
        found: list[str] = []
        for name, address in self.record.get("contracts", {}).items():
            try:
                compiled: Compiled = find_contract(self.project, name)
            except BuildError:
                continue
            functions = {f.get("name") for f in compiled.abi if f.get("type") == "function"}
            if not set(REGISTRY) <= functions:
                continue
            registry = self.web3.eth.contract(
                address=self.web3.to_checksum_address(address), abi=compiled.abi
            )
            count = getattr(registry.functions, REGISTRY[0])().call()
            found += [
                getattr(registry.functions, REGISTRY[1])(i).call() for i in range(1, count + 1)
            ]
        return found

    def clone(self, address: str, verified: dict[str, Verdict]) -> Verdict:
        verdict = Verdict(f"clone {address[:10]}", address, verified=False)
        parsed = parse_clone(_code(self.web3, address))
        if parsed is None:
            verdict.differences.append("not an EIP-1167 clone (proxy bytes differ)")
            return verdict
        target = next(
            (v for v in verified.values() if v.address.lower() == parsed.implementation),
            None,
        )
        if target is None:
            verdict.differences.append(f"implementation {parsed.implementation} is not recorded")
        else:
            verdict.name = f"clone of {target.name}"
            state = "verified" if target.verified else "NOT verified"
            verdict.notes.append(
                f"EIP-1167 proxy bytes ok; implementation {target.address} ({state})"
            )
            if not target.verified:
                verdict.differences.append(f"its implementation {target.name} is not verified")
        if self.layout is None:
            verdict.differences.append(self.layout_error or "no documented argument layout")
        else:
            try:
                verdict.config = self.layout.decode(parsed.args)
                verdict.notes.append(
                    f"{len(parsed.args)} argument bytes, as {self.layout.library}:"
                )
            except LayoutError as exc:
                verdict.differences.append(str(exc))
        verdict.verified = not verdict.differences
        return verdict

    def run(self, clones: Iterable[str] = ()) -> list[Verdict]:
        """A verdict per recorded contract, then per project clone (each a step of progress)."""
        verdicts: dict[str, Verdict] = {}
        for name, address in self.record.get("contracts", {}).items():
            self.progress.note("%s: rebuilding from its standard-JSON input alone", name)
            verdicts[name] = self._told(self.contract(name, address))
        addresses = list(dict.fromkeys([*self.registry_clones(), *clones]))
        self.progress.expect(len(addresses))
        return [*verdicts.values(), *(self._told(self.clone(a, verdicts)) for a in addresses)]

    def _told(self, verdict: Verdict) -> Verdict:
        state = "verified" if verdict.verified else "NOT verified"
        self.progress.step("%s %s: %s", verdict.name, verdict.address, state)
        return verdict


def verify_record(
    record_path: Path,
    root: Path,
    web3: Any,
    out_dir: Path,
    clones: Iterable[str] = (),
    progress: Progress | None = None,
) -> list[Verdict]:
    return Verifier(record_path, root, web3, out_dir, progress).run(clones)
