"""A model with a known revenue pays the creator, the makers (by quote weight), the investors (pro
rata, late investors included) and the treasury exactly by the project's ratio: every payment
equals the Python money model to the wei, and the model's rule is checked against a direct,
rational computation of each role's share. Odd amounts make the rounding matter."""

from fractions import Fraction

import brownie
from sharing_support import E, revert

from cobuild.model.revenue import BPS, CREATOR, INVESTORS, MAKERS, PLATFORM

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
    (checked in every claim); each role's total is its ratio of every booking."""
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
    # investors: pro rata to their shares (stake + late stake), within the carried rounding
    for holder in s.investors:
        shares = s.model.shares_of(combo, str(holder))
        exact = Fraction(investors_total * shares, book.investors.shares)
        assert abs(paid.get(str(holder), 0) - exact) < len(bookings) + 1
    assert sum(paid.values()) == book.paid_investors

    # claimed + claimable == deposited, but for a few wei of dust that stays in the project
    deposited = sum(bookings)
    assert s.model.deposited() == deposited
    assert deposited - s.model.paid() - s.model.claimable() == s.model.dust()
    assert 0 <= s.model.dust() <= s.model.dust_bound() < 20
    assert s.money.balance(s.project) == deposited - s.model.paid()


def test_late_investor_earns_by_its_late_stake(sharing):
    """Investor 3 invested only during the presale, investor 1 in both stages: their shares are
    their whole stakes, and their revenue follows."""
    s, combo = sharing, sharing.combo
    for i in (1, 3):
        holder = s.investors[i]
        stake = s.plan.stakes[i] if i < len(s.plan.stakes) else 0
        late = s.plan.late[i]
        assert s.project.sharesOf(combo, holder) == stake + late
        assert s.shares.balanceOf(holder, s.token_id) == stake + late
    s.deposit(DEPOSITS[0])
    for i in (1, 3):
        assert s.project.revenueOf(combo, s.investors[i]) == s.model.revenue_of(
            combo, str(s.investors[i])
        )
        s.claim(s.investors[i])
