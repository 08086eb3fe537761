# SPDX-License-Identifier: MIT
"""cobuild/brownie_adapter: the one module that patches brownie, web3, py-solc-x and solcast.
Every patch checks the exact version of its library and fails by name on any other; importing
the toolkit applies none; the suite's plugin applies all of them, in every xdist worker."""

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from cobuild import brownie_adapter
from cobuild.brownie_adapter import PATCHES, PatchVersionError, coverage_hooks

ROOT = Path(__file__).resolve().parents[2]
EVERY_PATCH = (*PATCHES, coverage_hooks.PATCH, coverage_hooks.WEB3_PATCH)


def _fake_version(monkeypatch, distribution, version):
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: version if name == distribution else real(name)
    )


@pytest.mark.parametrize("patch", EVERY_PATCH, ids=lambda p: p.name)
def test_a_patch_fails_by_name_on_another_version_of_its_library(monkeypatch, patch):
    brownie_adapter.check(patch)  # the installed version is the one it was written for
    _fake_version(monkeypatch, patch.distribution, "99.0.1")
    with pytest.raises(PatchVersionError) as error:
        brownie_adapter.check(patch)
    message = str(error.value)
    assert f"'{patch.name}'" in message
    assert f"written for {patch.distribution} {patch.version}," in message
    assert f"{patch.distribution} 99.0.1 is installed" in message
    assert (error.value.patch, error.value.expected, error.value.found) == (
        patch.name,
        patch.version,
        "99.0.1",
    )


@pytest.mark.parametrize("distribution", sorted({p.distribution for p in PATCHES}))
def test_apply_checks_every_version_before_it_installs_anything(monkeypatch, distribution):
    """Even with every patch installed already (the suite's plugin did), `apply()` checks: the
    first patch of the library on another version is named."""
    first = next(p for p in PATCHES if p.distribution == distribution)
    _fake_version(monkeypatch, distribution, f"{first.version}.post1")
    with pytest.raises(PatchVersionError, match=f"patch '{first.name}' was written for"):
        brownie_adapter.apply()


def test_a_library_that_is_not_installed_is_named(monkeypatch):
    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    with pytest.raises(
        PatchVersionError, match=r"'transport' was written for web3 7\.16\.0, but it"
    ):
        brownie_adapter.check(next(p for p in PATCHES if p.name == "transport"))


def test_the_suites_plugin_applied_every_patch_in_this_process():
    """This runs in an xdist worker under `make test`: the plugin reached it too."""
    assert brownie_adapter.applied() == [p.name for p in PATCHES]
    every_target = [t for p in PATCHES for t in p.targets]
    assert brownie_adapter.patched_targets() == every_target


def test_apply_is_idempotent():
    from web3._utils.http_session_manager import HTTPSessionManager

    before = HTTPSessionManager.make_post_request
    assert brownie_adapter.apply() == [p.name for p in PATCHES]
    assert HTTPSessionManager.make_post_request is before
    assert not hasattr(before.__wrapped__, "_cobuild_patched")  # web3's own, wrapped once


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="no patch group"):
        brownie_adapter.apply("speed")


def _fresh_python(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


LOOK = """
import json
from cobuild import brownie_adapter
from cobuild.brownie_adapter import coverage_hooks
from web3._utils.http_session_manager import HTTPSessionManager
every = (*brownie_adapter.PATCHES, coverage_hooks.PATCH, coverage_hooks.WEB3_PATCH)
def look():
    return {
        "applied": brownie_adapter.applied(),
        "patched": brownie_adapter.patched_targets(every),
        "post": HTTPSessionManager.make_post_request.__module__,
    }
imported = look()
brownie_adapter.apply("compile")
print(json.dumps([imported, look()]))
"""


def test_importing_the_toolkit_patches_nothing_and_compiling_patches_only_the_compiler():
    """A fresh process imports cobuild.chain, cobuild.scenario and cobuild.routing: brownie's,
    web3's, py-solc-x's and solcast's functions are their own (looked at after the imports).
    Then the compiler's patches, as `cobuild.cli.load` applies them (`cobuild compile`,
    `cobuild watch`): the watcher still follows its chain on a stock web3."""
    imported, compiling = _fresh_python(
        "import cobuild.chain, cobuild.scenario, cobuild.routing\n" + LOOK
    )
    assert imported == {"applied": [], "patched": [], "post": "web3._utils.http_session_manager"}
    compile_patches = [p for p in PATCHES if p.group == "compile"]
    assert compiling == {
        "applied": [p.name for p in compile_patches],
        "patched": [t for p in compile_patches for t in p.targets],
        "post": "web3._utils.http_session_manager",
    }
