# SPDX-License-Identifier: MIT
"""Scenario files: loading and validating them before anything is sent to a chain.

Pure Python (no brownie, no chain). A file is one of three formats, named by its `format:` key
(`FORMATS`): `project` (the default: a project's whole story, played by runner.py), `services`
(services.py) and `routing-and-consent` (routing.py). A project file is validated by the pydantic
models below (`ScenarioFile`; its steps by the step catalogue, steps.py), typed with the notation
of notation.py; every reference (actor, option, combination, add-on, bond, phase) is checked, and
a bad file raises `ScenarioError` whose message names the file, the line and the place
(`seed.yaml:42: steps[12].invest.amount: ...`). The format is documented in docs/scenarios.md;
its JSON Schema, for editors, is scenarios/schema.json (`json_schema()`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticError

from cobuild.scenario.notation import (  # noqa: F401  (the format's names, used from here)
    CLAIM_KINDS,
    DAY,
    HOSTILE_MODES,
    NAME_RE,
    PHASES,
    SELECTORS,
    TRAVEL_PHASES,
    UNIT,
    Amount,
    Bps,
    ComboSet,
    Dimension,
    Duration,
    Option,
    ProjectParams,
    Ratio,
    Scenario,
    ScenarioError,
    Text,
    TokenSpec,
    count,
    expand_range,
    one_of,
    parse_amount,
    parse_bps,
    parse_duration,
    parse_names,
    parse_ratio,
    role,
    typed,
)
from cobuild.scenario.steps import STEP_PHASES, STEPS, errors_of, parse_steps  # noqa: F401

FORMATS = ("project", "services", "routing-and-consent")
ROLES = ("creator", "treasury", "inspectors", "makers", "backers", "merchants", "providers")
ROLES += ("buyers", "others")
SINGLE_ROLES = ("creator", "treasury")
EXPECT_ROOTS = ("counts", "money", "invariants")


# ---------------------------------------------------------------- the file, typed


def _role(value: Any, info: ValidationInfo) -> tuple[str, ...]:
    """The actors of a role: names, or `{count: 300, prefix: backer}` for backer-1 ... backer-300.
    A role that is wrong is reported at its place and left empty, so that the rest is checked
    against the other roles."""
    place, error = f"actors.{info.field_name}", info.context["errors"].append
    try:
        if not isinstance(value, dict):
            return tuple(parse_names(value))
        count, prefix = value.get("count"), value.get("prefix")
        if set(value) != {"count", "prefix"}:
            raise ValueError("a crowd is {count: N, prefix: name}")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= 10_000:
            place = f"{place}.count"
            raise ValueError(f"must be a whole number from 1 to 10000, got {count!r}")
    except ValueError as exc:
        error((place, str(exc)))
        return ()
    return tuple(f"{prefix}-{i}" for i in range(1, count + 1))


def _labels(low: int, high: int) -> Any:
    def read(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not low <= len(value) <= high:
            raise ValueError(f"must be a list of {low} to {high} names")
        if len({str(v) for v in value}) != len(value):
            raise ValueError("names must be distinct")
        return tuple(str(v) for v in value)

    return typed(read, {"type": "array", "items": {"type": "string"}}, tuple[str, ...])


def _option_keys(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(k.strip() for k in value.split("+"))
    if isinstance(value, list):
        return tuple(str(k) for k in value)
    raise ValueError("must list one option per dimension (a list or 'a + b + c')")


RoleNames = Annotated[
    tuple[str, ...],
    PlainValidator(_role),
    WithJsonSchema({"type": ["string", "array", "object"]}),
]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Erc20(_File):
    name: Text | None = None  # the symbol
    symbol: Text

    @field_validator("symbol")
    @classmethod
    def _symbol(cls, symbol: str) -> str:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,10}", symbol):
            raise ValueError(f"{symbol!r} is not a token symbol")
        return symbol


class TokenFile(_File):
    erc20: Erc20 | None = None
    decimals: count(18, minimum=0) = 18

    @model_validator(mode="before")
    @classmethod
    def _eth(cls, value: Any) -> Any:
        if isinstance(value, str) and value.upper() == "ETH":
            return {"erc20": None}
        if not isinstance(value, dict) or "erc20" not in value:
            raise ValueError(
                f"must be ETH or {{erc20: {{name, symbol}}, decimals: N}}, got {value!r}"
            )
        return value


class ActorsFile(_File):
    creator: RoleNames
    treasury: RoleNames = ()  # an actor called `treasury`
    inspectors: RoleNames
    makers: RoleNames = ()
    backers: RoleNames = ()
    merchants: RoleNames = ()
    providers: RoleNames = ()
    buyers: RoleNames = ()
    others: RoleNames = ()
    hostile: dict[str, Any] = {}  # name -> mode: contract actors (HostileActor)


class ProjectFile(_File):
    ratio: Ratio = (3000, 3000, 3000, 1000)
    ideation: Duration = 7 * DAY
    rescue_window: Duration = 2 * DAY
    development: Duration = 30 * DAY
    testing: Duration = 10 * DAY
    presale: Duration = 14 * DAY
    min_total: Amount
    min_stake: Amount
    slots: count(65_535)
    max_rescues: count(65_535, minimum=0) | None = None  # slots
    rank_by: one_of("supporters", "funding") = "supporters"
    advance: Bps = 2000
    quorum: count(16) | None = None  # a majority of the inspectors
    uri: Text = "ipfs://cobuild/project"
    text: Text = ""
    tags: _labels(0, 64) = ()
    conditions: _labels(1, 32)


class OptionFile(_File):
    maker: role("makers")
    quote: Amount
    text: Text | None = None  # the key


class ScenarioFile(_File):
    """A project scenario file. Its fields are validated in this order, and each fills the
    scenario in the validation context, so that what comes later is checked against it."""

    format: Literal["project"] = "project"
    name: Text | None = None  # the file's name
    title: Text | None = None  # the name
    description: Text = ""
    token: TokenFile = Field(default_factory=lambda: TokenFile(erc20=None))
    expect: dict[Text, Any] = {}  # report path -> value: `counts.selected: 52`
    actors: ActorsFile
    project: ProjectFile
    dimensions: dict[Text, dict[Text, OptionFile]]
    combinations: dict[Text, typed(_option_keys, {"type": ["string", "array"]}, tuple)] = {}
    steps: list[Any]  # the step catalogue (steps.py), validated in order after the rest
    live: dict[str, Any] = {}

    @field_validator("name")
    @classmethod
    def _name(cls, name: str | None) -> str | None:
        if name is not None and not NAME_RE.match(name):
            raise ValueError(f"{name!r} is not a usable name (letters, digits, - _ .)")
        return name

    @field_validator("token")
    @classmethod
    def _token(cls, t: TokenFile, info: ValidationInfo) -> TokenFile:
        if t.erc20 is not None:
            e = t.erc20
            info.context["s"].token = TokenSpec("erc20", e.name or e.symbol, e.symbol, t.decimals)
        return t

    @field_validator("expect")
    @classmethod
    def _expect(cls, value: dict, info: ValidationInfo) -> dict:
        s, error = info.context["s"], info.context["errors"].append
        for path, wanted in value.items():
            place = f"expect.{path}"
            if path.split(".")[0] not in EXPECT_ROOTS or "." not in path:
                error((place, f"not a report value (start with {', '.join(EXPECT_ROOTS)})"))
            elif not isinstance(wanted, (int, bool, str)):
                error((place, f"must be a number, true/false or text, got {wanted!r}"))
            elif path.startswith("money.") and isinstance(wanted, str):
                # an amount with its unit ("3.4 ETH"); plain numbers under money. are wei
                try:
                    wanted = parse_amount(wanted, s.token.symbol, True, s.token.decimals)
                except ValueError as exc:
                    error((place, str(exc)))
            s.expect[path] = wanted
        return value

    @field_validator("actors")
    @classmethod
    def _actors(cls, a: ActorsFile, info: ValidationInfo) -> ActorsFile:
        s, error = info.context["s"], info.context["errors"].append
        for r in ROLES:
            names = getattr(a, r) or (("treasury",) if r == "treasury" else ())
            if r in SINGLE_ROLES and len(names) > 1:
                error((f"actors.{r}", f"one {r}, got {len(names)}"))
            for i, name in enumerate(names):
                if not NAME_RE.match(name):
                    error((f"actors.{r}[{i}]", f"{name!r} is not a usable actor name"))
                if name in names[:i]:
                    error((f"actors.{r}[{i}]", f"{name} is listed twice"))
                s.actors[name] = (*s.actors.get(name, ()), r)
            s.roles[r] = names
        if not 1 <= len(a.inspectors) <= 16:
            got = len(a.inspectors)
            error(("actors.inspectors", f"a project needs 1 to 16 inspectors, got {got}"))
        for name, mode in a.hostile.items():
            place = f"actors.hostile.{name}"
            if name not in s.actors:
                error((place, f"unknown actor {name!r} (declare it in a role first)"))
            elif mode not in HOSTILE_MODES:
                error((place, f"mode must be one of {', '.join(HOSTILE_MODES)}, got {mode!r}"))
            else:
                s.hostile[str(name)] = mode
        return a

    @field_validator("project")
    @classmethod
    def _project(cls, p: ProjectFile, info: ValidationInfo) -> ProjectFile:
        s, error = info.context["s"], info.context["errors"].append
        inspectors = len(s.roles.get("inspectors", ()))
        quorum = p.quorum or min(inspectors // 2 + 1, 16)
        if inspectors and quorum > inspectors:
            error(("project.quorum", f"quorum {quorum} is more than the {inspectors} inspectors"))
        elif inspectors and 2 * quorum <= inspectors:
            error(
                (
                    "project.quorum",
                    f"quorum {quorum} of {inspectors} inspectors is not a majority: a minority "
                    "could pass or fail a prototype",
                )
            )
        same = p.model_dump(exclude={"advance", "quorum", "max_rescues"})
        rescues = p.slots if p.max_rescues is None else p.max_rescues
        s.project = ProjectParams(**same, advance_bps=p.advance, quorum=quorum, max_rescues=rescues)
        return p

    @field_validator("dimensions")
    @classmethod
    def _dimensions(cls, dims: dict, info: ValidationInfo) -> dict:
        s, error = info.context["s"], info.context["errors"].append
        if not 1 <= len(dims) <= 8:
            error(("dimensions", f"a project needs 1 to 8 dimensions, got {len(dims)}"))
        built = []
        for d, (dim, options) in enumerate(dims.items()):
            if not options:
                error((f"dimensions.{dim}", "needs at least one option"))
            for key, o in options.items():
                place = f"dimensions.{dim}.{key}"
                if not NAME_RE.match(key):
                    error((place, f"{key!r} is not a usable option key"))
                if key in s.options:
                    error((place, f"option key {key} is used twice (keys are global)"))
                s.options[key] = Option(key, d, o.maker, o.quote, o.text or key)
            built.append(Dimension(dim, tuple(s.options[k] for k in options)))
        s.dimensions = tuple(built)
        return dims

    @field_validator("combinations")
    @classmethod
    def _combinations(cls, combos: dict, info: ValidationInfo) -> dict:
        s, error = info.context["s"], info.context["errors"].append
        seen: dict[tuple, str] = {}
        names = [d.name for d in s.dimensions]
        if not names:  # the dimensions were refused (reported there): the names are enough
            s.combinations.update(combos)
            return combos
        for name, keys in combos.items():
            place = f"combinations.{name}"
            if not NAME_RE.match(name):
                error((place, f"{name!r} is not a usable combination name"))
            if len(keys) != len(names):
                error((place, f"needs one option per dimension ({len(names)}), got {len(keys)}"))
                continue
            wrong = False
            for d, key in enumerate(keys):
                if key not in s.options:
                    error((f"{place}[{d}]", f"unknown option {key!r}"))
                elif (d_key := s.options[key].dimension) != d:
                    error(
                        (
                            f"{place}[{d}]",
                            f"option {key} belongs to dimension {names[d_key]}, not {names[d]}",
                        )
                    )
                wrong = wrong or key not in s.options or s.options[key].dimension != d
            if wrong:
                continue
            if keys in seen:
                error((place, f"same options as combination {seen[keys]}"))
            seen[keys] = name
            s.combinations[name] = keys
        return combos


# ---------------------------------------------------------------- reading a file


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


def format_of(doc: Any) -> str:
    """The format a loaded file names (`format:`; `kind: services` is the services' old key)."""
    if not isinstance(doc, dict):
        return "project"
    return doc.get("format") or ("services" if doc.get("kind") == "services" else "project")


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
    """Validate an already loaded project scenario document."""
    if not isinstance(data, dict):
        raise ScenarioError(path, [("", f"must be a mapping, got {type(data).__name__}")])
    s, errors = Scenario(name=default_name, path=path), []
    try:
        f = ScenarioFile.model_validate(data, context={"s": s, "errors": errors})
        s.name, s.description, s.live = f.name or default_name, f.description, f.live
        s.title = f.title or s.name
    except PydanticError as exc:
        errors.extend(errors_of(exc, "", ScenarioFile))
    if isinstance(data.get("steps"), list):
        s.steps = tuple(parse_steps(s, data["steps"], errors))
    if errors:
        raise ScenarioError(path, errors)
    return s
