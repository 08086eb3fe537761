# SPDX-License-Identifier: MIT
"""Hostile receivers among makers, merchants, buyers, backers and providers: contracts that refuse
ETH, or reenter the project when paid. Each can only fail its own withdrawal: everyone else is
paid exactly what the money model says, a reentry never pays twice, and a hostile receiver that
later accepts ETH gets all it is owed (nothing is lost or locked). ETH only: an ERC-20 transfer
does not call the receiver."""

import brownie

from cobuild.protocol import DAY, Phase, Status

from ..kit import E, Harness, err, offer_grid, send, spec_for_production


def reenter(hostile, project, fn, *args, bubble=False):
    """Make `hostile` call `fn(*args)` on the project whenever it is paid; with `bubble`, the
    reentry's failure makes it refuse the payment."""
    hostile.arm(project, fn.encode_input(*args), bubble)


def money_left(project) -> int:
    return project.balance()


def test_hostile_makers_fail_only_their_own_claims_and_lose_nothing(
    open_project, spec, eth, creator, inspectors, makers, backers, buyers, treasury, hostile
):
    h = Harness.open(open_project, spec_for_production(spec), eth, creator, inspectors)
    project, model = h.project, h.model
    refusing, reentering = hostile(), hostile()
    a0 = h.offer(refusing, 0, E // 3 + 1)
    a1 = h.offer(reentering, 1, 2 * E // 3 + 5)
    a2 = h.offer(makers[2], 2, E + 7)
    combo = h.back([a0, a1, a2], [(backers[0], 3 * E + 11), (backers[1], E // 3)])
    h.select([combo])
    h.go(Phase.Development)
    refusing.refuse()
    reenter(reentering, project, project.claimMaker, combo, 1)
    advance = h.maker_owed(combo, 0)[0]
    with brownie.reverts(err("PaymentFailed", refusing, advance)):
        send(project, refusing, project.claimMaker, combo, 0)
    h.claim_maker(combo, 1)  # paid once; its reentry failed
    assert reentering.hook_refused()
    assert reentering.received() == model.combos[combo].part_paid[1]
    h.claim_maker(combo, 2)
    h.deliver(combo)
    h.go(Phase.Testing)
    h.pass_all(combo)
    h.go(Phase.Presale)
    h.terms(combo, 10 * E + 1, 1)
    h.order(buyers[0], combo)
    h.order(buyers[1], combo)
    h.go(Phase.Closed)

    # the refusing maker fails, the others (makers, investors, creator, platform) are paid in full
    with brownie.reverts(err("PaymentFailed", refusing, sum(h.maker_owed(combo, 0)))):
        send(project, refusing, project.claimMaker, combo, 0)
    h.claim_maker(combo, 2)
    h.claim_maker(combo, 1)
    assert reentering.hook_refused(times=2)
    for backer in (backers[0], backers[1]):
        h.claim_revenue(combo, backer)
    h.claim_roles(treasury)
    # once it accepts ETH, the refusing maker gets its whole due: its quote (advance and rest)
    # and its part of the revenue
    refusing.accept()
    owed = sum(h.maker_owed(combo, 0))
    assert h.claim_maker(combo, 0) == owed == refusing.received()
    assert [model.combos[combo].part_paid[d] for d in range(3)] == [
        h.quotes[a] for a in (a0, a1, a2)
    ]
    assert money_left(project) == model.revenue_dust()


def test_hostile_merchants_buyers_and_providers_fail_only_their_own_claims(
    open_project,
    spec,
    eth,
    creator,
    inspectors,
    makers,
    backers,
    buyers,
    merchant,
    provider,
    treasury,
    hostile,
):
    h = Harness.open(open_project, spec_for_production(spec), eth, creator, inspectors)
    project, model = h.project, h.model
    o = offer_grid(h, makers)
    reentering_backer = hostile()
    sold = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E + 1), (backers[1], E)])
    unsold = h.back(
        [o[0][1], o[1][1], o[2][1]],
        [(backers[2], 2 * E + 9), (reentering_backer, E // 2 + 1), (backers[3], E + 2)],
    )
    h.to_presale([sold, unsold])
    h.terms(sold, 4 * E + 1, 2)
    h.terms(unsold, E + 3, 9)
    refusing_merchant, strict_merchant = hostile(), hostile()
    refusing_buyer, reentering_buyer = hostile(), hostile()
    refusing_provider = hostile()
    addons = [
        h.addon(m, sold, E // 5 + k)
        for k, m in enumerate((refusing_merchant, strict_merchant, merchant))
    ]
    h.order(reentering_buyer, sold, addons)
    h.order(buyers[0], sold, addons[1:])
    h.order(refusing_buyer, unsold)
    h.order(reentering_buyer, unsold)
    h.order(buyers[1], unsold)
    sold_bond = h.bond(provider, sold, 2 * E, 30 * DAY)
    unsold_bond = h.bond(refusing_provider, unsold, E + 1, 30 * DAY)
    h.go(Phase.Closed)
    h.check_statuses()
    assert project.status(unsold) == Status.PresaleFailed

    # merchants: one refuses, one refuses because its reentry failed; the honest one is paid
    refusing_merchant.refuse()
    reenter(strict_merchant, project, project.claimAddonRevenue, addons[1], bubble=True)
    for m, addon_id in ((refusing_merchant, addons[0]), (strict_merchant, addons[1])):
        sold_units = model.addons[addon_id].sold
        with brownie.reverts(err("PaymentFailed", m, sold_units * model.addons[addon_id].price)):
            send(project, m, project.claimAddonRevenue, addon_id)
    h.claim_addon(addons[2])
    # buyers of the failed model: the refusing one fails, the reentering one is refunded once
    refusing_buyer.refuse()
    reenter(reentering_buyer, project, project.refundOrder, unsold, 1)
    with brownie.reverts(err("PaymentFailed", refusing_buyer, model.orders[(unsold, 0)].paid)):
        send(project, refusing_buyer, project.refundOrder, unsold, 0)
    h.refund_order(unsold, 1)
    assert reentering_buyer.hook_refused()
    h.refund_order(unsold, 2)
    # a reentering backer is refunded its part of the surplus once; the others theirs, the last
    # one the rounding: the surplus is paid out exactly
    reenter(reentering_backer, project, project.refund, unsold)
    refunded = h.refund(unsold, reentering_backer)
    assert reentering_backer.hook_refused()
    assert reentering_backer.received() == refunded > 0
    for backer in (backers[3], backers[2]):
        refunded += h.refund(unsold, backer)
    assert refunded == model.surplus(model.combos[unsold])
    # the refusing provider cannot take its free bond; an award reaches a reentering buyer once
    refusing_provider.refuse()
    with brownie.reverts(err("PaymentFailed", refusing_provider, E + 1)):
        send(project, refusing_provider, project.withdrawBond, unsold_bond)
    h.award(sold_bond, 0, E // 2, b"\x0a" * 32, inspectors[:2])
    reenter(reentering_buyer, project, project.claimAward, sold, 0)
    h.claim_award(sold, 0)
    assert reentering_buyer.hook_refused()
    # everybody else of the succeeded model is paid
    for d in range(3):
        for combo in (sold, unsold):
            h.claim_maker(combo, d)
    for backer in (backers[0], backers[1]):
        h.claim_revenue(sold, backer)
    h.claim_roles(treasury)

    # the hostile ones accept at last and are paid exactly what they were owed
    for contract in (refusing_merchant, strict_merchant, refusing_buyer, refusing_provider):
        contract.accept()
    h.claim_addon(addons[0])
    h.claim_addon(addons[1])
    h.refund_order(unsold, 0)
    h.withdraw_bond(unsold_bond)
    held = sum(b.amount for b in model.bonds.values())
    assert money_left(project) == model.revenue_dust() + held


def test_hostile_backers_cannot_block_the_refunds_of_a_dropped_prototype(
    open_project, spec, eth, creator, inspectors, makers, backers, hostile
):
    h = Harness.open(open_project, spec_for_production(spec), eth, creator, inspectors)
    project, model = h.project, h.model
    o = offer_grid(h, makers)
    refusing, reentering = hostile(), hostile()
    dropped = h.back(
        [o[0][0], o[1][0], o[2][0]],
        [
            (refusing, 2 * E + 1),
            (reentering, E // 3 + 2),
            (backers[0], 2 * E // 7),
            (backers[1], 5),
        ],
    )
    h.select([dropped])
    h.go(Phase.Development)
    for d in range(3):
        h.claim_maker(dropped, d)
    h.go(Phase.Testing)  # never delivered
    assert project.status(dropped) == Status.Dropped

    refusing.refuse()
    reenter(reentering, project, project.refund, dropped)
    pool = model.combos[dropped].funded - sum(model.combos[dropped].part_paid.values())
    share = pool * (2 * E + 1) // model.combos[dropped].funded
    with brownie.reverts(err("PaymentFailed", refusing, share)):
        send(project, refusing, project.refund, dropped)
    refunded = h.refund(dropped, reentering)
    assert reentering.hook_refused()
    refunded += h.refund(dropped, backers[1])
    refunded += h.refund(dropped, backers[0])
    # the refusing backer, last to claim, takes its share and the rounding once it accepts
    refusing.accept()
    refunded += h.refund(dropped, refusing)
    assert refunded == pool
    assert money_left(project) == 0


def test_reentry_cannot_touch_another_combination_during_a_payment(
    open_project, spec, eth, creator, inspectors, makers, backers, hostile
):
    """A backer of two dropped prototypes, reentering from one refund into the other, is paid the
    first only; the second stays claimable."""
    h = Harness.open(open_project, spec_for_production(spec), eth, creator, inspectors)
    project = h.project
    o = offer_grid(h, makers)
    double = hostile()
    first = h.back([o[0][0], o[1][0], o[2][0]], [(double, 3 * E), (backers[0], E)])
    second = h.back([o[0][1], o[1][0], o[2][0]], [(double, 2 * E + 1), (backers[1], E)])
    h.select([first, second])
    h.go(Phase.Development)
    h.go(Phase.Testing)
    reenter(double, project, project.refund, second)
    h.refund(first, double)
    assert double.hook_refused()
    assert project.stakeOf(second, double) == 2 * E + 1
    double.accept()
    h.refund(second, double)
