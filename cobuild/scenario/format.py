# SPDX-License-Identifier: MIT
"""Scenario files: loading and validating them before anything is sent to a chain.

Pure Python (no brownie, no chain): a scenario is parsed into dataclasses, every reference (actor,
option, combination, add-on, bond, phase) is checked, and a bad file raises `ScenarioError` whose
message names the file, the place (`steps[12].invest.amount`) and what is wrong. The format is
documented in docs/scenarios.md; the runner (runner.py) plays what this module returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from cobuild.protocol import MAX_AMOUNT, HostileMode, Phase

UNIT = 10**18
ROLES = (
    "creator",
    "treasury",
    "inspectors",
    "makers",
    "backers",
    "merchants",
    "providers",
    "buyers",
    "others",
)
SINGLE_ROLES = ("creator", "treasury")
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


# ---------------------------------------------------------------- the parsed scenario


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
    ideation: int = 7 * 86400
    rescue_window: int = 2 * 86400
    development: int = 30 * 86400
    testing: int = 10 * 86400
    presale: int = 14 * 86400
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


@dataclass(frozen=True)
class ComboSet:
    """Combinations by name, or a selector resolved on chain (`models`), minus `excluded`."""

    names: tuple[str, ...] = ()
    selector: str | None = None
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One step: its kind, its place in the file (for messages) and its normalized arguments."""

    kind: str
    place: str
    args: dict[str, Any]
    phase: str  # the phase the validator expects the step to run in


@dataclass
class Scenario:
    name: str
    path: str
    title: str
    description: str
    token: TokenSpec
    roles: dict[str, tuple[str, ...]]
    actors: dict[str, tuple[str, ...]]  # actor name -> roles, in order of declaration
    project: ProjectParams
    dimensions: tuple[Dimension, ...]
    options: dict[str, Option]
    combinations: dict[str, tuple[str, ...]]  # name -> option keys, one per dimension
    steps: tuple[Step, ...]
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
    if (
        isinstance(value, (int, str))
        and not isinstance(value, bool)
        and re.fullmatch(r"\d{4}", str(value))
    ):
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
            pct = Decimal(value.strip()[:-1])
        except InvalidOperation as exc:
            raise ValueError(f"not a percentage: {value!r}") from exc
        bps = pct * 100
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


# ---------------------------------------------------------------- the validator


class _Checker:
    """Collects errors with their places instead of stopping at the first one."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[tuple[str, str]] = []

    def error(self, place: str, message: str) -> None:
        self.errors.append((place, message))

    def mapping(self, value: Any, place: str) -> dict:
        if not isinstance(value, dict):
            self.error(place, f"must be a mapping, got {type(value).__name__}")
            return {}
        return value

    def keys(self, value: dict, place: str, allowed: Iterable[str], required: Iterable[str] = ()):
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.error(
                    f"{place}.{key}" if place else str(key),
                    f"unknown field (expected one of: {', '.join(allowed)})",
                )
        for key in required:
            if key not in value:
                self.error(place or "top level", f"missing field '{key}'")

    def call(self, parser, value: Any, place: str, *args: Any, default: Any = None) -> Any:
        try:
            return parser(value, *args)
        except ValueError as exc:
            self.error(place, str(exc))
            return default

    def text(self, value: Any, place: str, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(place, f"must be text, got {type(value).__name__}")
            return default
        return str(value)

    def positive_int(self, value: Any, place: str, default: int = 1, maximum: int = 2**32) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= maximum:
            self.error(place, f"must be a whole number from 1 to {maximum}, got {value!r}")
            return default
        return value

    def names(self, value: Any, place: str) -> list[str]:
        """A list of names (ranges expanded) from a string or a list of strings."""
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for i, item in enumerate(items):
            where = f"{place}[{i}]" if isinstance(value, list) else place
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                self.error(where, f"must be a name, got {item!r}")
                continue
            try:
                out.extend(expand_range(str(item)))
            except ValueError as exc:
                self.error(where, str(exc))
        return out


class _Loader(yaml.SafeLoader):
    """YAML with every float read as the Decimal of the text the user wrote (a float would make
    `1.000000000000000001` exactly 1 and round a 19th decimal silently)."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return float(loader.construct_yaml_float(node))  # .inf, .nan: refused where it matters


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _lines(node: yaml.Node | None, place: str = "", out: dict[str, int] | None = None) -> dict:
    """The line of every place (`steps[3].invest.amount`) of a composed document."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = f"{place}.{key.value}" if place else str(key.value)
            out[here] = key.start_mark.line + 1
            _lines(value, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = f"{place}[{i}]"
            out[here] = item.start_mark.line + 1
            _lines(item, here, out)
    return out


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file. Raises ScenarioError (nothing touches a chain); its
    messages name the file, the line and the place (`seed.yaml:42: steps[3].invest.amount: ...`)."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise ScenarioError(shown, [("", f"cannot read the file: {exc.strerror}")]) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(shown, [(where, f"not valid YAML: {problem}")]) from exc
    finally:
        loader.dispose()
    try:
        scenario = parse(data, shown, default_name=path.stem)
    except ScenarioError as exc:
        raise ScenarioError(shown, exc.errors, _lines(node)) from None
    scenario.lines = _lines(node)
    return scenario


def parse(data: Any, path: str = "<scenario>", default_name: str = "scenario") -> Scenario:
    """Validate an already loaded scenario document."""
    c = _Checker(path)
    doc = c.mapping(data, "")
    c.keys(
        doc,
        "",
        (
            "name",
            "title",
            "description",
            "token",
            "actors",
            "project",
            "dimensions",
            "combinations",
            "steps",
            "live",
            "expect",
        ),
        ("actors", "project", "dimensions", "steps"),
    )
    name = c.text(doc.get("name"), "name", default_name)
    if name and not NAME_RE.match(name):
        c.error("name", f"{name!r} is not a usable name (letters, digits, - _ .)")
    token = _token(c, doc.get("token", "ETH"))
    roles, actors = _actors(c, doc.get("actors", {}))
    raw_actors = doc.get("actors")
    hostile = _hostile(
        c, raw_actors.get("hostile") if isinstance(raw_actors, dict) else None, actors
    )
    project = _project(c, doc.get("project", {}), token, roles)
    dimensions, options = _dimensions(c, doc.get("dimensions", {}), token, actors)
    combinations = _combinations(c, doc.get("combinations", {}), dimensions, options)
    scenario = Scenario(
        name=name,
        path=path,
        title=c.text(doc.get("title"), "title", name),
        description=c.text(doc.get("description"), "description"),
        token=token,
        roles=roles,
        actors=actors,
        project=project,
        dimensions=dimensions,
        options=options,
        combinations=combinations,
        steps=(),
        live=c.mapping(doc.get("live", {}), "live"),
        expect=_expect(c, doc.get("expect", {}), token),
        hostile=hostile,
    )
    steps_raw = doc.get("steps", [])
    if not isinstance(steps_raw, list):
        c.error("steps", "must be a list of steps")
        steps_raw = []
    scenario.steps = tuple(_Steps(c, scenario).parse(steps_raw))
    if c.errors:
        raise ScenarioError(path, c.errors)
    return scenario


EXPECT_ROOTS = ("counts", "money", "invariants")


def _expect(c: _Checker, value: Any, token: TokenSpec) -> dict[str, Any]:
    """`expect: {counts.selected: 52}`: values the report must show (dotted paths)."""
    out = {}
    for path, wanted in c.mapping(value, "expect").items():
        path = str(path)
        if path.split(".")[0] not in EXPECT_ROOTS or "." not in path:
            c.error(f"expect.{path}", f"not a report value (start with {', '.join(EXPECT_ROOTS)})")
        elif not isinstance(wanted, (int, bool, str)):
            c.error(f"expect.{path}", f"must be a number, true/false or text, got {wanted!r}")
        elif path.startswith("money.") and isinstance(wanted, str):
            # an amount with its unit ("3.4 ETH"); plain numbers under money. are wei
            out[path] = c.call(
                parse_amount,
                wanted,
                f"expect.{path}",
                token.symbol,
                True,
                token.decimals,
                default=0,
            )
        else:
            out[path] = wanted
    return out


def _token(c: _Checker, value: Any) -> TokenSpec:
    if isinstance(value, str) and value.upper() == "ETH":
        return TokenSpec()
    if isinstance(value, dict) and "erc20" in value and set(value) <= {"erc20", "decimals"}:
        spec = c.mapping(value["erc20"], "token.erc20")
        c.keys(spec, "token.erc20", ("name", "symbol"), ("symbol",))
        symbol = c.text(spec.get("symbol"), "token.erc20.symbol", "TKN")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,10}", symbol):
            c.error("token.erc20.symbol", f"{symbol!r} is not a token symbol")
        decimals = value.get("decimals", 18)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 18:
            c.error("token.decimals", f"must be a whole number from 0 to 18, got {decimals!r}")
            decimals = 18
        name = c.text(spec.get("name"), "token.erc20.name", symbol)
        return TokenSpec("erc20", name, symbol, decimals)
    c.error("token", f"must be ETH or {{erc20: {{name, symbol}}, decimals: N}}, got {value!r}")
    return TokenSpec()


def _hostile(c: _Checker, value: Any, actors: dict) -> dict[str, str]:
    """`actors.hostile: {name: mode}`: actors played by a HostileActor contract."""
    spec = c.mapping(value if value is not None else {}, "actors.hostile")
    out: dict[str, str] = {}
    for name, mode in spec.items():
        place = f"actors.hostile.{name}"
        if name not in actors:
            c.error(place, f"unknown actor {name!r} (declare it in a role first)")
        elif mode not in HOSTILE_MODES:
            c.error(place, f"mode must be one of {', '.join(HOSTILE_MODES)}, got {mode!r}")
        else:
            out[str(name)] = mode
    return out


def _actors(c: _Checker, value: Any) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple]]:
    spec = c.mapping(value, "actors")
    c.keys(spec, "actors", (*ROLES, "hostile"), ("creator", "inspectors"))
    roles: dict[str, tuple[str, ...]] = {}
    actors: dict[str, list[str]] = {}
    for role in ROLES:
        place = f"actors.{role}"
        raw = spec.get(role)
        if raw is None:
            names: list[str] = []
        elif isinstance(raw, dict):
            c.keys(raw, place, ("count", "prefix"), ("count", "prefix"))
            count = c.positive_int(raw.get("count", 1), f"{place}.count", maximum=10_000)
            prefix = c.text(raw.get("prefix"), f"{place}.prefix", role)
            names = [f"{prefix}-{i}" for i in range(1, count + 1)]
        else:
            names = c.names(raw, place)
        if role in SINGLE_ROLES and len(names) > 1:
            c.error(place, f"one {role}, got {len(names)}")
        seen: set[str] = set()
        for i, name in enumerate(names):
            if not NAME_RE.match(name):
                c.error(f"{place}[{i}]", f"{name!r} is not a usable actor name")
            if name in seen:
                c.error(f"{place}[{i}]", f"{name} is listed twice")
            seen.add(name)
            actors.setdefault(name, []).append(role)
        roles[role] = tuple(names)
    if not roles.get("treasury"):
        # the platform treasury defaults to an actor of its own
        roles["treasury"] = ("treasury",)
        actors.setdefault("treasury", []).append("treasury")
    if not roles.get("creator"):
        roles["creator"] = ("creator",)
    return roles, {name: tuple(r) for name, r in actors.items()}


def _project(c: _Checker, value: Any, token: TokenSpec, roles: dict) -> ProjectParams:
    spec = c.mapping(value, "project")
    fields = {
        "ratio",
        "ideation",
        "rescue_window",
        "development",
        "testing",
        "presale",
        "min_total",
        "min_stake",
        "slots",
        "max_rescues",
        "rank_by",
        "advance",
        "quorum",
        "uri",
        "text",
        "tags",
        "conditions",
    }
    c.keys(spec, "project", sorted(fields), ("min_total", "min_stake", "slots", "conditions"))
    d = ProjectParams()
    kwargs: dict[str, Any] = {}
    if "ratio" in spec:
        kwargs["ratio"] = c.call(parse_ratio, spec["ratio"], "project.ratio", default=d.ratio)
    for key in ("ideation", "rescue_window", "development", "testing", "presale"):
        if key in spec:
            kwargs[key] = c.call(parse_duration, spec[key], f"project.{key}", default=1)
    for key in ("min_total", "min_stake"):
        if key in spec:
            kwargs[key] = c.call(
                parse_amount,
                spec[key],
                f"project.{key}",
                token.symbol,
                False,
                token.decimals,
                default=1,
            )
    if "slots" in spec:
        kwargs["slots"] = c.positive_int(spec["slots"], "project.slots", maximum=65_535)
    kwargs["max_rescues"] = kwargs.get("slots", d.slots)
    if "max_rescues" in spec:
        rescues = spec["max_rescues"]
        if rescues == 0:
            kwargs["max_rescues"] = 0
        else:
            kwargs["max_rescues"] = c.positive_int(rescues, "project.max_rescues", maximum=65_535)
    if "rank_by" in spec:
        if spec["rank_by"] not in ("supporters", "funding"):
            c.error("project.rank_by", "must be supporters or funding")
        else:
            kwargs["rank_by"] = spec["rank_by"]
    if "advance" in spec:
        kwargs["advance_bps"] = c.call(parse_bps, spec["advance"], "project.advance", default=0)
    inspectors = len(roles.get("inspectors", ()))
    quorum = spec.get("quorum", inspectors // 2 + 1)
    kwargs["quorum"] = c.positive_int(quorum, "project.quorum", maximum=16)
    if inspectors and kwargs["quorum"] > inspectors:
        c.error("project.quorum", f"quorum {quorum} is more than the {inspectors} inspectors")
    elif inspectors and 2 * kwargs["quorum"] <= inspectors:
        c.error(
            "project.quorum",
            f"quorum {quorum} of {inspectors} inspectors is not a majority: a minority could "
            "pass or fail a prototype",
        )
    if not 1 <= inspectors <= 16:
        c.error("actors.inspectors", f"a project needs 1 to 16 inspectors, got {inspectors}")
    for key in ("uri", "text"):
        if key in spec:
            kwargs[key] = c.text(spec[key], f"project.{key}")
    for key, low, high in (("tags", 0, 64), ("conditions", 1, 32)):
        if key in spec:
            items = spec[key] if isinstance(spec[key], list) else None
            if items is None or not low <= len(items) <= high:
                c.error(f"project.{key}", f"must be a list of {low} to {high} names")
                continue
            kwargs[key] = tuple(c.text(v, f"project.{key}[{i}]") for i, v in enumerate(items))
            if len(set(kwargs[key])) != len(kwargs[key]):
                c.error(f"project.{key}", "names must be distinct")
    return ProjectParams(**kwargs)


def _dimensions(c: _Checker, value: Any, token: TokenSpec, actors: dict):
    spec = c.mapping(value, "dimensions")
    if not 1 <= len(spec) <= 8:
        c.error("dimensions", f"a project needs 1 to 8 dimensions, got {len(spec)}")
    dims: list[Dimension] = []
    options: dict[str, Option] = {}
    for d, (dim_name, raw_options) in enumerate(spec.items()):
        place = f"dimensions.{dim_name}"
        opts = c.mapping(raw_options, place)
        if not opts:
            c.error(place, "needs at least one option")
        built = []
        for key, raw in opts.items():
            where = f"{place}.{key}"
            o = c.mapping(raw, where)
            c.keys(o, where, ("maker", "quote", "text"), ("maker", "quote"))
            key = str(key)
            if not NAME_RE.match(key):
                c.error(where, f"{key!r} is not a usable option key")
            if key in options:
                c.error(where, f"option key {key} is used twice (keys are global)")
            maker = c.text(o.get("maker"), f"{where}.maker")
            if "maker" in o and maker not in actors:
                c.error(f"{where}.maker", f"unknown actor {maker!r}")
            elif "maker" in o and "makers" not in actors[maker]:
                c.error(f"{where}.maker", f"{maker} is not listed under actors.makers")
            quote = (
                c.call(
                    parse_amount,
                    o["quote"],
                    f"{where}.quote",
                    token.symbol,
                    False,
                    token.decimals,
                    default=1,
                )
                if "quote" in o
                else 1
            )
            option = Option(key, d, maker, quote, c.text(o.get("text"), f"{where}.text", key))
            options[key] = option
            built.append(option)
        dims.append(Dimension(str(dim_name), tuple(built)))
    return tuple(dims), options


def _combinations(c: _Checker, value: Any, dims: tuple, options: dict) -> dict:
    spec = c.mapping(value, "combinations")
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[tuple, str] = {}
    for name, raw in spec.items():
        name = str(name)
        place = f"combinations.{name}"
        if not NAME_RE.match(name):
            c.error(place, f"{name!r} is not a usable combination name")
        if isinstance(raw, str):
            keys = [k.strip() for k in raw.split("+")]
        elif isinstance(raw, list):
            keys = [str(k) for k in raw]
        else:
            c.error(place, "must list one option per dimension (a list or 'a + b + c')")
            continue
        if len(keys) != len(dims):
            c.error(place, f"needs one option per dimension ({len(dims)}), got {len(keys)}")
            continue
        ok = True
        for d, key in enumerate(keys):
            if key not in options:
                c.error(f"{place}[{d}]", f"unknown option {key!r}")
                ok = False
            elif options[key].dimension != d:
                c.error(
                    f"{place}[{d}]",
                    f"option {key} belongs to dimension {dims[options[key].dimension].name}, "
                    f"not {dims[d].name}",
                )
                ok = False
        if ok:
            if tuple(keys) in seen:
                c.error(place, f"same options as combination {seen[tuple(keys)]}")
            seen[tuple(keys)] = name
            out[name] = tuple(keys)
    return out


# ---------------------------------------------------------------- steps


STEP_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (allowed fields, required fields)
    "invest": (("backer", "backers", "combo", "amount"), ("combo", "amount")),
    "rescue": (("backer", "backers", "combo", "amount"), ("combo", "amount")),
    "argue": (("backer", "backers", "combo", "text"), ("combo",)),
    "finalize": (("by", "batch"), ()),
    "phase": ((), ()),
    "wait": ((), ()),
    "deliver": (("combos", "missing", "text"), ()),
    "test": (("combos", "inspectors", "fail", "text"), ()),
    "verdict": (("combo", "condition", "inspector", "pass", "text"), ("combo", "condition")),
    "terms": (("combos", "price", "min_orders"), ("price", "min_orders")),
    "addon": (("merchant", "combos", "price", "name", "text"), ("merchant", "combos", "price")),
    "order": (("buyer", "buyers", "combo", "combos", "addons"), ()),
    "bond": (
        ("provider", "combos", "amount", "warranty", "name"),
        ("provider", "combos", "amount", "warranty"),
    ),
    "award": (
        ("bond", "combo", "buyer", "amount", "inspectors", "evidence"),
        ("bond", "combo", "buyer", "amount"),
    ),
    "revenue": (("from", "combos", "amount"), ("from", "combos", "amount")),
    "transfer": (("from", "to", "combo", "amount"), ("from", "to", "combo")),
    "claim": (("actors", "kinds"), ()),
    "close": (("combos",), ()),
    "hostile": (("actor", "mode"), ("actor", "mode")),
}
STEP_PHASES: dict[str, tuple[str, ...]] = {
    "invest": ("ideation", "rescue", "presale"),
    "rescue": ("rescue",),
    "argue": ("ideation", "finalizing", "rescue"),
    "finalize": ("ideation", "finalizing"),
    "deliver": ("development",),
    "test": ("testing",),
    "verdict": ("testing",),
    "terms": ("presale",),
    "addon": ("presale",),
    "order": ("presale",),
    "bond": ("presale",),
    "award": ("closed",),
    "revenue": ("closed",),
    "transfer": ("closed",),
    "close": ("closed",),
}


class _Steps:
    """Validates the steps in order, tracking the phase and what exists so far."""

    def __init__(self, c: _Checker, s: Scenario):
        self.c = c
        self.s = s
        self.phase = "ideation"
        self.invested: dict[str, set[str]] = {}  # combo -> backers so far
        self.addons: dict[str, set[str]] = {}  # add-on name -> combos (names or selectors)
        self.bonds: dict[str, set[str]] = {}

    def parse(self, raw_steps: list) -> Iterator[Step]:
        for i, raw in enumerate(raw_steps):
            place = f"steps[{i}]"
            if isinstance(raw, str):
                kind, value = raw, None
            elif isinstance(raw, dict) and len(raw) == 1:
                kind, value = next(iter(raw.items()))
            else:
                self.c.error(place, "a step is one mapping like {invest: {...}} or a bare word")
                continue
            if kind not in STEP_FIELDS:
                self.c.error(place, f"unknown step {kind!r} (known: {', '.join(STEP_FIELDS)})")
                continue
            place = f"{place}.{kind}"
            allowed = STEP_PHASES.get(kind)
            if allowed and self.phase not in allowed and self.phase != "failed":
                self.c.error(
                    place, f"cannot run in the {self.phase} phase (runs in: {', '.join(allowed)})"
                )
            before = len(self.c.errors)
            args = getattr(self, f"_{kind}")(value, place)
            if args is not None and len(self.c.errors) == before:
                yield Step(kind, place, args, self.phase)
            self._advance(kind, args or {})

    def _advance(self, kind: str, args: dict) -> None:
        if kind == "finalize":
            self.phase = "rescue"
        elif kind == "phase" and args.get("phase"):
            self.phase = args["phase"]

    # ------------------------------------------------------------ reference helpers

    def _fields(self, value: Any, place: str, kind: str) -> dict:
        allowed, required = STEP_FIELDS[kind]
        if value is None:
            value = {}
        v = self.c.mapping(value, place)
        self.c.keys(v, place, allowed, required)
        return v

    def actor(self, value: Any, place: str, role: str | None = None) -> str | None:
        if not isinstance(value, str):
            self.c.error(place, f"must be an actor name, got {value!r}")
            return None
        if value not in self.s.actors:
            self.c.error(place, f"unknown actor {value!r} (declare it under actors)")
            return None
        if role and role not in self.s.actors[value]:
            self.c.error(place, f"{value} is not listed under actors.{role}")
        return value

    def actor_list(self, v: dict, one: str, many: str, place: str, role: str | None = None):
        if (one in v) == (many in v):
            self.c.error(place, f"give either '{one}' or '{many}'")
            return []
        key = one if one in v else many
        names = self.c.names(v[key], f"{place}.{key}")
        if not names:
            self.c.error(f"{place}.{key}", "names nobody")
        out = []
        for name in names:
            checked = self.actor(name, f"{place}.{key}", role)
            if checked:
                out.append(checked)
        return out

    def combo(self, value: Any, place: str) -> str | None:
        if not isinstance(value, str) or value not in self.s.combinations:
            self.c.error(place, f"unknown combination {value!r} (declare it under combinations)")
            return None
        return value

    def combo_set(self, value: Any, place: str, default: str | None = None) -> ComboSet | None:
        if value is None:
            if default is None:
                self.c.error(place, "missing field")
                return None
            return ComboSet(selector=default)
        excluded: list[str] = []
        if isinstance(value, dict):
            self.c.keys(value, place, ("of", "except"), ("of",))
            for name in self.c.names(value.get("except", []), f"{place}.except"):
                if self.combo(name, f"{place}.except"):
                    excluded.append(name)
            value = value.get("of")
        if isinstance(value, str) and value in SELECTORS:
            return ComboSet(selector=value, excluded=tuple(excluded))
        names = self.c.names(value, place)
        good = [n for n in names if self.combo(n, place)]
        if not names:
            self.c.error(place, f"names no combination (or use one of: {', '.join(SELECTORS)})")
        return ComboSet(names=tuple(good), excluded=tuple(excluded))

    def amount(self, value: Any, place: str, allow_zero: bool = False) -> int:
        token = self.s.token
        return self.c.call(
            parse_amount, value, place, token.symbol, allow_zero, token.decimals, default=0
        )

    def dimension(self, value: Any, place: str) -> int | None:
        names = [d.name for d in self.s.dimensions]
        if value in names:
            return names.index(value)
        self.c.error(place, f"unknown dimension {value!r} (dimensions: {', '.join(names)})")
        return None

    def condition(self, value: Any, place: str) -> int | None:
        names = list(self.s.project.conditions)
        if value in names:
            return names.index(value)
        self.c.error(place, f"unknown test condition {value!r} (conditions: {', '.join(names)})")
        return None

    def inspectors(self, v: dict, place: str) -> list[str]:
        if "inspectors" not in v:
            return list(self.s.roles["inspectors"][: self.s.project.quorum])
        names = self.c.names(v["inspectors"], f"{place}.inspectors")
        return [n for n in names if self.actor(n, f"{place}.inspectors", "inspectors")]

    def per_combo(self, value: Any, place: str, parse) -> dict[str, list]:
        """{combo: item or [items]} -> {combo: [parsed items]}."""
        out: dict[str, list] = {}
        for name, items in self.c.mapping(value, place).items():
            where = f"{place}.{name}"
            if not self.combo(str(name), where):
                continue
            items = items if isinstance(items, list) else [items]
            out[str(name)] = [p for p in (parse(it, where) for it in items) if p is not None]
        return out

    # ------------------------------------------------------------ one method per step kind

    def _invest(self, value: Any, place: str, kind: str = "invest") -> dict:
        v = self._fields(value, place, kind)
        backers = self.actor_list(v, "backer", "backers", place)
        combo = self.combo(v.get("combo"), f"{place}.combo")
        raw = v.get("amount")
        if raw == "to_cost":
            if self.phase != "rescue":
                self.c.error(f"{place}.amount", "to_cost is a rescue top-up: rescue phase only")
            amount: Any = "to_cost"
        else:
            amount = self.amount(raw, f"{place}.amount") if "amount" in v else 0
        if combo and self.phase == "rescue":
            for b in backers:
                if b not in self.invested.get(combo, set()):
                    self.c.error(
                        f"{place}.backer" if "backer" in v else f"{place}.backers",
                        f"{b} cannot rescue {combo}: only its backers may top it up",
                    )
        if combo and self.phase == "ideation":
            self.invested.setdefault(combo, set()).update(backers)
        return {"backers": backers, "combo": combo, "amount": amount}

    def _rescue(self, value: Any, place: str) -> dict:
        return self._invest(value, place, "rescue")

    def _argue(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "argue")
        backers = self.actor_list(v, "backer", "backers", place)
        combo = self.combo(v.get("combo"), f"{place}.combo")
        if combo and self.phase == "ideation":
            for b in backers:
                if b not in self.invested.get(combo, set()):
                    self.c.error(place, f"{b} argues for {combo} without backing it first")
        return {"backers": backers, "combo": combo, "text": self.c.text(v.get("text"), place)}

    def _finalize(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "finalize")
        by = self.actor(v.get("by", self.s.creator), f"{place}.by")
        batch = self.c.positive_int(v.get("batch", 250), f"{place}.batch", maximum=5000)
        return {"by": by, "batch": batch}

    def _phase(self, value: Any, place: str) -> dict:
        if value not in TRAVEL_PHASES:
            self.c.error(place, f"unknown phase {value!r} (travel to: {', '.join(TRAVEL_PHASES)})")
            return {}
        if PHASES.index(value) < PHASES.index(self.phase if self.phase in PHASES else "closed"):
            self.c.error(place, f"cannot go back from {self.phase} to {value}")
        if value != "finalizing" and self.phase in ("ideation", "finalizing"):
            self.c.error(place, f"cannot reach {value} before the finalize step")
        return {"phase": value}

    def _hostile(self, value: Any, place: str) -> dict:
        """`hostile: {actor: e-assist, mode: accept}`: a contract actor changes its answer."""
        v = self._fields(value, place, "hostile")
        actor = v.get("actor")
        if actor not in self.s.hostile:
            self.c.error(f"{place}.actor", f"{actor!r} is not listed under actors.hostile")
        if v.get("mode") not in HOSTILE_MODES:
            self.c.error(f"{place}.mode", f"must be one of {', '.join(HOSTILE_MODES)}")
        return {"actor": actor, "mode": v.get("mode")}

    def _wait(self, value: Any, place: str) -> dict:
        return {"seconds": self.c.call(parse_duration, value, place, default=1)}

    def _deliver(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "deliver")
        return {
            "combos": self.combo_set(v.get("combos"), f"{place}.combos", "prototypes"),
            "missing": self.per_combo(v.get("missing", {}), f"{place}.missing", self.dimension),
            "text": self.c.text(v.get("text"), f"{place}.text", "delivery report"),
        }

    def _test(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "test")
        return {
            "combos": self.combo_set(v.get("combos"), f"{place}.combos", "delivered"),
            "inspectors": self.inspectors(v, place),
            "fail": self.per_combo(v.get("fail", {}), f"{place}.fail", self.condition),
            "text": self.c.text(v.get("text"), f"{place}.text", "test report"),
        }

    def _verdict(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "verdict")
        passed = v.get("pass", True)
        if not isinstance(passed, bool):
            self.c.error(f"{place}.pass", f"must be true or false, got {passed!r}")
        return {
            "combo": self.combo(v.get("combo"), f"{place}.combo"),
            "condition": self.condition(v.get("condition"), f"{place}.condition"),
            "inspector": self.actor(
                v.get("inspector", self.s.roles["inspectors"][0]),
                f"{place}.inspector",
                "inspectors",
            ),
            "pass": bool(passed),
            "text": self.c.text(v.get("text"), f"{place}.text", "test report"),
        }

    def _terms(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "terms")
        return {
            "combos": self.combo_set(v.get("combos"), f"{place}.combos", "models"),
            "price": self.amount(v.get("price"), f"{place}.price"),
            "min_orders": self.c.positive_int(v.get("min_orders"), f"{place}.min_orders"),
        }

    def _addon(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "addon")
        name = self.c.text(v.get("name"), f"{place}.name", f"addon-{len(self.addons) + 1}")
        combos = self.combo_set(v.get("combos"), f"{place}.combos")
        self.addons.setdefault(name, set())
        return {
            "merchant": self.actor(v.get("merchant"), f"{place}.merchant", "merchants"),
            "combos": combos,
            "price": self.amount(v.get("price"), f"{place}.price"),
            "name": name,
            "text": self.c.text(v.get("text"), f"{place}.text", name),
        }

    def _order(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "order")
        buyers = self.actor_list(v, "buyer", "buyers", place)
        if ("combo" in v) == ("combos" in v):
            self.c.error(place, "give either 'combo' or 'combos'")
            combos = None
        elif "combo" in v:
            combo = self.combo(v["combo"], f"{place}.combo")
            combos = ComboSet(names=(combo,)) if combo else None
        else:
            combos = self.combo_set(v["combos"], f"{place}.combos")
        addons = self.c.names(v.get("addons", []), f"{place}.addons")
        for a in addons:
            if a not in self.addons:
                self.c.error(f"{place}.addons", f"unknown add-on {a!r} (offer it in an addon step)")
        return {"buyers": buyers, "combos": combos, "addons": addons}

    def _bond(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "bond")
        name = self.c.text(v.get("name"), f"{place}.name", f"bond-{len(self.bonds) + 1}")
        if name in self.bonds:
            self.c.error(f"{place}.name", f"bond name {name} is used twice")
        self.bonds[name] = set()
        return {
            "provider": self.actor(v.get("provider"), f"{place}.provider", "providers"),
            "combos": self.combo_set(v.get("combos"), f"{place}.combos"),
            "amount": self.amount(v.get("amount"), f"{place}.amount"),
            "warranty": self.c.call(parse_duration, v.get("warranty"), f"{place}.warranty"),
            "name": name,
        }

    def _award(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "award")
        bond = self.c.text(v.get("bond"), f"{place}.bond")
        if bond not in self.bonds:
            self.c.error(f"{place}.bond", f"unknown bond {bond!r} (commit it in a bond step)")
        inspectors = self.inspectors(v, place)
        if len(inspectors) < self.s.project.quorum:
            self.c.error(
                f"{place}.inspectors",
                f"{len(inspectors)} inspectors cannot reach the quorum of {self.s.project.quorum}",
            )
        return {
            "bond": bond,
            "combo": self.combo(v.get("combo"), f"{place}.combo"),
            "buyer": self.actor(v.get("buyer"), f"{place}.buyer"),
            "amount": self.amount(v.get("amount"), f"{place}.amount"),
            "inspectors": inspectors,
            "evidence": self.c.text(v.get("evidence"), f"{place}.evidence", "evidence"),
        }

    def _revenue(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "revenue")
        return {
            "from": self.actor(v.get("from"), f"{place}.from"),
            "combos": self.combo_set(v.get("combos"), f"{place}.combos"),
            "amount": self.amount(v.get("amount"), f"{place}.amount"),
        }

    def _transfer(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "transfer")
        raw = v.get("amount", "all")
        amount = "all" if raw == "all" else self.amount(raw, f"{place}.amount")
        return {
            "from": self.actor(v.get("from"), f"{place}.from"),
            "to": self.actor(v.get("to"), f"{place}.to"),
            "combo": self.combo(v.get("combo"), f"{place}.combo"),
            "amount": amount,
        }

    def _claim(self, value: Any, place: str) -> dict:
        if value in (None, "everyone", "all"):
            value = {}
        v = self._fields(value, place, "claim")
        actors = None
        if "actors" in v:
            actors = [
                a for a in self.c.names(v["actors"], f"{place}.actors") if self.actor(a, place)
            ]
        kinds = list(CLAIM_KINDS)
        if "kinds" in v:
            kinds = self.c.names(v["kinds"], f"{place}.kinds")
            for k in kinds:
                if k not in CLAIM_KINDS:
                    self.c.error(
                        f"{place}.kinds", f"unknown claim {k!r} ({', '.join(CLAIM_KINDS)})"
                    )
        if self.phase == "ideation":
            self.c.error(place, "nothing can be claimed during ideation")
        return {"actors": actors, "kinds": kinds}

    def _close(self, value: Any, place: str) -> dict:
        v = self._fields(value, place, "close")
        return {"combos": self.combo_set(v.get("combos"), f"{place}.combos", "models")}
