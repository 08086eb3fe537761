# SPDX-License-Identifier: MIT
"""The toolkit installed as a package, outside the checkout (issue 36).

A fresh venv in a folder of the test's own gets `pip install <checkout>` (through uv, with the
versions of the checkout's venv as constraints, which make setup left in uv's cache): there the
`cobuild` command answers `--help` and says that `deploy` needs a checkout; a script imports
`cobuild.client`, opens a project, lists the platform's projects and invests in one. The platform is
deployed by `cobuild deploy --rpc` from the checkout's venv, run from that other folder, on an
anvil the test starts on a free port. The stake is checked on chain with a bare `eth_call`.
The install and the deployment run side by side."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from eth_abi import decode, encode
from eth_account import Account
from eth_utils import keccak

from cobuild.routing.local import anvil as local_anvil

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
UNIT = 10**18
TIMEOUT = 600

SCRIPT = """
import json, sys
from cobuild.client import Cobuild

assert "brownie" not in sys.modules
url, record, creator, maker, backer, inspector = sys.argv[1:]
car = Cobuild(url, deployment=record, account=creator).create_project(
    "Spherical safety car", ["body", "engine"], [inspector], tags=["cars"]
)
as_maker = Cobuild(url, deployment=record, account=maker).project(car.address)
body = as_maker.offer_option("body", as_maker.units(2), "tough foam").result
engine = as_maker.offer_option("engine", as_maker.units(3), "voltdrive").result
client = Cobuild(url, deployment=record, account=backer)
listed = client.projects()
project = client.project(listed[0].id)
combo = project.invest_in_new([body, engine], project.units("1.5")).result
print(json.dumps({
    "listed": [p.as_json() for p in listed],
    "combo": combo,
    "stake": project.positions().combinations[0].stake,
    "module": __import__("cobuild").__file__,
}))
"""


def _rpc(url: str, method: str, params: list) -> object:
    answer = requests.post(
        url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, timeout=10
    ).json()
    return answer["result"]


def _env(**extra: str) -> dict:
    """The environment without the checkout on PYTHONPATH (make test exports it) and without
    COBUILD_ settings, but with the suite's compiler outputs (tests/conftest.py)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONPATH" and (not k.startswith("COBUILD_") or k == "COBUILD_SOLC_CACHE")
    }
    return {**env, **extra}


@pytest.fixture(scope="module")
def anvil():
    with local_anvil() as url:
        yield url


@pytest.fixture(scope="module")
def keys(anvil):
    """creator, maker, backer, inspector, deployer: fresh keys funded through anvil."""
    accounts = [Account.create() for _ in range(5)]
    for account in accounts:
        _rpc(anvil, "anvil_setBalance", [account.address, hex(100 * UNIT)])
    return accounts


def _install(folder: Path) -> tuple[Path, float]:
    """A fresh venv in `folder` with the checkout installed (not editable); its python and the
    seconds it took."""
    started = time.monotonic()
    python = folder / "venv" / "bin" / "python"
    if (VENV / "uv").exists():
        uv = str(VENV / "uv")
        subprocess.run(
            [uv, "venv", "--quiet", "--python", sys.executable, str(folder / "venv")],
            check=True,
            cwd=folder,
            env=_env(),
        )
        frozen = subprocess.run(
            [uv, "pip", "freeze", "--python", sys.executable],
            check=True,
            capture_output=True,
            text=True,
            env=_env(),
        ).stdout
        # the checkout's venv pins what uv's cache holds (the checkout itself left out)
        pins = [line for line in frozen.splitlines() if "==" in line and "cobuild" not in line]
        (folder / "constraints.txt").write_text("\n".join(pins) + "\n")
        install = [uv, "pip", "install", "--quiet", "--native-tls", "--python", str(python)]
        install += ["-c", str(folder / "constraints.txt"), str(ROOT)]
    else:  # no uv: the venv's own pip
        subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
        install = [str(python), "-m", "pip", "install", "--quiet", str(ROOT)]
    run = subprocess.run(install, cwd=folder, env=_env(), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return python, time.monotonic() - started


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory, anvil, keys):
    """(folder, its venv's python, the deployment record): the install and `cobuild deploy
    --rpc` (from the checkout's venv, in that folder) run at the same time."""
    folder = tmp_path_factory.mktemp("elsewhere")
    deployer = keys[4]
    deploy = subprocess.Popen(
        [str(VENV / "cobuild"), "deploy", "--rpc", anvil, "--record", "platform.json", "--json"],
        cwd=folder,
        env=_env(COBUILD_PRIVATE_KEY=deployer.key.hex()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    python, seconds = _install(folder)
    print(f"fresh venv with the checkout installed in {seconds:.1f} s")
    out, err = deploy.communicate(timeout=TIMEOUT)
    assert deploy.returncode == 0, out + err
    record = json.loads(out)  # stdout holds the JSON alone; the steps went to stderr
    assert record["deployer"] == deployer.address
    assert "CobuildFactory: deployed at" in err
    assert (folder / "platform.json").is_file() and (folder / "platform").is_dir()
    return folder, python, record


def _cobuild(folder: Path, python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python.parent / "cobuild"), *args],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_the_cobuild_command_answers_help_outside_the_checkout(elsewhere):
    folder, python, _ = elsewhere
    top = _cobuild(folder, python, "--help")
    assert top.returncode == 0, top.stderr
    for command in ("demo", "scenario", "deploy", "verify", "watch", "inbox", "bench"):
        assert command in top.stdout
    for command in ("demo", "scenario", "deploy", "verify", "bench", "inbox", "projects"):
        shown = _cobuild(folder, python, command, "--help")
        assert shown.returncode == 0 and "--json" in shown.stdout, (command, shown.stderr)
    deploy = _cobuild(folder, python, "deploy")
    assert deploy.returncode == 2 and "needs a Cobuild checkout" in deploy.stderr


def test_a_script_there_lists_the_projects_and_invests(elsewhere, anvil, keys):
    folder, python, record = elsewhere
    creator, maker, backer, inspector, _ = keys
    (folder / "use_client.py").write_text(SCRIPT)
    run = subprocess.run(
        [str(python), "use_client.py", anvil, "platform.json"]
        + [k.key.hex() for k in (creator, maker, backer)]
        + [inspector.address],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout)
    assert Path(result["module"]).is_relative_to(folder / "venv")  # the installed package
    (listed,) = result["listed"]
    assert listed["title"] == "Spherical safety car" and listed["creator"] == creator.address
    assert listed["phase"] == "Ideation" and listed["counts"]["options"] == 2
    # the stake, read on chain without the client: stakeOf(combo, backer)
    call = keccak(text="stakeOf(uint256,address)")[:4] + encode(
        ["uint256", "address"], [result["combo"], backer.address]
    )
    answer = _rpc(
        anvil, "eth_call", [{"to": listed["address"], "data": "0x" + call.hex()}, "latest"]
    )
    assert decode(["uint256"], bytes.fromhex(answer[2:]))[0] == 3 * UNIT // 2 == result["stake"]
    # the project is the first of the deployed factory: projectAt(1)
    call = keccak(text="projectAt(uint256)")[:4] + encode(["uint256"], [1])
    to = record["contracts"]["CobuildFactory"]
    answer = _rpc(anvil, "eth_call", [{"to": to, "data": "0x" + call.hex()}, "latest"])
    assert int(answer, 16) == int(listed["address"], 16)
