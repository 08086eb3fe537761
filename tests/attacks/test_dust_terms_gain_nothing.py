"""Attack 3 of the review: dust terms. Before, `setModelTerms` refused only zero, so a creator who
is also the only maker set price 1 wei and minimum 1, ordered once, and the whole production fund
(funded + late - cost: 10 of 10) went to the makers instead of back to the backers, whose refunds
then reverted.

Rule: the investors' part of the minimum sales (per unit, by the ratio) must cover the production
fund that success pays the makers. So success never leaves the backers worse off than failure,
and a creator + maker + buyer in one address loses by buying its own model."""

from __future__ import annotations

import brownie
import pytest

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to, back, offer
from cobuild.model.revenue import split
from cobuild.protocol import Phase, Status

E = 10**18
QUOTE = E  # three parts: the prototype costs 3
STAKE = 10 * E  # the backers' funding: the production fund is 7


@pytest.fixture(scope="module")
def self_dealer():
    """The creator, the only maker and (later) the only buyer: one address."""
    return actor("self-dealer")


@pytest.fixture(scope="module")
def model(open_attack, money, self_dealer, backers, to_presale):
    project = open_attack(money, sender=self_dealer, min_total=E, min_stake=E // 100, slots=1)
    options = [offer(project, self_dealer, d, QUOTE) for d in range(3)]
    combo = back(project, money, backers[0], options, STAKE // 2)
    back(project, money, backers[1], combo, STAKE // 2)
    to_presale(project, combo, finalizer=self_dealer)
    return project, combo


def _cheapest_terms(ratio, fund: int) -> int:
    """The lowest price whose investors' part of one sale covers `fund`."""
    low, high = 1, 10 * fund
    while low < high:
        mid = (low + high) // 2
        if split(mid, ratio).investors >= fund:
            high = mid
        else:
            low = mid + 1
    return low


def test_dust_terms_are_refused(model, self_dealer):
    project, combo = model
    fund = STAKE - 3 * QUOTE
    for price, minimum in ((1, 1), (E, 1), (E, 23)):  # 23 sales of 1 cover 6.9 of the 7
        covered = split(price, project.config()["ratioBps"]).investors * minimum
        with brownie.reverts(f"TermsBelowFund: {covered}, {fund}"):
            project.setModelTerms(combo, price, minimum, {"from": self_dealer})


def test_buying_its_own_model_at_the_cheapest_terms_loses_money(model, money, self_dealer, backers):
    """The self-dealer sets the cheapest terms the rule allows and buys the one unit itself.
    Compared with letting the presale fail (it keeps its quotes, the backers get the fund back),
    it ends poorer, and the backers end no poorer."""
    project, combo = model
    ratio = tuple(project.config()["ratioBps"])
    fund = STAKE - 3 * QUOTE
    price = _cheapest_terms(ratio, fund)
    with brownie.reverts(f"TermsBelowFund: {split(price - 1, ratio).investors}, {fund}"):
        project.setModelTerms(combo, price - 1, 1, {"from": self_dealer})
    project.setModelTerms(combo, price, 1, {"from": self_dealer})
    params = money.pay(self_dealer, project, price)  # (ERC-20: minted and approved first)
    start = money.balance(self_dealer)
    project.order(combo, [], params)
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    for d in range(3):
        project.claimMaker(combo, d, {"from": self_dealer})
    project.claimCreator({"from": self_dealer})
    # what it ends with: - price + quotes + fund + the creator's and the makers' parts of the sale
    gain = money.balance(self_dealer) - start
    gain_if_failed = 3 * QUOTE  # a failed presale leaves the makers exactly their quotes
    assert gain < gain_if_failed
    # the backers: their investors' part covers what a failed presale would have refunded them
    for backer in backers[:2]:
        before = money.balance(backer)
        project.claimRevenue(combo, {"from": backer})
        assert money.balance(backer) - before >= fund // 2
