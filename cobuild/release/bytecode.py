# SPDX-License-Identifier: MIT
"""Runtime code compared the way a verifier must, so that nothing is left unexplained.

- The compiler appends the CBOR-encoded hash of the contract's metadata (sources, settings,
  compiler) to the runtime code, followed by its length in two bytes. `split_metadata` takes it
  off and decodes it; `ipfs_hash` computes the same IPFS CIDv0 from a metadata file, so a
  published metadata file can be matched to the code on chain.
- Immutables are written into the runtime code by the constructor: the compiler leaves zeros at
  the byte ranges its `immutableReferences` lists. `compare_runtime` masks exactly those ranges,
  reads the values the chain holds there, and compares everything else byte for byte.
- An EIP-1167 clone with immutable arguments (OpenZeppelin `Clones.cloneWithImmutableArgs`) is the
  45-byte minimal proxy followed by the arguments: `parse_clone` checks the proxy bytes and
  returns the implementation and the arguments.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import cbor2

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

# EIP-1167 minimal proxy runtime: PREFIX <implementation, 20 bytes> SUFFIX (OpenZeppelin Clones)
CLONE_PREFIX = bytes.fromhex("363d3d373d3d3d363d73")
CLONE_SUFFIX = bytes.fromhex("5af43d82803e903d91602b57fd5bf3")
CLONE_SIZE = len(CLONE_PREFIX) + 20 + len(CLONE_SUFFIX)  # 0x2d


def base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, rest = divmod(number, 58)
        text = _B58[rest] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def ipfs_hash(content: bytes) -> str:
    """IPFS CIDv0 of a file of one chunk (< 256 KiB, as every metadata file): the sha2-256
    multihash of its dag-pb node, as `ipfs add` and solc compute it."""
    if len(content) > 256 * 1024:
        raise ValueError("ipfs_hash handles single-chunk files only")
    unixfs = b"\x08\x02" + (b"\x12" + _varint(len(content)) + content if content else b"")
    unixfs += b"\x18" + _varint(len(content))
    node = b"\x0a" + _varint(len(unixfs)) + unixfs
    return base58(b"\x12\x20" + hashlib.sha256(node).digest())


@dataclass(frozen=True)
class CodeMetadata:
    """The CBOR tail of runtime code: the metadata hash and compiler version it names."""

    raw: bytes  # CBOR bytes + 2-byte length
    fields: dict

    @property
    def ipfs(self) -> str | None:
        value = self.fields.get("ipfs")
        return base58(value) if isinstance(value, bytes) else None

    @property
    def solc(self) -> str | None:
        value = self.fields.get("solc")
        return ".".join(str(b) for b in value) if isinstance(value, bytes) else None

    def describe(self) -> str:
        parts = [f"ipfs://{self.ipfs}"] if self.ipfs else []
        if self.solc:
            parts.append(f"solc {self.solc}")
        others = sorted(set(self.fields) - {"ipfs", "solc"})
        parts += [f"{key}={self.fields[key]!r}" for key in others]
        return ", ".join(parts) or "empty CBOR"


def split_metadata(code: bytes) -> tuple[bytes, CodeMetadata | None]:
    """(executable part, metadata tail) of runtime code; no tail when the end is not CBOR."""
    if len(code) < 2:
        return code, None
    length = int.from_bytes(code[-2:], "big")
    if length == 0 or length + 2 > len(code):
        return code, None
    raw = code[-2 - length :]
    try:
        fields = cbor2.loads(raw[:-2])
    except (cbor2.CBORDecodeError, ValueError, TypeError, EOFError):
        return code, None
    if not isinstance(fields, dict):
        return code, None
    return code[: -2 - length], CodeMetadata(raw, fields)


@dataclass(frozen=True)
class Range:
    start: int
    length: int


def immutable_ranges(references: dict[str, list[dict]]) -> dict[str, list[Range]]:
    return {
        ast_id: [Range(int(r["start"]), int(r["length"])) for r in ranges]
        for ast_id, ranges in references.items()
    }


def mask(code: bytes, ranges: dict[str, list[Range]]) -> bytes:
    out = bytearray(code)
    for spans in ranges.values():
        for span in spans:
            out[span.start : span.start + span.length] = bytes(span.length)
    return bytes(out)


@dataclass
class Comparison:
    """Chain runtime code against a fresh build: `ok`, or `differences` that say exactly how."""

    differences: list[str] = field(default_factory=list)
    immutables: dict[str, str] = field(default_factory=dict)  # AST id -> value on chain (hex)
    chain_metadata: CodeMetadata | None = None
    built_metadata: CodeMetadata | None = None
    metadata_differs: bool = False
    code_differs: bool = False

    @property
    def ok(self) -> bool:
        return not self.differences


def _first_difference(a: bytes, b: bytes) -> int:
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def compare_runtime(chain: bytes, built: bytes, references: dict[str, list[dict]]) -> Comparison:
    """Compare deployed runtime code with the compiler's: immutables masked by their references,
    the executable part byte for byte, the metadata hash on its own."""
    result = Comparison()
    if not chain:
        result.differences.append("no code at the address")
        result.code_differs = True
        return result
    ranges = immutable_ranges(references)
    if len(chain) == len(built):
        for ast_id, spans in ranges.items():
            values = {chain[s.start : s.start + s.length].hex() for s in spans}
            if len(values) != 1:
                result.differences.append(f"immutable {ast_id} holds different values: {values}")
            result.immutables[ast_id] = "0x" + sorted(values)[0]
        chain_masked, built_masked = mask(chain, ranges), mask(built, ranges)
        if any(
            built[s.start : s.start + s.length].strip(b"\0") for v in ranges.values() for s in v
        ):
            result.differences.append("the built code is not zero where its immutables go")
    else:
        chain_masked, built_masked = chain, built
    chain_exec, chain_meta = split_metadata(chain_masked)
    built_exec, built_meta = split_metadata(built_masked)
    result.chain_metadata, result.built_metadata = chain_meta, built_meta
    if chain_exec != built_exec:
        result.code_differs = True
        if len(chain_exec) != len(built_exec):
            result.differences.append(
                f"executable code is {len(chain_exec)} bytes on chain, {len(built_exec)} built"
            )
        else:
            at = _first_difference(chain_exec, built_exec)
            count = sum(x != y for x, y in zip(chain_exec, built_exec, strict=True))
            result.differences.append(
                f"executable code differs in {count} byte(s), first at offset {at:#x} "
                f"(chain {chain_exec[at]:#04x}, built {built_exec[at]:#04x})"
            )
    if (chain_meta.raw if chain_meta else None) != (built_meta.raw if built_meta else None):
        result.metadata_differs = True
        result.differences.append(
            "metadata hash differs: chain "
            f"{chain_meta.describe() if chain_meta else 'none'}, "
            f"built {built_meta.describe() if built_meta else 'none'}"
        )
    return result


@dataclass(frozen=True)
class Clone:
    implementation: str  # 0x-prefixed, lower case
    args: bytes


def parse_clone(code: bytes) -> Clone | None:
    """The implementation and immutable arguments of an EIP-1167 clone; None if it is not one."""
    if len(code) < CLONE_SIZE or not code.startswith(CLONE_PREFIX):
        return None
    if code[len(CLONE_PREFIX) + 20 : CLONE_SIZE] != CLONE_SUFFIX:
        return None
    implementation = code[len(CLONE_PREFIX) : len(CLONE_PREFIX) + 20]
    return Clone("0x" + implementation.hex(), code[CLONE_SIZE:])
