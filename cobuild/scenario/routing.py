# SPDX-License-Identifier: MIT
"""Scenarios of routing and consent (`format: routing-and-consent`): interests, follows, posts,
invitations, a project with tags, grants (direct or EIP-712 signed and relayed), uses and
revocations, played on a local chain through the chain port (cobuild/chain/port.py; brownie's
network by default, no brownie imported); the watcher then derives every inbox, and the report
lists the notices of each person and the consent uses.

A step is a one-key mapping; its name picks the model below. People are named; a name is a
deterministic key (`cobuild.consent.signing.signer`), impersonated and funded on the local chain so
the same person can both send transactions and sign."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from eth_utils import keccak
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cobuild.chain.artifacts import project_abi
from cobuild.chain.port import ChainPort, deploy, deploy_platform
from cobuild.chain.rpc import Codec
from cobuild.chain.sender import DevSender, Handle, Mined, Tx, TxFailed
from cobuild.chain.spec import ProjectSpec
from cobuild.consent.signing import (
    OPERATIONS,
    Terms,
    operations_mask,
    purpose_id,
    sign_grant,
    sign_revoke,
    signer,
)
from cobuild.routing.tags import normalize_tag

ROUTING_CONTRACTS = ("CobuildInterests", "CobuildNotices", "CobuildConsent", "CobuildFactory")


class RunError(Exception):
    """A step did not come out as the scenario says."""


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Interest(_Step):
    who: str
    tags: list[str]
    withdraw: bool = False


class Follow(_Step):
    who: str
    sender: str
    unfollow: bool = False


class Post(_Step):
    sender: str
    text: str
    tag: str | None = None
    uri: str = ""


class Invite(_Step):
    sender: str
    to: str
    text: str
    uri: str = ""


class OpenProject(_Step):
    creator: str
    title: str
    tags: list[str]


class Grant(_Step):
    owner: str
    grantee: str
    label: str
    purpose: str
    operations: list[str]
    uses: int = Field(ge=1)
    days: int = Field(ge=1)
    data: str
    location: str = ""
    signed: bool = False


class Use(_Step):
    grantee: str
    grant: str
    purpose: str
    operation: str
    refused: str | None = None


class Revoke(_Step):
    owner: str
    grant: str
    signed: bool = False


STEPS: dict[str, type[_Step]] = {
    "interest": Interest,
    "follow": Follow,
    "post": Post,
    "invite": Invite,
    "project": OpenProject,
    "grant": Grant,
    "use": Use,
    "revoke": Revoke,
}


class Expect(_Step):
    inboxes: dict[str, list[str]] = {}
    uses: int | None = None


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["routing-and-consent"]
    name: str
    steps: list[Any]
    expect: Expect = Expect()

    @model_validator(mode="after")
    def _typed_steps(self) -> Scenario:
        typed = []
        for i, raw in enumerate(self.steps):
            if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in STEPS:
                raise ValueError(f"step {i}: one of {sorted(STEPS)} expected, got {raw!r}")
            ((kind, body),) = raw.items()
            typed.append(STEPS[kind].model_validate(body))
        labels = [s.label for s in typed if isinstance(s, Grant)]
        for s in typed:
            if isinstance(s, Use | Revoke) and s.grant not in labels:
                raise ValueError(f"grant {s.grant!r} is used before it is granted")
        self.steps = typed
        return self


def is_routing_scenario(path: str | Path) -> bool:
    """Whether the file is a routing-and-consent scenario (the project runner plays the others)."""
    doc = yaml.safe_load(Path(path).read_text())
    return isinstance(doc, dict) and doc.get("format") == "routing-and-consent"


def load(path: str | Path) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(Path(path).read_text()))


class Player:
    """Plays a scenario on a local chain (`port`, default brownie's network) through a Sender: the
    routing contracts (and, unless `factory` is given, a platform) are deployed from the build's
    artifacts, every step is one transaction in a block of its own."""

    def __init__(
        self,
        scenario: Scenario,
        db: str | Path,
        factory: Any = None,
        port: ChainPort | None = None,
    ) -> None:
        self.scenario, self.db = scenario, Path(db)
        self.port = port or ChainPort.from_brownie()
        self.rpc = self.port.rpc
        built = {n: self.port.artifact(n) for n in ROUTING_CONTRACTS}
        self.sender = DevSender(
            self.rpc,
            Codec(*(b.abi for b in built.values()), project_abi(self.port.build)),
            mine=self.port.mine,
            fees=False,
        )
        accounts = self.port.accounts()
        deployer = accounts[0]
        self.start_block = int(self.rpc.call("eth_blockNumber"), 16) + 1
        self.interests = deploy(self.sender, built["CobuildInterests"], deployer)
        self.notices = deploy(self.sender, built["CobuildNotices"], deployer)
        self.consent = deploy(self.sender, built["CobuildConsent"], deployer)
        self.factory = (
            deploy_platform(self.port, self.sender, deployer, accounts[1]).factory
            if factory is None
            # a deployed platform's factory: its address, or a contract object holding it
            else Handle(getattr(factory, "address", factory), built["CobuildFactory"].codec())
        )
        self.relayer = deployer  # sends the signed grants and revocations
        self.inspectors = accounts[6:9]
        self.people: dict[str, str] = {}
        self.grants: dict[str, int] = {}
        self.refusals: list[dict] = []
        self.projects: list[str] = []

    def person(self, name: str) -> str:
        """The address of `name`'s key, impersonated and funded on the node."""
        if name not in self.people:
            address = signer(name).address
            self.rpc.batch(
                [
                    ("anvil_impersonateAccount", [address]),
                    ("anvil_setBalance", [address, hex(10**22)]),
                ]
            )
            self.people[name] = address
        return self.people[name]

    def transact(self, sender: str, contract: Handle, fn: str, *args: Any) -> Mined:
        """`contract.fn(*args)` from `sender`, mined; a revert raises `TxFailed`."""
        self.sender.send(Tx(sender, contract.address, contract.data(fn, *args), kind=fn))
        (mined,) = self.sender.flush()
        return mined

    def play(self) -> dict:
        for step in self.scenario.steps:
            getattr(self, f"_{type(step).__name__.lower()}")(step)
        return self.report()

    # ---------------------------------------------------------------- steps

    def _interest(self, s: Interest) -> None:
        fn = "withdrawInterest" if s.withdraw else "declareInterest"
        for tag in s.tags:
            self.transact(self.person(s.who), self.interests, fn, normalize_tag(tag))

    def _follow(self, s: Follow) -> None:
        fn = "unfollow" if s.unfollow else "follow"
        self.transact(self.person(s.who), self.notices, fn, self.person(s.sender))

    def _post(self, s: Post) -> None:
        sender = self.person(s.sender)
        if s.tag is None:
            self.transact(sender, self.notices, "post", s.text, s.uri)
        else:
            self.transact(sender, self.notices, "postToTag", normalize_tag(s.tag), s.text, s.uri)

    def _invite(self, s: Invite) -> None:
        self.transact(
            self.person(s.sender), self.notices, "invite", self.person(s.to), s.text, s.uri
        )

    def _openproject(self, s: OpenProject) -> None:
        spec = ProjectSpec(
            inspectors=self.inspectors, title=s.title, uri=s.title, tags=tuple(s.tags)
        )
        mined = self.transact(
            self.person(s.creator),
            self.factory,
            "createProject",
            spec.params(self.sender.now()),
            spec.labels(),
        )
        self.projects.append(mined.event("ProjectCreated")["project"])

    def _grant(self, s: Grant) -> None:
        owner = self.person(s.owner)
        now = self.sender.now()
        terms = Terms(
            grantee=self.person(s.grantee),
            data=keccak(text=s.data),
            location=s.location,
            purpose=purpose_id(s.purpose),
            operations=operations_mask(s.operations),
            max_uses=s.uses,
            expiry=now + s.days * 86_400,
        )
        if s.signed:  # gasless for the owner: a relayer (the node's first account) sends it
            nonce, deadline = self.sender.view(self.consent, "nonces", owner), now + 3600
            sig = sign_grant(
                signer(s.owner), terms, nonce, deadline, self.port.chain_id(), self.consent.address
            )
            mined = self.transact(
                self.relayer,
                self.consent,
                "grantBySig",
                terms.as_tuple(),
                owner,
                nonce,
                deadline,
                sig,
            )
        else:
            mined = self.transact(owner, self.consent, "grant", terms.as_tuple())
        self.grants[s.label] = mined.event("ConsentGranted")["id"]

    def _use(self, s: Use) -> None:
        gid = self.grants[s.grant]
        try:
            self.transact(
                self.person(s.grantee),
                self.consent,
                "use",
                gid,
                purpose_id(s.purpose),
                OPERATIONS[s.operation],
            )
        except TxFailed as exc:
            error = exc.reason.split(":")[0]
            if error != s.refused:
                raise RunError(f"use of {s.grant!r} by {s.grantee}: {error or exc}") from exc
            self.refusals.append({"grant": s.grant, "grantee": s.grantee, "error": error})
            return
        if s.refused is not None:
            raise RunError(f"use of {s.grant!r} by {s.grantee} should be refused ({s.refused})")

    def _revoke(self, s: Revoke) -> None:
        gid = self.grants[s.grant]
        owner = self.person(s.owner)
        if s.signed:
            nonce = self.sender.view(self.consent, "nonces", owner)
            deadline = self.sender.now() + 3600
            sig = sign_revoke(
                signer(s.owner), gid, nonce, deadline, self.port.chain_id(), self.consent.address
            )
            self.transact(self.relayer, self.consent, "revokeBySig", gid, nonce, deadline, sig)
        else:
            self.transact(owner, self.consent, "revoke", gid)

    # ---------------------------------------------------------------- report

    def watch(self) -> Any:
        """Run the watcher over everything the scenario did (no confirmations needed: the local
        chain does not reorganize by itself)."""
        from web3 import Web3

        from cobuild.routing.store import Store
        from cobuild.routing.watcher import Contracts, Watcher

        self.sender.flush()
        (self.port.mine or (lambda: self.rpc.call("evm_mine", [])))()
        store = Store(self.db)
        contracts = Contracts(
            interests=self.interests.address,
            notices=self.notices.address,
            consent=self.consent.address,
            factory=self.factory.address,
        )
        w3 = Web3(Web3.HTTPProvider(self.rpc.url))
        Watcher(w3, store, contracts, confirmations=0, start_block=self.start_block).poll()
        return store

    def report(self) -> dict:
        store = self.watch()
        names = {p.lower(): name for name, p in self.people.items()}
        inboxes: dict[str, list[dict]] = {name: [] for name in self.people}
        for n in store.all_notices():
            name = names.get(n["recipient"], n["recipient"])
            inboxes.setdefault(name, []).append(
                {"kind": n["kind"], "text": n["text"], "block": n["block"]}
            )
        consent = {
            name: store.my_data(p)["grants"]
            for name, p in self.people.items()
            if store.my_data(p)["grants"]
        }
        uses = sum(len(g["uses"]) for grants in consent.values() for g in grants)
        report = {
            "name": self.scenario.name,
            "inboxes": inboxes,
            "consent": consent,
            "uses": uses,
            "refusals": self.refusals,
        }
        store.close()
        report["expectations"] = self._expectations(report)
        return report

    def _expectations(self, report: dict) -> dict:
        out = {}
        for name, kinds in self.scenario.expect.inboxes.items():
            actual = [n["kind"] for n in report["inboxes"].get(name, [])]
            out[f"inboxes.{name}"] = {"expected": kinds, "actual": actual, "ok": actual == kinds}
        if self.scenario.expect.uses is not None:
            expected = self.scenario.expect.uses
            out["uses"] = {
                "expected": expected,
                "actual": report["uses"],
                "ok": report["uses"] == expected,
            }
        return out
