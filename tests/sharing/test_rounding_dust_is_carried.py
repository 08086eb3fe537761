# SPDX-License-Identifier: MIT
"""Rounding never locks money: what a deposit cannot divide (and each holder's sub-wei remainder)
is carried into the next deposit. After every round in which everyone claims everything, the
project keeps only a few wei, and that dust is paid out by later deposits instead of piling up
as a carry-less split would."""

from sharing_support import E

from cobuild.model.revenue import split, unit_split

ROUNDS = (E + 7, 7, 3 * E // 10 + 1, 11, E - 1, 12_345_678_901_234_567, 13, 5 * E + 3)


def carry_less_loss(sharing, parts, surplus=0):
    """What a split without carries would leave unpaid from a booking split into `parts` (and
    the `surplus` the close adds to the investors' part): each investor and each maker part gets
    the floor of its exact pro-rata share, and the remainders are lost."""
    book = sharing.model.models[sharing.combo]
    investors_part = parts.investors + surplus
    investors = [h.shares for h in book.holders.values() if h.shares]
    paid = sum(investors_part * s // book.investors.shares for s in investors)
    paid += sum(parts.makers * q // sum(book.quotes) for q in book.quotes)
    return investors_part + parts.makers - paid


def test_dust_stays_a_few_wei_and_is_paid_by_later_deposits(sharing):
    s = sharing
    s.claim_all()  # the base revenue and the surplus booked at closing
    dust = s.money.balance(s.project)
    assert dust == s.model.dust() <= s.model.dust_bound()
    closing = unit_split(s.plan.price, s.plan.orders, s.model.ratio)
    lost_without_carry = carry_less_loss(s, closing, s.surplus)
    dust_paid_later = 0
    for amount in ROUNDS:
        s.deposit(amount)
        paid = s.claim_all()
        left = s.money.balance(s.project)
        # conservation, to the wei: this round paid its deposit plus the dust it found, minus
        # the dust it leaves
        assert paid == amount + dust - left
        # everything claimable was claimed; what is left is the model's dust, a few wei
        assert s.model.claimable() == 0
        assert left == s.model.dust() <= s.model.dust_bound() < 20
        s.assert_matches_model()
        dust_paid_later += max(dust - left, 0)
        lost_without_carry += carry_less_loss(s, split(amount, s.model.ratio))
        dust = left
    # earlier dust was paid out by later deposits, and far less is left than a carry-less split
    # would have lost over the same rounds
    assert dust_paid_later > 0
    assert dust < lost_without_carry
    # what is left stays claimable: the next deposit pays it out with its own
    s.deposit(E)
    before = s.model.paid()
    s.claim_all()
    assert s.model.paid() - before == E + dust - s.money.balance(s.project)


def test_claimed_plus_claimable_equals_deposited_up_to_the_dust(sharing):
    """Without claiming: the views (revenueOf, makerOwed, roleOwed) account for every deposited
    wei and the surplus but the dust, at every step."""
    s = sharing
    for amount in ROUNDS:
        s.deposit(amount)
        views = sum(s.project.revenueOf(s.combo, h) for h in s.investors)
        views += sum(s.project.makerOwed(s.combo, d)[1] for d in range(len(s.makers)))
        views += sum(s.project.roleOwed())
        assert views == s.model.claimable()
        booked, paid = s.model.deposited() + s.surplus, s.model.paid()
        assert 0 <= booked - paid - views == s.model.dust() <= s.model.dust_bound() < 20
        assert s.money.balance(s.project) == booked - paid == s.model.held()
