# SPDX-License-Identifier: MIT
"""Deploying the platform and opening projects: the one place scripts and tests do it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brownie import (
    CobuildFactory,
    CobuildProject,
    CobuildShares,
    Contract,
    ProjectProduction,
)

# defined without brownie (the chain port's deployment uses them too); used from here
from cobuild.chain.port import DEFAULT_SHARES_URI
from cobuild.chain.spec import ProjectSpec


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
