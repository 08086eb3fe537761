# SPDX-License-Identifier: MIT
"""Gas of the hot production calls, each held under a budget (run with -s to see the figures):
a maker's advance at R&D; an inspector's verdict (the first on a condition, one completing a
condition's quorum, and the one completing the last quorum, which passes the prototype); the
order that makes a presale succeed (it books the creator's and the platform's parts of the
backlog), and later orders without and with two add-ons; a backer's pro-rata refund from a
dropped prototype (an early claimer, and the last one, who takes the rounding); closing a model
that succeeded (it books the makers' and investors' parts of the revenue and gives the backers'
surplus back through the investors' accumulator), then a maker's claim of the rest of its quote
with its revenue, and a backer's claim of its revenue with the surplus. Figures include the 21,000
of a transaction."""

from cobuild.protocol import Phase

from .kit import E, Harness, offer_grid, spec_for_production

# Ceilings, in gas: the ERC-20 figures measured on the reference build plus ~15 %.
BUDGET = {
    "claimMaker (advance at R&D)": 115_000,
    "recordVerdict (first on a condition)": 75_000,
    "recordVerdict (completes a quorum)": 65_000,
    "recordVerdict (passes the prototype)": 65_000,
    "order (reaches the minimum: books the roles' backlog)": 125_000,
    "order (no add-on)": 110_000,
    "order (2 add-ons)": 130_000,
    "refund (dropped, pro rata)": 90_000,
    "refund (dropped, last claimer)": 72_000,
    "closeModel (succeeded: revenue and surplus)": 141_000,
    "claimMaker (rest of the quote and revenue)": 85_000,
    "claimRevenue (revenue and surplus)": 73_000,
}


def test_gas_of_advance_verdict_order_and_refund(
    open_project, spec, money, creator, inspectors, makers, backers, buyers, merchant
):
    h = Harness.open(open_project, spec_for_production(spec), money, creator, inspectors)
    project = h.project
    o = offer_grid(h, makers)
    passing = h.back([o[0][0], o[1][0], o[2][0]], [(backers[0], 3 * E + 1)])
    dropped = h.back(
        [o[0][1], o[1][1], o[2][1]],
        [(backers[1], 2 * E + 3), (backers[2], E // 3), (backers[3], E // 7)],
    )
    h.select([passing, dropped])
    gas = {}

    h.go(Phase.Development)
    tx = project.claimMaker(passing, 0, {"from": makers[0]})
    escrow, _ = h.model.maker_owed(tx.timestamp, passing, 0)
    assert tx.events["MakerPaid"]["escrow"] == escrow
    assert h.record(tx, makers[0], project.claimMaker, passing, 0) == escrow
    gas["claimMaker (advance at R&D)"] = tx.gas_used
    h.deliver(passing)

    h.go(Phase.Testing)
    verdicts = [
        h.verdict(passing, condition, inspector, True)
        for condition in range(3)
        for inspector in inspectors[:2]
    ]
    assert "PrototypePassed" in verdicts[-1].events
    assert not any("PrototypePassed" in tx.events for tx in verdicts[:-1])
    gas["recordVerdict (first on a condition)"] = verdicts[0].gas_used
    gas["recordVerdict (completes a quorum)"] = verdicts[1].gas_used
    gas["recordVerdict (passes the prototype)"] = verdicts[-1].gas_used

    h.go(Phase.Presale)
    h.terms(passing, 2 * E, 2)
    addons = [h.addon(merchant, passing, E // 10 + k) for k in range(2)]
    h.order(buyers[0], passing)  # the model's first order writes its counters: not measured
    labels = (
        ("order (reaches the minimum: books the roles' backlog)", []),
        ("order (no add-on)", []),
        ("order (2 add-ons)", addons),
    )
    for label, chosen in labels:
        before = project.combination(passing)["orders"]
        h.order(buyers[1], passing, chosen)
        assert project.combination(passing)["orders"] == before + 1
        gas[label] = h.last.gas_used

    first = h.refund(dropped, backers[2])
    gas["refund (dropped, pro rata)"] = h.last.gas_used
    h.refund(dropped, backers[1])
    last = h.refund(dropped, backers[3])
    gas["refund (dropped, last claimer)"] = h.last.gas_used
    assert first > 0 and last > 0

    h.go(Phase.Closed)
    h.close(passing, buyers[0])
    assert h.last.events["SurplusReturned"]["surplus"] == h.model.surplus(h.model.combos[passing])
    gas["closeModel (succeeded: revenue and surplus)"] = h.last.gas_used
    tx = project.claimMaker(passing, 0, {"from": makers[0]})
    escrow, revenue = h.model.maker_owed(tx.timestamp, passing, 0)
    assert (tx.events["MakerPaid"]["escrow"], tx.events["MakerPaid"]["revenue"]) == (
        escrow,
        revenue,
    )
    assert escrow > 0 and revenue > 0
    assert h.record(tx, makers[0], project.claimMaker, passing, 0) == escrow + revenue
    gas["claimMaker (rest of the quote and revenue)"] = tx.gas_used
    assert h.claim_revenue(passing, backers[0]) > 0
    gas["claimRevenue (revenue and surplus)"] = h.last.gas_used

    print(f"\n  gas ({'ETH' if money.is_eth else 'ERC-20'}):")
    for label, used in gas.items():
        print(f"    {label:<54} {used:>8,}")
    assert {label: used for label, used in gas.items() if used > BUDGET[label]} == {}
    assert set(gas) == set(BUDGET)
