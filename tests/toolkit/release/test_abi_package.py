# SPDX-License-Identifier: MIT
"""The npm package of the ABIs, @cobuild/abi (packages/abi), as a dApp builder gets it.

Its committed sources are what the build produces (`node packages/abi/build.mjs --check`): every
public contract's ABI as a typed `as const` export and as JSON, and errors.json (every custom error
a Cobuild call can revert with, by selector, with its sentence by language). Then the package is
packed (`npm pack`, which compiles it with tsc), the tarball installed into an empty folder, and
two TypeScript programs against it and viem are type-checked and run against the test chain, where
a project with three combinations is open: the README's example, as printed there, and a longer one
that reads through the factory, decodes a revert with `errors` and proves the ABIs are typed to the
letter (a misspelt function name does not compile). What they print is compared with the chain.
"""

import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from brownie import web3

from cobuild.chain.lifecycle import back, offer

ROOT = Path(__file__).resolve().parents[3]
PKG = ROOT / "packages" / "abi"
BIN = ROOT / "node_modules" / ".bin"
E = 10**18

# interface -> the build folder of its artifact (OpenZeppelin's IERC20Metadata is a contract's)
ABIS = {
    "ICobuildFactory": "interfaces",
    "ICobuildProject": "interfaces",
    "ICobuildShares": "interfaces",
    "IERC20Metadata": "contracts",
    "ICobuildInterests": "interfaces",
    "ICobuildNotices": "interfaces",
    "ICobuildConsent": "interfaces",
    "IActivities": "interfaces",
    "IBookings": "interfaces",
    "IDeviceMandates": "interfaces",
    "IServicesEscrow": "interfaces",
}
# what the README's example has in place of a chain and a project
README_RPC = "http://127.0.0.1:8545"
README_PROJECT = "0xE451980132E65465d0a498c53f0b5227326Dd73F"


def _run(args: list, cwd: Path, timeout: int = 120) -> str:
    run = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    assert run.returncode == 0, f"{' '.join(map(str, args))}:\n{run.stdout}\n{run.stderr}"
    return run.stdout


def _ts_block(readme: Path) -> str:
    """The first ```ts block of a README."""
    match = re.search(r"```ts\n(.*?)```", readme.read_text(), re.S)
    assert match, f"{readme} has no ```ts example"
    return match.group(1)


# ------------------------------------------------------------------ the committed sources


def test_package_sources_are_regenerated_identically():
    """The generator rebuilds every file of src/ and json/ (and the LICENSE copy) from the build
    and fails on any difference, or on a file it no longer generates."""
    _run(["node", "packages/abi/build.mjs", "--check"], ROOT)


@pytest.mark.parametrize("name", sorted(ABIS))
def test_json_abi_matches_the_build(name):
    built = json.loads((ROOT / "build" / ABIS[name] / f"{name}.json").read_text())["abi"]
    assert json.loads((PKG / "json" / f"{name}.json").read_text()) == built


def test_every_declared_error_has_a_sentence():
    errors = json.loads((PKG / "json" / "errors.json").read_text())
    names = {e["name"] for e in errors.values()}
    declared = {
        item["name"]
        for name in ABIS
        for item in json.loads((PKG / "json" / f"{name}.json").read_text())
        if item["type"] == "error"
    }
    assert declared <= names
    for selector, e in errors.items():
        assert e["signature"].startswith(e["name"] + "(")
        assert re.fullmatch(r"0x[0-9a-f]{8}", selector)
        assert set(e["sentence"]) == {"en"} and e["sentence"]["en"].strip(), e["name"]


def test_the_dapp_and_the_readme_use_the_package():
    imports = "".join((ROOT / "app" / "src" / f).read_text() for f in ("chain.js", "errors.js"))
    assert "from '@cobuild/abi'" in imports
    assert "abi/" not in re.sub(r"@cobuild/abi", "", imports)
    # the repository's README shows the package's example, as it is
    assert _ts_block(PKG / "README.md") in (ROOT / "README.md").read_text()


# ------------------------------------------------------------------ packed, installed, used


@pytest.fixture(scope="module")
def tarball(tmp_path_factory) -> Path:
    """`npm pack` of a copy of packages/abi's sources (not its dist/): its prepare script compiles
    dist/ with tsc there. Not in place: the app's tests and other tests' clones read
    packages/abi/dist."""
    folder = tmp_path_factory.mktemp("pack")
    copy = folder / "abi"
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("dist", "*.tgz", "node_modules"))
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", folder],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return folder / json.loads(run.stdout)[0]["filename"]


@pytest.fixture(scope="module")
def consumer(tarball, tmp_path_factory) -> Path:
    """An empty ES-module project with the tarball installed by npm (the package has no
    dependencies: nothing is downloaded), and viem and typescript linked from this checkout."""
    folder = tmp_path_factory.mktemp("consumer")
    (folder / "package.json").write_text('{"name": "consumer", "private": true, "type": "module"}')
    _run(["npm", "install", tarball, "--offline", "--no-audit", "--no-fund"], folder)
    for name in ("viem", "typescript"):
        (folder / "node_modules" / name).symlink_to(ROOT / "node_modules" / name)
    tsconfig = {
        "compilerOptions": {
            "target": "es2022",
            "module": "nodenext",
            "moduleResolution": "nodenext",
            "strict": True,
            "skipLibCheck": True,
            "types": [],
            "lib": ["es2022", "dom"],
            "outDir": "out",
        },
        "include": ["*.ts"],
    }
    (folder / "tsconfig.json").write_text(json.dumps(tsconfig))
    return folder


def test_the_tarball_holds_the_compiled_package_its_json_and_licence(tarball, consumer):
    with tarfile.open(tarball) as tar:
        files = {name.removeprefix("package/") for name in tar.getnames()}
    for name in ABIS:
        assert {f"dist/{name}.js", f"dist/{name}.d.ts", f"json/{name}.json"} <= files
    shipped = {"dist/index.js", "dist/index.d.ts", "json/errors.json", "json/deployments.json"}
    assert shipped | {"package.json", "README.md", "LICENSE"} <= files
    assert not {f for f in files if f.startswith("src/") or f == "build.mjs"}
    installed = consumer / "node_modules" / "@cobuild" / "abi"
    manifest = json.loads((installed / "package.json").read_text())
    assert (manifest["name"], manifest["version"], manifest["license"]) == (
        "@cobuild/abi",
        "0.1.0",
        "MIT",
    )
    assert "private" not in manifest and not manifest.get("dependencies")
    for name in ABIS:  # the installed JSON is the build's
        built = json.loads((ROOT / "build" / ABIS[name] / f"{name}.json").read_text())["abi"]
        assert json.loads((installed / "json" / f"{name}.json").read_text()) == built
    assert json.loads((installed / "json" / "deployments.json").read_text()) == {}


EXAMPLE = """\
import { createPublicClient, http, BaseError, ContractFunctionRevertedError } from 'viem';
import type { Address } from 'viem';
import { abis, cobuildFactoryAbi as factoryAbi, cobuildProjectAbi as abi, deployments, errors,
  type CobuildError, type Deployment } from '@cobuild/abi';

const client = createPublicClient({ transport: http('__RPC__') });
const factory: Address = '__FACTORY__';
const count = await client.readContract({
  address: factory, abi: factoryAbi, functionName: 'projectCount' });
const address = await client.readContract({
  address: factory, abi: factoryAbi, functionName: 'projectAt', args: [count] });
const [options, combinations] = await client.readContract({ address, abi, functionName: 'counts' });
const rows = [];
for (let id = 1n; id <= combinations; id++) {
  const c = await client.readContract({ address, abi, functionName: 'combination', args: [id] });
  // the results are typed from the ABI: uint32[] is number[], uint256 bigint, an enum number
  const optionIds: readonly number[] = c.optionIds;
  const funded: bigint = c.funded;
  const status: number = c.status;
  rows.push({ id: Number(id), status, optionIds, cost: String(c.cost), funded: String(funded),
    supporters: String(c.supporters), backers: String(c.backers) });
}
// the ABIs are typed to the letter: a function the contract does not have does not compile
// @ts-expect-error: 'combinations' is not a function of ICobuildProject
const misspelt = () => client.readContract({ address, abi, functionName: 'combinations' });
void misspelt;

let revert = null;
try {
  await client.simulateContract({ address, abi, functionName: 'invest', args: [999n, 1n],
    value: 1n, account: '__ACCOUNT__' });
} catch (err) {
  const reverted = err instanceof BaseError
    ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
  if (reverted instanceof ContractFunctionRevertedError && reverted.raw) {
    const known: CobuildError | undefined = errors[reverted.raw.slice(0, 10) as `0x${string}`];
    revert = { name: known?.name, sentence: known?.sentence.en,
      decodedByViem: reverted.data?.errorName };
  }
}
const chains: readonly Deployment[] = Object.values(deployments);
console.log(JSON.stringify({ project: address, options: Number(options), combinations: rows,
  revert, abis: Object.keys(abis), deployments: chains.length }));
"""


def test_readme_example_typechecks_and_reads_a_projects_combinations(
    consumer, open_project, spec, eth, makers, backers, factory, stranger
):
    project = open_project(spec=spec)
    opts = [[offer(project, makers[d], d, (d + 1) * E // 2) for _ in range(2)] for d in range(3)]
    first = back(project, eth, backers[0], [opts[0][0], opts[1][0], opts[2][0]], 4 * E)
    back(project, eth, backers[1], first, E)
    back(project, eth, backers[2], [opts[0][1], opts[1][0], opts[2][0]], 3 * E)
    back(project, eth, backers[3], [opts[0][0], opts[1][1], opts[2][1]], E // 2)
    rpc = web3.provider.endpoint_uri

    readme = _ts_block(PKG / "README.md")
    assert README_RPC in readme and README_PROJECT in readme
    (consumer / "readme.ts").write_text(
        readme.replace(README_RPC, rpc).replace(README_PROJECT, project.address)
    )
    (consumer / "example.ts").write_text(
        EXAMPLE.replace("__RPC__", rpc)
        .replace("__FACTORY__", factory.address)
        .replace("__ACCOUNT__", stranger.address)
    )
    # tsc type-checks both programs (any error fails it, nothing is emitted then) and compiles them
    _run(["node", BIN / "tsc", "-p", "."], consumer)

    env = {**os.environ, "NODE_NO_WARNINGS": "1"}
    printed = subprocess.run(
        ["node", "out/readme.js"], cwd=consumer, capture_output=True, text=True, env=env
    )
    assert printed.returncode == 0, printed.stderr
    count = project.counts()[1]
    assert count == 3
    expected = []
    for combo in range(1, count + 1):
        c = project.combination(combo)
        option_ids = "+".join(str(i) for i in c[1])
        expected.append(
            f"combination {combo}: options {option_ids}, funded {c[3]} of {c[2]} wei by {c[4]}"
        )
    assert printed.stdout.splitlines() == expected

    run = subprocess.run(
        ["node", "out/example.js"], cwd=consumer, capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["project"] == project.address
    assert out["options"] == 6
    assert out["combinations"] == [
        {
            "id": combo,
            "status": c[0],
            "optionIds": list(c[1]),
            "cost": str(c[2]),
            "funded": str(c[3]),
            "supporters": str(c[4]),
            "backers": str(c[5]),
        }
        for combo in range(1, count + 1)
        for c in [project.combination(combo)]
    ]
    assert out["combinations"][0]["funded"] == str(5 * E)
    assert out["combinations"][0]["backers"] == "2"
    errors = json.loads((PKG / "json" / "errors.json").read_text())
    unknown = next(e for e in errors.values() if e["name"] == "UnknownCombination")
    assert out["revert"] == {
        "name": "UnknownCombination",
        "sentence": unknown["sentence"]["en"],
        "decodedByViem": "UnknownCombination",
    }
    assert out["abis"] == list(ABIS)
    assert out["deployments"] == 0
