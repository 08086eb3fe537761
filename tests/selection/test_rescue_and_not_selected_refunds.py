"""During the rescue window backers of an eliminated combination may top it up; reaching its
prototype cost selects it. After the window, backers of combinations still out withdraw exactly
what they paid (rescue top-ups included), once; before it, they cannot."""

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
def rescue(open_with, money, makers, backers, stranger):
    """slots = 1. `top` (funded, 3 supporters) is selected; `under` (2 supporters, 2 of 3) and
    `short` (1 supporter, 1 of 3) are eliminated underfunded; `spare` (1 supporter, funded 4,
    ranked after `under`: fewer supporters) is eliminated because the slot is taken."""
    project = open_with(money, min_total=E, min_stake=MIN_STAKE, slots=1)
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
def setup(rescue):
    return forked(rescue)


def test_only_top_funded_is_selected_by_rank(setup):
    project, book, c = setup
    assert book.ledger.ranking() == [c["top"], c["under"], c["spare"], c["short"]]
    assert book.ledger.selected_by_rank() == [c["top"]]
    assert [project.status(x) for x in c.values()] == [
        Status.Selected,
        Status.Eliminated,
        Status.Eliminated,
        Status.Eliminated,
    ]


def test_backers_top_up_until_cost_and_it_is_selected(setup, money, backers):
    project, book, c = setup
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


def test_funded_but_eliminated_combination_is_rescued_by_any_top_up(setup, money, backers):
    project, _, c = setup
    tx = project.invest(c["spare"], 1, money.pay(backers[6], project, 1))
    assert tx.events["CombinationRescued"]["funded"] == 4 * E + 1
    assert project.status(c["spare"]) == Status.Selected


def test_only_backers_may_rescue(setup, money, backers, stranger):
    project, _, c = setup
    for outsider in (stranger, backers[0]):  # a stranger; a backer of another combination
        with brownie.reverts(f"NotASupporter: {c['under']}, {outsider.address.lower()}"):
            project.invest(c["under"], 2 * E, money.pay(outsider, project, 2 * E))
    assert project.status(c["under"]) == Status.Eliminated


def test_selected_and_unknown_combinations_cannot_be_rescued(setup, money, backers):
    project, _, c = setup
    with brownie.reverts(_wrong(c["top"], Status.Selected, Status.Eliminated)):
        project.invest(c["top"], E, money.pay(backers[0], project, E))
    with brownie.reverts(_wrong(99, Status.NONE, Status.Eliminated)):
        project.invest(99, E, money.pay(backers[0], project, E))


def test_no_refund_during_the_rescue_window(setup, backers):
    project, _, c = setup
    with brownie.reverts(_wrong(c["short"], Status.Eliminated, Status.NotSelected)):
        project.refund(c["short"], {"from": backers[5]})
    with brownie.reverts(_wrong(c["top"], Status.Selected, Status.NotSelected)):
        project.refund(c["top"], {"from": backers[0]})


def test_after_the_window_not_selected_backers_get_exactly_what_they_paid(setup, money, backers):
    project, book, c = setup
    # rescue attempts that fall short are refunded too
    book.invest(backers[5], c["short"], E // 2)
    tx = project.invest(c["under"], E, money.pay(backers[3], project, E))  # rescues `under`
    book.ledger.add(c["under"], backers[3].address, E)
    assert "CombinationRescued" in tx.events
    advance_to(project, Phase.Development)
    assert project.status(c["short"]) == Status.NotSelected
    assert project.status(c["spare"]) == Status.NotSelected
    assert project.status(c["under"]) == Status.Prototype
    held = money.balance(project)
    for combo, backer in ((c["short"], backers[5]), (c["spare"], backers[6])):
        paid = book.ledger.stake(combo, backer.address)
        before = money.balance(backer)
        tx = project.refund(combo, {"from": backer})
        assert tx.events["Refunded"]["amount"] == paid
        assert money.balance(backer) == before + paid
        held -= paid
        with brownie.reverts(f"NothingToClaim: {combo}, {backer.address.lower()}"):
            project.refund(combo, {"from": backer})
    # what stays is exactly the selected combinations' funding
    assert (
        money.balance(project)
        == held
        == book.ledger.funded(c["top"]) + book.ledger.funded(c["under"])
    )
    # selected ones are not refundable; the window is closed for rescue
    with brownie.reverts(_wrong(c["under"], Status.Prototype, Status.NotSelected)):
        project.refund(c["under"], {"from": backers[3]})
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Development.value}, {Phase.Ideation.value}"):
        project.invest(c["short"], 2 * E, money.pay(backers[5], project, 2 * E))
