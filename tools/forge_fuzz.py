# SPDX-License-Identifier: MIT
"""Run forge's invariant suites (fuzz/invariant/**) with a foundry profile and summarize the run.

`make fuzz` runs the long profile (`fuzz`), tests/fuzz/test_forge_invariants.py the short one
(`ci`, fixed seed). forge's own output is streamed as it comes (its per-selector tables, and for a
broken invariant the shrunk call sequence); then one line per suite (invariants, calls, reverted
calls) and a total line with the time. The exit status is forge's.

    python -m tools.forge_fuzz [--profile ci|fuzz] [forge test options...]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORGE = ROOT / "node_modules" / ".bin" / "forge"
# the suites forge runs; fuzz/halmos holds halmos's check_* proofs, which forge does not run.
# forge compiles only the suites and what they import, not every file under contracts/ (the bench
# and test contracts the suites do not use): 55 s of solc CPU instead of 63 on a fresh clone
SUITES = "fuzz/invariant/**"
SKIP = ("fuzz/halmos/**", "contracts/**", "interfaces/**")

_SUITE = re.compile(r"^Ran \d+ tests? for (?P<suite>\S+)")
_RESULT = re.compile(
    r"(?P<name>(?:invariant|test)\w*)\(\) "
    r"\(runs: (?P<runs>\d+), calls: (?P<calls>\d+), reverts: (?P<reverts>\d+)\)"
)
_STATUS = re.compile(r"^\[(?P<status>PASS|FAIL)")


@dataclass
class Suite:
    """One test contract's invariants: how many, how many calls, how many of them reverted."""

    name: str
    invariants: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    calls: int = 0
    reverts: int = 0


@dataclass
class Summary:
    """The suites of one forge run, in the order forge reported them."""

    suites: list[Suite] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return sum(s.calls for s in self.suites)

    @property
    def reverts(self) -> int:
        return sum(s.reverts for s in self.suites)

    @property
    def invariants(self) -> int:
        return sum(len(s.invariants) for s in self.suites)

    @property
    def failed(self) -> list[str]:
        return [f"{s.name}::{name}" for s in self.suites for name in s.failed]


def summarize(output: str) -> Summary:
    """Read forge's test output: each `Ran N tests for <file>:<contract>` opens a suite, each
    `invariant_x() (runs: r, calls: c, reverts: v)` adds an invariant to it (failed when its
    result line, possibly a few lines before, starts with [FAIL)."""
    summary = Summary()
    suite: Suite | None = None
    status = "PASS"
    for line in output.splitlines():
        opened = _SUITE.match(line)
        if opened:
            suite = Suite(opened["suite"])
            summary.suites.append(suite)
            continue
        marked = _STATUS.match(line)
        if marked:
            status = marked["status"]
        result = _RESULT.search(line)
        if result and suite is not None:
            suite.invariants.append(result["name"])
            suite.calls += int(result["calls"])
            suite.reverts += int(result["reverts"])
            if status == "FAIL":
                suite.failed.append(result["name"])
            status = "PASS"
    return summary


def report(summary: Summary, seconds: float, profile: str) -> str:
    """The lines printed after forge's output."""
    lines = []
    for s in summary.suites:
        if not s.invariants:
            continue
        ratio = s.reverts / s.calls if s.calls else 0.0
        lines.append(
            f"  {s.name}: {len(s.invariants)} invariants, {s.calls:,} calls "
            f"({ratio:.0%} reverted: actions with nothing to act on), {len(s.failed)} failed"
        )
    lines.append(
        f"forge invariants ({profile} profile): {summary.invariants} invariants, "
        f"{summary.calls:,} calls, {len(summary.failed)} violated, in {seconds:.0f} s"
    )
    return "\n".join(lines)


def solc() -> Path:
    """The compiler `make setup` installs (the npm shim), as brownie uses it: FOUNDRY_SOLC."""
    config = (ROOT / "brownie-config.yaml").read_text()
    found = re.search(r"^\s*version:\s*([0-9][0-9.]*)", config, re.M)
    if found is None:
        raise SystemExit("brownie-config.yaml names no compiler version")
    folder = Path(os.environ.get("SOLCX_BINARY_PATH") or Path.home() / ".solcx")
    return folder / f"solc-v{found[1]}"


def run(
    profile: str, extra: list[str] | None = None, echo: bool = True
) -> tuple[int, str, Summary, float]:
    """Run `forge test` on the invariant suites with `profile`; stream its output when `echo`."""
    env = {**os.environ, "FOUNDRY_PROFILE": profile, "FOUNDRY_SOLC": str(solc())}
    command = [str(FORGE), "test", "--match-path", SUITES, "--skip", *SKIP, *(extra or [])]
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    collected = []
    for line in process.stdout:
        collected.append(line)
        if echo:
            sys.stdout.write(line)
            sys.stdout.flush()
    status = process.wait()
    seconds = time.monotonic() - start
    output = "".join(collected)
    return status, output, summarize(output), seconds


def main(argv: list[str]) -> int:
    profile = "fuzz"
    if argv[:1] == ["--profile"]:
        profile, argv = argv[1], argv[2:]
    status, _, summary, seconds = run(profile, argv)
    print(report(summary, seconds, profile))
    if status == 0 and summary.invariants == 0:
        print("no invariant ran", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
