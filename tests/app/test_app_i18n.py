# SPDX-License-Identifier: MIT
"""The dApp's languages, without a browser (tests/app/i18n_check.mjs prints them): English
(app/src/locales.js) and Chinese (app/src/locales.zh.mjs) have the same keys, plural forms and
placeholders; every key the code asks for exists; every custom error of @cobuild/abi has a
Chinese sentence (app/src/errors.zh.json) and no sentence is left for an error that is gone. (The
phase and status names of app/src/phases.mjs: tests/toolkit/test_enums_match_interfaces.py.)"""

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app():
    run = subprocess.run(
        ["node", "tests/app/i18n_check.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_both_languages_have_the_same_keys_forms_and_placeholders(app):
    en, zh = app["en"], app["zh"]
    assert sorted(set(en) - set(zh)) == [], "keys missing in Chinese"
    assert sorted(set(zh) - set(en)) == [], "keys missing in English"
    differ = [k for k in en if en[k] != zh[k]]
    assert differ == [], "plural form or placeholders differ"


def test_every_key_the_code_asks_for_exists(app):
    used = set(app["used"]) | set(app["families"])
    assert len(app["used"]) > 100
    assert sorted(used - set(app["en"])) == [], "keys asked for but missing"
    assert sorted(set(app["en"]) - used) == [], "keys nobody asks for"


def test_every_contract_error_has_a_chinese_sentence(app):
    errors = json.loads((ROOT / "packages" / "abi" / "json" / "errors.json").read_text())
    names = {e["name"] for e in errors.values()}
    assert sorted(names - set(app["errorsZh"])) == [], "errors without a Chinese sentence"
    assert sorted(set(app["errorsZh"]) - names) == [], "Chinese sentences of errors that are gone"


def test_the_chinese_is_chinese_in_the_seed_vocabulary(app):
    text = " ".join(app["zhText"])
    for word in ("创意", "研发", "测试", "预售", "分享", "投资", "组合", "PK"):
        assert word in text, word
    han = [s for s in app["zhText"] if re.search(r"[\u4e00-\u9fff]", s)]
    # every Chinese string but a few made only of placeholders, symbols or names (PK, 0x)
    assert len(han) >= len(app["zhText"]) - 5
