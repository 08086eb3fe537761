# SPDX-License-Identifier: MIT
"""A prototype not delivered by the R&D deadline, wholly or in part, is eliminated (status Dropped)
as soon as the deadline passes: its backers share `funded - sum(advances)` pro rata (the last to
claim takes the rounding), its makers keep their advances and get nothing more."""

import brownie

from cobuild.protocol import ZERO_HASH, Phase, Status

from .kit import E, Harness, err, offer_grid, spec_for_production


def test_undelivered_prototypes_are_dropped_and_refund_their_backers_pro_rata(
    open_project, spec, money, creator, inspectors, makers, backers, stranger
):
    h = Harness.open(open_project, spec_for_production(spec), money, creator, inspectors)
    project = h.project
    o = offer_grid(h, makers)
    kept = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 2 * E + 13), (backers[1], E + 7)])
    # nobody delivers this one: three uneven stakes
    silent = h.back(
        [o[0][1], o[1][0], o[2][0]],
        [(backers[2], 2 * E + 1), (backers[3], 3 * E // 7), (backers[4], E // 3 + 11)],
    )
    # only the shape and engine makers deliver this one
    partial = h.back([o[0][0], o[1][1], o[2][1]], [(backers[5], 2 * E + 3), (backers[6], E // 9)])
    h.select([kept, silent, partial])
    h.go(Phase.Development)
    h.check_statuses()

    advances = {c: 0 for c in (silent, partial)}
    for combo, dims in ((silent, [0, 1]), (partial, [0, 1, 2])):
        for d in dims:
            advances[combo] += h.claim_maker(combo, d)
    h.deliver(kept)
    h.deliver(partial, [0, 2])
    h.check_statuses()
    assert project.status(silent) == Status.Prototype
    # no refund while the makers may still deliver
    with brownie.reverts(
        err("CombinationWrongStatus", silent, Status.Prototype, Status.NotSelected)
    ):
        project.refund(silent, {"from": backers[2]})

    h.go(Phase.Testing)
    h.check_statuses()
    assert project.status(silent) == project.status(partial) == Status.Dropped
    assert project.status(kept) == Status.Prototype
    with brownie.reverts(err("ProjectWrongPhase", Phase.Testing, Phase.Development)):
        project.deliver(partial, 1, ZERO_HASH, {"from": makers[1]})
    with brownie.reverts(err("CombinationWrongStatus", silent, Status.Dropped, Status.Prototype)):
        project.recordVerdict(silent, 0, True, ZERO_HASH, {"from": inspectors[0]})
    h.pass_all(kept)

    # refunds in an order unlike the investment order; the last claimer takes the rounding
    refunded = {c: 0 for c in (silent, partial)}
    for combo, order in (
        (silent, [backers[4], backers[2], backers[3]]),
        (partial, backers[6:4:-1]),
    ):
        for backer in order:
            refunded[combo] += h.refund(combo, backer)
        with brownie.reverts(err("NothingToClaim", combo, order[0])):
            project.refund(combo, {"from": order[0]})
    with brownie.reverts(err("NothingToClaim", silent, stranger)):
        project.refund(silent, {"from": stranger})
    # the part whose maker waited: its advance is still there, and nothing beyond it
    advances[silent] += h.claim_maker(silent, 2)
    for combo in (silent, partial):
        quotes = [h.quotes[option] for option in h.parts[combo]]
        assert advances[combo] == sum(q * spec.advance_bps // 10_000 for q in quotes)
        assert refunded[combo] + advances[combo] == sum(h.stakes[combo].values())

    # the delivered parts of a dropped prototype earn no more, even after the others passed
    h.go(Phase.Presale)
    for d in range(3):
        h.claim_maker(kept, d)  # advance and remainder in one claim
    h.go(Phase.Closed)
    h.check_statuses()
    assert project.status(partial) == Status.Dropped
    for d in range(3):
        assert tuple(project.makerOwed(partial, d)) == (0, 0)
    with brownie.reverts(err("NothingToClaim", partial, makers[0])):
        project.claimMaker(partial, 0, {"from": makers[0]})
    # what stays is the passed prototype's surplus (its backers' money above its cost): it never
    # got terms, so its presale failed and the surplus goes back to its backers, to the wei
    kept_cost = sum(h.quotes[option] for option in h.parts[kept])
    surplus = sum(h.stakes[kept].values()) - kept_cost
    assert money.balance(project) == surplus == h.model.held
    assert project.status(kept) == Status.PresaleFailed
    assert sum(h.refund(kept, backer) for backer in (backers[1], backers[0])) == surplus
    assert money.balance(project) == 0 == h.model.held
