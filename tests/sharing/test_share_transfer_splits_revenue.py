# SPDX-License-Identifier: MIT
"""Shares transferred between two revenue deposits split the revenue as described: what accrued
before the transfer stays with the seller (parked as credit, paid with its next claim), what
accrues after goes to the buyer. The surplus the close booked (funding above the cost) is such
an accrual: it stays with whoever held the shares at the close. Every amount equals the Python
model to the wei, and is checked against a direct pro-rata computation."""

from fractions import Fraction

from sharing_support import E

from cobuild.model.revenue import split, unit_split

D1, D2, D3 = 2 * E + 11, 3 * E + 5, E // 7


def investors_part(sharing, *amounts):
    return sum(split(a, sharing.model.ratio).investors for a in amounts)


def at_close(sharing):
    """What the close booked to the investors: their part of the base revenue (split per unit)
    and the surplus."""
    plan = sharing.plan
    return unit_split(plan.price, plan.orders, sharing.model.ratio).investors + sharing.surplus


def pro_rata(sharing, shares, *amounts, closing=False):
    """The exact (rational) investors' share of the deposits `amounts` (and, with `closing`, of
    what the close booked) for `shares`."""
    total = sharing.model.total_shares(sharing.combo)
    booked = investors_part(sharing, *amounts) + (at_close(sharing) if closing else 0)
    return Fraction(booked * shares, total)


def test_seller_keeps_revenue_before_transfer_buyer_gets_revenue_after(sharing, newcomer):
    s, combo = sharing, sharing.combo
    seller = s.investors[0]
    held = s.project.sharesOf(combo, seller)
    s.deposit(D1)
    before = s.project.revenueOf(combo, seller)
    assert abs(before - pro_rata(s, held, D1, closing=True)) <= 2

    s.transfer(seller, newcomer, held)
    assert s.shares.balanceOf(seller, s.token_id) == 0
    assert s.shares.balanceOf(newcomer, s.token_id) == held
    assert s.project.revenueOf(combo, seller) == before  # parked, not lost
    # nothing from before its purchase, the surplus included
    assert s.project.revenueOf(combo, newcomer) == 0

    s.deposit(D2)
    assert s.project.revenueOf(combo, seller) == before  # nothing from after its sale
    after = s.project.revenueOf(combo, newcomer)
    assert abs(after - pro_rata(s, held, D2)) <= 2
    s.assert_matches_model()
    assert s.claim(seller) == before
    assert s.claim(newcomer) == after
    s.assert_matches_model()


def test_partial_transfer_to_an_existing_holder(sharing):
    """Both keep what their old balances earned; from the transfer on each earns by its new one."""
    s, combo = sharing, sharing.combo
    a, b = s.investors[1], s.investors[2]
    share_a, share_b = s.project.sharesOf(combo, a), s.project.sharesOf(combo, b)
    moved = share_a // 3 + 1
    s.deposit(D1)
    s.transfer(a, b, moved)
    assert s.project.sharesOf(combo, a) == share_a - moved
    assert s.project.sharesOf(combo, b) == share_b + moved
    s.deposit(D2)
    s.assert_matches_model()
    got_a, got_b = s.claim(a), s.claim(b)
    got_a -= pro_rata(s, share_a, D1, closing=True) + pro_rata(s, share_a - moved, D2)
    got_b -= pro_rata(s, share_b, D1, closing=True) + pro_rata(s, share_b + moved, D2)
    assert abs(got_a) <= 3 and abs(got_b) <= 3
    s.assert_matches_model()


def test_shares_passed_along_a_chain_pay_each_holder_for_its_time(sharing, newcomer):
    """A -> B, deposit, B -> C, deposit, C -> A, deposit: claims at the end pay each holder for
    the deposits it held through, credit parked on every transfer included (A's share of the
    close, the surplus with it, stays A's)."""
    s, combo = sharing, sharing.combo
    a, c = s.investors[0], s.investors[3]
    held = s.project.sharesOf(combo, a)
    s.transfer(a, newcomer, held)
    s.deposit(D1)
    s.transfer(newcomer, c, held)
    s.deposit(D2)
    s.transfer(c, a, held)
    s.deposit(D3)
    s.assert_matches_model()
    assert abs(s.project.revenueOf(combo, newcomer) - pro_rata(s, held, D1)) <= 2
    closing, latest = pro_rata(s, held, closing=True), pro_rata(s, held, D3)
    assert abs(s.project.revenueOf(combo, a) - closing - latest) <= 2
    for holder in (a, newcomer, c, *s.investors[1:3]):
        s.claim(holder)
    s.claim_all()
    s.assert_matches_model()
    assert s.money.balance(s.project) == s.model.dust() <= s.model.dust_bound()


def test_operator_and_batch_transfers_settle_like_single_ones(sharing, newcomer, stranger):
    """An approved operator's transfer and a batch (the same id twice) move shares and settle
    revenue exactly like the holder's own single transfers."""
    s, combo = sharing, sharing.combo
    holder = s.investors[0]
    s.deposit(D1)
    s.shares.setApprovalForAll(stranger, True, {"from": holder})
    s.transfer(holder, newcomer, E // 5, operator=stranger)
    s.deposit(D2)
    first, second = E // 10 + 3, E // 4
    tx = s.shares.safeBatchTransferFrom(
        holder, newcomer, [s.token_id, s.token_id], [first, second], b"", {"from": holder}
    )
    assert len(tx.events["SharesMoved"]) == 2
    s.model.transfer(combo, str(holder), str(newcomer), first)
    s.model.transfer(combo, str(holder), str(newcomer), second)
    s.deposit(D3)
    s.assert_matches_model()
    s.claim(holder)
    s.claim(newcomer)
    s.assert_matches_model()


def test_transfer_to_self_changes_nothing_but_settles(sharing):
    s, combo = sharing, sharing.combo
    holder = s.investors[2]
    s.deposit(D1)
    owed, held = s.project.revenueOf(combo, holder), s.project.sharesOf(combo, holder)
    s.transfer(holder, holder, held)
    assert s.project.sharesOf(combo, holder) == held
    assert s.project.revenueOf(combo, holder) == owed
    s.deposit(D2)
    s.assert_matches_model()
    s.claim(holder)
