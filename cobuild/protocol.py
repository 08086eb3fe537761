# SPDX-License-Identifier: MIT
"""Enums and constants that mirror the contracts, and small chain helpers."""

from __future__ import annotations

from enum import IntEnum

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
ZERO_HASH = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000
SCALE = 10**18


class Phase(IntEnum):
    """`IProjectBase.Phase`."""

    Ideation = 0
    Finalizing = 1
    Failed = 2
    Rescue = 3
    Development = 4
    Testing = 5
    Presale = 6
    Closed = 7


class RankBy(IntEnum):
    """`ICobuildFactory.RankBy`: the order of a project's ranking."""

    Supporters = 0
    Funding = 1


class Status(IntEnum):
    """`IProjectBase.Status`."""

    NONE = 0
    Backed = 1
    Selected = 2
    Eliminated = 3
    NotSelected = 4
    Prototype = 5
    Dropped = 6
    Model = 7
    Succeeded = 8
    PresaleFailed = 9


# what a deployment records (cobuild/chain/deployment.py) and `make verify` checks
PLATFORM_CONTRACTS = ("ProjectProduction", "CobuildProject", "CobuildFactory", "CobuildShares")
NO_CONTENT = ("", "", ZERO_HASH)  # an `IProjectBase.Content` with nothing in it


def content(text: str = "", uri: str = "", digest: bytes = ZERO_HASH) -> tuple[str, str, bytes]:
    """`IProjectBase.Content`: a short readable text (emitted), and optionally longer content at
    `uri` with its digest."""
    return (text, uri, digest)


def content_hash(text: str) -> bytes:
    """A stand-in content hash (keccak of the text) for descriptions kept off chain."""
    from eth_utils import keccak

    return keccak(text=text)


def revert_message(error: str, *args: object) -> str:
    """The revert text brownie decodes for custom error `error(*args)`: `Name: a, b`, with
    integers, enums and booleans as numbers, addresses (or anything with an `address`) in lower
    case, and bytes as Python prints them (brownie shows bytes32 arguments that way)."""
    return f"{error}: {', '.join(_revert_arg(a) for a in args)}"


def _revert_arg(value: object) -> str:
    if isinstance(value, int):
        return str(int(value))
    if hasattr(value, "address"):
        return str(value.address).lower()
    text = str(value)
    if text.startswith("0x") and len(text) == 42:
        return text.lower()
    return text
