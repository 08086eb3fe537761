# SPDX-License-Identifier: MIT
"""forge's invariant suites (fuzz/invariant/**: projects, services, consent) hold under the short
`ci` profile of foundry.toml: a fixed seed, a few runs per invariant (issue 31; `make fuzz` runs
the long profile). forge runs in a subprocess, so xdist overlaps it with the other modules. When an
invariant breaks, the assertion shows forge's output: the invariant, the reason and the shrunk
call sequence, which forge keeps in forge-cache/invariant/failures and replays first on the next
run (README, "Invariant fuzzing").
"""

from tools.forge_fuzz import report, run, summarize

# the project suite's invariants (fuzz/invariant/project/ProjectInvariants.t.sol)
PROJECT_INVARIANTS = {
    "invariant_solvency",
    "invariant_conservation",
    "invariant_exactlyOnce",
    "invariant_nobodyPaidBeyondEntitlement",
    "invariant_roleRatioOfEveryRevenueUnit",
    "invariant_phaseSafety",
    "invariant_rankingEqualsTrueOrder",
    "invariant_selectionWithinSlotsAndRescueCap",
    "invariant_claimsPayWhatTheViewsSay",
    "invariant_feeOnTransferRefused",
    "invariant_sharesAreTheStakes",
    "invariant_netPositionOfEveryActor",
    "invariant_statusesFollowTheRules",
}


def _failure_excerpt(output: str) -> str:
    """forge's failure section (the reason and the shrunk sequence), else the end of its output."""
    start = output.find("Failing tests:")
    return output[start:] if start != -1 else output[-6000:]


def test_forge_invariant_suites_hold_under_the_ci_profile():
    status, output, summary, seconds = run("ci", echo=False)
    outcome = report(summary, seconds, "ci")
    assert status == 0, f"forge test failed ({outcome}):\n{_failure_excerpt(output)}"
    assert not summary.failed
    project = [s for s in summary.suites if s.name.endswith(":ProjectInvariants")]
    assert len(project) == 1, [s.name for s in summary.suites]
    assert set(project[0].invariants) == PROJECT_INVARIANTS
    # every invariant ran its campaign: runs x depth calls of the ci profile (2 x 1000)
    assert project[0].calls == len(PROJECT_INVARIANTS) * 2 * 1000
    assert project[0].reverts < project[0].calls
    print(outcome)


def test_the_summary_reads_forge_output_with_a_failure():
    output = """
Ran 2 tests for fuzz/invariant/x/X.t.sol:X
[PASS] invariant_a() (runs: 4, calls: 1600, reverts: 100)
[FAIL: conservation: balance != in - out]
\t[Sequence] (original: 7, shrunk: 2)
\t\tsender=0x01 addr=[fuzz/invariant/x/H.sol:H]0x02 calldata=refund(uint256) args=[3]
 invariant_b() (runs: 1, calls: 200, reverts: 20)
Ran 1 test for fuzz/invariant/y/Y.t.sol:Y
[PASS] invariant_c() (runs: 4, calls: 1600, reverts: 0)
"""
    summary = summarize(output)
    names = [s.name for s in summary.suites]
    assert names == ["fuzz/invariant/x/X.t.sol:X", "fuzz/invariant/y/Y.t.sol:Y"]
    assert summary.suites[0].invariants == ["invariant_a", "invariant_b"]
    assert summary.failed == ["fuzz/invariant/x/X.t.sol:X::invariant_b"]
    assert (summary.calls, summary.reverts, summary.invariants) == (3400, 120, 3)
    assert report(summary, 12.4, "ci").splitlines()[-1] == (
        "forge invariants (ci profile): 3 invariants, 3,400 calls, 1 violated, in 12 s"
    )
