# SPDX-License-Identifier: MIT
"""The parts of a scenario, the notation of scenario files and the typed fields built on it.

Pure Python. `Scenario` is a validated file (format.py validates it, steps.py holds its steps). A
scalar parser (`parse_amount`, `parse_duration`, ...) turns what a file says into a number or
raises ValueError with what is wrong. The typed fields (`Amount`, `Actor`, `Combos`, ...) are
those parsers as pydantic types: they read the scenario being validated from the validation
context (`{"s": Scenario}`), so an amount counts in the scenario's token and an actor must be
declared. Steps (steps.py) and the file (format.py) are typed with them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator, ValidationInfo, WithJsonSchema

from cobuild.protocol import MAX_AMOUNT, HostileMode, Phase

UNIT = 10**18
DAY = 86400
# A phase in the format is the name of `Phase` (cobuild/protocol.py) in lower case. The phases a
# scenario moves through, in order (`failed` only after a failed launch), and those a `phase` step
# travels to in time (a scenario starts in ideation; `finalize` opens the rescue).
PHASES = tuple(p.name.lower() for p in Phase if p != Phase.Failed)
TRAVEL_PHASES = tuple(
    p.name.lower() for p in Phase if p not in (Phase.Ideation, Phase.Failed, Phase.Rescue)
)
# Combination sets resolved from the chain when the step runs.
SELECTORS = (
    "all",  # every combination of the scenario
    "selected",  # selected by rank or rescued
    "eliminated",  # ranked out and not rescued
    "prototypes",  # selected, in R&D or testing (same as selected once R&D starts)
    "delivered",  # every part delivered
    "dropped",  # not delivered or failed testing
    "models",  # passed testing
    "succeeded",  # presale reached its minimum orders
    "presale_failed",
)
CLAIM_KINDS = (
    "refund",
    "revenue",
    "maker",
    "addon",
    "order_refund",
    "award",
    "bond",
    "creator",
    "platform",
)
# how a contract actor (contracts/test/HostileActor.sol) answers a payment: `actors.hostile`, the
# names of `HostileMode` in snake case, at their enum positions (the runner sends the index)
HOSTILE_MODES = tuple(re.sub(r"(?<!^)(?=[A-Z])", "_", m.name).lower() for m in HostileMode)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
RANGE_RE = re.compile(r"^(?P<prefix>.*?)(?P<first>\d+)\.\.(?P<prefix2>.*?)(?P<last>\d+)$")
DURATION_RE = re.compile(r"^\+?\s*((?:\d+\s*[wdhms]\s*)+)$")
DURATION_PART_RE = re.compile(r"(\d+)\s*([wdhms])")
DURATION_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
AMOUNT_RE = re.compile(r"^\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[A-Za-z]+)?\s*$")


class ScenarioError(ValueError):
    """A scenario file is malformed. `errors` lists (place, message); str() names the file."""

    def __init__(
        self, path: str, errors: list[tuple[str, str]], lines: dict[str, int] | None = None
    ):
        self.path = path
        self.errors = errors
        self.lines = lines or {}
        lines = [f"{self._at(p)}: {p}: {m}" if p else f"{path}: {m}" for p, m in errors[:20]]
        if len(errors) > 20:
            lines.append(f"{path}: ... and {len(errors) - 20} more errors")
        super().__init__("\n".join(lines))

    def _at(self, place: str) -> str:
        """`file:line` of a place, or of the nearest enclosing place the file has."""
        while place and place not in self.lines:
            cut = max(place.rfind("."), place.rfind("["))
            place = place[:cut] if cut > 0 else ""
        return f"{self.path}:{self.lines[place]}" if place else self.path


@dataclass(frozen=True)
class TokenSpec:
    """The payment asset: ETH, or a mintable test ERC-20 deployed for the scenario."""

    kind: str = "eth"  # "eth" | "erc20"
    name: str = "Ether"
    symbol: str = "ETH"
    decimals: int = 18  # amounts in a file are whole tokens; the chain counts 10**-decimals

    @property
    def unit(self) -> int:
        """One whole token in base units."""
        return 10**self.decimals


@dataclass(frozen=True)
class ComboSet:
    """Combinations by name, or a selector resolved on chain (`models`), minus `excluded`."""

    names: tuple[str, ...] = ()
    selector: str | None = None
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    key: str
    dimension: int
    maker: str
    quote: int
    text: str


@dataclass(frozen=True)
class Dimension:
    name: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class ProjectParams:
    ratio: tuple[int, int, int, int] = (3000, 3000, 3000, 1000)
    ideation: int = 7 * DAY
    rescue_window: int = 2 * DAY
    development: int = 30 * DAY
    testing: int = 10 * DAY
    presale: int = 14 * DAY
    min_total: int = UNIT
    min_stake: int = UNIT // 100
    slots: int = 3
    max_rescues: int = 3  # defaults to `slots` in a file
    rank_by: str = "supporters"  # or "funding"
    advance_bps: int = 2000
    quorum: int = 1  # defaults to a majority of the inspectors in a file
    uri: str = "ipfs://cobuild/project"
    text: str = ""
    tags: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ("road",)


@dataclass
class Scenario:
    """A validated project scenario; while it is validated, what has been read so far."""

    name: str = "scenario"
    path: str = "<scenario>"
    title: str = ""
    description: str = ""
    token: TokenSpec = field(default_factory=TokenSpec)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> roles, in order
    project: ProjectParams = field(default_factory=ProjectParams)
    dimensions: tuple[Dimension, ...] = ()
    options: dict[str, Option] = field(default_factory=dict)
    combinations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> option keys
    steps: tuple[Any, ...] = ()  # steps.py's step kinds
    live: dict[str, Any] = field(default_factory=dict)
    expect: dict[str, Any] = field(default_factory=dict)  # report path -> value
    lines: dict[str, int] = field(default_factory=dict)  # place -> line in the file
    hostile: dict[str, str] = field(default_factory=dict)  # contract actor -> its first mode

    @property
    def creator(self) -> str:
        return self.roles["creator"][0]

    @property
    def treasury(self) -> str:
        return self.roles["treasury"][0]

    def combo_cost(self, name: str) -> int:
        return sum(self.options[key].quote for key in self.combinations[name])


# ---------------------------------------------------------------- scalar parsers


def expand_range(text: str) -> list[str]:
    """`backer-1..backer-40` -> backer-1 ... backer-40 (zero padding kept: C01..C12)."""
    m = RANGE_RE.match(text)
    if not m:
        return [text]
    prefix, prefix2 = m["prefix"], m["prefix2"]
    if prefix2 and prefix2 != prefix:
        raise ValueError(f"range {text!r} mixes prefixes {prefix!r} and {prefix2!r}")
    first, last = int(m["first"]), int(m["last"])
    if last < first:
        raise ValueError(f"range {text!r} runs backwards")
    if last - first > 100_000:
        raise ValueError(f"range {text!r} is too long")
    width = len(m["first"]) if m["first"].startswith("0") else 0
    return [f"{prefix}{str(i).zfill(width)}" for i in range(first, last + 1)]


def parse_amount(
    value: Any, symbol: str = "ETH", allow_zero: bool = False, decimals: int = 18
) -> int:
    """Whole tokens -> base units (wei for ETH): `1.5`, `"1.5 ETH"`, `"250 wei"`, `"2 gwei"`.

    A number from a file arrives as the Decimal of its text (`_Loader`), so nothing is rounded:
    `1.000000000000000001` is 10**18 + 1 wei, and a digit finer than the token is refused."""
    unit = 10**decimals
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, int):
        base = value * unit
    elif isinstance(value, (Decimal, float)):
        # a float only comes from a document built in Python; its repr is the shortest exact text
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if not number.is_finite():
            raise ValueError(f"not an amount: {value}")
        base = _base_units(number, unit, str(value), decimals)
    elif isinstance(value, str):
        m = AMOUNT_RE.match(value)
        if not m:
            raise ValueError(
                f"not an amount: {value!r} (write e.g. 1.5, '1.5 {symbol}' or '250 wei')"
            )
        word = (m["unit"] or "").lower()
        # wei and gwei are fractions of an 18-decimal unit; another token's amounts are in tokens
        words = {"wei": 1, "gwei": 10**9, "eth": UNIT, "ether": UNIT} if decimals == 18 else {}
        scale = unit if word in ("", symbol.lower()) else words.get(word)
        if scale is None:
            known = f"{symbol}, gwei or wei" if words else f"{symbol} ({decimals} decimals)"
            raise ValueError(f"unknown unit {m['unit']!r} in {value!r} (use {known})")
        base = _base_units(Decimal(m["number"]), scale, repr(value), decimals)
    else:
        raise ValueError(f"not an amount: {value!r}")
    if base < 0:
        raise ValueError(f"amount must not be negative: {value}")
    if base == 0 and not allow_zero:
        raise ValueError(f"amount must be positive: {value!r}")
    if base > MAX_AMOUNT:
        raise ValueError(f"amount too large for a project: {value!r}")
    return base


def _base_units(number: Decimal, scale: int, shown: str, decimals: int) -> int:
    try:
        scaled = number * scale
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {shown}") from exc
    if scaled != scaled.to_integral_value():
        raise ValueError(
            f"amount {shown} has more decimals than the token ({decimals}): "
            "it would be rounded, so it is refused"
        )
    return int(scaled)


def parse_duration(value: Any, allow_zero: bool = False) -> int:
    """A duration in seconds: an int, or `"+7d"`, `"12h"`, `"1d12h"`, `"90s"`, `"2w"`."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, str) and DURATION_RE.match(value.strip()):
        seconds = sum(int(n) * DURATION_UNITS[u] for n, u in DURATION_PART_RE.findall(value))
    else:
        raise ValueError(f"not a duration: {value!r} (write e.g. +7d, 12h, 1d12h, 90s)")
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"duration must be positive: {value!r}")
    if seconds >= 2**32:
        raise ValueError(f"duration too long: {value!r}")
    return seconds


def parse_ratio(value: Any) -> tuple[int, int, int, int]:
    """`3331` (tenths: creator, makers, investors, platform) or four basis-point numbers."""
    if not isinstance(value, bool) and re.fullmatch(r"\d{4}", str(value)):
        parts = tuple(int(c) * 1000 for c in str(value))
    elif (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    ):
        parts = tuple(value)
    else:
        raise ValueError(
            f"not a ratio: {value!r} (write 3331, or [creator, makers, investors, platform] in bps)"
        )
    if sum(parts) != 10_000:
        raise ValueError(f"ratio {value!r} sums to {sum(parts)} bps, not 10000")
    return parts  # type: ignore[return-value]


def parse_bps(value: Any) -> int:
    """`20%` or basis points (2000)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            bps = Decimal(value.strip()[:-1]) * 100
        except InvalidOperation as exc:
            raise ValueError(f"not a percentage: {value!r}") from exc
        if bps != bps.to_integral_value():
            raise ValueError(f"percentage {value!r} is finer than a basis point")
        result = int(bps)
    elif isinstance(value, int) and not isinstance(value, bool):
        result = value
    else:
        raise ValueError(f"not a share: {value!r} (write e.g. 20% or 2000 for basis points)")
    if not 0 <= result <= 10_000:
        raise ValueError(f"share {value!r} must be between 0% and 100%")
    return result


def parse_names(value: Any) -> list[str]:
    """A name, a list of names, ranges expanded: `backer-1..backer-3`, `[ada, bob]`."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            raise ValueError(f"must be a name, got {item!r}")
        out.extend(expand_range(str(item)))
    return out


# ---------------------------------------------------------------- typed fields

TEXT: dict = {"type": ["string", "number"]}
NAMES: dict = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def typed(parse: Any, schema: dict, kind: Any = int, scenario: bool = False) -> Any:
    """A pydantic type of `kind` read by `parse(value)` (`parse(value, s)` with `scenario`: the
    scenario being validated), whose JSON Schema (for editors) is `schema`."""

    def read(value: Any, info: ValidationInfo) -> Any:
        return parse(value, info.context["s"]) if scenario else parse(value)

    return Annotated[kind, PlainValidator(read), WithJsonSchema(schema)]


def _text(value: Any) -> str:
    if not isinstance(value, (str, int, float, Decimal)) or isinstance(value, bool):
        raise ValueError(f"must be text, got {type(value).__name__}")
    return str(value)


def count(maximum: int, minimum: int = 1) -> Any:
    """A whole number from `minimum` to `maximum`."""

    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise ValueError(f"must be a whole number from {minimum} to {maximum}, got {value!r}")
        return value

    return typed(read, {"type": "integer", "minimum": minimum, "maximum": maximum})


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def _amount(*words: str, zero: bool = False) -> Any:
    def read(value: Any, s: Any) -> int | str:
        if isinstance(value, str) and value in words:
            return value
        return parse_amount(value, s.token.symbol, zero, s.token.decimals)

    number = {
        "type": ["number", "string"],
        "description": "whole tokens: 1.5, '1.5 ETH', '250 wei'",
    }
    schema = {"anyOf": [number, {"enum": list(words)}]} if words else number
    return typed(read, schema, int | str if words else int, scenario=True)


def _actor(role: str | None = None, many: bool = False) -> Any:
    def one(name: Any, s: Any) -> str:
        if not isinstance(name, str):
            raise ValueError(f"must be an actor name, got {name!r}")
        if name not in s.actors:
            raise ValueError(f"unknown actor {name!r} (declare it under actors)")
        if role and role not in s.actors[name]:
            raise ValueError(f"{name} is not listed under actors.{role}")
        return name

    def read(value: Any, s: Any) -> Any:
        if not many:
            return one(value, s)
        names = parse_names(value)
        if not names:
            raise ValueError("names nobody")
        problems = []  # every name that is wrong, in one message
        for name in names:
            try:
                one(name, s)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            more = [f"and {len(problems) - 5} more"] if len(problems) > 5 else []
            raise ValueError("; ".join(problems[:5] + more))
        return tuple(names)

    kind = tuple[str, ...] if many else str
    return typed(read, NAMES if many else {"type": "string"}, kind, scenario=True)


def _combo(value: Any, s: Any) -> str:
    if not isinstance(value, str) or value not in s.combinations:
        raise ValueError(f"unknown combination {value!r} (declare it under combinations)")
    return value


def _combo_set(value: Any, s: Any) -> ComboSet:
    excluded: tuple[str, ...] = ()
    if isinstance(value, dict):
        if set(value) - {"of", "except"} or "of" not in value:
            raise ValueError("a set is {of: <names or selector>, except: <names>}")
        excluded = tuple(_combo(n, s) for n in parse_names(value.get("except", [])))
        value = value["of"]
    if isinstance(value, str) and value in SELECTORS:
        return ComboSet(selector=value, excluded=excluded)
    names = parse_names(value)
    if not names:
        raise ValueError(f"names no combination (or use one of: {', '.join(SELECTORS)})")
    return ComboSet(names=tuple(_combo(n, s) for n in names), excluded=excluded)


def _index_in(what: str, plural: str, names_of: Any) -> Any:
    def read(value: Any, s: Any) -> int:
        names = list(names_of(s))
        if value not in names:
            raise ValueError(f"unknown {what} {value!r} ({plural}: {', '.join(names)})")
        return names.index(value)

    return typed(read, {"type": "string"}, scenario=True)


def one_of(*words: str) -> Any:
    """One of the words."""

    def read(value: Any) -> str:
        if value not in words:
            raise ValueError(f"must be one of {', '.join(words)}, got {value!r}")
        return value

    return typed(read, {"enum": list(words)}, str)


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else [value]


Text = typed(_text, TEXT, str)
Names = typed(parse_names, NAMES, tuple[str, ...])
Count = count(2**32)
Batch = count(5000)
Flag = typed(_flag, {"type": "boolean"}, bool)
Amount = _amount()
AmountOrToCost = _amount("to_cost")
AmountOrAll = _amount("all")
Duration = typed(parse_duration, {"type": ["integer", "string"], "pattern": DURATION_RE.pattern})
Ratio = typed(parse_ratio, {"type": ["integer", "string", "array"]}, tuple[int, int, int, int])
Bps = typed(parse_bps, {"type": ["integer", "string"]})
Actor = _actor()
Actors = _actor(many=True)
Combo = typed(_combo, {"type": "string"}, str, scenario=True)
Combos = typed(
    _combo_set,
    {"anyOf": [*NAMES["anyOf"], {"type": "object", "properties": {"of": NAMES, "except": NAMES}}]},
    ComboSet,
    scenario=True,
)
DimensionIndex = _index_in("dimension", "dimensions", lambda s: [d.name for d in s.dimensions])
ConditionIndex = _index_in("test condition", "conditions", lambda s: s.project.conditions)
Mode = one_of(*HOSTILE_MODES)
# `{C05: engine}` or `{C05: [engine, body]}`: items per combination
PerCombo = dict[Combo, Annotated[list[DimensionIndex], BeforeValidator(_listed)]]
FailPerCombo = dict[Combo, Annotated[list[ConditionIndex], BeforeValidator(_listed)]]


def role(name: str, many: bool = False) -> Any:
    """An actor declared under `actors.<name>`."""
    return _actor(name, many)
