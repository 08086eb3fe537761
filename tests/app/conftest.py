# SPDX-License-Identifier: MIT
"""What the browser test modules share: running one of the journey scripts of tests/app
(journeys.mjs, newcomer.mjs, saturday.mjs) in node, headless Debian chromium with the injected test
wallet, and reading the results it writes to out/app/<name>.json."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "app"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_script():
    """`browser_script(name, timeout)`: run tests/app/<name>.mjs and return the JSON it wrote to
    out/app/<name>.json. The results of an earlier run are removed first, so a script that did not
    get that far fails here with its output instead of passing on old results."""

    def run(name: str, timeout: int):
        assert Path(CHROMIUM).exists(), "chromium is missing: apt-get install chromium (make setup)"
        path = OUT / f"{name}.json"
        path.unlink(missing_ok=True)
        done = subprocess.run(
            ["node", f"tests/app/{name}.mjs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert path.exists(), f"tests/app/{name}.mjs did not run:\n{done.stdout}\n{done.stderr}"
        return json.loads(path.read_text())

    return run
