# SPDX-License-Identifier: MIT
"""Enums and constants that mirror the contracts, and small chain helpers.

The toolkit's one definition of each: the other modules import them from here (the scenario
format's lowercase phase names are computed from `Phase`).
tests/toolkit/test_enums_match_interfaces.py reads every `enum` of interfaces/ and the constants
from their Solidity source and checks these (and app/src/phases.mjs) name for name, in order.
An enum member the contracts call `None` is `NONE` here (`None` is a Python keyword)."""

from __future__ import annotations

from enum import IntEnum

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
ZERO_HASH = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000  # ProjectBase.BPS, CobuildFactory._BPS, Bookings.BPS
SCALE = 10**18  # ProjectBase.SCALE
MAX_AMOUNT = 2**88 - 1  # ProjectBase.MAX_AMOUNT: a stake, cost, quote or price (uint88)
MAX_REVENUE = 2**96 - 1  # ProjectBase.MAX_REVENUE: a combination's revenue (uint96)
FINALIZATION_WINDOW = 7 * DAY  # ProjectBase.FINALIZATION_WINDOW: to rank after ideation


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


class BookingStatus(IntEnum):
    """`IBookings.BookingStatus`: a booking's life."""

    NONE = 0
    Booked = 1
    Disputed = 2
    Settled = 3


class OrderStatus(IntEnum):
    """`IDeviceMandates.OrderStatus`: an order's life."""

    NONE = 0
    Open = 1
    Delivered = 2
    Settled = 3


class HostileMode(IntEnum):
    """`HostileActor.Mode` (contracts/test): how a contract actor answers a payment (the scenario
    format's `actors.hostile` modes are these names in snake case)."""

    Accept = 0
    Revert = 1
    BurnGas = 2
    Reenter = 3


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
