# SPDX-License-Identifier: MIT
"""A model with a known revenue pays the creator, the makers (by quote weight), the investors (pro
rata to their shares, which are their uneven ideation stakes) and the treasury exactly by the
project's ratio: every payment equals the Python money model to the wei, and the model's rule is
checked against a direct, rational computation of each role's share. The investors are also paid
back the surplus (funding above the cost) once, pro rata, outside the ratio. Odd amounts make the
rounding matter."""

from fractions import Fraction

import brownie
from sharing_support import E, revert

from cobuild.model.revenue import BPS, CREATOR, INVESTORS, MAKERS, PLATFORM, SCALE

# later revenue (licensing, sales), each paid with `depositRevenue`; odd on purpose
DEPOSITS = (E + 7, 3 * E // 10 + 1, E - 1, 7, 12_345_678_901_234_567, 5 * E + 3)


def role_parts(amount, ratio):
    """The ratio rule written out: creator, makers and platform round down, investors take
    the rest."""
    creator = amount * ratio[CREATOR] // BPS
    makers = amount * ratio[MAKERS] // BPS
    platform = amount * ratio[PLATFORM] // BPS
    return creator, makers, amount - creator - makers - platform, platform


def test_ratio_is_the_creation_ratio(sharing):
    assert tuple(sharing.project.config()["ratioBps"]) == (3000, 3000, 3000, 1000)
    assert sharing.model.ratio == (3000, 3000, 3000, 1000)


def test_each_deposit_is_split_by_ratio_investors_taking_the_rounding(sharing):
    ratio = sharing.model.ratio
    for amount in DEPOSITS:
        event = sharing.deposit(amount).events["RevenueDeposited"]
        parts = (
            event["creatorPart"],
            event["makersPart"],
            event["investorsPart"],
            event["platformPart"],
        )
        assert parts == role_parts(amount, ratio)
        assert sum(parts) == amount
        assert event["investorsPart"] * BPS >= amount * ratio[INVESTORS]
        sharing.assert_matches_model()


def test_every_role_is_paid_its_exact_share(sharing):
    """Deposits interleaved with claims; at the end everyone claims. Each payment equals the model
    (checked in every claim); each role's total is its ratio of every booking, the investors' with
    the surplus on top."""
    s, combo = sharing, sharing.combo
    ratio = s.model.ratio
    book = s.model.models[combo]
    # the base revenue, split per unit of the price (orders x the parts of one sale), then deposits
    base = tuple(s.plan.orders * part for part in role_parts(s.plan.price, ratio))
    assert sum(base) == book.deposited == s.plan.orders * s.plan.price
    paid: dict[str, int] = {}

    def claim(holder):
        if s.model.revenue_of(combo, str(holder)):
            paid[str(holder)] = paid.get(str(holder), 0) + s.claim(holder)

    for round_, amount in enumerate(DEPOSITS):
        s.deposit(amount)
        # a different part of the roles claims each round; the others let revenue accumulate
        for i, holder in enumerate(s.investors):
            if (i + round_) % 2 == 0:
                claim(holder)
        maker = round_ % 3
        if s.model.maker_revenue_of(combo, maker):
            s.claim_maker(maker)
        else:  # e.g. 7 wei of revenue: this part's share rounds to zero (and is carried)
            with brownie.reverts(revert("NothingToClaim", combo, s.makers[maker])):
                s.project.claimMaker(combo, maker, {"from": s.makers[maker]})
        if round_ % 2:
            s.claim_creator()
        s.assert_matches_model()
    for holder in s.investors:
        claim(holder)
    for d in range(3):
        if s.model.maker_revenue_of(combo, d):
            s.claim_maker(d)
    if s.model.creator_owed:
        s.claim_creator()
    s.claim_platform()
    s.assert_matches_model()

    creator_total, makers_total, investors_total, platform_total = (
        sum(column) for column in zip(base, *(role_parts(b, ratio) for b in DEPOSITS), strict=True)
    )
    bookings = [s.plan.orders * s.plan.price, *DEPOSITS]
    assert s.model.paid_creator == creator_total
    assert s.model.paid_platform == platform_total
    # makers: by quote weight (quote / prototype cost), within the carried rounding
    for d, quote in enumerate(book.quotes):
        exact = Fraction(makers_total * quote, sum(book.quotes))
        assert abs(book.part_paid[d] - exact) < len(bookings) + 1
    # investors: pro rata to their shares (their stakes) of their part and of the surplus
    # (accrued once, with the base revenue), within the carried rounding
    assert book.investors.shares == sum(s.plan.stakes)
    assert s.surplus == sum(s.plan.stakes) - sum(s.plan.quotes) > 0
    for holder in s.investors:
        shares = s.model.shares_of(combo, str(holder))
        exact = Fraction((investors_total + s.surplus) * shares, book.investors.shares)
        assert abs(paid.get(str(holder), 0) - exact) < len(bookings) + 1
    assert sum(paid.values()) == book.paid_investors

    # claimed + claimable == deposited + surplus, but for a few wei of dust left in the project
    deposited = sum(bookings)
    assert s.model.deposited() == deposited
    assert deposited + s.surplus - s.model.paid() - s.model.claimable() == s.model.dust()
    assert 0 <= s.model.dust() <= s.model.dust_bound() < 20
    assert s.money.balance(s.project) == deposited + s.surplus - s.model.paid()


def test_uneven_holders_earn_by_their_stakes(sharing):
    """Four backers with uneven ideation stakes: each one's shares are its whole stake (nobody
    invests after ideation and rescue), the shares add up to the funding, and revenue (with the
    surplus) follows the shares: a larger stake is paid more, in proportion."""
    s, combo = sharing, sharing.combo
    stakes = s.plan.stakes
    assert len(set(stakes)) == len(stakes) == len(s.investors) == 4
    for holder, stake in zip(s.investors, stakes, strict=True):
        assert s.project.stakeOf(combo, holder) == stake  # not settled yet
        assert s.project.sharesOf(combo, holder) == stake
        assert s.shares.balanceOf(holder, s.token_id) == stake
    assert s.project.totalShares(combo) == s.project.combination(combo)["funded"] == sum(stakes)
    s.deposit(DEPOSITS[0])
    # the investors' part of the base revenue and of the deposit, and the surplus
    ratio = s.model.ratio
    booked = role_parts(s.plan.price, ratio)[INVESTORS] * s.plan.orders
    booked += role_parts(DEPOSITS[0], ratio)[INVESTORS] + s.surplus
    for holder, stake in zip(s.investors, stakes, strict=True):
        assert s.project.revenueOf(combo, holder) == s.model.revenue_of(combo, str(holder))
        # pro rata to the stake; the accumulator rounds down, by less than stake / SCALE + 1
        short = Fraction(booked * stake, sum(stakes)) - s.claim(holder)
        assert 0 <= short < Fraction(stake, SCALE) + 1
    s.assert_matches_model()
