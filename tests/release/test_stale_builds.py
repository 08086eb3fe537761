# SPDX-License-Identifier: MIT
"""A contract one of whose imported files changed is compiled again (cobuild/release/stale.py):
brownie alone keeps its artifact when the changed file is an interface or an inlined library
(seen with `ProRata`: ProjectProduction kept its old bytecode, and the deploy check then refused
it). Files only: no compiler, no chain."""

from __future__ import annotations

import json
import os

import pytest

from cobuild.release.stale import drop_stale_artifacts, imported_files

SOURCES = {
    "contracts/libraries/Lib.sol": "library Lib {}",
    "interfaces/IThing.sol": 'import {IERC20} from "@openzeppelin/contracts/token/IERC20.sol";',
    "node_modules/@openzeppelin/contracts/token/IERC20.sol": "interface IERC20 {}",
    # the base imports the library by a relative path, the contract imports the base
    "contracts/project/Base.sol": (
        'import {Lib} from "../libraries/Lib.sol";\nimport "interfaces/IThing.sol";'
    ),
    "contracts/project/Thing.sol": "import * as B from './Base.sol';\ncontract Thing {}",
    "contracts/Other.sol": "contract Other {}",
}
ARTIFACTS = {"Thing": "contracts/project/Thing.sol", "Other": "contracts/Other.sol"}


@pytest.fixture
def tree(tmp_path):
    for path, text in SOURCES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    build = tmp_path / "build" / "contracts"
    build.mkdir(parents=True)
    for name, source in ARTIFACTS.items():
        (build / f"{name}.json").write_text(
            json.dumps({"contractName": name, "sourcePath": source})
        )
    return tmp_path


def _touch_later(path, seconds=100):
    t = path.stat().st_mtime + seconds
    os.utime(path, (t, t))


def test_imports_are_followed_through_relative_root_and_package_paths(tree):
    found = {
        p.relative_to(tree).as_posix() for p in imported_files(tree, tree / ARTIFACTS["Thing"])
    }
    assert found == {
        "contracts/project/Base.sol",
        "contracts/libraries/Lib.sol",
        "interfaces/IThing.sol",
        "node_modules/@openzeppelin/contracts/token/IERC20.sol",
    }


@pytest.mark.parametrize(
    "changed",
    [
        "contracts/libraries/Lib.sol",  # an inlined library, two imports away
        "interfaces/IThing.sol",
        "node_modules/@openzeppelin/contracts/token/IERC20.sol",
        "contracts/project/Thing.sol",  # its own source
    ],
)
def test_an_artifact_older_than_a_file_it_imports_is_dropped(tree, changed):
    _touch_later(tree / changed)
    assert drop_stale_artifacts(tree) == ["Thing"]
    assert not (tree / "build/contracts/Thing.json").exists()
    assert (tree / "build/contracts/Other.json").exists()


def test_a_current_build_or_none_is_left_alone(tree):
    for name in ARTIFACTS:
        _touch_later(tree / "build" / "contracts" / f"{name}.json")
    assert drop_stale_artifacts(tree) == []
    assert drop_stale_artifacts(tree / "nowhere") == []


def test_a_change_elsewhere_drops_nothing(tree):
    _touch_later(tree / "contracts/Other.sol", -100)  # older: Other's artifact is current
    for name in ARTIFACTS:
        _touch_later(tree / "build" / "contracts" / f"{name}.json", 50)
    assert drop_stale_artifacts(tree) == []
