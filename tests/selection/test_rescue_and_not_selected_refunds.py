# SPDX-License-Identifier: MIT
"""During the rescue window backers of a combination next in line (`Eliminated`: among the first
`maxRescues` the ranking left out) may top it up; reaching its prototype cost selects it, and each
of them has a rescue of its own. Every other combination left out is `NotSelected` at once: it
cannot be topped up, and its backers withdraw exactly what they paid already in the window. A
combination next in line that is not rescued is `NotSelected` when the window closes, and its
backers withdraw exactly what they paid (rescue top-ups included), once; before, they cannot."""

from __future__ import annotations

import brownie
import pytest
from selection_model import Book, Ledger, forked

from cobuild.chain.lifecycle import advance_to
from cobuild.protocol import Phase, Status

E = 10**18
MIN_STAKE = E // 10
COST = 3 * E  # every combination: three options of 1


def _wrong(combo, current, required):
    return f"CombinationWrongStatus: {combo}, {current.value}, {required.value}"


@pytest.fixture(scope="module")
def rescue(open_project, money, makers, backers, stranger):
    """slots = 1, maxRescues = 2. `top` (funded, 3 supporters) is selected; `under` (2 supporters,
    2 of 3) is left out underfunded and `spare` (1 supporter, funded 4, ranked after `under`: fewer
    supporters) because the slot is taken: both are next in line. `short` (1 supporter, 1 of 3,
    ranked last) is left out after the line is full: not selected."""
    project = open_project(money, min_total=E, min_stake=MIN_STAKE, slots=1, max_rescues=2)
    book = Book(project, money, Ledger(min_stake=MIN_STAKE, slots=1))
    o = book.offer_grid(makers, [[E, E] for _ in range(3)])
    b = backers
    top = book.invest(b[0], [o[0][0], o[1][0], o[2][0]], 2 * E)
    book.invest(b[1], top, E)
    book.invest(b[2], top, E)
    under = book.invest(b[3], [o[0][1], o[1][0], o[2][0]], E)
    book.invest(b[4], under, E)
    short = book.invest(b[5], [o[0][0], o[1][1], o[2][0]], E)
    spare = book.invest(b[6], [o[0][0], o[1][0], o[2][1]], 4 * E)
    assert all(book.ledger.costs[c] == COST for c in (top, under, short, spare))
    advance_to(project, Phase.Finalizing)
    project.finalize(0, book.ledger.ranking(), {"from": stranger})
    return project, book, dict(top=top, under=under, short=short, spare=spare)


@pytest.fixture
def forked_rescue(rescue):
    return forked(rescue)


def test_only_top_funded_is_selected_by_rank(forked_rescue):
    project, book, c = forked_rescue
    assert book.ledger.ranking() == [c["top"], c["under"], c["spare"], c["short"]]
    assert book.ledger.selected_by_rank() == [c["top"]]
    assert book.ledger.next_in_line() == [c["under"], c["spare"]]
    assert [project.status(x) for x in c.values()] == [
        Status.Selected,
        Status.Eliminated,
        Status.NotSelected,
        Status.Eliminated,
    ]
    assert [book.ledger.status(x) for x in c.values()] == [project.status(x) for x in c.values()]


def test_backers_top_up_until_cost_and_it_is_selected(forked_rescue, money, backers):
    project, book, c = forked_rescue
    under = c["under"]
    book.invest(backers[3], under, E // 2)  # a backer tops up: not yet the cost
    assert project.status(under) == Status.Eliminated
    assert project.selection()["rescued"] == 0
    params = money.pay(backers[4], project, E // 2)
    tx = project.invest(under, E // 2, params)  # another backer completes it
    book.ledger.add(under, backers[4].address, E // 2)
    rescued = tx.events["CombinationRescued"]
    assert (rescued["combo"], rescued["funded"]) == (under, COST)
    assert project.status(under) == Status.Selected
    assert project.combination(under)["funded"] == book.ledger.funded(under) == COST
    assert project.selection()["rescued"] == 1
    # once selected, no more rescue top-ups
    with brownie.reverts(_wrong(under, Status.Selected, Status.Eliminated)):
        project.invest(under, E, money.pay(backers[3], project, E))


def test_funded_but_eliminated_combination_is_rescued_by_any_top_up(forked_rescue, money, backers):
    project, _, c = forked_rescue
    tx = project.invest(c["spare"], 1, money.pay(backers[6], project, 1))
    assert tx.events["CombinationRescued"]["funded"] == 4 * E + 1
    assert project.status(c["spare"]) == Status.Selected


def test_each_one_next_in_line_has_its_own_rescue(forked_rescue, money, backers):
    """Rescuing one takes nothing from the other: the cap is the line, nobody races for it."""
    project, book, c = forked_rescue
    for combo, backer, amount in ((c["spare"], backers[6], 1), (c["under"], backers[3], E)):
        tx = project.invest(combo, amount, money.pay(backer, project, amount))
        assert book.ledger.rescue(combo, backer.address, amount)
        assert tx.events["CombinationRescued"]["combo"] == combo
    assert book.ledger.rescued == [c["spare"], c["under"]]
    assert project.selection()["rescued"] == 2
    assert [project.status(x) for x in c.values()] == [
        Status.Selected,
        Status.Selected,
        Status.NotSelected,
        Status.Selected,
    ]


def test_a_combination_not_next_in_line_cannot_be_topped_up(
    forked_rescue, money, backers, stranger
):
    """`short` is out for good at once: neither a top-up to its full cost by its backer, nor one by
    anybody else, nor one after a rescue freed nothing, is taken."""
    project, book, c = forked_rescue
    short, refused = c["short"], _wrong(c["short"], Status.NotSelected, Status.Eliminated)
    for who, amount in ((backers[5], 2 * E), (backers[5], 1), (stranger, 2 * E)):
        assert book.ledger.refusal("invest", who.address, (short, amount)) == refused
        with brownie.reverts(refused):
            project.invest(short, amount, money.pay(who, project, amount))
    book.invest(backers[6], c["spare"], 1)  # a rescue
    with brownie.reverts(refused):
        project.invest(short, 2 * E, money.pay(backers[5], project, 2 * E))
    assert project.combination(short)["funded"] == book.ledger.funded(short) == E


def test_only_backers_may_rescue(forked_rescue, money, backers, stranger):
    project, _, c = forked_rescue
    for outsider in (stranger, backers[0]):  # a stranger; a backer of another combination
        with brownie.reverts(f"NotASupporter: {c['under']}, {outsider.address.lower()}"):
            project.invest(c["under"], 2 * E, money.pay(outsider, project, 2 * E))
    assert project.status(c["under"]) == Status.Eliminated


def test_selected_and_unknown_combinations_cannot_be_rescued(forked_rescue, money, backers):
    project, _, c = forked_rescue
    with brownie.reverts(_wrong(c["top"], Status.Selected, Status.Eliminated)):
        project.invest(c["top"], E, money.pay(backers[0], project, E))
    with brownie.reverts(_wrong(99, Status.NONE, Status.Eliminated)):
        project.invest(99, E, money.pay(backers[0], project, E))


def test_no_refund_for_the_next_in_line_during_the_rescue_window(forked_rescue, backers):
    project, book, c = forked_rescue
    for combo, backer in ((c["under"], backers[3]), (c["spare"], backers[6])):
        refused = _wrong(combo, Status.Eliminated, Status.NotSelected)
        assert book.ledger.refusal("refund", backer.address, (combo,)) == refused
        with brownie.reverts(refused):
            project.refund(combo, {"from": backer})
    with brownie.reverts(_wrong(c["top"], Status.Selected, Status.NotSelected)):
        project.refund(c["top"], {"from": backers[0]})


def test_not_selected_backers_are_refunded_in_the_rescue_window(forked_rescue, money, backers):
    """`short` is not next in line: its backer takes back exactly what it paid at once, once,
    and the rescues of the others go on."""
    project, book, c = forked_rescue
    short, backer = c["short"], backers[5]
    paid = book.ledger.stake(short, backer.address)
    assert project.refundableOf(short, backer) == paid == E
    held, before = money.balance(project), money.balance(backer)
    tx = project.refund(short, {"from": backer})
    assert book.ledger.refunded(short, backer.address) == paid
    event = tx.events["Refunded"]
    assert (event["combo"], event["backer"], event["amount"]) == (short, backer, paid)
    assert money.balance(backer) == before + paid
    assert money.balance(project) == held - paid
    assert project.phase() == Phase.Rescue
    with brownie.reverts(f"NothingToClaim: {short}, {backer.address.lower()}"):
        project.refund(short, {"from": backer})
    tx = project.invest(c["spare"], 1, money.pay(backers[6], project, 1))
    assert "CombinationRescued" in tx.events


def test_after_the_window_not_selected_backers_get_exactly_what_they_paid(
    forked_rescue, money, backers
):
    """`under` (next in line) is topped up but falls short, `spare` (next in line) is rescued:
    when the window closes `under` is out for good like `short`, and every backer of both gets
    back exactly what it paid, the top-up included."""
    project, book, c = forked_rescue
    book.invest(backers[3], c["under"], E // 2)  # falls short of the cost
    assert project.status(c["under"]) == Status.Eliminated
    tx = project.invest(c["spare"], 1, money.pay(backers[6], project, 1))  # rescues `spare`
    assert book.ledger.rescue(c["spare"], backers[6].address, 1)
    assert "CombinationRescued" in tx.events
    advance_to(project, Phase.Development)
    assert project.status(c["under"]) == Status.NotSelected
    assert project.status(c["short"]) == Status.NotSelected
    assert project.status(c["spare"]) == Status.Prototype
    held = money.balance(project)
    for combo, backer in (
        (c["under"], backers[3]),
        (c["under"], backers[4]),
        (c["short"], backers[5]),
    ):
        paid = book.ledger.stake(combo, backer.address)
        before = money.balance(backer)
        tx = project.refund(combo, {"from": backer})
        assert book.ledger.refunded(combo, backer.address) == paid
        assert tx.events["Refunded"]["amount"] == paid
        assert money.balance(backer) == before + paid
        held -= paid
        with brownie.reverts(f"NothingToClaim: {combo}, {backer.address.lower()}"):
            project.refund(combo, {"from": backer})
    assert book.ledger.stakes[c["under"]] == {backers[3].address: 0, backers[4].address: 0}
    # what stays is exactly the selected combinations' funding
    assert (
        money.balance(project)
        == held
        == book.ledger.funded(c["top"]) + book.ledger.funded(c["spare"])
    )
    # selected ones are not refundable; the window is closed for rescue
    with brownie.reverts(_wrong(c["spare"], Status.Prototype, Status.NotSelected)):
        project.refund(c["spare"], {"from": backers[6]})
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Development.value}, {Phase.Ideation.value}"):
        project.invest(c["under"], 2 * E, money.pay(backers[3], project, 2 * E))
