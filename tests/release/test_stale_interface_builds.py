# SPDX-License-Identifier: MIT
"""A contract whose imported interface changed is compiled again (cobuild/release/stale.py):
brownie alone keeps its artifact, so its ABI, NatSpec and metadata describe the old interface.
Files only: no compiler, no chain."""

from __future__ import annotations

import json
import os

from cobuild.release.stale import drop_contracts_older_than_interfaces


def _tree(tmp_path):
    (tmp_path / "interfaces").mkdir()
    (tmp_path / "build" / "contracts").mkdir(parents=True)
    iface = tmp_path / "interfaces" / "IThing.sol"
    iface.write_text("interface IThing {}")
    artifacts = {}
    for name in ("Thing", "Other"):
        artifacts[name] = tmp_path / "build" / "contracts" / f"{name}.json"
        artifacts[name].write_text(json.dumps({"contractName": name}))
    return iface, artifacts


def _age(path, seconds):
    t = path.stat().st_mtime - seconds
    os.utime(path, (t, t))


def test_artifacts_older_than_an_interface_change_are_dropped(tmp_path):
    _, artifacts = _tree(tmp_path)
    _age(artifacts["Thing"], 100)  # built before the interface changed
    assert drop_contracts_older_than_interfaces(tmp_path) == ["Thing"]
    assert not artifacts["Thing"].exists() and artifacts["Other"].exists()


def test_a_current_build_or_none_is_left_alone(tmp_path):
    iface, artifacts = _tree(tmp_path)
    _age(iface, 100)  # the interface is older than every artifact
    assert drop_contracts_older_than_interfaces(tmp_path) == []
    assert all(a.exists() for a in artifacts.values())
    assert drop_contracts_older_than_interfaces(tmp_path / "nowhere") == []
