# SPDX-License-Identifier: MIT
"""`python -m cobuild.release <command>`: the entry point of `make verify` and `make api-docs`.

    verify [--network ID] [--clone ADDRESS ...]   check deployments/<chainid>.json against the
                                                  chain (exit 1 when anything is not verified)
    apidoc [--check]                              write docs/api.md (or fail when it is stale)
    warm                                          compile what verification compiles into the
                                                  $COBUILD_SOLC_CACHE folder (`make test`)

Without --network (or with `development`) verify starts its own anvil on a free port, deploys the
platform there with the deploy script's code and verifies that: a rehearsal of the whole path.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path.cwd()


def _connect(network_id: str | None) -> str:
    from brownie import network, project

    from cobuild.chain.node import use_free_port

    if not project.get_loaded_projects():
        # as `brownie run` does: the build (compiled if stale) and its containers in `brownie`
        loaded = project.load(ROOT)
        loaded.load_config()
        loaded._add_to_main_namespace()
    network_id = network_id or "development"
    if network_id == "development":
        use_free_port()
    network.connect(network_id)
    return network_id


def verify(network_id: str | None, clones: list[str]) -> int:
    network_id = _connect(network_id)
    from brownie import web3

    from cobuild.chain.deployment import deployment_path, is_live
    from cobuild.release.build import BuildError
    from cobuild.release.verify import verify_record

    path = deployment_path()
    if not is_live():
        from cobuild.release.deploy import deploy_release

        print(f"{network_id} is a development chain: deploying a fresh platform to verify")
        path = deploy_release(path=path, root=ROOT).path
    if not path.exists():
        print(f"error: no deployment record {path} for chain {web3.eth.chain_id}", file=sys.stderr)
        return 2
    out_dir = ROOT / "build" / "verify" / str(web3.eth.chain_id)
    print(f"verifying {path} against {network_id} (chain {web3.eth.chain_id})")
    try:
        verdicts = verify_record(path, ROOT, web3, out_dir, clones)
    except BuildError as exc:
        print(f"error: the sources do not build: {exc}", file=sys.stderr)
        return 2
    for verdict in verdicts:
        print("\n".join(verdict.lines()))
    failed = [v.name for v in verdicts if not v.verified]
    print(
        f"{len(verdicts) - len(failed)} of {len(verdicts)} verified"
        + (f"; NOT: {', '.join(failed)}" if failed else "")
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
    v.add_argument("--clone", action="append", default=[], help="also check this clone address")
    a = commands.add_parser("apidoc", help="generate docs/api.md from the interfaces' NatSpec")
    a.add_argument("--check", action="store_true", help="fail when docs/api.md is stale")
    commands.add_parser("warm", help="fill $COBUILD_SOLC_CACHE with the release compilations")
    args = parser.parse_args(argv)
    if args.command == "verify":
        return verify(args.network, args.clone)
    if args.command == "warm":
        return warm()
    return apidoc(args.check)


if __name__ == "__main__":
    sys.exit(main())
