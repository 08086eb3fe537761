# SPDX-License-Identifier: MIT
"""A model that misses its minimum orders (or never got terms) fails its presale: every buyer gets
back all it paid (add-ons included), the backers share the surplus `funded - cost` (the money they
put in above the cost) pro rata (last claimer takes the rounding), the makers keep exactly their
quotes, merchants earn nothing and bonds are free at once. A model on presale takes no stake, with
terms or without (there is no late investment). A model that reaches its minimum exactly succeeds
instead."""

import brownie

from cobuild.chain.actors import actor
from cobuild.protocol import DAY, Phase, Status

from .kit import E, Harness, err, offer_grid, spec_for_production


def test_missed_minimum_refunds_buyers_in_full_and_backers_the_surplus(
    open_project,
    spec,
    money,
    creator,
    inspectors,
    makers,
    backers,
    buyers,
    merchant,
    provider,
    stranger,
):
    h = Harness.open(open_project, spec_for_production(spec), money, creator, inspectors)
    project, model = h.project, h.model
    o = offer_grid(h, makers)
    short = h.back(
        [o[0][0], o[1][0], o[2][0]],
        [(backers[0], 2 * E + 13), (backers[1], E // 3 + 7), (backers[2], 5 * E // 11)],
    )
    exact = h.back([o[0][1], o[1][0], o[2][0]], [(backers[3], 3 * E + 1), (backers[4], E + 2)])
    untermed = h.back([o[0][0], o[1][1], o[2][1]], [(backers[5], 2 * E + 5), (backers[6], E // 7)])
    models = [short, exact, untermed]
    h.select(models)
    h.go(Phase.Development)
    for combo in models:
        h.deliver(combo)
    early = h.claim_maker(short, 0)  # an advance taken early: the maker still gets its quote
    h.go(Phase.Testing)
    for combo in models:
        h.pass_all(combo)

    h.go(Phase.Presale)
    h.terms(short, 3 * E + 1, 4)
    h.terms(exact, 4 * E + 3, 2)
    with brownie.reverts(err("TermsNotSet", untermed)):
        project.order(untermed, [], {"from": buyers[0], "value": E if money.is_eth else 0})
    # no late stake, before the first order as after it, with terms or without: neither a
    # newcomer nor one of the backers can add to a model on presale
    newcomer = actor("newcomer")
    wrong_phase = err("ProjectWrongPhase", Phase.Presale, Phase.Ideation)
    for who, combo in ((newcomer, short), (backers[1], short), (newcomer, untermed)):
        value = h.paying(who, E // 2 + 9)
        assert h.refused(who, project.invest, combo, E // 2 + 9, value=value) == wrong_phase
    seats = h.addon(merchant, short, E // 5 + 1)
    paint = h.addon(actor("merchant-2"), short, E // 7 + 2)
    h.order(buyers[0], short, [seats, paint])
    h.order(buyers[1], short, [])
    h.order(buyers[0], short, [paint])
    h.order(buyers[2], exact, [])
    h.order(buyers[3], exact, [])
    for who, combo in ((newcomer, short), (backers[3], exact)):  # after the first orders too
        value = h.paying(who, E)
        assert h.refused(who, project.invest, combo, E, value=value) == wrong_phase
    bond = h.bond(provider, short, E + 5, 30 * DAY)
    h.check_statuses()
    # nothing can be refunded while the presale runs
    with brownie.reverts(err("CombinationWrongStatus", short, Status.Model, Status.PresaleFailed)):
        project.refundOrder(short, 0, {"from": buyers[0]})
    with brownie.reverts(err("BondLocked", bond, project.schedule()[3] + 30 * DAY)):
        project.withdrawBond(bond, {"from": provider})

    h.go(Phase.Closed)
    h.check_statuses()
    assert [project.status(c) for c in models] == [
        Status.PresaleFailed,
        Status.Succeeded,
        Status.PresaleFailed,
    ]
    short_in = model.combos[short].funded + E + 5
    short_out = early
    # buyers: everything they paid, add-ons included; only the buyer may, and only once
    with brownie.reverts(err("UnknownOrder", short, 0)):
        project.refundOrder(short, 0, {"from": stranger})
    for index in (2, 0, 1):
        paid = model.orders[(short, index)].paid
        short_in += paid
        assert h.refund_order(short, index) == paid
        short_out += paid
    with brownie.reverts(err("NothingToClaim", short, buyers[0])):
        project.refundOrder(short, 0, {"from": buyers[0]})
    # the backers: the surplus pro rata to their stakes (the last claimer takes the rounding)
    surplus = model.surplus(model.combos[short])
    stake = h.stakes[short]
    refunded = 0
    for backer in (backers[1], backers[2], backers[0]):
        got = h.refund(short, backer)
        assert got >= surplus * stake[backer.address] // model.combos[short].funded
        refunded += got
    assert refunded == surplus > 0
    short_out += refunded
    with brownie.reverts(err("NothingToClaim", short, backers[1])):
        project.refund(short, {"from": backers[1]})
    with brownie.reverts(err("NothingToClaim", short, newcomer)):
        project.refund(short, {"from": newcomer})
    # makers: exactly their quotes, whatever the backers put in above the cost
    for d in range(3):
        short_out += h.claim_maker(short, d)
    paid = [model.combos[short].part_paid[d] for d in range(3)]
    assert paid == [h.quotes[option] for option in h.parts[short]]
    # merchants: nothing; the bond: free at once
    with brownie.reverts(
        err("CombinationWrongStatus", short, Status.PresaleFailed, Status.Succeeded)
    ):
        project.claimAddonRevenue(seats, {"from": merchant})
    short_out += h.withdraw_bond(bond)
    assert short_out == short_in

    # a model without terms fails the same way
    for backer in (backers[5], backers[6]):
        h.refund(untermed, backer)
    # the model that reached its minimum exactly succeeded: no refunds there
    with brownie.reverts(
        err("CombinationWrongStatus", exact, Status.Succeeded, Status.PresaleFailed)
    ):
        project.refundOrder(exact, 0, {"from": buyers[2]})
    with brownie.reverts(
        err("CombinationWrongStatus", exact, Status.Succeeded, Status.NotSelected)
    ):
        project.refund(exact, {"from": backers[3]})
