# SPDX-License-Identifier: MIT
"""`python -m cobuild.release <command>`: the entry point of `make verify` and `make api-docs`.

    verify [--network ID | --rpc URL] [--record FILE] [--clone ADDRESS ...] [--json]
                                                  check deployments/<chainid>.json against the
                                                  chain (exit 1 when anything is not verified)
    apidoc [--check]                              write docs/api.md (or fail when it is stale)
    warm                                          compile what verification compiles into the
                                                  $COBUILD_SOLC_CACHE folder (`make test`)

Without --network (or with `development`) verify starts its own anvil on a free port, deploys the
platform there with the deploy script's code and verifies that: a rehearsal of the whole path.
That and `--rpc URL` (a live node) need no brownie: the chain port (cobuild/chain/port.py) deploys
from the build through a Sender, and the verifier reads the chain through web3; `--network ID`
goes through brownie's network of that id.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any, TextIO

ROOT = Path.cwd()


def _connect(network_id: str | None, rpc: str | None = None) -> str:
    from brownie import network, project

    from cobuild import brownie_adapter
    from cobuild.chain.node import use_free_port, use_rpc

    brownie_adapter.apply()
    if not project.get_loaded_projects():
        # as `brownie run` does: the build (compiled if stale) and its containers in `brownie`
        loaded = project.load(ROOT)
        loaded.load_config()
        loaded._add_to_main_namespace()
    if rpc:
        network_id = use_rpc(rpc)
    network_id = network_id or "development"
    if network_id == "development":
        use_free_port()
    network.connect(network_id)
    return network_id


def verify(
    network_id: str | None,
    clones: list[str],
    record: Path | None = None,
    json_output: bool = False,
    rpc: str | None = None,
) -> int:
    if network_id in (None, "development"):
        return verify_without_brownie(rpc, clones, record, json_output)
    results = sys.stdout
    # with --json, stdout holds only the JSON: brownie's prints (an anvil launched) go to stderr
    with contextlib.redirect_stdout(sys.stderr) if json_output else contextlib.nullcontext():
        try:
            return verify_connected(
                _connect(network_id, rpc), clones, record, json_output, out=results
            )
        finally:
            from brownie import network

            if network.is_connected():
                network.disconnect()  # stops the anvil this run launched (and says so)


def verify_without_brownie(
    rpc: str | None,
    clones: list[str],
    record: Path | None,
    json_output: bool,
    out: TextIO | None = None,
) -> int:
    """`--rpc URL` (a live node), or an anvil of this run's own with a fresh deployment (`cobuild
    verify` without --network, `make verify`); the verdicts on `out` (default: stdout)."""
    from cobuild.chain.node import DEVELOPMENT, anvil
    from cobuild.chain.port import ChainPort

    with contextlib.nullcontext(rpc) if rpc else anvil(*DEVELOPMENT) as url:
        port = ChainPort.at(url, live=bool(rpc), network="rpc" if rpc else "development")
        return verify_connected(port.network, clones, record, json_output, out=out, port=port)


def _fresh_deployment(port: Any, path: Path, root: Path, progress: Any) -> Path:
    """A fresh platform on a development chain, deployed by its first account, recorded."""
    from cobuild.chain.sender import DevSender
    from cobuild.release.deploy import deploy_release_on

    deployer = port.accounts()[0]
    sender = DevSender(port.rpc, port.codec("CobuildFactory"), mine=port.mine, fees=False)
    return deploy_release_on(port, sender, deployer, path=path, root=root, progress=progress).path


def verify_connected(
    network_id: str,
    clones: list[str],
    record: Path | None = None,
    json_output: bool = False,
    root: Path | None = None,
    out: TextIO | None = None,
    out_dir: Path | None = None,
    port: Any = None,
    w3: Any = None,
) -> int:
    """Verify the deployment record of the chain of `port` and `w3` (default: brownie's
    network; `record`, or deployments/<chainid>.json): a line per contract on stdout, or with
    `json_output` one JSON array of objects (name, address, verified, reason, differences, notes,
    config). What it is doing goes to the `cobuild` logger and, on a terminal, a progress bar
    (stderr). The standard-JSON inputs go to `out_dir` (default: build/verify/<chainid>/)."""
    import json

    from cobuild.chain.port import ChainPort
    from cobuild.chain.records import deployment_path
    from cobuild.progress import LOG, Progress
    from cobuild.release.build import BuildError
    from cobuild.release.verify import verify_record

    if port is None:  # brownie's network, read through brownie's web3
        port = ChainPort.from_brownie()
        if w3 is None:
            from brownie import web3 as w3
    if w3 is None:
        from web3 import Web3

        w3 = Web3(Web3.HTTPProvider(port.rpc.url))
    root = Path.cwd() if root is None else root
    out = sys.stdout if out is None else out
    chain_id = port.chain_id()
    path = deployment_path(chain_id, port.live) if record is None else record
    with Progress(desc="verify", bar=None) as progress:
        if not port.live:
            LOG.info("%s is a development chain: deploying a fresh platform to verify", network_id)
            progress.expect(4)
            path = _fresh_deployment(port, path, root, progress)
        if not path.exists():
            LOG.error("error: no deployment record %s for chain %s", path, chain_id)
            return 2
        contracts = json.loads(path.read_text(encoding="utf8")).get("contracts", {})
        progress.expect(1 + len(contracts))
        out_dir = out_dir or root / "build" / "verify" / str(chain_id)
        LOG.info("verifying %s against %s (chain %s)", path, network_id, chain_id)
        try:
            verdicts = verify_record(path, root, w3, out_dir, clones, progress=progress)
        except BuildError as exc:
            LOG.error("error: the sources do not build: %s", exc)
            return 2
    failed = [v.name for v in verdicts if not v.verified]
    if json_output:
        print(json.dumps([v.as_json() for v in verdicts], indent=2), file=out)
    else:
        for verdict in verdicts:
            print("\n".join(verdict.lines()), file=out)
        print(
            f"{len(verdicts) - len(failed)} of {len(verdicts)} verified"
            + (f"; NOT: {', '.join(failed)}" if failed else ""),
            file=out,
        )
    return 1 if failed else 0


def apidoc(check: bool) -> int:
    from cobuild.release.apidoc import API_DOC, render_api_doc

    text = render_api_doc(ROOT)
    target = ROOT / API_DOC
    if check:
        if not target.exists() or target.read_text(encoding="utf8") != text:
            print(f"{API_DOC} is stale: run `make api-docs`", file=sys.stderr)
            return 1
        print(f"{API_DOC} is up to date")
        return 0
    target.write_text(text, encoding="utf8")
    print(f"wrote {API_DOC}")
    return 0


def warm() -> int:
    """Compile what the deploy record and `make verify` compile (the platform contracts with
    what they import, then each one's own input), then the whole project, into the folder
    $COBUILD_SOLC_CACHE names. `make test` starts it beside `brownie compile`,
    which keeps one core busy for half a minute and leaves the other idle; the release tests
    and `make verify` runs of the suite then find these outputs (or wait for the one being
    compiled: `_Memo.claim`) instead of compiling them on a test worker."""
    import os

    from cobuild.protocol import PLATFORM_CONTRACTS
    from cobuild.release.build import (
        compile_input,
        compile_project,
        contract_input,
        find_contract,
        load_config,
        solc_path,
    )

    if not os.environ.get("COBUILD_SOLC_CACHE"):
        print("warm: set COBUILD_SOLC_CACHE to the folder to fill", file=sys.stderr)
        return 2
    config = load_config(ROOT)
    output = compile_project(config, ROOT, contracts=sorted(PLATFORM_CONTRACTS))  # verify's
    for name in PLATFORM_CONTRACTS:
        compiled = find_contract(output, name)
        compile_input(contract_input(compiled.metadata, ROOT), solc_path(config))
    compile_project(config, ROOT)  # the whole build, as the release tests read it
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cobuild.release", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    v = commands.add_parser("verify", help="verify a deployment record against its chain")
    v.add_argument("--network", default=None, help="brownie network id (default: development)")
    v.add_argument("--rpc", default=None, help="a node's URL instead of a brownie network")
    v.add_argument("--record", type=Path, default=None, help="deployment record to verify")
    v.add_argument("--clone", action="append", default=[], help="also check this clone address")
    v.add_argument("--json", action="store_true", help="one JSON array of verdicts on stdout")
    a = commands.add_parser("apidoc", help="generate docs/api.md from the interfaces' NatSpec")
    a.add_argument("--check", action="store_true", help="fail when docs/api.md is stale")
    commands.add_parser("warm", help="fill $COBUILD_SOLC_CACHE with the release compilations")
    args = parser.parse_args(argv)
    from cobuild.progress import setup_logging

    setup_logging()
    if args.command == "verify":
        return verify(args.network, args.clone, args.record, args.json, args.rpc)
    if args.command == "warm":
        return warm()
    return apidoc(args.check)


if __name__ == "__main__":
    sys.exit(main())
