# SPDX-License-Identifier: MIT
"""Deploying the platform and opening projects: the one place scripts and tests do it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from brownie import (
    CobuildFactory,
    CobuildProject,
    CobuildShares,
    Contract,
    ProjectProduction,
    chain,
)

from cobuild.protocol import DAY, ZERO_ADDRESS, ZERO_HASH, RankBy

DEFAULT_SHARES_URI = "https://cobuild.example/shares/{id}.json"


@dataclass(frozen=True)
class Platform:
    """The deployed contracts of one Cobuild platform."""

    factory: Any
    shares: Any
    implementation: Any
    production: Any


def deploy_platform(
    deployer: Any,
    treasury: Any,
    shares_uri: str = DEFAULT_SHARES_URI,
    silent: bool = False,
    **tx: Any,
) -> Platform:
    """Deploy the production facet, the project implementation and the factory (which deploys
    the shares contract). `silent` keeps brownie from printing each transaction."""
    sender = {"from": deployer, **tx}
    production = ProjectProduction.deploy(sender, silent=silent)
    implementation = CobuildProject.deploy(production, sender, silent=silent)
    factory = CobuildFactory.deploy(implementation, treasury, shares_uri, sender, silent=silent)
    shares = CobuildShares.at(factory.shares())
    return Platform(factory, shares, implementation, production)


def attach_platform(factory_address: str) -> Platform:
    """The platform of an already deployed factory."""
    factory = CobuildFactory.at(factory_address)
    implementation = CobuildProject.at(factory.implementation())
    return Platform(
        factory,
        CobuildShares.at(factory.shares()),
        implementation,
        ProjectProduction.at(implementation.production()),
    )


@dataclass
class ProjectSpec:
    """A project's parameters, with times relative to its creation. Defaults make a small,
    valid ETH project (3331 ratio, three dimensions, two of three inspectors, ranked by
    supporters, up to three rescues)."""

    inspectors: Sequence[str]
    token: str = ZERO_ADDRESS
    content_hash: bytes = ZERO_HASH
    ideation: int = 7 * DAY
    rescue_window: int = 2 * DAY
    development_period: int = 30 * DAY
    testing_period: int = 10 * DAY
    presale_period: int = 14 * DAY
    min_total: int = 10**18
    min_stake: int = 10**16
    slots: int = 3
    max_rescues: int = 3
    rank_by: RankBy = RankBy.Supporters
    ratio: tuple[int, int, int, int] = (3000, 3000, 3000, 1000)
    advance_bps: int = 2000
    quorum: int = 2
    title: str = "Spherical safety car"
    description: str = "A car that rolls instead of crashing"
    uri: str = "ipfs://cobuild/project"
    tags: Sequence[str] = ("cars", "safety")
    dimensions: Sequence[str] = ("shape", "material", "engine")
    conditions: Sequence[str] = ("road", "weather", "traffic")
    ideation_end: int | None = None  # absolute; overrides `ideation`

    def params(self, now: int | None = None) -> tuple:
        now = chain.time() if now is None else now
        end = self.ideation_end if self.ideation_end is not None else now + self.ideation
        return (
            self.token,
            self.content_hash,
            end,
            self.rescue_window,
            self.development_period,
            self.testing_period,
            self.presale_period,
            self.min_total,
            self.min_stake,
            self.slots,
            self.max_rescues,
            int(self.rank_by),
            list(self.ratio),
            self.advance_bps,
            self.quorum,
            list(self.inspectors),
        )

    def labels(self) -> tuple:
        return (
            self.title,
            self.description,
            self.uri,
            list(self.tags),
            list(self.dimensions),
            list(self.conditions),
        )


@dataclass
class Opened:
    """A created project and the transaction that created it."""

    project: Any
    tx: Any
    spec: ProjectSpec = field(repr=False)


def project_abi() -> list[dict]:
    """The ABI of a project: both facets' entries (what `ICobuildProject` declares), taken from the
    compiled implementations so it can never lag behind them."""
    abi, seen = [], set()
    for entry in CobuildProject.abi + ProjectProduction.abi:
        key = (entry["type"], entry.get("name"), tuple(i["type"] for i in entry.get("inputs", [])))
        if key not in seen and entry["type"] not in ("constructor", "fallback"):
            seen.add(key)
            abi.append(entry)
    return abi


def project_at(address: str) -> Any:
    """A project clone with the full ABI of both facets."""
    return Contract.from_abi("CobuildProject", address, project_abi())


LABELS = ("title", "description", "uri", "tags", "dimensions", "conditions")


class ProjectInfo:
    """What never changes on a project (tests/selection/test_configuration_never_changes.py),
    read once and by field name: its configuration, and its labels (from the creation log, read
    on first use unless the project was opened here)."""

    def __init__(self, project: Any, labels: dict[str, Any] | None = None):
        self.address = project.address
        self.config: dict[str, Any] = project.config().dict()
        self._labels = labels

    @property
    def labels(self) -> dict[str, Any]:
        if self._labels is None:
            from brownie import web3

            factory = web3.eth.contract(address=self.config["factory"], abi=CobuildFactory.abi)
            logs = factory.events.ProjectCreated.get_logs(
                from_block=0, argument_filters={"project": self.address}
            )
            if not logs:
                raise LookupError(f"{self.address} was not created by its factory")
            self._labels = {key: logs[-1]["args"]["labels"][key] for key in LABELS}
        return self._labels


def project_info(project: Any) -> ProjectInfo:
    """The project's `ProjectInfo`, cached on the contract object (a snapshot revert can put
    another project at the same address, never under the same object)."""
    info = getattr(project, "_cobuild_info", None)
    if info is None:
        info = project._cobuild_info = ProjectInfo(project)
    return info


def open_project(factory: Any, creator: Any, spec: ProjectSpec, **tx: Any) -> Opened:
    """Create a project through the factory and return it with the full ABI (its labels known
    from the spec, so nobody scans the logs for them)."""
    receipt = factory.createProject(spec.params(), spec.labels(), {"from": creator, **tx})
    project = project_at(receipt.events["ProjectCreated"]["project"])
    project._cobuild_info = ProjectInfo(project, dict(zip(LABELS, spec.labels(), strict=True)))
    return Opened(project, receipt, spec)
