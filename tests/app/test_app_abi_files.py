# SPDX-License-Identifier: MIT
"""abi/*.json are what the build produces: the ABIs a dApp or script builds on, and
errors.json (every custom error a Cobuild call can revert with, by selector, with its sentence)."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ABI = ROOT / "abi"


@pytest.mark.parametrize("name", ["ICobuildFactory", "ICobuildProject", "ICobuildShares"])
def test_interface_abi_matches_the_build(name):
    built = json.loads((ROOT / "build" / "interfaces" / f"{name}.json").read_text())["abi"]
    assert json.loads((ABI / f"{name}.json").read_text()) == built


def test_erc20_abi_matches_the_build():
    built = json.loads((ROOT / "build" / "contracts" / "IERC20Metadata.json").read_text())["abi"]
    assert json.loads((ABI / "IERC20Metadata.json").read_text()) == built


def test_every_committed_abi_file_is_regenerated_identically():
    """The generator (node app/tools/abi.mjs --check) rebuilds every file from the build and fails
    on any difference, errors.json included."""
    run = subprocess.run(
        ["node", "app/tools/abi.mjs", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_every_interface_error_has_a_sentence():
    errors = json.loads((ABI / "errors.json").read_text())
    names = {e["signature"].split("(")[0] for e in errors.values()}
    project = json.loads((ABI / "ICobuildProject.json").read_text())
    factory = json.loads((ABI / "ICobuildFactory.json").read_text())
    declared = {i["name"] for i in project + factory if i["type"] == "error"}
    assert declared <= names
    assert all(e["sentence"].strip() for e in errors.values())
