# SPDX-License-Identifier: MIT
"""Every custom error the production facet can raise (its own and those of ProjectBase it reaches),
each triggered by the action it guards, with its arguments; the terms' only bounds (non-zero,
within the size limits: dust terms are accepted); and the refusal of any stake from R&D on, in
every phase and whatever the terms and orders (there is no late investment). The last test checks
that no error of the facet's sources is left without a test in this directory."""

import re
from pathlib import Path
from types import SimpleNamespace

import brownie
import pytest
from brownie import CobuildProject, ProjectProduction

from cobuild.chain.actors import actor
from cobuild.chain.platform import ProjectSpec
from cobuild.protocol import NO_CONTENT, ZERO_HASH, Phase, Status

from .kit import (
    MAX_AMOUNT,
    MAX_REVENUE,
    E,
    Harness,
    err,
    fresh,
    name,
    offer_grid,
    spec_for_production,
)

ROOT = Path(__file__).resolve().parents[2]
U32 = 2**32
PRICE = 4 * E


@pytest.fixture(scope="module")
def just_finalized(open_project, creator, inspectors, makers, backers, eth):
    """An ETH project just finalized (rescue window): `a` and `b` selected, `n` not."""
    spec = spec_for_production(ProjectSpec(inspectors=list(inspectors)))
    h = Harness.open(open_project, spec, eth, creator, inspectors)
    o = offer_grid(h, makers)
    a = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E)])
    b = h.back([o[0][1], o[1][0], o[2][0]], [(backers[1], 3 * E)])
    n = h.back([o[0][0], o[1][1], o[2][1]], [(backers[2], E)])
    h.select([a, b])
    return SimpleNamespace(h=h, project=h.project, a=a, b=b, n=n)


@pytest.fixture
def w(just_finalized):
    return fresh(just_finalized)


def to_presale(w):
    """Deliver and pass `a` and `b`, open the presale."""
    w.h.go(Phase.Development)
    for combo in (w.a, w.b):
        w.h.deliver(combo)
    w.h.go(Phase.Testing)
    for combo in (w.a, w.b):
        w.h.pass_all(combo)
    w.h.go(Phase.Presale)


def test_claim_maker_errors(w, makers, stranger):
    p = w.project
    with brownie.reverts(err("NothingToClaim", w.a, makers[0])):  # no advance before R&D
        p.claimMaker(w.a, 0, {"from": makers[0]})
    with brownie.reverts(err("NotMaker", w.a, 0, stranger)):
        p.claimMaker(w.a, 0, {"from": stranger})
    with brownie.reverts(err("InvalidDimension", 3, 3)):
        p.claimMaker(w.a, 3, {"from": makers[0]})
    with brownie.reverts(err("UnknownCombination", 99)):
        p.claimMaker(99, 0, {"from": makers[0]})


def test_deliver_errors(w, makers, stranger):
    p = w.project
    with brownie.reverts(err("ProjectWrongPhase", Phase.Rescue, Phase.Development)):
        p.deliver(w.a, 0, ZERO_HASH, {"from": makers[0]})
    w.h.go(Phase.Development)
    with brownie.reverts(err("NotMaker", w.a, 1, stranger)):
        p.deliver(w.a, 1, ZERO_HASH, {"from": stranger})
    p.deliver(w.a, 1, ZERO_HASH, {"from": makers[1]})
    with brownie.reverts(err("AlreadyDelivered", w.a, 1)):
        p.deliver(w.a, 1, ZERO_HASH, {"from": makers[1]})
    with brownie.reverts(err("CombinationWrongStatus", w.n, Status.NotSelected, Status.Prototype)):
        p.deliver(w.n, 0, ZERO_HASH, {"from": makers[0]})


def test_verdict_errors(w, inspectors, stranger):
    p = w.project
    w.h.go(Phase.Development)
    w.h.deliver(w.a)
    with brownie.reverts(err("ProjectWrongPhase", Phase.Development, Phase.Testing)):
        p.recordVerdict(w.a, 0, True, ZERO_HASH, {"from": inspectors[0]})
    w.h.go(Phase.Testing)
    with brownie.reverts(err("NotInspector", stranger)):
        p.recordVerdict(w.a, 0, True, ZERO_HASH, {"from": stranger})
    with brownie.reverts(err("InvalidCondition", 3, 3)):
        p.recordVerdict(w.a, 3, True, ZERO_HASH, {"from": inspectors[0]})
    p.recordVerdict(w.a, 0, False, ZERO_HASH, {"from": inspectors[0]})
    with brownie.reverts(err("AlreadyVoted", w.a, 0, inspectors[0])):
        p.recordVerdict(w.a, 0, True, ZERO_HASH, {"from": inspectors[0]})
    # not delivered: dropped, no verdicts
    with brownie.reverts(err("CombinationWrongStatus", w.b, Status.Dropped, Status.Prototype)):
        p.recordVerdict(w.b, 0, True, ZERO_HASH, {"from": inspectors[0]})
    w.h.pass_all(w.a, inspectors[1:])
    # passed: a model, no more verdicts
    with brownie.reverts(err("CombinationWrongStatus", w.a, Status.Model, Status.Prototype)):
        p.recordVerdict(w.a, 1, False, ZERO_HASH, {"from": inspectors[0]})


def test_model_terms_errors(w, creator, stranger):
    p = w.project
    with brownie.reverts(err("NotCreator", stranger)):
        p.setModelTerms(w.a, E, 1, {"from": stranger})
    with brownie.reverts(err("ProjectWrongPhase", Phase.Rescue, Phase.Presale)):
        p.setModelTerms(w.a, E, 1, {"from": creator})
    to_presale(w)
    with brownie.reverts(err("CombinationWrongStatus", w.n, Status.NotSelected, Status.Model)):
        p.setModelTerms(w.n, E, 1, {"from": creator})
    for price, minimum in ((0, 1), (E, 0)):
        with brownie.reverts(err("ZeroAmount")):
            p.setModelTerms(w.a, price, minimum, {"from": creator})
    with brownie.reverts(err("AmountTooLarge", MAX_AMOUNT + 1, MAX_AMOUNT)):
        p.setModelTerms(w.a, MAX_AMOUNT + 1, 1, {"from": creator})
    with brownie.reverts(err("AmountTooLarge", U32, U32 - 1)):
        p.setModelTerms(w.a, E, U32, {"from": creator})
    # no bound on the terms beyond these: dust terms are accepted (success releases nothing of
    # the backers' money to anyone else, see test_success_returns_the_surplus.py)
    h = w.h
    h.terms(w.a, 1, 1)
    assert (h.model.combos[w.a].price, h.model.combos[w.a].min_orders) == (1, 1)
    sale = p.combination(w.a)
    assert (sale["price"], sale["minOrders"]) == (1, 1)
    with brownie.reverts(err("TermsAlreadySet", w.a)):
        p.setModelTerms(w.a, PRICE, 1, {"from": creator})


def test_addon_and_order_errors(w, creator, merchant, buyers):
    p, h = w.project, w.h
    with brownie.reverts(err("ProjectWrongPhase", Phase.Rescue, Phase.Presale)):
        p.offerAddon(w.a, E, NO_CONTENT, {"from": merchant})
    to_presale(w)
    with brownie.reverts(err("ZeroAmount")):
        p.offerAddon(w.a, 0, NO_CONTENT, {"from": merchant})
    with brownie.reverts(err("AmountTooLarge", MAX_AMOUNT + 1, MAX_AMOUNT)):
        p.offerAddon(w.a, MAX_AMOUNT + 1, NO_CONTENT, {"from": merchant})
    with brownie.reverts(err("TermsNotSet", w.a)):
        p.order(w.a, [], {"from": buyers[0], "value": E})
    h.terms(w.a, PRICE, 1)
    x = h.addon(merchant, w.a, E // 10)
    y = h.addon(merchant, w.a, E // 20)
    other = h.addon(merchant, w.b, E // 30)
    unsold = h.addon(actor("merchant-2"), w.a, E // 40)
    for ids, bad in (([x, x], x), ([y, x], x), ([x, other], other), ([99], 99), ([0], 0)):
        with brownie.reverts(err("InvalidAddon", bad, w.a)):
            p.order(w.a, ids, {"from": buyers[0], "value": 2 * PRICE})
    with brownie.reverts(err("WrongPaymentValue", PRICE + E // 10, PRICE)):
        p.order(w.a, [x], {"from": buyers[0], "value": PRICE})
    h.order(buyers[0], w.a, [x, y])
    h.order(buyers[1], w.a, [])
    h.go(Phase.Closed)
    with brownie.reverts(err("ProjectWrongPhase", Phase.Closed, Phase.Presale)):
        p.order(w.a, [], {"from": buyers[0], "value": PRICE})
    with brownie.reverts(err("InvalidAddon", x, w.a)):  # only its merchant
        p.claimAddonRevenue(x, {"from": buyers[0]})
    with brownie.reverts(err("InvalidAddon", 99, 0)):
        p.claimAddonRevenue(99, {"from": merchant})
    h.claim_addon(x)
    with brownie.reverts(err("NothingToClaim", w.a, merchant)):
        p.claimAddonRevenue(x, {"from": merchant})
    with brownie.reverts(err("NothingToClaim", w.a, actor("merchant-2"))):  # sold none
        p.claimAddonRevenue(unsold, {"from": actor("merchant-2")})


def test_no_stake_after_selection(w, backers, buyers):
    """Shares are bought only in ideation and the rescue window, before anything about a
    prototype is known: from R&D on, a stake in any combination (a prototype, a model with terms
    or without, before or after its first order, one not selected), of any amount and by anyone
    (one of its backers or not), is refused with `ProjectWrongPhase(phase, Ideation)` and books
    nothing."""
    p, h = w.project, w.h
    whale = actor("whale", balance=2**100)
    amounts = ((backers[0], 3 * E), (backers[3], 1), (whale, MAX_AMOUNT - 3 * E))

    def refused_in(phase):
        for combo in (w.a, w.b, w.n):
            for who, amount in amounts:
                refusal = h.refused(who, p.invest, combo, amount, value=amount)
                assert refusal == err("ProjectWrongPhase", phase, Phase.Ideation)

    h.go(Phase.Development)
    refused_in(Phase.Development)
    for combo in (w.a, w.b):
        h.deliver(combo)
    h.go(Phase.Testing)
    refused_in(Phase.Testing)
    for combo in (w.a, w.b):
        h.pass_all(combo)
    h.go(Phase.Presale)
    refused_in(Phase.Presale)  # no terms yet
    h.terms(w.b, PRICE, 1)
    h.terms(w.a, MAX_AMOUNT, 10)  # terms that would justify almost anything
    refused_in(Phase.Presale)
    h.order(buyers[0], w.b)
    refused_in(Phase.Presale)
    h.go(Phase.Closed)
    refused_in(Phase.Closed)
    # the stakes are the ideation's, on chain as in the model
    for combo in (w.a, w.b, w.n):
        c = h.model.combos[combo]
        assert p.combination(combo)["funded"] == c.funded == sum(h.stakes[combo].values())
        for who, _ in amounts:
            held = c.holders.get(name(who))
            assert p.stakeOf(combo, who) == (held.stake if held else 0)
    assert p.stakeOf(w.a, backers[0]) == 3 * E and p.stakeOf(w.a, whale) == 0


def test_bond_commit_errors(w, provider):
    p = w.project
    with brownie.reverts(err("ProjectWrongPhase", Phase.Rescue, Phase.Presale)):
        p.commitBond(w.a, E, 1, NO_CONTENT, {"from": provider, "value": E})
    to_presale(w)
    with brownie.reverts(err("ZeroAmount")):  # no warranty
        p.commitBond(w.a, E, 0, NO_CONTENT, {"from": provider, "value": E})
    with brownie.reverts(err("ZeroAmount")):  # nothing locked
        p.commitBond(w.a, 0, 1, NO_CONTENT, {"from": provider})
    with brownie.reverts(err("AmountTooLarge", MAX_AMOUNT + 1, MAX_AMOUNT)):
        p.commitBond(w.a, MAX_AMOUNT + 1, 1, NO_CONTENT, {"from": provider})
    with brownie.reverts(err("AmountTooLarge", U32, U32 - 1)):
        p.commitBond(w.a, E, U32, NO_CONTENT, {"from": provider, "value": E})
    with brownie.reverts(err("WrongPaymentValue", E, E - 1)):
        p.commitBond(w.a, E, 1, NO_CONTENT, {"from": provider, "value": E - 1})


def test_closing_revenue_and_role_errors(w, creator, treasury, buyers, stranger):
    p, h = w.project, w.h
    to_presale(w)
    h.terms(w.a, PRICE, 1)
    h.order(buyers[0], w.a)
    with brownie.reverts(err("CombinationWrongStatus", w.a, Status.Model, Status.Succeeded)):
        p.closeModel(w.a, {"from": stranger})
    # the presale has succeeded and the creator's part is booked, but it is paid after it ends
    assert p.roleOwed()["creator"] > 0
    with brownie.reverts(err("ProjectWrongPhase", Phase.Presale, Phase.Closed)):
        p.claimCreator({"from": creator})
    with brownie.reverts(err("ProjectWrongPhase", Phase.Presale, Phase.Closed)):
        p.claimPlatform({"from": treasury})
    h.go(Phase.Closed)
    h.close(w.a, stranger)
    with brownie.reverts(err("CombinationWrongStatus", w.a, Status.Succeeded, Status.Model)):
        p.closeModel(w.a, {"from": stranger})  # once
    with brownie.reverts(
        err("CombinationWrongStatus", w.a, Status.Succeeded, Status.PresaleFailed)
    ):
        p.refundOrder(w.a, 0, {"from": buyers[0]})
    with brownie.reverts(err("UnknownOrder", w.a, 1)):
        p.refundOrder(w.a, 1, {"from": buyers[0]})
    with brownie.reverts(err("UnknownOrder", w.a, 0)):
        p.claimAward(w.a, 0, {"from": stranger})
    with brownie.reverts(err("NothingToClaim", w.a, buyers[0])):
        p.claimAward(w.a, 0, {"from": buyers[0]})
    with brownie.reverts(
        err("CombinationWrongStatus", w.b, Status.PresaleFailed, Status.Succeeded)
    ):
        p.depositRevenue(w.b, E, {"from": stranger, "value": E})
    with brownie.reverts(err("ZeroAmount")):
        p.depositRevenue(w.a, 0, {"from": stranger})
    with brownie.reverts(err("WrongPaymentValue", E, 0)):
        p.depositRevenue(w.a, E, {"from": stranger})
    with brownie.reverts(err("AmountTooLarge", MAX_REVENUE, MAX_REVENUE - PRICE)):
        p.depositRevenue(w.a, MAX_REVENUE, {"from": stranger})
    with brownie.reverts(err("NotCreator", stranger)):
        p.claimCreator({"from": stranger})
    with brownie.reverts(err("NotTreasury", stranger)):
        p.claimPlatform({"from": stranger})
    h.claim_roles(treasury)
    with brownie.reverts(err("NothingToClaim", 0, treasury)):
        p.claimPlatform({"from": treasury})
    with brownie.reverts(err("NothingToClaim", 0, creator)):
        p.claimCreator({"from": creator})


def test_facet_and_implementation_refuse_direct_calls(platform, stranger):
    facet = ProjectProduction.at(platform.production.address)
    with brownie.reverts(err("NotAProject")):
        facet.claimCreator({"from": stranger})
    # the implementation's fallback would delegate to the facet: it refuses too
    implementation = CobuildProject.at(platform.implementation.address)
    data = facet.claimCreator.encode_input()
    with brownie.reverts(err("NotAProject")):
        stranger.transfer(implementation, 0, data=data)


def test_erc20_payment_errors(
    open_project, spec, creator, inspectors, makers, backers, buyers, fee_money
):
    """An ERC-20 project refuses ETH alongside a payment, and a token that delivers less than
    asked (fee on transfer) is refused at order and bond time."""
    h = Harness.open(open_project, spec_for_production(spec), fee_money, creator, inspectors)
    p = h.project
    o = offer_grid(h, makers)
    combo = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E)])
    h.to_presale([combo])
    h.terms(combo, PRICE, 1)
    h.paying(buyers[0], PRICE)
    with brownie.reverts(err("WrongPaymentValue", 0, 1)):
        p.order(combo, [], {"from": buyers[0], "value": 1})
    fee_money.token.setFee(100, {"from": buyers[0]})  # 1 %
    with brownie.reverts(err("TokenFeeOnTransfer", PRICE, PRICE - PRICE // 100)):
        p.order(combo, [], {"from": buyers[0]})
    with brownie.reverts(err("TokenFeeOnTransfer", 2 * E, 2 * E - 2 * E // 100)):
        p.commitBond(combo, 2 * E, 1, NO_CONTENT, {"from": buyers[0]})


def errors_raised_by(path: Path) -> set[str]:
    return set(re.findall(r"revert (\w+)\(", path.read_text()))


def test_every_error_of_the_production_facet_has_a_test():
    """The errors ProjectProduction raises, directly or through ProjectBase, each appear in a
    `brownie.reverts(err("Name", ...))` of this directory."""
    raised = errors_raised_by(ROOT / "contracts/project/ProjectProduction.sol")
    raised |= errors_raised_by(ROOT / "contracts/project/ProjectBase.sol")
    tested = set()
    for test_file in Path(__file__).parent.rglob("test_*.py"):
        tested |= set(re.findall(r'reverts\(\s*err\("(\w+)"', test_file.read_text()))
    assert raised, "no errors found in the sources"
    assert raised - tested == set()
