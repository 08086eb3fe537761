# SPDX-License-Identifier: MIT
"""The release part of a deployment record: what a verifier needs besides the addresses.

`write_release` adds to `deployments/<chainid>.json` (or `deployments/dev/<chainid>.json`):
- `compiler`: the full compiler version and the settings that enter the metadata;
- `inputs`: per contract, the path of its standard-JSON input and of its metadata (exactly as the
  compiler wrote it, so its IPFS hash is the one in the code on chain), and that hash.
The files go to `deployments/<chainid>/<Contract>.input.json` and `.metadata.json`. The block and
the transaction hashes are recorded by the deployment itself (`cobuild/chain/deployment.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

from .build import (
    BuildError,
    Compiled,
    compile_project,
    compiler_version,
    contract_input,
    find_contract,
    load_config,
    project_settings,
)
from .bytecode import ipfs_hash


def release_dir(record_path: Path) -> Path:
    """deployments/<chainid>.json -> deployments/<chainid>/"""
    return record_path.with_suffix("")


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to the project root when inside it (what the record stores)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def resolve(recorded: str, root: Path) -> Path:
    path = Path(recorded)
    return path if path.is_absolute() else root / path


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf8")


def check_deployed_build(compiled: Compiled, creation_bytecode: str) -> None:
    """The creation code brownie deployed must be the fresh build of the sources."""
    if creation_bytecode.removeprefix("0x").lower() != compiled.bytecode.lower():
        raise BuildError(
            f"{compiled.name}: the deployed build differs from a fresh compile of "
            f"{compiled.source}; run `brownie compile` and deploy again"
        )


def write_release(
    record: dict,
    record_path: Path,
    root: Path,
    output: dict | None = None,
    deployed_bytecode: dict[str, str] | None = None,
) -> dict:
    """Write each recorded contract's input and metadata, add `compiler` and `inputs` to the
    record and save it. `deployed_bytecode` (name -> creation code) is checked against the
    fresh build first, so the record never describes code that was not deployed."""
    config = load_config(root)
    if output is None:
        output = compile_project(config, root, contracts=sorted(record["contracts"]))
    folder = release_dir(record_path)
    inputs: dict[str, dict] = {}
    version = ""
    for name in record["contracts"]:
        compiled = find_contract(output, name)
        if deployed_bytecode and name in deployed_bytecode:
            check_deployed_build(compiled, deployed_bytecode[name])
        input_path = folder / f"{name}.input.json"
        metadata_path = folder / f"{name}.metadata.json"
        write_json(input_path, contract_input(compiled.metadata, root))
        metadata_path.write_text(compiled.metadata_raw, encoding="utf8")
        inputs[name] = {
            "contract": compiled.qualified,
            "input": shown_path(input_path, root),
            "metadata": shown_path(metadata_path, root),
            "metadata_ipfs": ipfs_hash(compiled.metadata_raw.encode("utf8")),
        }
        version = compiler_version(compiled.metadata)
    record["compiler"] = {"version": version, "settings": project_settings(config)}
    record["inputs"] = inputs
    write_json(record_path, record)
    return record
