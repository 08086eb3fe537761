# SPDX-License-Identifier: MIT
"""After-sales bonds: a quorum of the project's inspectors, approving identical terms, may grant a
buyer of the bonded model an award from the bond until its warranty ends; nobody else can touch the
bond; its provider withdraws what is left once, after the warranty (at once if the model failed)."""

from types import SimpleNamespace

import brownie
import pytest
from eth_abi import encode
from eth_utils import keccak

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import sleep_until
from cobuild.chain.platform import ProjectSpec
from cobuild.protocol import DAY, Phase, Status

from .kit import E, Harness, err, fresh, offer_grid, spec_for_production

WARRANTY = 30 * DAY
EVIDENCE = b"\x0e" * 32


def award_key(bond: int, order: int, amount: int, evidence: bytes) -> bytes:
    return keccak(
        encode(["uint256", "uint256", "uint256", "bytes32"], [bond, order, amount, evidence])
    )


@pytest.fixture(scope="module")
def presale_models(open_project, creator, inspectors, makers, backers, buyers, provider, money):
    """Two models on presale: `sold` will reach its minimum, `unsold` will not; three bonds."""
    spec = spec_for_production(ProjectSpec(inspectors=list(inspectors)))
    h = Harness.open(open_project, spec, money, creator, inspectors)
    o = offer_grid(h, makers)
    sold = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E + 1), (backers[1], E)])
    unsold = h.back([o[0][1], o[1][1], o[2][1]], [(backers[2], 3 * E)])
    h.to_presale([sold, unsold])
    h.terms(sold, 4 * E + 1, 2)
    h.terms(unsold, E, 5)
    h.order(buyers[0], sold)
    h.order(buyers[1], sold)
    h.order(buyers[2], unsold)
    return SimpleNamespace(
        h=h,
        sold=sold,
        unsold=unsold,
        bond=h.bond(provider, sold, 3 * E + 7, WARRANTY),
        longer=h.bond(actor("provider-2"), sold, E, 2 * WARRANTY),
        spare=h.bond(provider, unsold, E + 1, WARRANTY),
    )


@pytest.fixture
def w(presale_models):
    return fresh(presale_models)


def test_inspector_quorum_grants_an_award_the_buyer_withdraws_once(w, inspectors, buyers, stranger):
    h, project = w.h, w.h.project
    h.go(Phase.Closed)
    amount = E + 3
    key = award_key(w.bond, 1, amount, EVIDENCE)
    first = project.approveAward(w.bond, 1, amount, EVIDENCE, {"from": inspectors[2]})
    assert first.events["AwardApproved"]["awardKey"] == "0x" + key.hex()
    assert "AwardGranted" not in first.events
    assert not h.record(first, inspectors[2], project.approveAward, w.bond, 1, amount, EVIDENCE)
    assert project.orderOf(w.sold, 1)["awardOwed"] == 0
    granted = project.approveAward(w.bond, 1, amount, EVIDENCE, {"from": inspectors[0]})
    assert granted.events["AwardGranted"]["amount"] == amount
    assert h.record(granted, inspectors[0], project.approveAward, w.bond, 1, amount, EVIDENCE)
    assert project.orderOf(w.sold, 1)["awardOwed"] == amount
    assert project.bond(w.bond)["amount"] == 3 * E + 7 - amount

    with brownie.reverts(err("UnknownOrder", w.sold, 1)):
        project.claimAward(w.sold, 1, {"from": stranger})
    assert h.claim_award(w.sold, 1) == amount
    with brownie.reverts(err("NothingToClaim", w.sold, buyers[1])):
        project.claimAward(w.sold, 1, {"from": buyers[1]})
    # the same award cannot be granted twice
    with brownie.reverts(err("AwardAlreadyApproved", key, inspectors[1])):
        project.approveAward(w.bond, 1, amount, EVIDENCE, {"from": inspectors[1]})


def test_only_a_quorum_of_distinct_inspectors_approving_identical_terms_awards(
    w, inspectors, creator, provider, buyers, stranger
):
    h, project = w.h, w.h.project
    h.go(Phase.Closed)
    for outsider in (stranger, creator, provider, buyers[0]):
        with brownie.reverts(err("NotInspector", outsider)):
            project.approveAward(w.bond, 0, E, EVIDENCE, {"from": outsider})
    key = award_key(w.bond, 0, E, EVIDENCE)
    project.approveAward(w.bond, 0, E, EVIDENCE, {"from": inspectors[0]})
    with brownie.reverts(err("AwardAlreadyApproved", key, inspectors[0])):
        project.approveAward(w.bond, 0, E, EVIDENCE, {"from": inspectors[0]})
    # a second inspector approving other terms (amount, order or evidence) completes nothing
    for other in (
        (w.bond, 0, E + 1, EVIDENCE),
        (w.bond, 1, E, EVIDENCE),
        (w.bond, 0, E, b"\1" * 32),
    ):
        tx = project.approveAward(*other, {"from": inspectors[1]})
        assert "AwardGranted" not in tx.events
    assert project.orderOf(w.sold, 0)["awardOwed"] == project.orderOf(w.sold, 1)["awardOwed"] == 0
    assert project.bond(w.bond)["amount"] == 3 * E + 7
    tx = project.approveAward(w.bond, 0, E, EVIDENCE, {"from": inspectors[2]})
    assert tx.events["AwardGranted"]["amount"] == E
    assert project.orderOf(w.sold, 0)["awardOwed"] == E


def test_awards_are_bounded_by_the_bond_and_need_a_real_bond_and_order(w, inspectors):
    h, project = w.h, w.h.project
    h.go(Phase.Closed)
    with brownie.reverts(err("UnknownBond", 99)):
        project.approveAward(99, 0, E, EVIDENCE, {"from": inspectors[0]})
    with brownie.reverts(err("UnknownOrder", w.sold, 2)):
        project.approveAward(w.bond, 2, E, EVIDENCE, {"from": inspectors[0]})
    with brownie.reverts(err("ZeroAmount")):
        project.approveAward(w.bond, 0, 0, EVIDENCE, {"from": inspectors[0]})
    with brownie.reverts(err("AwardExceedsBond", w.bond, 3 * E + 8, 3 * E + 7)):
        project.approveAward(w.bond, 0, 3 * E + 8, EVIDENCE, {"from": inspectors[0]})
    # an approval pending for 2 E, then another award of 1.5 E is granted: the 2 E can no longer be
    project.approveAward(w.bond, 0, 2 * E, EVIDENCE, {"from": inspectors[0]})
    h.award(w.bond, 1, 3 * E // 2, EVIDENCE, inspectors[1:])
    left = 3 * E + 7 - 3 * E // 2
    with brownie.reverts(err("AwardExceedsBond", w.bond, 2 * E, left)):
        project.approveAward(w.bond, 0, 2 * E, EVIDENCE, {"from": inspectors[1]})
    # awards may take the whole bond, and then nothing more
    h.award(w.bond, 0, left, EVIDENCE, inspectors[:2])
    with brownie.reverts(err("AwardExceedsBond", w.bond, 1, 0)):
        project.approveAward(w.bond, 0, 1, EVIDENCE, {"from": inspectors[2]})
    assert h.claim_award(w.sold, 0) == left
    assert h.claim_award(w.sold, 1) == 3 * E // 2


def test_no_award_before_the_presale_closes_or_from_a_failed_model(w, inspectors):
    project = w.h.project
    with brownie.reverts(err("CombinationWrongStatus", w.sold, Status.Model, Status.Succeeded)):
        project.approveAward(w.bond, 0, E, EVIDENCE, {"from": inspectors[0]})
    w.h.go(Phase.Closed)
    with brownie.reverts(
        err("CombinationWrongStatus", w.unsold, Status.PresaleFailed, Status.Succeeded)
    ):
        project.approveAward(w.spare, 0, E, EVIDENCE, {"from": inspectors[0]})


def test_bond_is_withdrawn_once_by_its_provider_after_the_warranty(
    w, inspectors, provider, stranger
):
    h, project = w.h, w.h.project
    presale_end = project.schedule()[3]
    with brownie.reverts(err("BondLocked", w.bond, presale_end + WARRANTY)):
        project.withdrawBond(w.bond, {"from": provider})
    h.go(Phase.Closed)
    h.award(w.bond, 0, E // 3, EVIDENCE, inspectors[:2])
    sleep_until(presale_end + WARRANTY - 60)
    with brownie.reverts(err("BondLocked", w.bond, presale_end + WARRANTY)):
        project.withdrawBond(w.bond, {"from": provider})
    with brownie.reverts(err("UnknownBond", 99)):
        project.withdrawBond(99, {"from": provider})
    sleep_until(presale_end + WARRANTY)
    with brownie.reverts(err("NotProvider", w.bond, stranger)):
        project.withdrawBond(w.bond, {"from": stranger})
    with brownie.reverts(err("WarrantyOver", w.bond, presale_end + WARRANTY)):
        project.approveAward(w.bond, 1, E, EVIDENCE, {"from": inspectors[0]})
    assert h.withdraw_bond(w.bond) == 3 * E + 7 - E // 3
    with brownie.reverts(err("NothingToClaim", w.sold, provider)):
        project.withdrawBond(w.bond, {"from": provider})
    # a longer warranty on the same model is still running, and still open to awards
    longer = actor("provider-2")
    with brownie.reverts(err("BondLocked", w.longer, presale_end + 2 * WARRANTY)):
        project.withdrawBond(w.longer, {"from": longer})
    h.award(w.longer, 1, E, EVIDENCE, inspectors[1:])
    assert h.claim_award(w.sold, 1) == E
    sleep_until(presale_end + 2 * WARRANTY)
    with brownie.reverts(err("NothingToClaim", w.sold, longer)):
        project.withdrawBond(w.longer, {"from": longer})  # awards took it all


def test_bond_of_a_failed_model_is_free_as_soon_as_the_presale_closes(w, provider):
    h, project = w.h, w.h.project
    with brownie.reverts(err("BondLocked", w.spare, project.schedule()[3] + WARRANTY)):
        project.withdrawBond(w.spare, {"from": provider})
    h.go(Phase.Closed)
    assert project.status(w.unsold) == Status.PresaleFailed
    assert h.withdraw_bond(w.spare) == E + 1
    with brownie.reverts(err("NothingToClaim", w.unsold, provider)):
        project.withdrawBond(w.spare, {"from": provider})
