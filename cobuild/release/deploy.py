# SPDX-License-Identifier: MIT
"""Deploying with a release record: the deploy script's deployment, then the compiler, settings,
standard-JSON input and metadata of every contract written next to the addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cobuild.chain.port import ChainPort
from cobuild.chain.records import Recorded, deploy_recorded
from cobuild.chain.sender import Sender
from cobuild.progress import Progress

from .record import write_release


def deployed_bytecode(names: list[str], root: Path | None = None) -> dict[str, str]:
    """Creation code of each named contract in the build (build/contracts/: what was deployed)."""
    from cobuild.chain.artifacts import ArtifactError, artifact

    build = (Path.cwd() if root is None else root) / "build" / "contracts"
    out = {}
    for name in names:
        try:
            out[name] = artifact(name, build).bytecode
        except ArtifactError:  # not a contract of this build (the shares: created by the factory)
            continue
    return out


def write_release_once(
    record: dict, path: Path, root: Path, deployed: list[str], progress: Progress
) -> None:
    """`write_release` when anything was deployed or the record has no release part yet (the
    fourth step of `progress`)."""
    if deployed or "inputs" not in record:
        names = list(record["contracts"])
        progress.note("compiling each contract's standard-JSON input for the release record")
        write_release(record, path, root, deployed_bytecode=deployed_bytecode(names, root))
        progress.step("release record written: %s", path)
    else:
        progress.step("release record unchanged: %s", path)


def deploy_release(
    deployer: Any = None,
    path: Path | None = None,
    root: Path | None = None,
    progress: Progress | None = None,
    **kwargs: Any,
) -> Any:
    """`cobuild.chain.deployment.deploy` (brownie's account and network), then the release
    record (`write_release_once`). Returns the deployment (its record updated). Four steps of
    `progress`: the three contracts, then the release record."""
    from cobuild.chain.deployment import deploy, deployer_account

    root = Path.cwd() if root is None else root
    progress = progress or Progress()
    result = deploy(deployer or deployer_account(), path=path, progress=progress, **kwargs)
    write_release_once(result.record, result.path, root, result.deployed, progress)
    return result


def deploy_release_on(
    port: ChainPort,
    sender: Sender,
    deployer: str,
    path: Path | None = None,
    root: Path | None = None,
    progress: Progress | None = None,
    **kwargs: Any,
) -> Recorded:
    """The same without brownie: `records.deploy_recorded` on `port` through `sender`, then the
    release record."""
    root = Path.cwd() if root is None else root
    progress = progress or Progress()
    result = deploy_recorded(port, sender, deployer, path=path, progress=progress, **kwargs)
    write_release_once(result.record, result.path, root, result.deployed, progress)
    return result
