# SPDX-License-Identifier: MIT
"""The build's artifacts, read without brownie: `build/contracts/<Name>.json` as the compile step
(`cobuild compile`, brownie's compiler) writes it, with what a deploy or a client needs from it:
the ABI, the creation code and the deployed code.

No contract of the project links a library at deploy time (its libraries are `internal`, inlined
by the compiler), so a creation code with a link placeholder (`__Name__`) is refused rather than
sent."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cobuild.chain.rpc import Codec, abi_encode

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "contracts"


class ArtifactError(RuntimeError):
    """An artifact is missing or cannot be deployed as it is."""


class Artifact(BaseModel):
    """One contract of the build (the fields used here; the file holds many more)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    name: str = Field(alias="contractName")
    abi: list[dict[str, Any]]
    bytecode: str = ""
    deployed_bytecode: str = Field("", alias="deployedBytecode")

    @property
    def constructor_types(self) -> list[str]:
        for item in self.abi:
            if item.get("type") == "constructor":
                return [_type(p) for p in item.get("inputs", [])]
        return []

    def creation(self, *args: Any) -> str:
        """The data of the transaction that deploys this contract with constructor `args`."""
        code = self.bytecode.removeprefix("0x")
        if not code:
            raise ArtifactError(f"{self.name} has no creation code (an interface or abstract)")
        if "__" in code:
            raise ArtifactError(f"{self.name} needs a library linked: not supported")
        types = self.constructor_types
        if len(types) != len(args):
            raise ArtifactError(f"{self.name}'s constructor takes {len(types)} arguments")
        return "0x" + code + (abi_encode(types, args).hex() if types else "")

    def codec(self) -> Codec:
        return Codec(self.abi)


def _type(param: dict[str, Any]) -> str:
    """A parameter's canonical type, tuples spelled out (`(uint256,address)[]`)."""
    typ = param["type"]
    if typ.startswith("tuple"):
        return "(" + ",".join(_type(c) for c in param["components"]) + ")" + typ[len("tuple") :]
    return typ


@cache
def _read(path: Path, mtime_ns: int) -> Artifact:
    return Artifact.model_validate(json.loads(path.read_text(encoding="utf8")))


def artifact(name: str, build: Path = BUILD) -> Artifact:
    """`artifact("CobuildFactory")`: the compiled contract (read again when the file changes)."""
    path = build / f"{name}.json"
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ArtifactError(f"{path} is missing: compile first (`cobuild compile`)") from None
    return _read(path, mtime)


def project_abi(build: Path = BUILD) -> list[dict[str, Any]]:
    """The ABI of a project clone: both facets' entries (what `ICobuildProject` declares), from the
    compiled implementations so it can never lag behind them."""
    abi, seen = [], set()
    for entry in artifact("CobuildProject", build).abi + artifact("ProjectProduction", build).abi:
        key = (entry["type"], entry.get("name"), tuple(i["type"] for i in entry.get("inputs", [])))
        if key not in seen and entry["type"] not in ("constructor", "fallback"):
            seen.add(key)
            abi.append(entry)
    return abi
