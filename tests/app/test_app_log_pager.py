# SPDX-License-Identifier: MIT
"""The dApp's log pager (app/src/logs.mjs) against fake providers with public providers' limits
(issue 36): tests/app/log_pager.mjs checks each rule (one request per page on a normal node, a
range limit halved to and kept, a named one taken at once, a results limit cutting one page,
addresses split, 429s retried, other errors thrown) and the refusals' words, as the watcher's
tests/routing/test_log_reader.py does for the watcher."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_log_pager_follows_the_providers_limits():
    run = subprocess.run(
        ["node", "tests/app/log_pager.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    checks = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failed = [c for c in checks if not c["ok"]]
    assert checks and not failed and run.returncode == 0, failed or run.stderr
