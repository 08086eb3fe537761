# SPDX-License-Identifier: MIT
"""A contract whose imported interface or inlined library changed is compiled again
(cobuild/release/stale.py): brownie alone keeps its artifact (seen with `ProRata`: ProjectProduction
kept its old bytecode, and the deploy check then refused it). Files only: no compiler, no chain."""

from __future__ import annotations

import json
import os

import pytest

from cobuild.release.stale import drop_stale_artifacts

SOURCES = ("interfaces/IThing.sol", "contracts/libraries/Lib.sol", "contracts/Thing.sol")


@pytest.fixture
def tree(tmp_path):
    for path in SOURCES:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("// source")
    build = tmp_path / "build" / "contracts"
    build.mkdir(parents=True)
    for name in ("Thing", "Other"):
        (build / f"{name}.json").write_text(json.dumps({"contractName": name}))
    return tmp_path


def _shift(path, seconds):
    t = path.stat().st_mtime + seconds
    os.utime(path, (t, t))


@pytest.mark.parametrize("changed", ["interfaces/IThing.sol", "contracts/libraries/Lib.sol"])
def test_artifacts_older_than_an_interface_or_library_change_are_dropped(tree, changed):
    _shift(tree / "build/contracts/Other.json", 200)  # built after the change
    _shift(tree / changed, 100)
    assert drop_stale_artifacts(tree) == ["Thing"]
    assert not (tree / "build/contracts/Thing.json").exists()
    assert (tree / "build/contracts/Other.json").exists()


def test_a_current_build_or_none_is_left_alone(tree):
    for path in SOURCES:
        _shift(tree / path, -100)  # every source is older than every artifact
    assert drop_stale_artifacts(tree) == []
    assert drop_stale_artifacts(tree / "nowhere") == []


def test_an_artifact_another_command_removed_meanwhile_is_no_error(tree, monkeypatch):
    _shift(tree / "interfaces/IThing.sol", 100)
    listed = sorted((tree / "build/contracts").glob("*.json"))
    (tree / "build/contracts/Other.json").unlink()  # dropped by the other command after listing
    monkeypatch.setattr(type(tree), "glob", lambda self, pattern: iter(listed))
    assert drop_stale_artifacts(tree) == ["Thing"]
