# SPDX-License-Identifier: MIT
"""The dApp in a real browser: headless Debian chromium driven by playwright-core
(tests/app/journeys.mjs) with an injected EIP-1193 test wallet that signs with local keys. Each
journey of issue 13 acts on the page and then checks the chain; the screenshots of every page
land in out/app/*.png. `make app`'s server is checked by rendering its page in chromium
(render_page.mjs)."""

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "app"

JOURNEYS = {
    1: "a backer connects, invests in a new and an existing combination, and argues",
    2: "time passes and someone finalizes from the page",
    3: "a backer whose combination was not selected takes a refund, to the wei",
    4: "an ERC-20 project: verdicts, terms, an order with an add-on (a permit, one transaction)",
    5: "a holder, the creator and a maker claim revenue",
    6: "a reverting transaction shows its decoded error",
    7: "a rejection in the wallet is shown, and the page recovers",
    8: "the other roles: create, offer, shares, deposit, platform claim, award, handover",
    9: "ERC-20 payments with a permit: one signature, one transaction (or allowance, or approval)",
    10: "a permit rejected in the wallet sends nothing; a short balance or a refused permit",
    11: "claim everything: one account's four claims in one transaction, each to the wei",
}


@pytest.fixture(scope="module")
def journeys(browser_script):
    return {r["id"]: r for r in browser_script("journeys", timeout=600)}


@pytest.mark.parametrize("journey", sorted(JOURNEYS), ids=[f"journey{j}" for j in sorted(JOURNEYS)])
def test_journey(journeys, journey):
    result = journeys.get(journey)
    assert result, f"journey {journey} ({JOURNEYS[journey]}) did not run"
    assert result["ok"], result.get("error")
    assert result["checks"] and all(c["ok"] for c in result["checks"])
    # every journey reads the chain itself (viem, not through the page) to check what the page did
    assert result["chainReads"] > 0


def test_screenshots_of_every_page(journeys):
    pages = [
        "projects",
        "create",
        "platform",
        "project-ideation",
        "project-rescue",
        "project-development",
        "project-testing",
        "project-presale",
        "project-closed",
        "error",
        "rejected",
        "permit",
        "permit-rejected",
        "claim-all",
        "claim-all-done",
        "mobile-project-finalizing",
        "mobile-project-rescue",
        "mobile-project-development",
    ]
    for name in pages:
        shot = OUT / f"{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, name


def test_make_app_serves_and_lists_the_seed_car_project():
    """`make app` in small: app/serve.mjs prints the URL; its page rendered in chromium lists
    the seed's car project, also when the app is served from a deployment record."""
    proc = subprocess.Popen(
        ["node", "app/serve.mjs"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "provider" in line and "0x" in line:  # the last account printed
                break
        text = "".join(lines)
        url = re.search(r"URL\s+(http://127\.0\.0\.1:\d+/)", text)
        assert url, text
        anvil_key_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        for what in ("chain id", "RPC URL", anvil_key_0):
            assert what in text
        dom = dump_dom(url.group(1))
        assert "Spherical safety car" in dom
        assert "Folding e-bike" in dom and "Solar kettle" in dom
        dom = dump_dom(url.group(1) + "#/?tag=car")
        assert "Spherical safety car" in dom and "Solar kettle" not in dom
        # the same app pointed at that chain through its deployment record (NETWORK/DEPLOYMENT mode)
        record = json.loads((OUT / "deployment.json").read_text())
        other = subprocess.Popen(
            ["node", "app/serve.mjs"],
            cwd=ROOT,
            env={
                **os.environ,
                "DEPLOYMENT": str(OUT / "deployment.json"),
                "RPC_URL": record["rpcUrl"],
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            first = other.stdout.readline() + other.stdout.readline()
            remote = re.search(r"URL\s+(http://127\.0\.0\.1:\d+/)", first)
            assert remote, first
            assert "Spherical safety car" in dump_dom(remote.group(1))
        finally:
            other.terminate()
            other.wait(timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_another_chain_needs_a_matching_record(tmp_path):
    record = tmp_path / "rec.json"
    record.write_text(json.dumps({"chainid": 11155111, "contracts": {}}))
    run = subprocess.run(
        ["node", "app/serve.mjs"],
        cwd=ROOT,
        env={**os.environ, "DEPLOYMENT": str(record), "RPC_URL": "http://127.0.0.1:1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "error:" in run.stderr
    run = subprocess.run(
        ["node", "app/serve.mjs"],
        cwd=ROOT,
        env={**os.environ, "NETWORK": "424242"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "deployments/424242.json" in run.stderr


def dump_dom(url: str, text: str = "Spherical safety car") -> str:
    """The DOM once the app rendered `url` in chromium (tests/app/render_page.mjs: it waits for
    `text`, or for the app to leave "Loading…", up to 90 s; a loaded machine is slow, not wrong)."""
    return subprocess.run(
        ["node", "tests/app/render_page.mjs", url, text],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
        check=True,
    ).stdout
