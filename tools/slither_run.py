# SPDX-License-Identifier: MIT
"""Run slither on the project offline and print a short summary (`make slither`).

Why not `slither . --ignore-compile` on brownie's build/: crytic-compile rebuilds the sources from
build/contracts/*.json, one file per *contract*, so a source file that declares no contract (an
OpenZeppelin re-export such as interfaces/IERC20.sol, which SafeERC20 imports, or a file of custom
errors or free functions) is missing and slither stops with "... does not exist".

So this script compiles the project itself, the way brownie does, in one solc standard-JSON run:
  1. writes build/slither/input.json from brownie-config.yaml (every .sol under contracts/ and
     interfaces/, the remappings, evm_version, optimizer);
  2. runs slither on it with the npm solc shim that `make setup` installed (never solc-select,
     which would try to download a compiler), reading slither.config.json for what to report and
     when to fail;
  3. prints the findings counted by impact, the blocking ones in full, and exits non-zero when
     slither does (a high or medium finding, per `fail_on`, or an analysis error).

Full text output: reports/slither.txt; JSON results: reports/slither.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file from the security venv: find the cobuild package

from cobuild.release.build import load_config, project_input, solc_path  # noqa: E402

INPUT = Path("build/slither/input.json")
RESULTS = Path("reports/slither.json")
LOG = Path("reports/slither.txt")
IMPACTS = ("High", "Medium", "Low", "Informational", "Optimization")
FAIL_LEVELS = {  # slither's --fail-on levels and the impacts each one fails on
    "high": {"High"},
    "medium": {"High", "Medium"},
    "low": {"High", "Medium", "Low"},
    "pedantic": set(IMPACTS),
    "none": set(),
}


def load_brownie_config() -> dict:
    return load_config(ROOT)


def default_solc(config: dict) -> Path:
    return solc_path(config)


def standard_json_input(config: dict) -> dict:
    """The solc standard-JSON input brownie would compile: same sources and settings."""
    # crytic-compile reads the AST, ABIs and bytecode with source maps
    outputs = {
        "*": {
            "*": ["abi", "devdoc", "userdoc", "evm.bytecode", "evm.deployedBytecode"],
            "": ["ast"],
        }
    }
    return project_input(config, ROOT, output_selection=outputs, inline=False)


def run_slither(solc: Path, extra: list[str]) -> int:
    slither = Path(sys.executable).with_name("slither")
    RESULTS.unlink(missing_ok=True)  # slither refuses to overwrite its JSON output
    cmd = [
        str(slither),
        str(INPUT),
        "--compile-force-framework",
        "solc-json",
        "--solc",
        str(solc),
        "--json",
        str(RESULTS),
        *extra,
    ]
    with open(LOG, "w", encoding="utf8") as log:
        return subprocess.run(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode


def fail_level() -> str:
    try:
        with open(ROOT / "slither.config.json", encoding="utf8") as f:
            return str(json.load(f).get("fail_on", "pedantic"))
    except FileNotFoundError:
        return "pedantic"


def first_line(finding: dict) -> str:
    return finding.get("description", "").strip().splitlines()[0]


def summarise(output: dict, level: str) -> int:
    """Print the summary; return how many findings block (fail) at `level`."""
    findings = output.get("results", {}).get("detectors", [])
    counts = Counter(finding["impact"] for finding in findings)
    blocking_impacts = FAIL_LEVELS.get(level, set(IMPACTS))
    blocking = [f for f in findings if f["impact"] in blocking_impacts]

    print("slither findings by impact (node_modules, contracts/test, contracts/bench excluded):")
    for impact in IMPACTS:
        mark = "  <- fails the build" if impact in blocking_impacts and counts[impact] else ""
        print(f"  {impact:<14}{counts[impact]:>4}{mark}")
    print(f"  {'total':<14}{len(findings):>4}")

    for impact in IMPACTS:
        group = [f for f in findings if f["impact"] == impact]
        if not group:
            continue
        print(f"\n{impact}:")
        for finding in group:
            print(f"  [{finding['check']}, confidence {finding['confidence']}]")
            if impact in blocking_impacts:
                for line in finding["description"].strip().splitlines():
                    print(f"    {line}")
            else:
                print(f"    {first_line(finding)}")
    return len(blocking)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solc", type=Path, help="solc executable (default: the npm solc shim)")
    parser.add_argument("slither_args", nargs="*", help="passed on to slither (after --)")
    args = parser.parse_args()

    os.chdir(ROOT)
    config = load_brownie_config()
    solc = args.solc or default_solc(config)
    if not os.access(solc, os.X_OK):
        print(f"error: no solc at {solc}; run 'make setup' (installs the npm solc shim)")
        return 2

    INPUT.parent.mkdir(parents=True, exist_ok=True)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    INPUT.write_text(json.dumps(standard_json_input(config), indent=1) + "\n", encoding="utf8")

    code = run_slither(solc, args.slither_args)
    try:
        output = json.loads(RESULTS.read_text(encoding="utf8"))
    except (FileNotFoundError, json.JSONDecodeError):
        output = {"success": False, "error": "slither wrote no JSON results"}
    if not output.get("success"):
        print(f"slither failed (exit {code}): {output.get('error')}")
        print(f"--- last lines of {LOG} ---")
        print("\n".join(LOG.read_text(encoding="utf8").splitlines()[-25:]))
        return 2

    level = fail_level()
    blocking = summarise(output, level)
    print(f"\nfull report: {LOG} (text), {RESULTS} (JSON)")
    if code != 0 or blocking:
        print(f"FAIL: {blocking} finding(s) at or above fail_on={level!r} (slither exit {code})")
        print("Fix them, or if one is a false positive, silence that line with a")
        print("'// slither-disable-next-line <check>' comment saying why.")
        return 1
    print(f"OK: no finding at or above fail_on={level!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
