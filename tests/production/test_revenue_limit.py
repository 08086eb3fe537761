# SPDX-License-Identifier: MIT
"""A model's base revenue (orders * price) is booked when it closes and must fit the revenue
accounting (MAX_REVENUE = 2**96 - 1). Orders that would take it beyond are refused when placed;
otherwise closing would revert forever and lock every coin of the model (makers' quotes, the
backers' surplus, the orders, the bonds)."""

import brownie

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import sleep_until
from cobuild.protocol import DAY, Phase, Status

from .kit import (
    MAX_AMOUNT,
    MAX_REVENUE,
    E,
    Harness,
    err,
    offer_grid,
    spec_for_production,
)


def test_orders_beyond_the_revenue_limit_are_refused_so_the_model_can_close(
    open_project, spec, eth, creator, inspectors, makers, backers, provider, treasury
):
    h = Harness.open(open_project, spec_for_production(spec), eth, creator, inspectors)
    project = h.project
    o = offer_grid(h, makers)
    combo = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E)])
    h.to_presale([combo])
    price = MAX_AMOUNT
    h.terms(combo, price, 1)
    whale = actor("whale", balance=2**100)
    fit = MAX_REVENUE // price  # 256 orders at the highest price fit
    for _ in range(fit):
        h.order(whale, combo)
    with brownie.reverts(err("AmountTooLarge", price, MAX_REVENUE - fit * price)):
        project.order(combo, [], {"from": whale, "value": price})
    bond = h.bond(provider, combo, E, DAY)

    h.go(Phase.Closed)
    assert project.status(combo) == Status.Succeeded
    h.close(combo, whale)
    for d in range(3):
        h.claim_maker(combo, d)
    h.claim_revenue(combo, backers[0])
    h.claim_roles(treasury)
    sleep_until(project.schedule()[3] + DAY)
    h.withdraw_bond(bond)
    assert project.balance() == h.model.held == h.model.revenue_dust()
