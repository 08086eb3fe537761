# SPDX-License-Identifier: MIT
"""The chain port (issue 34): the scenario runner, the players, their chain layer, the bench and
the command line import no brownie and patch nothing; the runner plays a scenario with brownie not
importable at all, on an anvil of its own, and its report has the golden values; the bench's
services part and `cobuild watch --help` run with brownie blocked too; `cobuild verify`, `bench`
and `watch` run on the port unless `--network ID` asks for brownie; `Rpc` talks JSON-RPC on a
connection of its own; artifacts are read from build/contracts/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cobuild.chain.artifacts import Artifact, ArtifactError, artifact, project_abi
from cobuild.chain.node import DEVELOPMENT, anvil
from cobuild.chain.rpc import Rpc, RpcError
from tests.scenarios.golden_reports import assert_same_values

ROOT = Path(__file__).resolve().parents[2]
PORT_MODULES = (
    "cobuild.chain",
    "cobuild.scenario",
    "cobuild.routing",
    "cobuild.chain.port",
    "cobuild.chain.artifacts",
    "cobuild.chain.node",
    "cobuild.chain.actors",
    "cobuild.chain.money",
    "cobuild.chain.spec",
    "cobuild.scenario.runner",
    "cobuild.scenario.report",
    "cobuild.commands.play",
    "cobuild.commands.routing_scenario",
    "cobuild.scenario.routing",
    "cobuild.scenario.services",
    "cobuild.chain.records",
    "cobuild.routing.watcher",
    "cobuild.routing.local",
    "cobuild.routing.__main__",
    "cobuild.release.deploy",
    "cobuild.release.__main__",
    "cobuild.bench_chain",
    "cobuild.bench_services",
    "cobuild.commands.bench",
    "cobuild.cli",
)
# a finder first on the meta path that refuses brownie: `import brownie` raises ImportError
BLOCK_BROWNIE = textwrap.dedent(
    """
    import sys

    class NoBrownie:
        def find_spec(self, name, path=None, target=None):
            if name == "brownie" or name.startswith("brownie."):
                raise ImportError(f"{name} is blocked by the test")
            return None

    sys.meta_path.insert(0, NoBrownie())
    """
)


def _python(
    code: str, *args: str, timeout: float = 300, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_issue_one_liner_imports_no_brownie():
    done = _python(
        "import cobuild.chain, cobuild.scenario, cobuild.routing, sys; "
        "assert 'brownie' not in sys.modules"
    )
    assert done.returncode == 0, done.stderr


def test_the_port_and_its_players_import_no_brownie_and_patch_nothing():
    code = textwrap.dedent(
        f"""
        import importlib, sys
        import requests, web3
        before = (
            web3.HTTPProvider.make_request,
            web3.HTTPProvider.make_batch_request,
            requests.Session.send,
            requests.Session.request,
        )
        for name in {PORT_MODULES!r}:
            importlib.import_module(name)
        after = (
            web3.HTTPProvider.make_request,
            web3.HTTPProvider.make_batch_request,
            requests.Session.send,
            requests.Session.request,
        )
        assert before == after, "importing the port patched web3 or requests"
        loaded = sorted(m for m in sys.modules if m == "brownie" or m.startswith("brownie."))
        assert not loaded, loaded
        """
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr


def _play_without_brownie(path: str, out: Path) -> dict:
    """`python -m cobuild.commands.play <path> --json` with brownie blocked; the report."""
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        import runpy
        sys.argv = ["cobuild.commands.play", *sys.argv[1:]]
        try:
            runpy.run_module("cobuild.commands.play", run_name="__main__")
        finally:
            assert "brownie" not in sys.modules
        """
    )
    done = _python(code, path, "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_runner_plays_a_scenario_with_brownie_not_importable(tmp_path):
    """`python -m cobuild.commands.play` with brownie blocked: its own anvil, deploys from the build
    through the Sender, and the report the brownie-driven runner gives (tests/scenarios/golden)."""
    report = _play_without_brownie("scenarios/quick-rehearsal.yaml", tmp_path)
    assert report["network"] == "development" and report["chain_id"] == 31337
    assert all(report["invariants"].values()), report["invariants"]
    assert_same_values("quick-rehearsal", report)
    written = json.loads((tmp_path / "quick-rehearsal.json").read_text())
    assert written["counts"] == report["counts"]
    # the platform's deployment is not the scenario's: its transactions are not counted
    assert not any(kind.startswith("deploy Cobuild") for kind in report["gas"]["by_action"])


def test_the_services_player_plays_saturday_with_brownie_not_importable(tmp_path):
    """scenarios/saturday.yaml (`kind: services`) through the same entry: deployed and played
    through the Sender without fees, balances to the wei, the golden values."""
    report = _play_without_brownie("scenarios/saturday.yaml", tmp_path)
    assert all(report["invariants"].values()), report["mismatches"]
    assert_same_values("saturday", report)


def test_the_routing_player_and_the_watcher_run_with_brownie_not_importable(tmp_path):
    """scenarios/routing-and-consent.yaml: contracts deployed through the Sender, the watcher
    over the node, every inbox and the consent uses as the golden report has them."""
    report = _play_without_brownie("scenarios/routing-and-consent.yaml", tmp_path)
    assert all(e["ok"] for e in report["expectations"].values()), report["expectations"]
    assert [r["error"] for r in report["refusals"]] == [
        "PurposeMismatch",
        "NotGrantee",
        "GrantRevoked",
    ]
    assert_same_values("routing-and-consent", report)
    assert (tmp_path / "routing-and-consent.sqlite").stat().st_size > 0


def test_a_rejected_file_exits_2_without_brownie(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsteps: []\n")
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        from cobuild.commands.play import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    done = _python(code, str(bad), "--out", str(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "error:" in done.stderr and "brownie" not in done.stderr


def test_rpc_owns_its_connection_and_batches_in_order():
    with anvil(*DEVELOPMENT) as url:
        rpc = Rpc(url)
        assert rpc.provider is None
        assert int(rpc.call("eth_chainId"), 16) == 31337
        accounts = rpc.call("eth_accounts")
        assert len(accounts) == 10
        balances = rpc.batch([("eth_getBalance", [a, "latest"]) for a in accounts])
        assert len(balances) == 10 and all(int(b, 16) > 0 for b in balances)
        answers = rpc.batch(
            [("eth_blockNumber", []), ("no_suchMethod", []), ("eth_chainId", [])],
            allow_errors=True,
        )
        assert answers[0] == "0x0" and isinstance(answers[1], RpcError)
        assert answers[2] == "0x7a69"
        with pytest.raises(RpcError, match="no_suchMethod"):
            rpc.call("no_suchMethod")


def test_artifacts_are_read_from_the_build():
    factory = artifact("CobuildFactory")
    assert factory.name == "CobuildFactory" and factory.bytecode and factory.deployed_bytecode
    assert factory.constructor_types == ["address", "address", "string"]
    data = factory.creation("0x" + "11" * 20, "0x" + "22" * 20, "uri")
    assert data.startswith("0x" + factory.bytecode.removeprefix("0x"))
    with pytest.raises(ArtifactError, match="takes 3 arguments"):
        factory.creation()
    names = {e.get("name") for e in project_abi()}
    assert {"invest", "offerOption", "config", "order", "deliver"} <= names
    with pytest.raises(ArtifactError, match="compile first"):
        artifact("NoSuchContract")
    linked = Artifact(contractName="L", abi=[], bytecode="6080__$abc$__", deployedBytecode="")
    with pytest.raises(ArtifactError, match="library"):
        linked.creation()


def test_deploy_and_the_live_runner_need_no_brownie(tmp_path):
    """On a node with a testnet's chain id: the platform deployed through a LiveSender (a key of
    our own) and recorded, then reused; a live play from a folder with no deployments/ finds no
    platform recorded and says so (exit 2), with brownie blocked."""
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        import json
        import os
        from pathlib import Path

        from eth_account import Account
        from cobuild.chain.node import anvil
        from cobuild.chain.port import ChainPort
        from cobuild.chain.records import deploy_recorded, recorded_factory
        from cobuild.chain.sender import Handle, LiveSender
        from cobuild.commands.play import main

        out, scenario = Path(sys.argv[1]), sys.argv[2]
        with anvil("--chain-id", "11155111") as url:
            port = ChainPort.at(url, live=True)
            key = Account.create()
            port.rpc.call("anvil_setBalance", [key.address, hex(100 * 10**18)])
            codec = port.codec("CobuildFactory")
            sender = LiveSender(port.rpc, codec, {"deployer": key.key.hex()}, key.address)
            path = out / "deployments" / "11155111.json"
            first = deploy_recorded(port, sender, key.address, path=path)
            second = deploy_recorded(port, sender, key.address, path=path)
            nonce = int(port.rpc.call("eth_getTransactionCount", [key.address, "latest"]), 16)
            record = json.loads(path.read_text())
            contracts = record["contracts"]
            assert first.deployed == ["ProjectProduction", "CobuildProject", "CobuildFactory"]
            assert second.deployed == [] and nonce == 3, (second.deployed, nonce)
            assert record["chainid"] == 11155111 and record["treasury"] == key.address
            assert recorded_factory(port, path) == contracts["CobuildFactory"]
            factory = Handle(contracts["CobuildFactory"], codec)
            assert port.view(factory, "shares") == contracts["CobuildShares"]
            os.environ.update(COBUILD_PRIVATE_KEY=key.key.hex(), COBUILD_ACTOR_SEED="test")
            os.chdir(out / "elsewhere")  # no deployments/ here: nothing recorded
            status = main([scenario, "--rpc", url, "--live"])
        assert "brownie" not in sys.modules
        sys.exit(status)
        """
    )
    (tmp_path / "elsewhere").mkdir()
    scenario = str(ROOT / "scenarios" / "quick-rehearsal.yaml")
    done = _python(code, str(tmp_path), scenario)
    assert done.returncode == 2, done.stderr[-3000:]
    assert "no Cobuild platform recorded for chain 11155111" in done.stderr


def test_verify_deploys_and_checks_a_fresh_platform_without_brownie(tmp_path):
    """`make verify`'s rehearsal on the port: an anvil of its own, the platform deployed from the
    build through a Sender with its release record, every contract rebuilt from its standard-JSON
    input and compared with the chain; brownie blocked."""
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        import io, json
        from pathlib import Path
        from cobuild.chain.node import DEVELOPMENT, anvil
        from cobuild.chain.port import ChainPort
        from cobuild.release.__main__ import verify_connected

        out = Path(sys.argv[1])
        text = io.StringIO()
        with anvil(*DEVELOPMENT) as url:
            status = verify_connected(
                "development", [], out / "31337.json", True, out=text,
                out_dir=out / "inputs", port=ChainPort.at(url),
            )
        verdicts = json.loads(text.getvalue())
        assert [v["name"] for v in verdicts] == [
            "ProjectProduction", "CobuildProject", "CobuildFactory", "CobuildShares"
        ], verdicts
        assert all(v["verified"] for v in verdicts), verdicts
        assert "inputs" in json.loads((out / "31337.json").read_text())
        assert "brownie" not in sys.modules
        sys.exit(status)
        """
    )
    done = _python(code, str(tmp_path), timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_services_bench_runs_with_brownie_not_importable(tmp_path):
    """`make bench`'s services part (`cobuild.commands.bench.services`) on the port: an anvil of
    its own, the services and the bare escrow deployed from the build through a Sender, each
    measured action's gas from its receipt; out/bench-services.json written where it runs."""
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        from cobuild.commands import bench
        bench.services()
        assert "brownie" not in sys.modules
        """
    )
    done = _python(code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    from cobuild.bench_services import SERVICE_ACTIONS

    result = json.loads((tmp_path / "out" / "bench-services.json").read_text())
    assert set(result["gas"]) == set(SERVICE_ACTIONS)
    assert set(result["anchors"]) == set(SERVICE_ACTIONS.values())
    assert all(result["budgets"].values()), result
    assert "services budgets: 7/7 pass" in done.stdout


def test_cobuild_verify_bench_and_watch_run_without_brownie(tmp_path):
    """`cobuild verify`, `bench` and `watch` go through the chain port unless a brownie network
    other than the development one is asked for (`--network ID`); the commands that still play
    through brownie say so. `cobuild watch --help` through the command line, brownie blocked."""
    from cobuild.cli import COMMANDS, parser

    cases = [
        (["verify"], False),
        (["verify", "--network", "development"], False),
        (["verify", "--rpc", "http://127.0.0.1:8545", "--json"], False),
        (["verify", "--network", "sepolia"], True),
        (["bench"], False),
        (["bench", "--rpc", "http://127.0.0.1:8545"], False),
        (["bench", "--network", "mainnet-fork"], True),
        (["watch", "--db", "x.sqlite"], False),
        (["watch", "--rpc", "http://127.0.0.1:8545", "--contracts", "c.json", "--db", "x"], False),
    ]
    for argv, on_brownie in cases:
        args, _ = parser().parse_known_args(argv)
        assert COMMANDS[args.command].on_brownie(args) is on_brownie, argv
    assert all(COMMANDS[c].on_brownie is None for c in ("compile", "demo", "scenario", "deploy"))
    code = BLOCK_BROWNIE + textwrap.dedent(
        """
        from cobuild.cli import main
        try:
            main(["watch", "--help"])
        finally:
            assert "brownie" not in sys.modules
        """
    )
    done = _python(code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cobuild watch: with --rpc URL" in done.stdout and "--contracts" in done.stdout


def test_the_live_deployer_key_comes_from_a_brownie_keystore_or_the_environment(
    tmp_path, monkeypatch
):
    """`deployer_key`: the keystore `COBUILD_ACCOUNT` names (brownie's file, decrypted without
    brownie) before `COBUILD_PRIVATE_KEY`, and neither is an error."""
    from eth_account import Account

    from cobuild.chain.port import deployer_key

    account, other = Account.create(), Account.create()
    folder = tmp_path / ".brownie" / "accounts"
    folder.mkdir(parents=True)
    (folder / "ops.json").write_text(json.dumps(Account.encrypt(account.key, "secret")))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("COBUILD_ACCOUNT", raising=False)
    monkeypatch.delenv("COBUILD_PRIVATE_KEY", raising=False)
    with pytest.raises(RuntimeError, match="no deployer"):
        deployer_key()
    monkeypatch.setenv("COBUILD_PRIVATE_KEY", other.key.hex())
    assert Account.from_key(deployer_key()).address == other.address
    monkeypatch.setenv("COBUILD_ACCOUNT", "ops")
    monkeypatch.setenv("COBUILD_ACCOUNT_PASSWORD", "secret")
    assert Account.from_key(deployer_key()).address == account.address
    monkeypatch.setenv("COBUILD_ACCOUNT", "missing")
    with pytest.raises(RuntimeError, match="missing"):
        deployer_key()
