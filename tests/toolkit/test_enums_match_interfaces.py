# SPDX-License-Identifier: MIT
"""The contracts' enums and constants, as Python and the dApp name them, read from the Solidity
source: every `enum` of interfaces/ and contracts/ against the one Python definition
(cobuild/protocol.py) and the one JavaScript list (app/src/phases.mjs), name for name and in order,
and every constant either language keeps against the value the contracts declare. Files only, no
chain (node imports the app's module)."""

import ast
import contextlib
import json
import operator
import re
import subprocess
from enum import IntEnum
from pathlib import Path

import pytest

import cobuild.protocol as protocol
from cobuild.model import services as services_model
from cobuild.routing import tags
from cobuild.scenario import format as scenario_format

ROOT = Path(__file__).resolve().parents[2]
PHASES_MJS = "app/src/phases.mjs"

# Python enum -> the Solidity enum it mirrors ("<contract or interface>.<enum>")
PYTHON_ENUMS = {
    protocol.Phase: "IProjectBase.Phase",
    protocol.Status: "IProjectBase.Status",
    protocol.RankBy: "ICobuildFactory.RankBy",
    protocol.BookingStatus: "IBookings.BookingStatus",
    protocol.OrderStatus: "IDeviceMandates.OrderStatus",
    protocol.HostileMode: "HostileActor.Mode",
}
# the lists of app/src/phases.mjs -> the Solidity enum, and the name -> number object built on each
JS_ENUMS = {
    "PHASES": ("IProjectBase.Phase", "Phase"),
    "STATUSES": ("IProjectBase.Status", "Status"),
    "RANK_BY": ("ICobuildFactory.RankBy", "RankBy"),
    "BOOKING_STATUSES": ("IBookings.BookingStatus", "BookingStatus"),
    "ORDER_STATUSES": ("IDeviceMandates.OrderStatus", "OrderStatus"),
}
JS_NOT_ENUMS = {"JOURNEY"}  # the phases in the order a project lives them, computed from PHASES
# enums neither language keeps as an enum, and why
UNMIRRORED = {
    "IBookings.SettleReason": "the model counts settlements by label (snake case, checked below)",
    "IDeviceMandates.SettleReason": "only in events; nothing off chain reads the reason",
}
# a constant of the toolkit or the app -> the Solidity constants ("<contract>.<NAME>") it equals
PYTHON_CONSTANTS = {
    (protocol, "BPS"): ("ProjectBase.BPS", "CobuildFactory._BPS", "Bookings.BPS"),
    (protocol, "SCALE"): ("ProjectBase.SCALE",),
    (protocol, "DAY"): ("DeviceMandates.DAY",),
    (protocol, "MAX_AMOUNT"): ("ProjectBase.MAX_AMOUNT",),
    (protocol, "MAX_REVENUE"): ("ProjectBase.MAX_REVENUE",),
    (protocol, "FINALIZATION_WINDOW"): ("ProjectBase.FINALIZATION_WINDOW",),
    (services_model, "MAX_ARBITERS"): ("Bookings.MAX_ARBITERS",),
    (services_model, "DELIVERY_SLOT"): ("DeviceMandates.DELIVERY_SLOT",),
    (services_model, "CLAIM_WINDOW"): ("DeviceMandates.CLAIM_WINDOW",),
    (tags, "MAX_LENGTH"): ("Tags.MAX_LENGTH",),
}
JS_CONSTANTS = {
    ("app/src/services.js", "BPS"): ("Bookings.BPS", "ProjectBase.BPS"),
    ("app/src/services.js", "MAX_TAG"): ("Tags.MAX_LENGTH",),
    ("app/src/load.js", "FINALIZE_WINDOW"): ("ProjectBase.FINALIZATION_WINDOW",),
}

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}
OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
}


def _sources() -> dict[str, str]:
    files = sorted((ROOT / "interfaces").rglob("*.sol")) + sorted(
        (ROOT / "contracts").rglob("*.sol")
    )
    return {str(f.relative_to(ROOT)): _strip_comments(f.read_text()) for f in files}


def _strip_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def _owner(text: str, at: int) -> str:
    """The contract, interface or library declared last before position `at`."""
    names = re.findall(r"\b(?:contract|interface|library)\s+(\w+)", text[:at])
    return names[-1]


@pytest.fixture(scope="module")
def solidity_enums() -> dict[str, list[str]]:
    enums: dict[str, list[str]] = {}
    for path, text in _sources().items():
        for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}", text, re.S):
            key = f"{_owner(text, m.start())}.{m.group(1)}"
            assert key not in enums, f"{key} declared twice ({path})"
            enums[key] = [x.strip() for x in m.group(2).split(",") if x.strip()]
    return enums


def _evaluate(expr: str) -> int:
    """An integer constant expression of Solidity or JavaScript: literals with `_`, `1e18`, time
    units, `type(uintN).max`, + - * ** <<, and parentheses."""
    expr = re.sub(r"type\(uint(\d+)\)\.max", r"(2 ** \1 - 1)", expr.strip())
    expr = re.sub(r"(\d+)\s*(" + "|".join(UNITS) + r")\b", lambda m: f"{m[1]}*{UNITS[m[2]]}", expr)
    expr = re.sub(r"\b(\d+)e(\d+)\b", r"(\1 * 10 ** \2)", expr)
    expr = re.sub(r"uint\d*\((.*?)\)", r"\1", expr)

    def value(node: ast.AST) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(f"not a constant expression: {expr!r}")

    return value(ast.parse(expr, mode="eval").body)


@pytest.fixture(scope="module")
def solidity_constants() -> dict[str, int]:
    found: dict[str, int] = {}
    pattern = r"\b(?:u?int\d*|bytes\d*)\s+(?:\w+\s+)*?constant\s+(\w+)\s*=\s*([^;]+);"
    for text in _sources().values():
        for m in re.finditer(pattern, text):
            # hashes and expressions of other constants are left out: no language keeps one
            with contextlib.suppress(ValueError, SyntaxError):
                found[f"{_owner(text, m.start())}.{m.group(1)}"] = _evaluate(m.group(2))
    return found


@pytest.fixture(scope="module")
def app_enums() -> dict:
    code = f"import('./{PHASES_MJS}').then((m) => console.log(JSON.stringify(m)))"
    run = subprocess.run(["node", "-e", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "", run.stderr  # a plain ES module: node loads it without a warning
    return json.loads(run.stdout)


def _python_names(enum: type[IntEnum]) -> list[str]:
    """The members in order of value, `NONE` spelt as the contracts spell it (`None`)."""
    members = sorted(enum, key=int)
    assert [int(m) for m in members] == list(range(len(members))), f"{enum.__name__} has gaps"
    return ["None" if m.name == "NONE" else m.name for m in members]


def test_the_solidity_source_is_read(solidity_enums, solidity_constants):
    assert solidity_enums["IProjectBase.Phase"][:2] == ["Ideation", "Finalizing"]
    assert len(solidity_enums["IProjectBase.Status"]) == 10
    assert solidity_constants["ProjectBase.MAX_AMOUNT"] == 2**88 - 1
    assert solidity_constants["ProjectBase.FINALIZATION_WINDOW"] == 7 * 86400
    assert solidity_constants["ProjectBase.SCALE"] == 10**18


def test_every_solidity_enum_is_mirrored_or_said_why_not(solidity_enums):
    mirrored = set(PYTHON_ENUMS.values()) | {sol for sol, _ in JS_ENUMS.values()}
    assert sorted(set(solidity_enums) - mirrored - set(UNMIRRORED)) == []
    assert sorted((mirrored | set(UNMIRRORED)) - set(solidity_enums)) == [], "enums that are gone"


def test_every_python_enum_is_the_solidity_enum(solidity_enums):
    declared = {
        v for v in vars(protocol).values() if isinstance(v, type) and issubclass(v, IntEnum)
    }
    assert declared - {IntEnum} == set(PYTHON_ENUMS), "an enum of protocol.py with no counterpart"
    for enum, sol in PYTHON_ENUMS.items():
        assert _python_names(enum) == solidity_enums[sol], f"{enum.__name__} != {sol}"


def test_every_app_list_is_the_solidity_enum(app_enums, solidity_enums):
    lists = {k for k, v in app_enums.items() if isinstance(v, list)}
    assert lists - JS_NOT_ENUMS == set(JS_ENUMS), "a list of phases.mjs with no counterpart"
    for name, (sol, by_name) in JS_ENUMS.items():
        assert app_enums[name] == solidity_enums[sol], f"{PHASES_MJS} {name} != {sol}"
        assert app_enums[by_name] == {n: i for i, n in enumerate(app_enums[name])}, by_name


def test_python_and_the_app_name_the_enums_they_share_alike(app_enums):
    python = {sol: enum for enum, sol in PYTHON_ENUMS.items()}
    for name, (sol, _) in JS_ENUMS.items():
        assert sol in python, f"{sol}: in the app, not in cobuild/protocol.py"
        assert app_enums[name] == _python_names(python[sol]), sol
    assert app_enums["JOURNEY"] == [p for p in app_enums["PHASES"] if p != "Failed"]


def test_every_constant_is_the_contracts(solidity_constants):
    for (module, name), sources in PYTHON_CONSTANTS.items():
        for sol in sources:
            assert getattr(module, name) == solidity_constants[sol], f"{module.__name__}.{name}"
    for (path, name), sources in JS_CONSTANTS.items():
        text = (ROOT / path).read_text()
        defined = re.findall(rf"^export const {name} = ([^;]+);", text, re.M)
        assert len(defined) == 1, f"{path}: {name} defined {len(defined)} times"
        for sol in sources:
            assert _evaluate(defined[0]) == solidity_constants[sol], f"{path} {name} != {sol}"


def test_the_scenario_format_keeps_its_keywords():
    """The format's phases and hostile modes are computed from the enums; a renamed member would
    rename a YAML keyword, so the keywords are pinned here (docs/scenarios.md)."""
    assert scenario_format.PHASES == (
        "ideation",
        "finalizing",
        "rescue",
        "development",
        "testing",
        "presale",
        "closed",
    )
    assert scenario_format.TRAVEL_PHASES == (
        "finalizing",
        "development",
        "testing",
        "presale",
        "closed",
    )
    assert scenario_format.HOSTILE_MODES == ("accept", "revert", "burn_gas", "reenter")
    used = {p for phases in scenario_format.STEP_PHASES.values() for p in phases}
    assert used <= set(scenario_format.PHASES)


def test_the_models_settlement_labels_are_the_bookings_reasons(solidity_enums):
    snake = {
        re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() for n in solidity_enums["IBookings.SettleReason"]
    }
    text = Path(services_model.__file__).read_text()
    assert set(re.findall(r"self\._split\(b, \"(\w+)\"", text)) == snake
    player = (ROOT / "cobuild" / "scenario" / "services.py").read_text()
    groups = re.findall(r"^(?:COMPLETED|CANCELLED|REFUNDED) = \{(.*)\}$", player, re.M)
    assert len(groups) == 3
    assert {x.strip().strip('"') for g in groups for x in g.split(",")} == snake
