# SPDX-License-Identifier: MIT
"""How the dApp decides that a project's token takes EIP-2612 permits (issue 35,
app/src/permit.js): tests/app/permit_domain.mjs gives domainOf what OpenZeppelin's, USDC's, DAI's,
contradictory and plain tokens answer (eip712Domain, DOMAIN_SEPARATOR, name, version, nonces) and
checks that only a proven domain is used (anything else pays by approval); and that the permit it
builds, signed with viem, recovers to the owner and reaches multicall([selfPermit, payment])
with its r, s and v."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_permit_domain_is_proven_never_guessed():
    run = subprocess.run(
        ["node", "tests/app/permit_domain.mjs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    checks = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failed = [c for c in checks if not c["ok"]]
    assert len(checks) >= 18 and not failed and run.returncode == 0, failed or run.stderr
