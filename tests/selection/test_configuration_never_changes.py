# SPDX-License-Identifier: MIT
"""The share ratio (and the whole configuration) is fixed at creation: no function writes it.
A project goes through every phase, with every kind of call, and its config and code never move."""

from __future__ import annotations

from brownie import web3

from cobuild.chain.lifecycle import advance_to, back, deliver_all, finalize, offer, pass_all
from cobuild.protocol import Phase, Status, content

E = 10**18


def test_ratio_and_config_unchanged_after_a_full_lifecycle(
    open_project, eth, creator, makers, inspectors, backers, buyers, treasury
):
    project = open_project(
        eth, slots=1, min_total=E, min_stake=E // 10, ratio=(3331, 3330, 2339, 1000)
    )
    before = (project.config(), bytes(web3.eth.get_code(project.address)))
    seen = []

    def unchanged():
        seen.append(Phase(project.phase()))
        assert (project.config(), bytes(web3.eth.get_code(project.address))) == before

    opts = [offer(project, makers[d], d, E // 4) for d in range(3)]
    combo = back(project, eth, backers[0], opts, 2 * E)
    project.argue(combo, content("add-on"), {"from": backers[0]})
    unchanged()
    finalize(project, creator)
    unchanged()
    advance_to(project, Phase.Development)
    deliver_all(project, combo)
    for d in range(3):
        project.claimMaker(combo, d, {"from": makers[d]})
    unchanged()
    advance_to(project, Phase.Testing)
    pass_all(project, combo, inspectors[:2])
    unchanged()
    advance_to(project, Phase.Presale)
    # any terms: the makers are paid their quotes only and the surplus (funding above the cost)
    # comes back to the backers either way
    price = 10 * E
    project.setModelTerms(combo, price, 1, {"from": creator})
    project.order(combo, [], {"from": buyers[0], "value": price})
    unchanged()
    advance_to(project, Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    project.depositRevenue(combo, E, {"from": buyers[1], "value": E})
    project.claimRevenue(combo, {"from": backers[0]})
    project.claimCreator({"from": creator})
    project.claimPlatform({"from": treasury})
    unchanged()
    assert list(project.config()["ratioBps"]) == [3331, 3330, 2339, 1000]
    assert seen == [
        Phase.Ideation,
        Phase.Rescue,
        Phase.Development,
        Phase.Testing,
        Phase.Presale,
        Phase.Closed,
    ]
