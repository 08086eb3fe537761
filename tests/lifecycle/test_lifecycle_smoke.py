# SPDX-License-Identifier: MIT
"""One small project through every phase, with every kind of payout, ending with an empty escrow."""

import brownie
from brownie import chain

from cobuild.chain.lifecycle import (
    advance_to,
    back,
    deliver_all,
    finalize,
    offer,
    pass_all,
)
from cobuild.protocol import DAY, NO_CONTENT, Phase, Status, content

E = 10**18


def test_full_lifecycle_pays_everyone_and_empties_escrow(
    open_project,
    spec,
    money,
    creator,
    makers,
    inspectors,
    backers,
    merchant,
    provider,
    buyers,
    treasury,
):
    spec.slots = 2
    spec.min_total = 5 * E
    spec.min_stake = E // 10
    project = open_project(money, spec=spec)
    opts = [[offer(project, makers[d], d, (d + 1) * E // 2) for _ in range(2)] for d in range(3)]
    # prototype cost of each combination: 0.5 + 1 + 1.5 = 3 ETH
    a = back(project, money, backers[0], [opts[0][0], opts[1][0], opts[2][0]], 4 * E)
    back(project, money, backers[1], a, E)
    back(project, money, backers[7], a, E)
    b = back(project, money, backers[2], [opts[0][1], opts[1][0], opts[2][0]], 3 * E)
    back(project, money, backers[3], b, E)
    c = back(project, money, backers[4], [opts[0][0], opts[1][1], opts[2][0]], 2 * E)  # under cost
    d = back(
        project, money, backers[5], [opts[0][0], opts[1][1], opts[2][1]], E
    )  # under cost, rescued
    back(project, money, backers[6], d, E // 2)

    finalize(project, creator)
    assert project.phase() == Phase.Rescue
    assert [project.status(x) for x in (a, b, c, d)] == [
        Status.Selected,
        Status.Selected,
        Status.Eliminated,
        Status.Eliminated,
    ]
    project.invest(d, 2 * E, money.pay(backers[5], project, 2 * E))
    assert project.status(d) == Status.Selected

    advance_to(project, Phase.Development)
    assert project.status(c) == Status.NotSelected
    project.refund(c, {"from": backers[4]})
    for combo in (a, b, d):
        deliver_all(project, combo)
    for dim in range(3):
        project.claimMaker(a, dim, {"from": makers[dim]})  # advances

    advance_to(project, Phase.Testing)
    pass_all(project, a, inspectors[:2])
    pass_all(project, b, inspectors[:2])
    assert project.status(a) == Status.Model and project.status(d) == Status.Prototype

    advance_to(project, Phase.Presale)
    assert project.status(d) == Status.Dropped
    project.setModelTerms(a, 10 * E, 2, {"from": creator})
    project.setModelTerms(b, 10 * E, 5, {"from": creator})
    addon = project.offerAddon(a, E, content("add-on"), {"from": merchant}).events["AddonOffered"][
        "addonId"
    ]
    with brownie.reverts(f"ProjectWrongPhase: {Phase.Presale.value}, {Phase.Ideation.value}"):
        project.invest(a, E, money.pay(backers[8], project, E))  # no shares after the rescue
    project.order(a, [addon], money.pay(buyers[0], project, 11 * E))
    project.order(a, [], money.pay(buyers[1], project, 10 * E))
    project.order(b, [], money.pay(buyers[2], project, 10 * E))
    tx = project.commitBond(a, 2 * E, 30 * DAY, NO_CONTENT, money.pay(provider, project, 2 * E))
    bond = tx.events["BondCommitted"]["bondId"]

    advance_to(project, Phase.Closed)
    assert project.status(a) == Status.Succeeded and project.status(b) == Status.PresaleFailed
    project.approveAward(bond, 0, E // 2, b"\x02" * 32, {"from": inspectors[0]})
    project.approveAward(bond, 0, E // 2, b"\x02" * 32, {"from": inspectors[1]})
    project.claimAward(a, 0, {"from": buyers[0]})
    project.depositRevenue(a, 7 * E, money.pay(creator, project, 7 * E))

    for backer in (backers[0], backers[1], backers[7]):
        project.claimRevenue(a, {"from": backer})
    for backer in (backers[2], backers[3], backers[5], backers[6]):
        project.refund(b if backer in backers[2:4] else d, {"from": backer})
    project.refundOrder(b, 0, {"from": buyers[2]})
    for combo in (a, b, d):
        for dim in range(3):
            project.claimMaker(combo, dim, {"from": makers[dim]})
    project.claimAddonRevenue(addon, {"from": merchant})
    project.claimCreator({"from": creator})
    project.claimPlatform({"from": treasury})
    chain.sleep(31 * DAY)
    project.withdrawBond(bond, {"from": provider})
    # Everything owed has been withdrawn: only the rounding dust of the accumulators may remain.
    assert money.balance(project) <= 10
