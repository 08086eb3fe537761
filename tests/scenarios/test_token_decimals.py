# SPDX-License-Identifier: MIT
"""A project paid in a token with 6 decimals (like USDC) plays to the base unit: amounts in the file
are whole tokens, the chain counts millionths, and the report gives both (issue 14).

`scenarios/usdc-cart.yaml` is played once; every figure is compared with what the file's text
says, computed here with exact decimals, and with the token contract itself."""

from decimal import Decimal
from pathlib import Path

import pytest
from brownie import DecimalsToken

from cobuild.scenario.format import ScenarioError, load
from cobuild.scenario.report import summary_text
from cobuild.scenario.runner import play

ROOT = Path(__file__).resolve().parents[2]
CART = ROOT / "scenarios" / "usdc-cart.yaml"
MICRO = 10**6


def micro(text: str) -> int:
    """What the file's text means in base units of a 6-decimal token."""
    value = Decimal(text) * MICRO
    assert value == value.to_integral_value()
    return int(value)


@pytest.fixture(scope="module")
def cart(tmp_path_factory):
    out = tmp_path_factory.mktemp("usdc-cart")
    return play(CART, out_dir=out, progress=False, echo=False, chart=False)


def test_the_file_is_read_in_millionths():
    s = load(CART)
    assert (s.token.symbol, s.token.decimals, s.token.unit) == ("TUSD", 6, MICRO)
    assert s.options["trike-cart"].quote == micro("333.333333")
    assert s.options["pour-over"].quote == micro("45.000001")  # written "45.000001 TUSD"
    assert (s.project.min_total, s.project.min_stake) == (micro("250.000001"), micro("0.333333"))
    assert s.steps[0].amount == 91_358_025


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("amount: 91.358025}", "amount: 91.3580251}", "more decimals than the token (6)"),
        ("amount: 91.358025}", "amount: '5 wei'}", "unknown unit 'wei'"),
        ("decimals: 6}", "decimals: 19}", "token.decimals: must be a whole number from 0 to 18"),
        ("decimals: 6}", "decimals: 1.5}", "token.decimals: must be a whole number from 0 to 18"),
    ],
    ids=["seventh-decimal", "wei-of-a-6-decimal-token", "19-decimals", "fractional-decimals"],
)
def test_what_the_token_cannot_count_is_refused_with_its_line(tmp_path, old, new, message):
    text = CART.read_text()
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "cart.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ScenarioError) as refused:
        load(path)
    assert message in str(refused.value)
    assert f"{path}:{line}:" in str(refused.value)


def test_the_token_on_chain_has_six_decimals(cart):
    token = DecimalsToken.at(cart.report["token"]["address"])
    assert token.decimals() == 6
    assert cart.report["token"]["decimals"] == 6
    assert token.balanceOf(cart.report["project"]) == cart.report["money"]["held"]


def test_every_amount_is_what_the_text_says_to_the_base_unit(cart):
    r = cart.report
    combos = {c["name"]: c for c in r["combinations"]}
    assert combos["espresso"]["cost"] == micro("333.333333") + micro("123.456789")
    assert combos["filter"]["cost"] == micro("299.999999") + micro("45.000001")
    assert combos["espresso"]["price"] == micro("1234.567891")
    money = r["money"]
    ideation = 5 * micro("91.358025") + 6 * micro("57.500001") + 2 * micro("0.777777")
    assert money["in"]["investment"] == ideation
    assert "late investment" not in money["in"]  # no shares are sold after the rescue window
    assert money["in"]["orders"] == 3 * micro("1234.567891") + 2 * micro("777.777777")
    assert money["in"]["bonds"] == micro("99.999999")
    assert money["in"]["later revenue"] == micro("100.000003") + micro("0.000007")
    # the failed presale's two buyers get back exactly what they paid
    assert money["out"]["order refunds"] == 2 * micro("777.777777")
    assert money["in_total"] == money["out_total"] + money["held"]
    assert money["owed_at_end"] == 0
    assert all(r["invariants"].values()), r["invariants"]


def test_the_report_gives_token_units_and_base_units(cart):
    r = cart.report
    tokens = r["money"]["tokens"]
    for key in ("in_total", "out_total", "held", "dust"):
        assert micro(tokens[key]) == r["money"][key]
    assert (
        r["money"]["dust"] == r["money"]["held"]
    )  # rounding left a few millionths, owed to no one
    text = summary_text(r)
    assert f"{r['money']['in_total'] / MICRO:,.6f} TUSD" in text
    assert f"in base units in {r['money']['in_total']}, out {r['money']['out_total']}" in text
    assert f"rounding dust {r['money']['dust']} base units" in text
    assert "(1 TUSD = 10^6 base units)" in text
