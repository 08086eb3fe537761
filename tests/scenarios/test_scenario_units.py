# SPDX-License-Identifier: MIT
"""The scalar notations of scenario files: amounts, durations, ratios, shares and name ranges."""

import pytest

from cobuild.scenario.format import (
    expand_range,
    parse_amount,
    parse_bps,
    parse_duration,
    parse_ratio,
)

E = 10**18


@pytest.mark.parametrize(
    "text, wei",
    [
        (1, E),
        (1.5, 3 * E // 2),
        ("0.1", E // 10),
        ("2.5 ETH", 5 * E // 2),
        ("250 wei", 250),
        ("3 gwei", 3 * 10**9),
        ("7 CBD", 7 * E),
        ("0.000000000000000001", 1),
    ],
)
def test_amounts_are_whole_tokens_unless_a_unit_says_otherwise(text, wei):
    assert parse_amount(text, "CBD") == wei


@pytest.mark.parametrize("bad", ["lots", "1,5", "-1", "1 BTC", True, None, [1], float("nan")])
def test_non_amounts_are_refused(bad):
    with pytest.raises(ValueError):
        parse_amount(bad)


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("+7d", 7 * 86400),
        ("12h", 43200),
        ("1d12h", 129600),
        ("90s", 90),
        ("2w", 1209600),
        (3600, 3600),
        ("+ 30m", 1800),
    ],
)
def test_durations_accept_relative_times(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["7 days", "-1d", "d", 0, True, "1y"])
def test_non_durations_are_refused(bad):
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_ratio_3331_is_tenths_and_lists_are_bps():
    assert parse_ratio(3331) == (3000, 3000, 3000, 1000)
    assert parse_ratio("4231") == (4000, 2000, 3000, 1000)
    assert parse_ratio([2500, 2500, 4000, 1000]) == (2500, 2500, 4000, 1000)
    with pytest.raises(ValueError, match="sums to"):
        parse_ratio([1, 2, 3, 4])


def test_shares_are_percentages_or_bps():
    assert parse_bps("20%") == 2000 and parse_bps("12.5%") == 1250 and parse_bps(700) == 700
    with pytest.raises(ValueError):
        parse_bps("120%")


def test_ranges_keep_zero_padding_and_refuse_mixed_prefixes():
    assert expand_range("backer-1..backer-3") == ["backer-1", "backer-2", "backer-3"]
    assert expand_range("C08..C10") == ["C08", "C09", "C10"]
    assert expand_range("ada") == ["ada"]
    with pytest.raises(ValueError, match="mixes prefixes"):
        expand_range("a-1..b-3")
