# SPDX-License-Identifier: MIT
"""Scenarios of routing and consent (`format: routing-and-consent`): interests, follows, posts,
invitations, a project with tags, grants (direct or EIP-712 signed and relayed), uses and
revocations, played on a brownie chain; the watcher then derives every inbox, and the report lists
the notices of each person and the consent uses.

A step is a one-key mapping; its name picks the model below. People are named; a name is a
deterministic key (`cobuild.consent.signing.signer`), impersonated and funded on the local chain so
the same person can both send transactions and sign."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from eth_utils import keccak
from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    """Plays a scenario with brownie on the connected (local) chain."""

    def __init__(self, scenario: Scenario, db: str | Path, factory: Any = None) -> None:
        from brownie import CobuildConsent, CobuildInterests, CobuildNotices, accounts, chain, web3

        self.scenario, self.db = scenario, Path(db)
        self._web3, self._chain = web3, chain
        deployer = accounts[0]
        self.start_block = web3.eth.block_number + 1
        self.interests = CobuildInterests.deploy({"from": deployer})
        self.notices = CobuildNotices.deploy({"from": deployer})
        self.consent = CobuildConsent.deploy({"from": deployer})
        if factory is None:
            from cobuild.chain.platform import deploy_platform

            factory = deploy_platform(deployer, accounts[1]).factory
        self.factory = factory
        self.inspectors = list(accounts[6:9])
        self.people: dict[str, Any] = {}
        self.grants: dict[str, int] = {}
        self.refusals: list[dict] = []
        self.projects: list[str] = []

    def person(self, name: str) -> Any:
        if name not in self.people:
            from brownie import accounts

            address = signer(name).address
            self._web3.provider.make_request("anvil_impersonateAccount", [address])
            self._web3.provider.make_request("anvil_setBalance", [address, hex(10**22)])
            self.people[name] = accounts.at(address, force=True)
        return self.people[name]

    def play(self) -> dict:
        for step in self.scenario.steps:
            getattr(self, f"_{type(step).__name__.lower()}")(step)
        return self.report()

    # ---------------------------------------------------------------- steps

    def _interest(self, s: Interest) -> None:
        fn = self.interests.withdrawInterest if s.withdraw else self.interests.declareInterest
        for tag in s.tags:
            fn(normalize_tag(tag), {"from": self.person(s.who)})

    def _follow(self, s: Follow) -> None:
        fn = self.notices.unfollow if s.unfollow else self.notices.follow
        fn(self.person(s.sender), {"from": self.person(s.who)})

    def _post(self, s: Post) -> None:
        sender = {"from": self.person(s.sender)}
        if s.tag is None:
            self.notices.post(s.text, s.uri, sender)
        else:
            self.notices.postToTag(normalize_tag(s.tag), s.text, s.uri, sender)

    def _invite(self, s: Invite) -> None:
        self.notices.invite(self.person(s.to), s.text, s.uri, {"from": self.person(s.sender)})

    def _openproject(self, s: OpenProject) -> None:
        from cobuild.chain.platform import ProjectSpec, open_project

        spec = ProjectSpec(
            inspectors=self.inspectors, title=s.title, uri=s.title, tags=tuple(s.tags)
        )
        opened = open_project(self.factory, self.person(s.creator), spec)
        self.projects.append(opened.project.address)

    def _grant(self, s: Grant) -> None:
        owner = self.person(s.owner)
        terms = Terms(
            grantee=self.person(s.grantee).address,
            data=keccak(text=s.data),
            location=s.location,
            purpose=purpose_id(s.purpose),
            operations=operations_mask(s.operations),
            max_uses=s.uses,
            expiry=self._chain.time() + s.days * 86_400,
        )
        if s.signed:  # gasless for the owner: a relayer (accounts[0]) sends it
            from brownie import accounts

            nonce, deadline = self.consent.nonces(owner), self._chain.time() + 3600
            sig = sign_grant(
                signer(s.owner), terms, nonce, deadline, self._chain.id, self.consent.address
            )
            tx = self.consent.grantBySig(
                terms.as_tuple(), owner, nonce, deadline, sig, {"from": accounts[0]}
            )
        else:
            tx = self.consent.grant(terms.as_tuple(), {"from": owner})
        self.grants[s.label] = tx.events["ConsentGranted"]["id"]

    def _use(self, s: Use) -> None:
        from brownie.exceptions import VirtualMachineError

        gid = self.grants[s.grant]
        args = (
            gid,
            purpose_id(s.purpose),
            OPERATIONS[s.operation],
            {"from": self.person(s.grantee)},
        )
        try:
            self.consent.use(*args)
        except VirtualMachineError as exc:
            error = (exc.revert_msg or "").split(":")[0]
            if error != s.refused:
                raise RunError(f"use of {s.grant!r} by {s.grantee}: {error or exc}") from exc
            self.refusals.append({"grant": s.grant, "grantee": s.grantee, "error": error})
            return
        if s.refused is not None:
            raise RunError(f"use of {s.grant!r} by {s.grantee} should be refused ({s.refused})")

    def _revoke(self, s: Revoke) -> None:
        gid = self.grants[s.grant]
        if s.signed:
            from brownie import accounts

            nonce, deadline = self.consent.nonces(self.person(s.owner)), self._chain.time() + 3600
            sig = sign_revoke(
                signer(s.owner), gid, nonce, deadline, self._chain.id, self.consent.address
            )
            self.consent.revokeBySig(gid, nonce, deadline, sig, {"from": accounts[0]})
        else:
            self.consent.revoke(gid, {"from": self.person(s.owner)})

    # ---------------------------------------------------------------- report

    def watch(self) -> Any:
        """Run the watcher over everything the scenario did (no confirmations needed: the local
        chain does not reorganize by itself)."""
        from web3 import Web3

        from cobuild.routing.store import Store
        from cobuild.routing.watcher import Contracts, Watcher

        self._chain.mine()
        store = Store(self.db)
        contracts = Contracts(
            interests=self.interests.address,
            notices=self.notices.address,
            consent=self.consent.address,
            factory=self.factory.address,
        )
        w3 = Web3(Web3.HTTPProvider(self._web3.provider.endpoint_uri))
        Watcher(w3, store, contracts, confirmations=0, start_block=self.start_block).poll()
        return store

    def report(self) -> dict:
        store = self.watch()
        names = {p.address.lower(): name for name, p in self.people.items()}
        inboxes: dict[str, list[dict]] = {name: [] for name in self.people}
        for n in store.all_notices():
            name = names.get(n["recipient"], n["recipient"])
            inboxes.setdefault(name, []).append(
                {"kind": n["kind"], "text": n["text"], "block": n["block"]}
            )
        consent = {
            name: store.my_data(p.address)["grants"]
            for name, p in self.people.items()
            if store.my_data(p.address)["grants"]
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
