# SPDX-License-Identifier: MIT
"""Amounts are read from the text the user wrote, never through a float: 18 decimals are kept to
the wei, a 19th is refused with the file, the line and the place (issue 14)."""

from pathlib import Path

import pytest

from cobuild.scenario.format import ScenarioError, load, parse_amount

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "scenarios" / "quick-rehearsal.yaml"
FIRST_INVEST = "  - invest: {backers: fan-1..fan-3, combo: round, amount: 0.1}"


def _with_first_amount(tmp_path: Path, amount: str) -> tuple[Path, int]:
    text = SOURCE.read_text()
    assert FIRST_INVEST in text
    line = text[: text.index(FIRST_INVEST)].count("\n") + 1
    path = tmp_path / "amounts.yaml"
    path.write_text(text.replace(FIRST_INVEST, FIRST_INVEST.replace("0.1}", f"{amount}}}")))
    return path, line


def test_eighteen_decimals_are_kept_to_the_wei(tmp_path):
    path, _ = _with_first_amount(tmp_path, "0.100000000000000001")
    (invest, *_) = load(path).steps
    assert invest.amount == 10**17 + 1  # through a float it was 10**17


def test_a_nineteenth_decimal_is_refused_naming_file_line_and_place(tmp_path):
    path, line = _with_first_amount(tmp_path, "0.1234567890123456789")
    with pytest.raises(ScenarioError) as refused:
        load(path)
    message = str(refused.value)
    assert f"{path}:{line}: steps[0].invest.amount: amount 0.1234567890123456789" in message
    assert "more decimals than the token (18)" in message


@pytest.mark.parametrize(
    ("text", "base"),
    [("1.000000000000000001", 10**18 + 1), ("0.000000000000000001", 1), ("2", 2 * 10**18)],
)
def test_whole_tokens_to_base_units_exactly(text, base, tmp_path):
    (tmp_path / "n.yaml").write_text(f"amount: {text}\n")
    from cobuild.scenario.format import _Loader

    loader = _Loader((tmp_path / "n.yaml").read_text())
    try:
        value = loader.get_single_data()["amount"]
    finally:
        loader.dispose()
    assert parse_amount(value) == base


def test_a_six_decimal_token_counts_in_its_own_base_units():
    assert parse_amount("1.5 USDC", "USDC", decimals=6) == 1_500_000
    with pytest.raises(ValueError, match=r"more decimals than the token \(6\)"):
        parse_amount("0.0000001 USDC", "USDC", decimals=6)
