# SPDX-License-Identifier: MIT
"""Decoding a clone's immutable arguments from the layout its library documents.

The layout is not hard-coded here: it is read from the NatSpec of the library that encodes the
arguments (ProjectArgs today), whose `@dev` says `Layout (packed, big-endian), byte offsets:`
followed by `<offset> <name>(<bytes>)` fields, `<offset> <name> <n>x(<bytes>)` for a fixed array
and `<offset> <name>(<bytes> each)` for a trailing list. The offsets are checked against the
widths, so a layout comment that drifts from itself is reported instead of misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eth_utils import to_checksum_address

MARKER = "Layout (packed, big-endian), byte offsets:"
_FIELD = re.compile(r"(\d+)\s+(\w+)\s*(?:(\d+)x)?\((\d+)( each)?\)")


class LayoutError(ValueError):
    """The documented layout is inconsistent or the arguments do not fit it."""


@dataclass(frozen=True)
class Field:
    offset: int
    name: str
    width: int  # bytes of one element
    count: int | None  # elements of a fixed array; None: one value
    trailing: bool  # a list of `width`-byte elements up to the end


@dataclass(frozen=True)
class Layout:
    library: str
    fields: tuple[Field, ...]

    @property
    def fixed_size(self) -> int:
        last = self.fields[-1]
        return last.offset if last.trailing else last.offset + last.width * (last.count or 1)

    def decode(self, args: bytes) -> dict[str, object]:
        if len(args) < self.fixed_size:
            raise LayoutError(
                f"arguments are {len(args)} bytes; {self.library} needs {self.fixed_size}"
            )
        values: dict[str, object] = {}
        for f in self.fields:
            if f.trailing:
                rest = args[f.offset :]
                if len(rest) % f.width:
                    raise LayoutError(
                        f"{f.name}: {len(rest)} bytes is no whole number of {f.width}"
                    )
                values[f.name] = [
                    _value(rest[i : i + f.width]) for i in range(0, len(rest), f.width)
                ]
            elif f.count:
                chunk = args[f.offset : f.offset + f.width * f.count]
                values[f.name] = [
                    _value(chunk[i : i + f.width]) for i in range(0, len(chunk), f.width)
                ]
            else:
                values[f.name] = _value(args[f.offset : f.offset + f.width])
        if not self.fields[-1].trailing and len(args) != self.fixed_size:
            raise LayoutError(
                f"arguments are {len(args)} bytes; {self.library} has {self.fixed_size}"
            )
        return values


def _value(data: bytes) -> object:
    if len(data) == 20:
        return to_checksum_address(data)
    if len(data) == 32:
        return "0x" + data.hex()
    return int.from_bytes(data, "big")


def parse_layout(library: str, text: str) -> Layout:
    body = text.split(MARKER, 1)[1]
    fields: list[Field] = []
    position = 0
    for match in _FIELD.finditer(body):
        offset, name, count, width, each = match.groups()
        f = Field(int(offset), name, int(width), int(count) if count else None, bool(each))
        if f.offset != position:
            raise LayoutError(
                f"{library}: {name} is documented at {f.offset}, follows at {position}"
            )
        if fields and fields[-1].trailing:
            raise LayoutError(f"{library}: {name} follows the trailing list {fields[-1].name}")
        fields.append(f)
        position = f.offset + f.width * (f.count or 1)
    if not fields:
        raise LayoutError(f"{library}: no fields after {MARKER!r}")
    return Layout(library, tuple(fields))


def find_layout(devdocs: dict[str, dict]) -> Layout | None:
    """The clone-argument layout documented in any contract's `@dev` (by contract name)."""
    for name, devdoc in sorted(devdocs.items()):
        details = devdoc.get("details", "")
        if MARKER in details:
            return parse_layout(name, details)
    return None
