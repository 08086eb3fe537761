# SPDX-License-Identifier: MIT
"""The make targets work in a clone whose path has a dot and a space (issue 18).

`brownie run` imports a script by joining the parts of its absolute path with dots (it fails under
`my.projects/`), and an unquoted path in the Makefile splits at a space (`with space/`). The
repository's HEAD is cloned under `…/any.folder0/with space/my.projects/cobuild`, sharing this
checkout's venv and node_modules by symlink (their stamps are kept newer than the clone's
requirement files, so make installs nothing into them) and its compiled build/ by copy (brownie
recompiles whatever differs from the clone's sources). The solc shim goes to a folder of the
test's own (SOLCX_BINARY_PATH): ~/.solcx is not touched.

There, `make demo` and `make scenario` run at the same time (each must start an anvil of its own
on a free port, neither attaches to the other's nor to 8545), then the README's deploy command.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 600
STAMPED = ("requirements.txt", "requirements-security.txt", "package.json", "package-lock.json")


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    folder = tmp_path_factory.mktemp("any.folder") / "with space" / "my.projects"
    folder.mkdir(parents=True)
    dest = folder / "cobuild"
    head = _git("rev-parse", "HEAD")
    _git("clone", "--quiet", "--no-checkout", str(ROOT), str(dest))
    _git("checkout", "--quiet", "--detach", head, cwd=dest)
    for shared in (".venv", "node_modules"):
        (dest / shared).symlink_to((ROOT / shared).resolve())
    # the shared setup is installed: its stamps must stay newer than the clone's fresh files
    for name in STAMPED:
        if (dest / name).exists():
            os.utime(dest / name, (0, 0))
    if (ROOT / "build").is_dir():
        shutil.copytree(
            ROOT / "build",
            dest / "build",
            ignore=shutil.ignore_patterns("deployments", "tests*.json"),
        )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAKE", "MFLAGS", "COBUILD_", "PYTEST_", "PYTHONPATH"))
    }
    env["SOLCX_BINARY_PATH"] = str(folder.parent / "solcx")
    if "COBUILD_SOLC_CACHE" in os.environ:  # the suite's compilations, by input (tests/conftest.py)
        env["COBUILD_SOLC_CACHE"] = os.environ["COBUILD_SOLC_CACHE"]
    return dest, env


def _make(dest: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        ["make", "--no-print-directory", *args],
        cwd=dest,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=TIMEOUT)
    return proc.returncode, out


def _anvil_port(output: str) -> int:
    ports = re.findall(r"Launching 'anvil[^']*--port (\d+)", output)
    assert len(ports) == 1, output
    return int(ports[0])


@pytest.fixture(scope="module")
def played(clone):
    """`make demo` and `make scenario S=scenarios/failed-launch.yaml`, both at once."""
    dest, env = clone
    demo = _make(dest, env, "demo")
    scenario = _make(dest, env, "scenario", "S=scenarios/failed-launch.yaml")
    return _finish(demo), _finish(scenario)


def test_the_clone_path_has_a_dot_and_a_space(clone):
    dest, _ = clone
    assert " " in str(dest) and "." in str(dest.parent)
    assert (dest / "Makefile").is_file() and (dest / ".venv").is_symlink()


def test_make_demo_plays_the_seed_and_writes_its_report(clone, played):
    dest, _ = clone
    (status, output), _ = played
    assert status == 0, output
    report = json.loads((dest / "out" / "seed-car.json").read_text())
    assert all(report["invariants"].values()), report["invariants"]
    assert all(e["ok"] for e in report["expectations"].values()), report["expectations"]
    money = report["money"]
    assert money["in_total"] == money["out_total"] + money["held"]
    assert (dest / "out" / "seed-car.png").is_file()


def test_make_scenario_plays_a_failed_launch(clone, played):
    dest, _ = clone
    _, (status, output) = played
    assert status == 0, output
    report = json.loads((dest / "out" / "failed-launch.json").read_text())
    assert all(report["invariants"].values()), report["invariants"]
    money = report["money"]
    assert money["in_total"] == money["out_total"] + money["held"]


def test_two_runs_at_once_each_start_their_own_anvil(played):
    (_, demo), (_, scenario) = played
    ports = {_anvil_port(demo), _anvil_port(scenario)}
    assert len(ports) == 2 and 8545 not in ports


def test_the_readme_deploy_command_records_the_platform(clone, played):
    dest, env = clone
    run = subprocess.run(
        [str(dest / ".venv" / "bin" / "python"), "-m", "cobuild", "deploy"],
        cwd=dest,
        env={**env, "PYTHONPATH": str(dest)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "deployed ProjectProduction, CobuildProject, CobuildFactory" in run.stdout
    records = list((dest / "deployments" / "dev").glob("*.json"))
    assert len(records) == 1, records
    record = json.loads(records[0].read_text())
    assert set(record["contracts"]) >= {"ProjectProduction", "CobuildProject", "CobuildFactory"}
    assert _anvil_port(run.stdout) != 8545
