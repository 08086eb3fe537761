# SPDX-License-Identifier: MIT
"""The scenario runner: plays a scenario file through the real contracts on a chain.

Shared by `cobuild demo` and `cobuild scenario` (cobuild/commands/play.py), the benchmark and the
tests. `play(path)` validates the file first (nothing is sent when it is malformed), deploys or
finds the platform, opens the project, runs every step, then freezes what the chain recorded
(receipts' events, balances and views: `Runner.record`, a `Recording`) and builds the report from
that alone (cobuild/scenario/report.py), prints a summary and writes `out/<name>.json` and
`out/<name>.png`.

The chain is a `ChainPort` (cobuild/chain/port.py): brownie's network by default (the commands
and the tests), or any node by URL (`python -m cobuild.commands.play` starts its own anvil).
Contracts are deployed from the build's artifacts through the Sender; no brownie is imported.

On a development network transactions are batched (see sender.DevSender); on a live network each
actor signs with a key derived from `COBUILD_ACTOR_SEED`, the deployer funds them, and the
platform must already be deployed there (`cobuild deploy`).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from eth_utils import keccak

from cobuild.chain.actors import actor_address
from cobuild.chain.artifacts import project_abi
from cobuild.chain.port import ChainPort, deploy_platform
from cobuild.chain.rpc import Codec, Rpc
from cobuild.chain.sender import DevSender, Handle, LiveSender, Sender, Tx, TxFailed, live_key
from cobuild.chain.spec import ProjectSpec
from cobuild.protocol import ZERO_ADDRESS, Phase, RankBy, Status, content
from cobuild.scenario.format import HOSTILE_MODES, ComboSet, Scenario, load
from cobuild.scenario.recording import Checkpoint, ContractActor, Recording, Transaction
from cobuild.scenario.report import build_report, check_expectations, summary_text, write_outputs
from cobuild.scenario.steps import RunError, Step

MAX_APPROVAL = 2**256 - 1
DEV_MINT = 10**30
GAS = {  # gas limits on the development chain (unused gas is not charged)
    "createProject": 2_000_000,
    "deploy": 8_000_000,
}
DEFAULT_GAS = 1_500_000
REFUNDABLE = (Status.NotSelected, Status.Dropped, Status.PresaleFailed)
MODEL_STATUSES = (Status.Model, Status.Succeeded, Status.PresaleFailed)
STATUS_OF_SELECTOR = {
    "selected": (
        Status.Selected,
        Status.Prototype,
        Status.Dropped,
        Status.Model,
        Status.Succeeded,
        Status.PresaleFailed,
    ),
    "eliminated": (Status.Eliminated, Status.NotSelected),
    "prototypes": (Status.Selected, Status.Prototype),
    "dropped": (Status.Dropped,),
    "models": MODEL_STATUSES,
    "succeeded": (Status.Succeeded,),
    "presale_failed": (Status.PresaleFailed,),
}


@dataclass
class RunResult:
    scenario: Scenario
    report: dict
    summary: str
    json_path: Path | None
    png_path: Path | None


def play(
    scenario: str | Path | Scenario,
    out_dir: str | Path | None = "out",
    progress: bool = True,
    chart: bool = True,
    echo: bool = True,
    between_steps: Callable[[Runner, int], None] | None = None,
    port: ChainPort | None = None,
) -> RunResult:
    """Validate, play and report a scenario on `port` (default: brownie's active network).
    `between_steps(runner, played)` is called after each step (e.g. `Runner.restart_node`,
    tests/scenarios/test_chain_restart.py)."""
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)  # raises ScenarioError before anything touches the chain
    runner = Runner(scenario, progress=progress, between_steps=between_steps, port=port)
    try:
        report = runner.run()
    except RunError as exc:
        if out_dir is not None and exc.report is not None:
            json_path, _ = write_outputs(exc.report, Path(out_dir), chart=False)
            exc.args = (f"{exc}\n(the report of what was played is in {json_path})",)
        raise
    json_path = png_path = None
    if out_dir is not None:
        json_path, png_path = write_outputs(report, Path(out_dir), chart=chart)
    text = summary_text(report, json_path, png_path)
    if echo:
        print(text)
    return RunResult(scenario, report, text, json_path, png_path)


class Runner:
    """Plays one scenario. Steps queue transactions; views flush the queue first."""

    def __init__(
        self,
        scenario: Scenario,
        progress: bool = True,
        between_steps: Callable[[Runner, int], None] | None = None,
        port: ChainPort | None = None,
    ):
        self.s = scenario
        self.port = port  # None: brownie's network, found when the run connects
        self.between_steps = between_steps
        self.progress = progress and sys.stderr.isatty()
        self.combo_ids: dict[str, int] = {}
        self.option_ids: dict[str, int] = {}
        self.addons: dict[tuple[str, str], int] = {}  # (add-on name, combo) -> id
        self._count_of: dict[str, int] = {"addon": 0, "bond": 0}  # add-ons and bonds offered
        self._fails: dict[str, dict[int, int]] = {}  # combination -> condition -> fail verdicts
        self.bonds: dict[tuple[str, str], int] = {}  # (bond name, combo) -> id
        self.orders: dict[str, list[tuple[int, str]]] = defaultdict(list)  # combo -> (index, buyer)
        self.order_count: dict[str, int] = {}
        self.positions: dict[int, set[str]] = defaultdict(set)  # combo id -> holders
        self.checkpoints: list[Checkpoint] = []
        self.phase_label = "setup"
        self.launch_failed = False
        self.notes: list[str] = []
        # contract actors (actors.hostile): operator account, contract, current mode, and what
        # each re-entry attempt came to (hook calls, whether one succeeded, what it returned)
        self.operators: dict[str, str] = {}
        self.hostiles: dict[str, Handle] = {}
        self.modes: dict[str, str] = {}
        self.reentries: dict[str, list[dict]] = defaultdict(list)

    # ------------------------------------------------------------ setup

    def _connect(self) -> None:
        if self.port is None:
            self.port = ChainPort.from_brownie()
        port = self.port
        self.live = port.live
        self.network = port.network
        self.rpc = port.rpc
        factory, shares, token = (
            port.artifact(n) for n in ("CobuildFactory", "CobuildShares", "TestToken")
        )
        hostile = port.artifact("HostileActor")
        self.project_codec = Codec(project_abi(port.build))
        self.factory_codec = factory.codec()
        self.shares_codec = shares.codec()
        self.token_codec = token.codec()
        self.hostile_codec = hostile.codec()
        self.hostile_bytecode = hostile.bytecode
        # an 18-decimal token is the plain TestToken; another count of decimals needs its own
        decimals = self.s.token.decimals
        self.token_bytecode, self.token_args = (
            (token.bytecode, ([], []))
            if decimals == 18
            else (port.artifact("DecimalsToken").bytecode, (["uint8"], [decimals]))
        )
        events = Codec(project_abi(port.build), factory.abi, shares.abi, token.abi)
        self.chain_id = int(self.rpc.call("eth_chainId"), 16)
        self.addr: dict[str, str] = {}
        if self.live:
            self._connect_live(events)
        else:
            self._connect_dev(events)

    def _connect_dev(self, events: Codec) -> None:
        assert self.port is not None
        self.addr = {name: actor_address(name) for name in self.s.actors}
        self.sender: Sender = DevSender(self.rpc, events, mine=self.port.mine)
        self.sender.prepare(list(self.addr.values()))
        # the node's first unlocked account (brownie's accounts[0]) deploys, as it always has
        self.deployer = self.port.accounts()[0]
        # on a sender of its own: the platform is the stage, not the story (its transactions stay
        # out of the report's counts and gas, as when brownie deployed it)
        platform = deploy_platform(
            self.port, DevSender(self.rpc, events), self.deployer, self.addr[self.s.treasury]
        )
        self.factory = Handle(platform.factory.address, self.factory_codec)
        self.shares = Handle(platform.shares.address, self.shares_codec)
        self._cast_contract_actors()

    def _cast_contract_actors(self) -> None:
        """Each actor under `actors.hostile` is a HostileActor contract, deployed by the actor's
        own account, which then operates it: the contract holds the actor's money and acts
        through `execute`, so every role (and every payment to it) meets a contract."""
        names = list(self.s.hostile)
        for name in names:
            self.tx(
                self.addr[name],
                None,
                "0x" + self.hostile_bytecode.removeprefix("0x"),
                kind="deploy contract actor",
                place=f"actors.hostile.{name}",
                gas=GAS["deploy"],
            )
        for name, mined in zip(names, self.sender.flush(), strict=True):
            self.operators[name] = self.addr[name]
            self.addr[name] = mined.contract_address
            self.hostiles[name] = Handle(mined.contract_address, self.hostile_codec)
        self.sender.prepare([self.addr[n] for n in names])  # the contracts hold the actors' ETH
        for name, mode in self.s.hostile.items():
            self._set_mode(name, mode, f"actors.hostile.{name}")
        self.sender.flush()

    def _set_mode(self, name: str, mode: str, place: str) -> None:
        self.modes[name] = mode
        self.tx(
            self.operators[name],
            self.hostiles[name],
            "setMode",
            HOSTILE_MODES.index(mode),
            kind="contract actor: mode",
            place=place,
        )

    def _connect_live(self, events: Codec) -> None:
        from eth_account import Account

        from cobuild.chain.port import deployer_key
        from cobuild.chain.records import recorded_factory

        assert self.port is not None
        if self.s.hostile:
            raise RunError(f"{self.s.path}: actors.hostile casts test contracts: local chains only")
        seed = os.environ.get("COBUILD_ACTOR_SEED")
        if not seed:
            raise RunError(
                f"{self.s.path}: on a live network the actors' keys come from "
                "COBUILD_ACTOR_SEED; set it"
            )
        factory = recorded_factory(self.port)
        if factory is None:
            raise RunError(
                f"no Cobuild platform recorded for chain {self.chain_id}: "
                "run `make deploy NETWORK=<network>` first"
            )
        try:
            funder_key = deployer_key()
        except RuntimeError as exc:
            raise RunError(str(exc)) from exc
        funder = Account.from_key(funder_key).address
        self.factory = Handle(factory, self.factory_codec)
        self.shares = Handle(self.port.view(self.factory, "shares"), self.shares_codec)
        keys = {name: live_key(seed, name) for name in self.s.actors}
        treasury = self.port.view(self.factory, "treasury")
        if treasury == funder:
            keys[self.s.treasury] = funder_key
        else:
            self.notes.append(f"the platform treasury {treasury} is not ours: its claim is skipped")
        keys["__funder__"] = funder_key
        self.sender = LiveSender(self.rpc, events, keys, funder)
        self.addr = {
            name: Account.from_key(keys[name]).address for name in self.s.actors if name in keys
        }
        if treasury != funder:
            self.addr[self.s.treasury] = treasury
        self.deployer = funder
        self.sender.prepare(self._live_needs())

    def _live_needs(self) -> dict[str, int]:
        """What each actor must hold on a live network: its payments (ETH) plus gas."""
        gas_allowance = int(float(self.s.live.get("gas_allowance", 0.05)) * 10**18)
        need: dict[str, int] = defaultdict(int)
        eth = self.s.token.kind == "eth"
        for step in self.s.steps:
            for name, amount in step.payments(self.s):
                if eth:
                    need[name] += amount
        out = {}
        for name, address in self.addr.items():
            if address != self.deployer:
                out[address] = need.get(name, 0) + gas_allowance
        return out

    def reattach(self, rpc: Rpc | None = None) -> None:
        """Go on against `rpc` (default: the node brownie is connected to now): the same chain
        restarted on another node (`cobuild.chain.node.restart_development_node`)."""
        self.rpc = rpc or Rpc.from_brownie()
        if self.port is not None:
            self.port.rpc = self.rpc
        self.sender.reattach(self.rpc)

    def restart_node(self, state_file: str | Path | None = None) -> str:
        """Send what is queued, restart the development node from its dumped state (kept in
        `state_file` if given) and go on against the new one; returns its URL. What the runner
        has recorded (ids, receipts, positions, checkpoints) stays in this process."""
        from cobuild.chain.node import restart_development_node

        if self.live:
            raise RunError(f"{self.s.path}: only a development node is restarted")
        self.sender.flush()
        url = restart_development_node(state_file)
        self.reattach()
        return url

    # ------------------------------------------------------------ running

    def run(self) -> dict:
        started = time.time()
        # import the chart's plotting library while the chain works (it takes seconds)
        threading.Thread(
            target=importlib.import_module, args=(f"{__package__}.chart",), daemon=True
        ).start()
        self._connect()
        bar = None
        if self.progress:
            from tqdm import tqdm

            bar = tqdm(total=len(self.s.steps) + 1, desc=self.s.name, unit="step", leave=False)
            self.sender.on_mined = lambda n: bar.set_postfix(txs=len(self.sender.mined) + n)
        failure: RunError | None = None
        opened, played = False, 0
        try:
            self._open()
            opened = True
            if bar:
                bar.update(1)
            for step in self.s.steps:
                if bar:
                    bar.set_description(f"{self.s.name}: {step.kind}")
                self._step(step)
                played += 1
                if self.between_steps:
                    self.between_steps(self, played)
                if bar:
                    bar.update(1)
            self.sender.flush()
            self._checkpoint("end")
        except TxFailed as exc:
            failure = RunError(f"{self.s.path}: {exc}")
            failure.__cause__ = exc
        except RunError as exc:
            failure = exc
        finally:
            self.sender.queue.clear()  # after a failure nothing half-built stays queued
            self.sender.close()  # the chain's settings as they were (block gas limit)
            if bar:
                bar.close()
        if failure is not None:
            if opened:
                failure.report = self._partial_report(failure, played, time.time() - started)
            raise failure
        self.recording = self.record(time.time() - started)
        report = build_report(self.recording, self.s)
        report["expectations"] = check_expectations(report, self.s.expect)
        return report

    def record(self, seconds: float) -> Recording:
        """What the chain recorded of the run so far, frozen: the report's only input."""
        names = self.created()
        after = self._actor_balances()
        (held,) = self.sender.balances([self.project.address], self.token)
        codecs = {self.project.address: self.project_codec, self.shares.address: self.shares_codec}
        blocks = sorted({m.block for m in self.sender.mined})
        times = self.rpc.batch([("eth_getBlockByNumber", [hex(b), False]) for b in blocks])
        return Recording(
            network=self.network,
            chain_id=self.chain_id,
            live=self.live,
            factory=self.factory.address,
            project=self.project.address,
            shares=self.shares.address,
            token=self.token.address if self.token else None,
            treasury=self.sender.view(self.factory, "treasury"),
            transactions=tuple(Transaction.of(m, codecs) for m in self.sender.mined),
            block_times={
                b: int(block["timestamp"], 16) for b, block in zip(blocks, times, strict=True)
            },
            first_block=self.first_block,
            combo_ids={n: self.combo_ids[n] for n in names},
            combinations=self.state(names) if names else {},
            config=dict(self.sender.config(self.project)),  # a copy of the sender's cache
            selection=self.project_codec.named(
                "selection", self.sender.view(self.project, "selection")
            ),
            held=held,
            addresses=dict(self.addr),
            balances_before=dict(self.balances_before),
            balances_after=after,
            launch_failed=self.launch_failed,
            checkpoints=tuple(self.checkpoints),
            contract_actors={
                name: ContractActor(
                    mode, self.modes[name], tuple(dict(r) for r in self.reentries.get(name, []))
                )
                for name, mode in self.s.hostile.items()
            },
            notes=tuple(self.notes),
            seconds=seconds,
            waited_seconds=getattr(self.sender, "waited", 0.0),
        )

    def _partial_report(self, failure: RunError, played: int, seconds: float) -> dict:
        """The report of the chain as the steps before the failing one left it. A transaction
        is sent when a later step needs the chain, so the failing step is the one whose place
        the message names, else the one being played."""
        self._checkpoint("failed")
        self.recording = self.record(seconds)
        report = build_report(self.recording, self.s)
        index = min(played, len(self.s.steps) - 1)
        named = [i for i, step in enumerate(self.s.steps) if f": {step.place}: " in str(failure)]
        index = named[0] if named else index
        step = self.s.steps[index]
        report["incomplete"] = True
        report["failed_step"] = {
            "index": index,
            "kind": step.kind,
            "place": step.place,
            "line": self.s.lines.get(step.place),
            "error": str(failure).removeprefix(f"{self.s.path}: "),
        }
        report["expectations"] = {}  # a run that stopped is not checked against its ending
        return report

    def _step(self, step: Step) -> None:
        try:
            step.play(self)
        except TxFailed:
            raise
        except RunError as exc:
            raise RunError(f"{self.s.path}: {step.place}: {exc}") from exc

    def tx(
        self,
        sender: str,
        target: Handle | None,
        fn: str,
        *args: Any,
        value: int = 0,
        kind: str | None = None,
        place: str = "",
        expect: list | None = None,
        gas: int | None = None,
    ) -> None:
        data = target.data(fn, *args) if target else fn
        kind = kind or fn
        mode = self.modes.get(sender)
        claim = kind.startswith("claim") and target is not None  # a call that pays its sender
        if mode == "reenter" and claim:
            # when paid, the contract calls the very function that pays it once more
            self.tx(
                self.operators[sender],
                self.hostiles[sender],
                "setHook",
                target.address,
                bytes.fromhex(data.removeprefix("0x")),
                False,
                kind="contract actor: hook",
                place=place,
            )
        self.sender.send(
            Tx(
                self.addr.get(sender, sender),
                target.address if target else None,
                data,
                value,
                gas or GAS.get(fn, DEFAULT_GAS),
                kind,
                place,
                expect or [],
                sender if sender in self.addr else "",
                via=self.operators.get(sender, ""),
                # a contract that refuses its payment fails its own claim, and only that
                may_fail=mode in ("revert", "burn_gas") and claim,
            )
        )
        if mode == "reenter" and claim:
            self._record_reentry(sender, kind, place)

    def _record_reentry(self, name: str, kind: str, place: str) -> None:
        calls, ok, result = self.sender.views(
            [(self.hostiles[name], fn, ()) for fn in ("hookCalls", "lastHookOk", "lastHookResult")]
        )
        error = self.project_codec.decode_error(bytes(result)).removesuffix(": ") if calls else ""
        self.reentries[name].append(
            {"claim": kind, "place": place, "calls": calls, "succeeded": ok, "error": error}
        )

    def pay_value(self, amount: int) -> int:
        return amount if self.token is None else 0

    # ------------------------------------------------------------ opening the project

    def _open(self) -> None:
        s = self.s
        self.token: Handle | None = None
        if s.token.kind == "erc20":
            from cobuild.chain.rpc import abi_encode

            types, values = self.token_args
            data = (
                self.token_bytecode
                + abi_encode(
                    ["string", "string", *types], [s.token.name, s.token.symbol, *values]
                ).hex()
            )
            self.tx(
                self.deployer,
                None,
                "0x" + data.removeprefix("0x"),
                kind="deploy token",
                place="token",
                gas=GAS["deploy"],
            )
            (mined,) = self.sender.flush()
            self.token = Handle(mined.contract_address, self.token_codec)
        p = s.project
        # the file's project parameters the spec names alike, then those it names otherwise
        alike = {f.name for f in fields(ProjectSpec)} & {f.name for f in fields(p)}
        spec = ProjectSpec(
            inspectors=[self.addr[i] for i in s.roles["inspectors"]],
            token=self.token.address if self.token else ZERO_ADDRESS,
            content_hash=keccak(text=p.text or s.title),
            **{name: getattr(p, name) for name in alike - {"rank_by"}},
            development_period=p.development,
            testing_period=p.testing,
            presale_period=p.presale,
            rank_by=RankBy[p.rank_by.capitalize()],
            title=s.title,
            description=p.text,
            dimensions=[d.name for d in s.dimensions],
        )
        self.tx(
            s.creator,
            self.factory,
            "createProject",
            spec.params(self.sender.now()),
            spec.labels(),
            place="project",
        )
        (mined,) = self.sender.flush()
        self.project = Handle(mined.event("ProjectCreated")["project"], self.project_codec)
        self.created_block = mined.block
        self.ideation_end = self.sender.config(self.project)["ideationEnd"]
        option_id = 0
        for d, dim in enumerate(s.dimensions):
            for option in dim.options:
                option_id += 1
                self.option_ids[option.key] = option_id
                self.tx(
                    option.maker,
                    self.project,
                    "offerOption",
                    d,
                    option.quote,
                    content(option.text or option.key, digest=keccak(text=option.text)),
                    place=f"dimensions.{dim.name}.{option.key}",
                    expect=[("OptionOffered", "optionId", option_id)],
                )
        if self.token is not None:
            for name in self._payers():
                self.tx(
                    self.deployer,
                    self.token,
                    "mint",
                    self.addr[name],
                    DEV_MINT,
                    kind="mint",
                    place="token",
                )
                self.tx(
                    name,
                    self.token,
                    "approve",
                    self.project.address,
                    MAX_APPROVAL,
                    kind="approve",
                    place="token",
                )
        self.sender.flush()
        self.balances_before = self._actor_balances()
        self.first_block = int(self.rpc.call("eth_blockNumber"), 16) + 1
        self.phase_label = "ideation"

    def _payers(self) -> list[str]:
        return list(dict.fromkeys(n for step in self.s.steps for n, _ in step.payments(self.s)))

    def _actor_balances(self) -> dict[str, int]:
        names = list(self.addr)
        values = self.sender.balances([self.addr[n] for n in names], self.token)
        return dict(zip(names, values, strict=True))

    # ------------------------------------------------------------ chain state

    def created(self) -> list[str]:
        """Combinations on chain, in the scenario's order."""
        return [n for n in self.s.combinations if n in self.combo_ids]

    def state(self, names: Iterable[str] | None = None) -> dict[str, dict]:
        """Each combination's view (status, cost, funded, ...) by name."""
        names = list(self.created() if names is None else names)
        views = self.sender.views(
            [(self.project, "combination", (self.combo_ids[n],)) for n in names]
        )
        fields = (
            "status",
            "optionIds",
            "cost",
            "funded",
            "supporters",
            "backers",
            "deliveredMask",
            "passedConditions",
            "price",
            "minOrders",
            "orders",
        )
        return {n: dict(zip(fields, v, strict=True)) for n, v in zip(names, views, strict=True)}

    def resolve(self, combos: ComboSet) -> list[str]:
        """The combinations a set names, from the chain when it is a selector."""
        if combos.names:
            missing = [n for n in combos.names if n not in self.combo_ids]
            if missing:
                raise RunError(f"combination {missing[0]} was never funded, so it is not on chain")
            names = list(combos.names)
        else:
            state = self.state()
            sel = combos.selector
            full = (1 << len(self.s.dimensions)) - 1
            if sel == "all":
                names = list(state)
            elif sel == "delivered":
                names = [
                    n
                    for n, c in state.items()
                    if c["status"] == Status.Prototype and c["deliveredMask"] == full
                ]
            else:
                wanted = STATUS_OF_SELECTOR[sel]
                names = [n for n, c in state.items() if c["status"] in wanted]
        return [n for n in names if n not in combos.excluded]

    def phase_now(self) -> Phase:
        return Phase(self.sender.view(self.project, "phase"))

    # ------------------------------------------------------------ what steps count

    @property
    def addon_count(self) -> int:
        return self._count_of["addon"]

    @property
    def bond_count(self) -> int:
        return self._count_of["bond"]

    def _closed(self) -> set[int]:
        self.sender.flush()
        return {
            args["combo"]
            for m in self.sender.mined
            for name, _, args in m.events
            if name == "ModelClosed"
        }

    # ------------------------------------------------------------ claims

    def claimable(self) -> list[tuple[str, str, str, tuple]]:
        """Everything that can be withdrawn now: (kind, payee, function, args), from views."""
        sv = self.sender
        names = self.created()
        ids = [self.combo_ids[n] for n in names]
        statuses = dict(
            zip(ids, sv.views([(self.project, "status", (i,)) for i in ids]), strict=True)
        )
        out: list[tuple[str, str, str, tuple]] = []
        pos = [
            (c, h)
            for c in ids
            for h in sorted(self.positions[c])
            if statuses[c] in REFUNDABLE or statuses[c] == Status.Succeeded
        ]
        calls = [
            (self.project, "stakeOf" if statuses[c] in REFUNDABLE else "revenueOf", (c, h))
            for c, h in pos
        ]
        for (c, h), v in zip(pos, sv.views(calls), strict=True):
            if statuses[c] in REFUNDABLE and v:
                out.append(("refund", h, "refund", (c,)))
            elif statuses[c] == Status.Succeeded and v:
                out.append(("revenue", h, "claimRevenue", (c,)))
        dims = len(self.s.dimensions)
        parts = [(n, d) for n in names for d in range(dims)]
        owed = sv.views([(self.project, "makerOwed", (self.combo_ids[n], d)) for n, d in parts])
        for (n, d), (escrow, revenue) in zip(parts, owed, strict=True):
            if escrow + revenue:
                maker = self.addr[self.s.options[self.s.combinations[n][d]].maker]
                out.append(("maker", maker, "claimMaker", (self.combo_ids[n], d)))
        if self.addon_count:
            views = sv.views(
                [(self.project, "addon", (i,)) for i in range(1, self.addon_count + 1)]
            )
            for i, (combo, merchant, _price, sold, claimed) in enumerate(views, start=1):
                if statuses.get(combo) == Status.Succeeded and sold and not claimed:
                    out.append(("addon", merchant, "claimAddonRevenue", (i,)))
        order_keys = [(self.combo_ids[n], i) for n in names for i, _ in self.orders.get(n, [])]
        if order_keys:
            for (c, i), (buyer, paid, award) in zip(
                order_keys,
                sv.views([(self.project, "orderOf", k) for k in order_keys]),
                strict=True,
            ):
                if statuses[c] == Status.PresaleFailed and paid:
                    out.append(("order_refund", buyer, "refundOrder", (c, i)))
                if award:
                    out.append(("award", buyer, "claimAward", (c, i)))
        if self.bond_count:
            now = sv.now()
            views = sv.views([(self.project, "bond", (i,)) for i in range(1, self.bond_count + 1)])
            for i, (provider, combo, amount, warranty_end) in enumerate(views, start=1):
                st = statuses.get(combo)
                if amount and (
                    st == Status.PresaleFailed or (st == Status.Succeeded and now >= warranty_end)
                ):
                    out.append(("bond", provider, "withdrawBond", (i,)))
        creator, platform = sv.view(self.project, "roleOwed")
        if self.phase_now() != Phase.Closed:  # the roles claim once the presale is over
            creator = platform = 0
        if creator:
            out.append(("creator", self.addr[self.s.creator], "claimCreator", ()))
        if platform:
            out.append(("platform", self.addr[self.s.treasury], "claimPlatform", ()))
        return out

    # ------------------------------------------------------------ solvency

    def _checkpoint(self, label: str) -> None:
        """Record the project's balance now, with the block and its time: what the project owed
        then is asked of the rules when the report replays the run (cobuild/scenario/replay.py)."""
        if not hasattr(self, "project"):
            return
        self.sender.flush()
        (balance,) = self.sender.balances([self.project.address], self.token)
        latest = self.rpc.call("eth_getBlockByNumber", ["latest", False])
        self.checkpoints.append(
            Checkpoint(label, int(latest["number"], 16), int(latest["timestamp"], 16), balance)
        )
