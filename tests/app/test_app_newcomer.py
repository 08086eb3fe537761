# SPDX-License-Identifier: MIT
"""The dApp as a newcomer meets it (issue 32), in headless Debian chromium with the injected test
wallet (tests/app/newcomer.mjs, on its own seeded chain): every bad input refused next to its field
with nothing asked of the wallet; a backer and the seeded buyer in Chinese, checked on chain;
test tokens and CSV export; the skip link, the focus ring and a label on every input; every page at
375 px without sideways scroll, and axe-core without a serious or critical violation on every page
in both languages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "app"

JOURNEYS = {
    "bad-input": "every bad input gives its sentence next to the field and sends nothing",
    "zh-backer": "a backer in Chinese: invests, argues; a refused input and a revert in Chinese",
    "zh-buyer": "the seeded buyer orders with an add-on straight after the seed, in Chinese",
    "tokens-csv": "get test tokens on the local chain; CSV of the combinations and my positions",
    "keyboard": "a skip link, a visible focus ring, every input labelled",
    "phone-axe": "every page at 375 px, axe-core on every page in both languages",
}
PAGES = [
    "projects",
    "how",
    "create",
    "platform",
    "project-ideation",
    "project-ideation-erc20",
    "project-testing",
    "project-presale",
    "project-closed",
]


@pytest.fixture(scope="module")
def newcomer(browser_script):
    return {r["id"]: r for r in browser_script("newcomer", timeout=900)}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_newcomer(newcomer, journey):
    result = newcomer.get(journey)
    assert result, f"{journey} ({JOURNEYS[journey]}) did not run"
    assert result["ok"], result.get("error")
    assert result["checks"] and all(c["ok"] for c in result["checks"])


def test_on_chain_journeys_read_the_chain(newcomer):
    for journey in ("bad-input", "zh-backer", "zh-buyer", "tokens-csv"):
        assert newcomer[journey]["chainReads"] > 0, journey


def test_screenshots_in_chinese_and_on_a_phone(newcomer):
    # a Chinese font, or the Chinese screenshots show empty boxes (make chromium installs one)
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        assert fonts.strip(), "no Chinese font: apt-get install fonts-wqy-microhei"
    shots = ["zh-project-ideation", "zh-backer", "zh-error", "zh-project-presale", "zh-buyer"]
    shots += [f"mobile-{name}" for name in PAGES] + [f"mobile-zh-{name}" for name in PAGES]
    for name in shots:
        shot = OUT / f"{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, name


def test_axe_audited_every_page_in_both_languages(newcomer):
    audits = json.loads((OUT / "axe.json").read_text())
    seen = {(a["viewport"], a["lang"], a["page"]) for a in audits}
    views = ("desktop", "phone")
    assert seen == {(v, lang, p) for v in views for lang in ("en", "zh") for p in PAGES}
    serious = [
        (a["page"], a["lang"], v["id"])
        for a in audits
        for v in a["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
