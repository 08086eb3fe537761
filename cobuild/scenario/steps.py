# SPDX-License-Identifier: MIT
"""The step catalogue: one pydantic class per step kind, in one place each.

A class holds the step's typed fields (notation.py: an `Amount` counts in the scenario's token, an
`Actor` must be declared), the phases it runs in, its `check` against what the steps before it
made (a rescue needs earlier backers, an award an earlier bond), what it pays in (`payments`: the
runner funds and mints for it) and its `play` on the chain through the runner (runner.py). A new
kind is a new class here: defining it puts it in `STEPS` (tests/scenarios/test_new_step_kind.py
adds one).

In a file a step is `{kind: {fields}}`, a bare word (`finalize`) or `{kind: value}` for a step
with one main field (`phase: development`, `wait: +2d`); `parse_steps` validates them as the
discriminated union of the kinds and collects every error with its place
(`steps[3].invest.amount`)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, TypeAlias, Union, get_args, get_origin

from eth_utils import keccak
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter
from pydantic import ValidationError as PydanticError

from cobuild.model import ranking
from cobuild.protocol import RankBy, content
from cobuild.scenario.notation import (
    CLAIM_KINDS,
    PHASES,
    TRAVEL_PHASES,
    Actor,
    Actors,
    Amount,
    AmountOrAll,
    AmountOrToCost,
    Batch,
    Combo,
    Combos,
    ComboSet,
    ConditionIndex,
    Count,
    Duration,
    FailPerCombo,
    Flag,
    Mode,
    Names,
    PerCombo,
    Scenario,
    Text,
    role,
)

# the runner (runner.py) that plays the steps; it imports this module, so it is not imported here
Runner: TypeAlias = Any


class RunError(RuntimeError):
    """A step could not be played; the message names the file and the place. `report` is the
    report of everything played before it, marked incomplete (None before the project opened)."""

    report: dict | None = None


class Check:
    """What the steps so far made (phase, backers, add-ons, bonds); errors at the step's place."""

    def __init__(self, s: Scenario, errors: list[tuple[str, str]]):
        self.s, self.errors, self.place, self.phase = s, errors, "", "ideation"
        self.invested: dict[str, set[str]] = {}  # combo -> backers so far
        self.addons: set[str] = set()
        self.bonds: set[str] = set()

    def error(self, field: str | None, message: str) -> None:
        self.errors.append((f"{self.place}.{field}" if field else self.place, message))


STEPS: dict[str, type[Step]] = {}  # kind -> class, in the order they are defined below


class Step(BaseModel):
    """A step kind: a subclass with a `kind: Literal["<kind>"]` field is in the catalogue."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    phases: ClassVar[tuple[str, ...]] = ()  # the phases it runs in (none: any)
    scalar: ClassVar[str | None] = None  # `{wait: +2d}`: the field a plain value fills
    words: ClassVar[tuple[str, ...]] = ()  # plain values meaning every default (`claim: all`)
    after: ClassVar[str | None] = None  # the phase after it, even when it is wrong (finalize)
    _place: str = PrivateAttr("")
    _phase: str = PrivateAttr("")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        kind = cls.model_fields.get("kind")
        if kind is not None and kind.default not in STEPS:
            STEPS[kind.default] = cls

    @property
    def place(self) -> str:
        """Where the step is in its file: `steps[3].invest`."""
        return self._place

    @property
    def phase(self) -> str:
        """The phase the validator expects the step to run in."""
        return self._phase

    def check(self, c: Check) -> None:
        """Cross-references with the scenario and the steps before: `c.error(field, message)`."""

    def then(self, phase: str) -> str:
        """The phase after the step."""
        return self.after or phase

    def payments(self, s: Scenario) -> list[tuple[str, int]]:
        """(actor, base units) the step pays in: each payer is minted to and approves, and on a
        live network is funded with it in ETH."""
        return []

    def play(self, r: Runner) -> None:
        raise NotImplementedError

    def send(self, r: Runner, who: str, fn: str, *args: Any, to: Any = None, **kw: Any) -> None:
        """A transaction of the step: `who` calls `fn` on the project (or `to`)."""
        r.tx(who, to or r.project, fn, *args, place=self.place, **kw)

    def _either(self, c: Check, one: str, many: str) -> None:
        if (one in self.model_fields_set) == (many in self.model_fields_set):
            c.error(None, f"give either '{one}' or '{many}'")


def _on_chain(r: Runner, name: str) -> int:
    if name not in r.combo_ids:
        raise RunError(f"combination {name} was never funded, so it is not on chain")
    return r.combo_ids[name]


def _size(s: Scenario, combos: ComboSet) -> int:
    return len(combos.names) if combos.names else len(s.combinations)


# ---------------------------------------------------------------- ideation and selection


class _Backers(Step):
    """Backers (`backer:` for one) acting for a combination."""

    backer: Actors | None = None
    backers: Actors | None = None
    combo: Combo

    @property
    def who(self) -> tuple[str, ...]:
        return self.backers or self.backer or ()

    def check(self, c: Check) -> None:
        self._either(c, "backer", "backers")


class Invest(_Backers):
    """Each backer invests `amount` (`to_cost`: up to the prototype cost, in the rescue window)."""

    kind: Literal["invest"] = "invest"
    phases = ("ideation", "rescue", "presale")
    amount: AmountOrToCost

    def check(self, c: Check) -> None:
        super().check(c)
        if self.amount == "to_cost" and c.phase != "rescue":
            c.error("amount", "to_cost is a rescue top-up: rescue phase only")
        field = "backer" if self.backer else "backers"
        for b in self.who if c.phase == "rescue" else ():
            if b not in c.invested.get(self.combo, set()):
                c.error(field, f"{b} cannot rescue {self.combo}: only its backers may top it up")
        if c.phase == "ideation":
            c.invested.setdefault(self.combo, set()).update(self.who)

    def payments(self, s: Scenario) -> list[tuple[str, int]]:
        amount = s.combo_cost(self.combo) if self.amount == "to_cost" else self.amount
        return [(b, int(amount)) for b in self.who]

    def play(self, r: Runner) -> None:
        name, amount = self.combo, self.amount
        if amount == "to_cost":
            c = r.state([name])[name]
            amount = c["cost"] - c["funded"]
            if amount <= 0:
                raise RunError(f"{name} is already funded to its cost")
        label = "invest (rescue)" if r.phase_label == "rescue" else "invest"
        for backer in self.who:
            value = r.pay_value(amount)
            if name not in r.combo_ids:
                combo_id = r.combo_ids[name] = len(r.combo_ids) + 1
                options = [r.option_ids[k] for k in r.s.combinations[name]]
                expect = [("CombinationCreated", "combo", combo_id)]
                kind = "invest (new combination)"
                self.send(
                    r, backer, "investInNew", options, amount, value=value, kind=kind, expect=expect
                )
            else:
                self.send(r, backer, "invest", r.combo_ids[name], amount, value=value, kind=label)
            r.positions[r.combo_ids[name]].add(r.addr[backer])


class Rescue(Invest):
    """An investment in the rescue window only: a top-up by the combination's backers."""

    kind: Literal["rescue"] = "rescue"  # type: ignore[assignment]
    phases = ("rescue",)


class Argue(_Backers):
    """Each backer publishes an argument (its text, emitted) for a combination it backs."""

    kind: Literal["argue"] = "argue"
    phases = ("ideation", "finalizing", "rescue")
    text: Text = ""

    def check(self, c: Check) -> None:
        super().check(c)
        for b in self.who if c.phase == "ideation" else ():
            if b not in c.invested.get(self.combo, set()):
                c.error(None, f"{b} argues for {self.combo} without backing it first")

    def play(self, r: Runner) -> None:
        for backer in self.who:
            self.send(r, backer, "argue", _on_chain(r, self.combo), self.text)


class Finalize(Step):
    """Travel to the end of ideation and submit the ranking, in batches."""

    kind: Literal["finalize"] = "finalize"
    phases = ("ideation", "finalizing")
    after = "rescue"
    by: Actor | None = None  # the creator
    batch: Batch = 250

    def play(self, r: Runner) -> None:
        r.sender.flush()
        if r.sender.now() < r.ideation_end:
            r.sender.travel(r.ideation_end)
        by = RankBy[r.s.project.rank_by.capitalize()]
        order = [
            k[2]
            for k in sorted(
                ranking.rank_key(r.combo_ids[n], c["supporters"], c["funded"], by)
                for n, c in r.state().items()
            )
        ]
        for start in range(0, max(len(order), 1), self.batch):
            chunk = order[start : start + self.batch]
            gas = 300_000 + 40_000 * len(chunk)
            self.send(r, self.by or r.s.creator, "finalize", start, chunk, gas=gas)
        events = [name for m in r.sender.flush() for name, _, _ in m.events]
        r.launch_failed = "LaunchFailed" in events
        r.phase_label = "failed" if r.launch_failed else "rescue"
        r._checkpoint("finalized")


class Phase(Step):
    """Travel to the start of a later phase: `phase: development`."""

    kind: Literal["phase"] = "phase"
    scalar = "to"
    to: Annotated[str, Field(json_schema_extra={"enum": list(TRAVEL_PHASES)})]

    def check(self, c: Check) -> None:
        if self.to not in TRAVEL_PHASES:
            c.error(None, f"unknown phase {self.to!r} (travel to: {', '.join(TRAVEL_PHASES)})")
            return
        if PHASES.index(self.to) < PHASES.index(c.phase if c.phase in PHASES else "closed"):
            c.error(None, f"cannot go back from {c.phase} to {self.to}")
        if self.to != "finalizing" and c.phase in ("ideation", "finalizing"):
            c.error(None, f"cannot reach {self.to} before the finalize step")

    def then(self, phase: str) -> str:
        return self.to if self.to in TRAVEL_PHASES else phase

    def play(self, r: Runner) -> None:
        target = self.to
        if r.launch_failed:
            raise RunError(f"the launch failed at finalization: there is no {target} phase")
        if target == "finalizing":
            when = r.ideation_end
        else:
            ends = r.sender.view(r.project, "schedule")  # rescue, development, testing, presale
            if ends[0] == 0:
                raise RunError(f"cannot reach {target}: the project is not finalized")
            when = ends[TRAVEL_PHASES.index(target) - 1]
        r.sender.travel(when)
        r.phase_label = target
        now = r.phase_now()
        if now.name.lower() != target:
            raise RunError(f"expected the {target} phase, the chain is in {now.name}")
        r._checkpoint(target)


class Wait(Step):
    """Let time pass: `wait: +30d`."""

    kind: Literal["wait"] = "wait"
    scalar = "seconds"
    seconds: Duration

    def play(self, r: Runner) -> None:
        r.sender.travel(r.sender.now() + self.seconds)


# ---------------------------------------------------------------- R&D and testing


class Deliver(Step):
    """Every maker of each combination delivers its part, except those `missing`."""

    kind: Literal["deliver"] = "deliver"
    phases = ("development",)
    combos: Combos = ComboSet(selector="prototypes")
    missing: PerCombo = {}
    text: Text = "delivery report"

    def play(self, r: Runner) -> None:
        for name in r.resolve(self.combos):
            missing = set(self.missing.get(name, []))
            for d, key in enumerate(r.s.combinations[name]):
                if d not in missing:
                    digest = keccak(text=f"{self.text}: {name}/{d}")
                    maker = r.s.options[key].maker
                    self.send(r, maker, "deliver", r.combo_ids[name], d, digest)
        r.sender.flush()


def _inspectors(s: Scenario, given: tuple[str, ...] | None) -> tuple[str, ...]:
    return given if given is not None else s.roles.get("inspectors", ())[: s.project.quorum]


class Test(Step):
    """The inspectors record a verdict under every condition: pass, except those in `fail`."""

    kind: Literal["test"] = "test"
    phases = ("testing",)
    combos: Combos = ComboSet(selector="delivered")
    inspectors: role("inspectors", many=True) | None = None  # the first quorum
    fail: FailPerCombo = {}
    text: Text = "test report"

    def play(self, r: Runner) -> None:
        fails_to_drop = len(r.s.roles["inspectors"]) - r.s.project.quorum + 1
        for name in r.resolve(self.combos):
            failing = set(self.fail.get(name, []))
            fails = r._fails.setdefault(name, defaultdict(int))
            # passing conditions first: once a condition's fails make its quorum unreachable the
            # prototype is dropped and takes no more verdicts
            conditions = range(len(r.s.project.conditions))
            for cond in [c for c in conditions if c not in failing] + sorted(failing):
                for inspector in _inspectors(r.s, self.inspectors):
                    if any(n >= fails_to_drop for n in fails.values()):
                        break
                    digest = keccak(text=f"{self.text}: {name}/{cond}")
                    self.send(
                        r,
                        inspector,
                        "recordVerdict",
                        r.combo_ids[name],
                        cond,
                        cond not in failing,
                        digest,
                    )
                    fails[cond] += cond in failing
        r.sender.flush()


class Verdict(Step):
    """One inspector's verdict on one condition of one combination."""

    kind: Literal["verdict"] = "verdict"
    phases = ("testing",)
    combo: Combo
    condition: ConditionIndex
    inspector: role("inspectors") | None = None  # the first inspector
    passed: Flag = Field(True, alias="pass")
    text: Text = "test report"

    def play(self, r: Runner) -> None:
        combo = _on_chain(r, self.combo)
        r._fails.setdefault(self.combo, defaultdict(int))[self.condition] += not self.passed
        inspector = self.inspector or r.s.roles["inspectors"][0]
        self.send(
            r,
            inspector,
            "recordVerdict",
            combo,
            self.condition,
            self.passed,
            keccak(text=self.text),
        )


# ---------------------------------------------------------------- presale


class Terms(Step):
    """The creator sets each model's presale price and minimum orders."""

    kind: Literal["terms"] = "terms"
    phases = ("presale",)
    combos: Combos = ComboSet(selector="models")
    price: Amount
    min_orders: Count

    def play(self, r: Runner) -> None:
        for name in r.resolve(self.combos):
            self.send(
                r, r.s.creator, "setModelTerms", r.combo_ids[name], self.price, self.min_orders
            )


NUMBERED = {"addon": ("AddonOffered", "addonId"), "bond": ("BondCommitted", "bondId")}


class _Numbered(Step):
    """An add-on or a bond for each combination of the set: the contract numbers them from 1
    in the order they come, so the id each gets is known before it is sent."""

    combos: Combos
    name: Text | None = None  # `addon-<n>`, `bond-<n>`

    def _each(self, r: Runner, who: str, fn: str, args: tuple, value: int = 0) -> None:
        event, id_field = NUMBERED[self.kind]
        registry = r.addons if self.kind == "addon" else r.bonds
        for name in r.resolve(self.combos):
            number = r._count_of[self.kind] = r._count_of[self.kind] + 1
            registry[(self.name, name)] = number
            self.send(
                r,
                who,
                fn,
                r.combo_ids[name],
                *args,
                value=value,
                expect=[(event, id_field, number)],
            )


class Addon(_Numbered):
    """A merchant offers an add-on for each combination of the set."""

    kind: Literal["addon"] = "addon"
    phases = ("presale",)
    merchant: role("merchants")
    price: Amount
    text: Text | None = None  # the name

    def check(self, c: Check) -> None:
        self.name = self.name or f"addon-{len(c.addons) + 1}"
        c.addons.add(self.name)

    def play(self, r: Runner) -> None:
        text = content(self.name, digest=keccak(text=self.text or self.name))
        self._each(r, self.merchant, "offerAddon", (self.price, text))


class Order(Step):
    """Each buyer orders a model (round robin over `combos`) with the add-ons named."""

    kind: Literal["order"] = "order"
    phases = ("presale",)
    buyer: Actors | None = None
    buyers: Actors | None = None
    combo: Combo | None = None
    combos: Combos | None = None
    addons: Names = ()

    @property
    def who(self) -> tuple[str, ...]:
        return self.buyers or self.buyer or ()

    def check(self, c: Check) -> None:
        self._either(c, "buyer", "buyers")
        self._either(c, "combo", "combos")
        for a in self.addons:
            if a not in c.addons:
                c.error("addons", f"unknown add-on {a!r} (offer it in an addon step)")

    def payments(self, s: Scenario) -> list[tuple[str, int]]:
        prices = [st.price for st in s.steps if isinstance(st, Terms)] or [0]
        addons = sum(st.price for st in s.steps if isinstance(st, Addon))
        return [(b, max(prices) + addons) for b in self.who]

    def play(self, r: Runner) -> None:
        combos = r.resolve(self.combos or ComboSet(names=(self.combo or "",)))
        if not combos:
            raise RunError("no combination to order")
        state = r.state(combos)
        addon_prices = {}
        if r.addons:
            ids = sorted(r.addons.values())
            views = r.sender.views([(r.project, "addon", (i,)) for i in ids])
            addon_prices = {i: v[2] for i, v in zip(ids, views, strict=True)}
        for j, buyer in enumerate(self.who):
            name = combos[j % len(combos)]
            ids = sorted(r.addons[(a, name)] for a in self.addons if (a, name) in r.addons)
            total = state[name]["price"] + sum(addon_prices[i] for i in ids)
            if name not in r.order_count:
                r.order_count[name] = state[name]["orders"]
            index = r.order_count[name]
            r.order_count[name] += 1
            r.orders[name].append((index, r.addr[buyer]))
            self.send(
                r,
                buyer,
                "order",
                r.combo_ids[name],
                ids,
                value=r.pay_value(total),
                expect=[("Ordered", "orderIndex", index)],
            )


class Bond(_Numbered):
    """A provider commits an after-sales bond for each combination of the set."""

    kind: Literal["bond"] = "bond"
    phases = ("presale",)
    provider: role("providers")
    amount: Amount
    warranty: Duration

    def check(self, c: Check) -> None:
        self.name = self.name or f"bond-{len(c.bonds) + 1}"
        if self.name in c.bonds:
            c.error("name", f"bond name {self.name} is used twice")
        c.bonds.add(self.name)

    def payments(self, s: Scenario) -> list[tuple[str, int]]:
        return [(self.provider, self.amount * _size(s, self.combos))]

    def play(self, r: Runner) -> None:
        args = (self.amount, self.warranty, content(self.name))
        self._each(r, self.provider, "commitBond", args, value=r.pay_value(self.amount))


# ---------------------------------------------------------------- after the presale


class Award(Step):
    """The inspectors grant a buyer an award from a bond."""

    kind: Literal["award"] = "award"
    phases = ("closed",)
    bond: Text
    combo: Combo
    buyer: Actor
    amount: Amount
    inspectors: role("inspectors", many=True) | None = None  # the first quorum
    evidence: Text = "evidence"

    def check(self, c: Check) -> None:
        if self.bond not in c.bonds:
            c.error("bond", f"unknown bond {self.bond!r} (commit it in a bond step)")
        n, quorum = len(_inspectors(c.s, self.inspectors)), c.s.project.quorum
        if n < quorum:
            c.error("inspectors", f"{n} inspectors cannot reach the quorum of {quorum}")

    def play(self, r: Runner) -> None:
        bond = r.bonds.get((self.bond, self.combo))
        if bond is None:
            raise RunError(f"bond {self.bond} was not committed for {self.combo}")
        buyer = r.addr[self.buyer]
        indexes = [i for i, b in r.orders.get(self.combo, []) if b == buyer]
        if not indexes:
            raise RunError(f"{self.buyer} has no order of {self.combo}")
        evidence = keccak(text=self.evidence)
        for k, inspector in enumerate(_inspectors(r.s, self.inspectors)):
            expect = [("AwardGranted", "bondId", bond)] if k == r.s.project.quorum - 1 else []
            self.send(
                r, inspector, "approveAward", bond, indexes[0], self.amount, evidence, expect=expect
            )


class Revenue(Step):
    """Revenue paid into each combination of the set."""

    kind: Literal["revenue"] = "revenue"
    phases = ("closed",)
    payer: Actor = Field(alias="from")
    combos: Combos
    amount: Amount

    def payments(self, s: Scenario) -> list[tuple[str, int]]:
        return [(self.payer, self.amount * _size(s, self.combos))]

    def play(self, r: Runner) -> None:
        for name in r.resolve(self.combos):
            self.send(
                r,
                self.payer,
                "depositRevenue",
                r.combo_ids[name],
                self.amount,
                value=r.pay_value(self.amount),
            )


class Transfer(Step):
    """Shares of a combination change hands (`amount: all` by default)."""

    kind: Literal["transfer"] = "transfer"
    phases = ("closed",)
    holder: Actor = Field(alias="from")
    to: Actor
    combo: Combo
    amount: AmountOrAll = "all"

    def play(self, r: Runner) -> None:
        combo = _on_chain(r, self.combo)
        holder, to = r.addr[self.holder], r.addr[self.to]
        amount = self.amount
        if amount == "all":
            amount = r.sender.view(r.project, "sharesOf", combo, holder)
            if amount == 0:
                raise RunError(f"{self.holder} holds no shares of {self.combo}")
        token_id = (int(r.project.address, 16) << 96) | combo
        self.send(
            r,
            self.holder,
            "safeTransferFrom",
            holder,
            to,
            token_id,
            amount,
            b"",
            kind="transfer shares",
            to=r.shares,
        )
        r.positions[combo].add(to)


class Claim(Step):
    """Everyone (or `actors`) withdraws what is owed (of `kinds`): `claim: everyone`."""

    kind: Literal["claim"] = "claim"
    words = ("everyone", "all")
    actors: Actors | None = None  # everyone
    kinds: Annotated[Names, Field(json_schema_extra={"items": {"enum": list(CLAIM_KINDS)}})] = (
        CLAIM_KINDS
    )

    def check(self, c: Check) -> None:
        for k in self.kinds:
            if k not in CLAIM_KINDS:
                c.error("kinds", f"unknown claim {k!r} ({', '.join(CLAIM_KINDS)})")
        if c.phase == "ideation":
            c.error(None, "nothing can be claimed during ideation")

    def play(self, r: Runner) -> None:
        who = None if self.actors is None else {r.addr[n] for n in self.actors}
        by_address = {v: k for k, v in r.addr.items()}
        for kind, sender, fn, args in r.claimable():
            if kind in self.kinds and (who is None or sender in who) and sender in by_address:
                self.send(r, by_address[sender], fn, *args, kind=f"claim: {kind}")
        r.sender.flush()


class Close(Step):
    """The creator closes each model's presale."""

    kind: Literal["close"] = "close"
    phases = ("closed",)
    combos: Combos = ComboSet(selector="models")

    def play(self, r: Runner) -> None:
        closed = r._closed()
        for name in r.resolve(self.combos):
            if r.combo_ids[name] not in closed:
                self.send(r, r.s.creator, "closeModel", r.combo_ids[name])


class Hostile(Step):
    """`hostile: {actor: e-assist, mode: accept}`: a contract actor changes its answer."""

    kind: Literal["hostile"] = "hostile"
    actor: str
    mode: Mode

    def check(self, c: Check) -> None:
        if self.actor not in c.s.hostile:
            c.error("actor", f"{self.actor!r} is not listed under actors.hostile")

    def play(self, r: Runner) -> None:
        r._set_mode(self.actor, self.mode, self.place)


# ---------------------------------------------------------------- the catalogue

STEP_PHASES = {kind: cls.phases for kind, cls in STEPS.items() if cls.phases}


@cache
def _union(kinds: tuple[type[Step], ...]) -> TypeAdapter:
    """The step kinds told apart by `kind` (in a file, the key of the step's mapping): a
    discriminated union, built again once a kind is added to the catalogue."""
    return TypeAdapter(Annotated[Union[kinds], Field(discriminator="kind")])  # noqa: UP007


def _model_at(model: Any, path: list) -> Any:
    """The pydantic model at a path of a validated document (the fields a mapping there takes)."""
    for part in path:
        if isinstance(model, dict):  # the catalogue: the step's kind
            model = model.get(part)
        elif isinstance(model, type) and issubclass(model, BaseModel):
            fields = {f.alias or n: f for n, f in model.model_fields.items()}
            model = fields[part].annotation if part in fields else None
        else:  # a dict's values, a list's items, an optional's value
            model = next((a for a in reversed(get_args(model)) if a is not type(None)), None)
        while get_origin(model) in (Union, UnionType):
            model = next(a for a in get_args(model) if a is not type(None))
    return model


def errors_of(
    exc: PydanticError, place: str, model: Any, scalar: str | None = None
) -> list[tuple[str, str]]:
    """pydantic's errors as (place, message): `steps[0].invest.amount: not an amount: 'lots'`."""
    out = []
    for e in exc.errors():
        loc, kind = [p for p in e["loc"] if p != "[key]"], e["type"]
        message = str(e["ctx"]["error"]) if kind == "value_error" else e["msg"]
        if kind == "missing":
            *loc, field = loc
            message = "missing its value" if field == scalar else f"missing field '{field}'"
        elif kind == "extra_forbidden":
            within = _model_at(model, loc[:-1])
            if isinstance(within, type) and issubclass(within, BaseModel):
                names = [f.alias or n for n, f in within.model_fields.items() if n != "kind"]
                message = f"unknown field (expected one of: {', '.join(names)})"
            else:
                message = "unknown field"
        loc = [p for p in loc if p != scalar]
        where = place + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        where = where.removeprefix(".")
        out.append((where or "top level", message))
    return out


def parse_steps(s: Scenario, raw_steps: list, errors: list[tuple[str, str]]) -> list[Step]:
    """The file's steps validated in order (phases, names, amounts, cross-references)."""
    c, steps = Check(s, errors), []
    for i, raw in enumerate(raw_steps):
        c.place = place = f"steps[{i}]"
        if isinstance(raw, str):
            kind, value = raw, None
        elif isinstance(raw, dict) and len(raw) == 1:
            kind, value = next(iter(raw.items()))
        else:
            c.error(None, "a step is one mapping like {invest: {...}} or a bare word")
            continue
        cls = STEPS.get(kind)
        if cls is None:
            c.error(None, f"unknown step {kind!r} (known: {', '.join(STEPS)})")
            continue
        c.place = place = f"{place}.{kind}"
        if cls.phases and c.phase not in cls.phases and c.phase != "failed":
            c.error(None, f"cannot run in the {c.phase} phase (runs in: {', '.join(cls.phases)})")
        if value is None or value in cls.words:
            value = {}
        elif cls.scalar and not isinstance(value, dict):
            value = {cls.scalar: value}
        elif not isinstance(value, dict):
            c.error(None, f"must be a mapping, got {type(value).__name__}")
            continue
        try:
            step = _union(tuple(STEPS.values())).validate_python(
                {**value, "kind": kind}, context={"s": s}
            )
        except PydanticError as exc:
            errors.extend(errors_of(exc, f"steps[{i}]", STEPS, cls.scalar))
            c.phase = cls.after or c.phase
            continue
        step._place, step._phase = place, c.phase
        step.check(c)
        c.phase = step.then(c.phase)
        steps.append(step)
    return steps
