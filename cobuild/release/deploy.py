# SPDX-License-Identifier: MIT
"""Deploying with a release record: the deploy script's deployment, then the compiler, settings,
standard-JSON input and metadata of every contract written next to the addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cobuild.progress import Progress

from .record import write_release


def deployed_bytecode(names: list[str]) -> dict[str, str]:
    """Creation code of each named contract in brownie's loaded build (what was deployed)."""
    from brownie import project

    (loaded,) = project.get_loaded_projects()
    containers = loaded.dict()
    return {name: containers[name].bytecode for name in names if name in containers}


def deploy_release(
    deployer: Any = None,
    path: Path | None = None,
    root: Path | None = None,
    progress: Progress | None = None,
    **kwargs: Any,
) -> Any:
    """`cobuild.chain.deployment.deploy`, then `write_release` when anything was deployed or
    the record has no release part yet. Returns the deployment (its record updated). Four steps
    of `progress`: the three contracts, then the release record."""
    from cobuild.chain.deployment import deploy, deployer_account

    root = Path.cwd() if root is None else root
    progress = progress or Progress()
    result = deploy(deployer or deployer_account(), path=path, progress=progress, **kwargs)
    if result.deployed or "inputs" not in result.record:
        names = list(result.record["contracts"])
        progress.note("compiling each contract's standard-JSON input for the release record")
        write_release(result.record, result.path, root, deployed_bytecode=deployed_bytecode(names))
        progress.step("release record written: %s", result.path)
    else:
        progress.step("release record unchanged: %s", result.path)
    return result
