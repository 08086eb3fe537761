# SPDX-License-Identifier: MIT
"""The live path, rehearsed: a separately started anvil with a testnet chain id, registered as a
NON-development brownie network, the deploy script with a key from the environment, then a short
scenario against it, everything through the toolkit's entry point (`python -m cobuild`) as a user
would do it; it ends with `make verify` against that chain (every recorded contract and every
project clone verified).

The rehearsal runs in a copy of the project with a brownie home of its own, so neither this
session's development network nor ~/.brownie, build/deployments or deployments/ are touched.
"""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from eth_account import Account

from cobuild.chain.node import free_port

ROOT = Path(__file__).resolve().parents[2]
CHAIN_ID = 11155111  # Sepolia's id: brownie and the scripts must treat it as a live chain
NETWORK = "cobuild-rehearsal"
BROWNIE = ROOT / ".venv" / "bin" / "brownie"
PYTHON = ROOT / ".venv" / "bin" / "python"


def _rpc(url: str, method: str, params: list) -> object:
    return requests.post(
        url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, timeout=10
    ).json()["result"]


@pytest.fixture(scope="module")
def testnet():
    """An anvil of our own on a free port, chain id 11155111, mining on demand like a node."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            str(ROOT / "node_modules" / ".bin" / "anvil"),
            "--port",
            str(port),
            "--chain-id",
            str(CHAIN_ID),
            "--silent",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                assert int(_rpc(url, "eth_chainId", []), 16) == CHAIN_ID
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, testnet):
    """A project copy and a brownie home where the testnet is a live network (removed after)."""
    tmp = tmp_path_factory.mktemp("rehearsal")
    home, project = tmp / "home", tmp / "project"
    home.mkdir()
    project.mkdir()
    for name in (
        "contracts",
        "interfaces",
        "scripts",
        "scenarios",
        "build",
        "cobuild",
        "tools",
        "app",
        "packages",
    ):
        shutil.copytree(
            ROOT / name,
            project / name,
            ignore=shutil.ignore_patterns("deployments", "__pycache__"),
        )
    # copy2 keeps the times, so `make` finds the setup stamps of the linked venv and node_modules
    # newer than these files and installs nothing
    for name in ("brownie-config.yaml", "Makefile", "requirements.txt", "package.json"):
        shutil.copy2(ROOT / name, project)
    shutil.copy2(ROOT / "package-lock.json", project)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / ".venv").symlink_to(ROOT / ".venv")
    if (Path.home() / ".solcx").exists():
        (home / ".solcx").symlink_to(Path.home() / ".solcx")
    deployer = Account.create()
    _rpc(testnet, "anvil_setBalance", [deployer.address, hex(100 * 10**18)])  # the faucet
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COBUILD_")},
        # the suite's compilations (cobuild/release/build.py): an input is compiled once
        **{k: os.environ[k] for k in ("COBUILD_SOLC_CACHE",) if k in os.environ},
        "HOME": str(home),
        "PYTHONPATH": str(project),
        "PATH": f"{ROOT / 'node_modules' / '.bin'}:{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "COBUILD_PRIVATE_KEY": deployer.key.hex(),
        "COBUILD_ACTOR_SEED": "rehearsal-" + os.urandom(8).hex(),
    }
    add = _brownie(
        project,
        env,
        "networks",
        "add",
        "Cobuild",
        NETWORK,
        f"host={testnet}",
        f"chainid={CHAIN_ID}",
    )
    assert add.returncode == 0, add.stdout + add.stderr
    try:
        yield project, env, deployer.address
    finally:
        _brownie(project, env, "networks", "delete", NETWORK)


def _brownie(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BROWNIE), *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )


def _cobuild(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "-m", "cobuild", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def deployed(workspace, testnet):
    """Deploy twice: the second run must reuse everything."""
    project, env, deployer = workspace
    first = _cobuild(project, env, "deploy", "--network", NETWORK)
    nonce_after_first = int(_rpc(testnet, "eth_getTransactionCount", [deployer, "latest"]), 16)
    second = _cobuild(project, env, "deploy", "--network", NETWORK)
    nonce_after_second = int(_rpc(testnet, "eth_getTransactionCount", [deployer, "latest"]), 16)
    return first, second, nonce_after_first, nonce_after_second


def test_deploy_script_records_the_platform_per_chain_id_and_reuses_it(
    workspace, testnet, deployed
):
    project, _, deployer = workspace
    first, second, nonce_first, nonce_second = deployed
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    record = json.loads((project / "deployments" / f"{CHAIN_ID}.json").read_text())
    assert record["chainid"] == CHAIN_ID and record["network"] == NETWORK
    assert record["deployer"] == deployer and record["treasury"] == deployer
    for address in record["contracts"].values():
        assert _rpc(testnet, "eth_getCode", [address, "latest"]) not in ("0x", "0x0")
    assert nonce_first == 3  # production facet, implementation, factory (+ shares inside)
    assert "reused everything" in second.stdout
    assert nonce_second == nonce_first  # the second run sent nothing


@pytest.fixture(scope="module")
def played(workspace, deployed):
    """The short scenario, played once against the deployed platform (it opens a project)."""
    project, env, _ = workspace
    scenario = "scenarios/quick-rehearsal.yaml"
    return _cobuild(project, env, "scenario", scenario, "--network", NETWORK)


def test_short_scenario_plays_against_the_live_network(workspace, played):
    project, _, deployer = workspace
    run = played
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((project / "out" / "quick-rehearsal.json").read_text())
    record = json.loads((project / "deployments" / f"{CHAIN_ID}.json").read_text())
    assert report["live"] is True and report["chain_id"] == CHAIN_ID
    assert report["factory"] == record["contracts"]["CobuildFactory"]
    assert all(report["invariants"].values()), report["invariants"]
    assert report["counts"]["presale_succeeded"] == 1
    money = report["money"]
    assert money["in_total"] == money["out_total"] + money["held"]
    # the platform's part went to the recorded treasury: the deployer, whose key we hold
    assert report["actors"]["platform"]["address"] == deployer
    assert report["actors"]["platform"]["received"] == money["out"]["platform"] > 0
    assert report["timing"]["waited_seconds"] > 0  # a live chain's clock is waited for


def test_make_verify_checks_the_live_deployment(workspace, deployed, played, tmp_path):
    """The release record the deploy script wrote rebuilds what is on chain, and the project the
    scenario opened is a verified clone: `make verify`. It asks for the deployment and the played
    scenario itself, so it passes alone (`make test PYTEST_ARGS="-k verif"`)."""
    project, env, _ = workspace
    assert deployed[0].returncode == 0, deployed[0].stdout + deployed[0].stderr
    assert played.returncode == 0, played.stdout + played.stderr
    record = json.loads((project / "deployments" / f"{CHAIN_ID}.json").read_text())
    for entry in record["inputs"].values():
        assert (project / entry["input"]).exists()
    # the make setup step installs the compiler shim: into a folder of this test, not ~/.solcx
    env = {**env, "SOLCX_BINARY_PATH": str(tmp_path / "solcx")}
    run = subprocess.run(
        ["make", "verify", f"NETWORK={NETWORK}"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for name, address in record["contracts"].items():
        assert any(line.split()[:3] == [name, address, "verified"] for line in lines), run.stdout
    clones = [line for line in lines if line.startswith("clone of CobuildProject")]
    assert clones and all(line.endswith(" verified") for line in clones), run.stdout
    assert "NOT verified" not in run.stdout
