# SPDX-License-Identifier: MIT
"""The seed's run from selection on: 52 prototypes go to R&D; 12 are eliminated (5 not delivered by
the R&D deadline, 7 failing their tests); 40 models go on presale, of which 30 reach their minimum
orders (some at dust prices) and 10 do not (2 never got terms); no model takes a stake on presale.
Every advance, remainder, refund (full, pro rata, order), add-on payout, revenue share (the
investors' part of the orders and the surplus `funded - cost` of a succeeded model), award and
bond withdrawal is compared, to the wei, with the money model (ProjectModel, through the kit's
harness). At the end every maker has been paid exactly its quote (its advance if its prototype
was dropped), the holders of each succeeded model the investors' part and the surplus less the
accumulator's rounding, and the escrow holds exactly the rounding the revenue accumulators keep
for the next deposit."""

import random
from itertools import product

import brownie
from brownie import web3

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import sleep_until
from cobuild.model.revenue import SCALE, unit_split
from cobuild.protocol import BPS, DAY, Phase, Status

from .kit import E, Harness, err

SEED = 52
SELECTED = 52
SHAPES = MATERIALS = ENGINES = 4
WARRANTY = 30 * DAY

# Verdict patterns: (condition, inspector index, pass), in the order they are recorded; quorum 2
# of 3. Conditions: 0 road, 1 weather, 2 traffic.
PASSING = [
    [(c, i, True) for c in range(3) for i in (0, 1)],
    # the third inspector fails the weather test, the other two still make the quorum
    [(1, 2, False)] + [(c, i, True) for c in range(3) for i in (0, 1)],
    # a fail on the road, then the other two pass it
    [
        (0, 0, False),
        (0, 1, True),
        (0, 2, True),
        (1, 0, True),
        (1, 2, True),
        (2, 1, True),
        (2, 2, True),
    ],
]
FAILING = [
    [],  # never tested
    [(c, i, c != 2) for c in range(3) for i in (0, 1)],  # two fails in traffic: dropped at once
    [(c, 0, True) for c in range(3)],  # one pass per condition: no quorum anywhere
    [(c, i, (c, i) != (2, 1)) for c in range(3) for i in (0, 1)],  # traffic split, third silent
    # passes elsewhere, then a pass and two fails on the road: the quorum is out of reach at once
    [(c, i, True) for c in (1, 2) for i in (0, 1)] + [(0, 2, True), (0, 0, False), (0, 1, False)],
    [(c, i, True) for c in (0, 1) for i in (0, 1)],  # traffic never tested
    [(c, 2, True) for c in range(3)] + [(c, 1, False) for c in range(3)],
]


def split(total: int, weights: list[int]) -> list[int]:
    """Uneven stakes summing to `total` (the first takes the rounding)."""
    rest = [total * w // sum(weights) for w in weights[1:]]
    return [total - sum(rest), *rest]


def test_seed_run_52_prototypes_12_dropped_40_models_pays_every_wei(
    open_project, spec, money, creator, inspectors, treasury, stranger
):
    rng = random.Random(SEED)
    spec.slots = SELECTED
    spec.advance_bps = 1777  # advances are floored
    spec.min_stake = E // 1000
    spec.min_total = E
    h = Harness.open(open_project, spec, money, creator, inspectors)
    project, model = h.project, h.model
    total_in = 0
    first_block = web3.eth.block_number

    # ------------------------------------------------------------ ideation: 54 funded combinations
    makers = [actor(f"seed-maker-{i}") for i in range(6)]
    sizes = (SHAPES, MATERIALS, ENGINES)
    options = [
        [h.offer(makers[(d * 4 + i) % 6], d, rng.randrange(E // 10, E)) for i in range(n)]
        for d, n in enumerate(sizes)
    ]
    picks = list(product(*(range(n) for n in sizes)))
    rng.shuffle(picks)
    backers = [actor(f"seed-backer-{i}") for i in range(16)]
    combos = []
    for k, pick in enumerate(picks[: SELECTED + 2]):
        parts = [options[d][i] for d, i in enumerate(pick)]
        cost = sum(h.quotes[o] for o in parts)
        # every fifth combination is funded exactly at cost: it has no surplus
        total = cost if k % 5 == 0 else cost + rng.randrange(1, cost)
        # two ranked out (one supporter each) below 52 with two or three supporters
        count = 1 if k >= SELECTED else 2 + (k % 3 == 0)
        who = rng.sample(backers, count)
        stakes = split(total, [rng.randrange(10, 100) for _ in range(count)])
        combos.append(h.back(parts, list(zip(who, stakes, strict=True))))
        total_in += total
    selected, ranked_out = combos[:SELECTED], combos[SELECTED:]

    # ------------------------------------------------------------ selection, then R&D
    h.select(selected)
    assert project.selection()["selected"] == SELECTED
    h.go(Phase.Development)
    h.check_statuses()
    assert sum(project.status(c) == Status.Prototype for c in combos) == SELECTED

    paid_out = 0
    for combo in ranked_out:  # full refunds for the combinations ranked out
        with brownie.reverts(err("NothingToClaim", combo, h.maker(combo, 0))):
            project.claimMaker(combo, 0, {"from": h.maker(combo, 0)})
        for backer in h.stakes[combo]:
            paid_out += h.refund(combo, backer)

    roles = selected[:]
    rng.shuffle(roles)
    not_delivered, partly = roles[0:2], roles[2:5]
    failing, passing = roles[5:12], roles[12:]
    # makers of the prototypes that will drop take their advance at once (a few wait until after
    # the drop), and so do those of every fifth prototype that will pass; the others take their
    # whole due at the end in one claim
    for combo in not_delivered + partly + failing:
        for d in range(3):
            if (combo + d) % 4:
                paid_out += h.claim_maker(combo, d)
    for combo in passing[::5]:
        for d in range(3):
            paid_out += h.claim_maker(combo, d)
    for combo, dims in zip(partly, ([0], [0, 1], [1, 2]), strict=True):
        h.deliver(combo, dims)
    for combo in failing + passing:
        h.deliver(combo)
    h.check_statuses()

    # ------------------------------------------------------------ testing
    h.go(Phase.Testing)
    h.check_statuses()
    dropped_undelivered = not_delivered + partly
    assert all(project.status(c) == Status.Dropped for c in dropped_undelivered)
    for combo in not_delivered:  # refunds open as soon as the R&D deadline passes
        for backer in h.stakes[combo]:
            paid_out += h.refund(combo, backer)
    for combo, pattern in zip(failing, FAILING, strict=True):
        for condition, i, passed in pattern:
            h.verdict(combo, condition, inspectors[i], passed)
    for k, combo in enumerate(passing):
        for condition, i, passed in PASSING[k % len(PASSING)]:
            h.verdict(combo, condition, inspectors[i], passed)
    h.check_statuses()
    assert all(project.status(c) == Status.Model for c in passing)
    # two fails on a condition (of three inspectors, quorum two) drop a prototype at once; the
    # others fail when testing ends without a quorum
    failed_at_once = [failing[1], failing[4]]
    assert all(project.status(c) == Status.Dropped for c in failed_at_once)
    assert all(project.status(c) == Status.Prototype for c in failing if c not in failed_at_once)
    for combo in passing[1::8]:  # some makers take the rest of their quote as soon as it passed
        for d in range(3):
            paid_out += h.claim_maker(combo, d)

    # ------------------------------------------------------------ presale
    h.go(Phase.Presale)
    h.check_statuses()
    dropped = dropped_undelivered + failing
    assert len(dropped) == 12 and all(project.status(c) == Status.Dropped for c in dropped)
    assert len(passing) == 40
    for combo in failing + partly:
        stakes = list(h.stakes[combo])
        rng.shuffle(stakes)  # the last to claim takes the rounding, whoever it is
        for backer in stakes:
            paid_out += h.refund(combo, backer)

    models = passing[:]
    rng.shuffle(models)
    no_terms, short, success = models[0:2], models[2:10], models[10:]
    for k, combo in enumerate(short + success):
        minimum = rng.randint(2, 3) if combo in short else 1 + combo % 2
        # any terms will do: every seventh model sells at a dust price
        price = rng.randrange(1, 1000) if k % 7 == 3 else rng.randrange(E, 5 * E)
        h.terms(combo, price, minimum)
    # no stake on presale, with terms or without, by one of the backers or a newcomer
    newcomer = actor("seed-newcomer")
    wrong_phase = err("ProjectWrongPhase", Phase.Presale, Phase.Ideation)
    for combo in (short[0], success[0], no_terms[0]):
        existing = brownie.accounts.at(next(iter(h.stakes[combo])), force=True)
        for investor in (existing, newcomer):
            amount = rng.randrange(E // 50, E)
            value = h.paying(investor, amount)
            assert h.refused(investor, project.invest, combo, amount, value=value) == wrong_phase
    merchants = [actor(f"seed-merchant-{i}") for i in range(3)]
    addons: dict[int, list[int]] = {}
    for k, combo in enumerate([short[0], short[1], *success[:4]]):
        addons[combo] = [
            h.addon(merchants[(k + j) % 3], combo, rng.randrange(E // 100, E // 2))
            for j in range(1 + k % 2)
        ]
    buyers = [actor(f"seed-buyer-{i}") for i in range(8)]
    orders: dict[int, int] = {}
    for k, combo in enumerate(short + success):
        minimum = model.combos[combo].min_orders
        count = rng.randrange(0, minimum) if combo in short else minimum + k % 2
        offered = addons.get(combo, [])
        for j in range(count):
            chosen = offered[: (k + j) % (len(offered) + 1)]
            index = h.order(buyers[(k + j) % len(buyers)], combo, chosen)
            total_in += model.orders[(combo, index)].paid
        orders[combo] = count
    provider = actor("seed-provider")
    bond_kept = h.bond(provider, success[0], 2 * E + 1, WARRANTY)
    bond_freed = h.bond(provider, short[0], E + 3, WARRANTY)
    total_in += 3 * E + 4
    h.check_statuses()

    # ------------------------------------------------------------ presale over
    h.go(Phase.Closed)
    h.check_statuses()
    failed = no_terms + short
    assert sum(project.status(c) == Status.Succeeded for c in combos) == 30
    assert sum(project.status(c) == Status.PresaleFailed for c in combos) == 10
    h.close(success[1], stranger)  # anyone may close; claims close the others themselves
    closed = model.combos[success[1]]
    assert h.last.events["SurplusReturned"]["surplus"] == model.surplus(closed)
    h.close(short[1], stranger)
    assert "SurplusReturned" not in h.last.events  # a failed model's surplus is refunded

    h.award(bond_kept, 0, E // 3 + 7, b"\x0e" * 32, inspectors[1:])
    paid_out += h.claim_award(success[0], 0)
    paid_out += h.withdraw_bond(bond_freed)  # the model failed: free at once
    with brownie.reverts(err("BondLocked", bond_kept, project.schedule()[3] + WARRANTY)):
        project.withdrawBond(bond_kept, {"from": provider})

    for combo in combos:
        for d in range(3):
            # whatever is left: escrow, and a succeeded model's revenue (none at a dust price)
            if any(h.maker_owed(combo, d)):
                paid_out += h.claim_maker(combo, d)
            else:
                assert tuple(project.makerOwed(combo, d)) == (0, 0)
    # a dropped prototype's maker who took its advance has nothing more
    spent, d = next((c, d) for c in dropped for d in range(3) if (c + d) % 4)
    with brownie.reverts(err("NothingToClaim", spent, h.maker(spent, d))):
        project.claimMaker(spent, d, {"from": h.maker(spent, d)})
    for combo in failed:
        holders = list(h.stakes[combo])
        rng.shuffle(holders)
        for holder in holders:
            paid_out += h.refund(combo, holder)
        for index in range(orders.get(combo, 0)):
            paid_out += h.refund_order(combo, index)
    for combo in success:
        for addon_id in addons.get(combo, []):
            if model.addons[addon_id].sold:
                paid_out += h.claim_addon(addon_id)
    # investors' revenue and the surplus (its sharing is the next issue's): claimed on a third of
    # the models, the view of the others must say what the model says is owed; either way the
    # holders get the investors' part of the orders and the surplus, less the rounding: under a
    # wei per holder, and the accumulator's carry, under a wei per 10^18 shares
    outstanding = 0
    for k, combo in enumerate(success):
        holders = sorted(h.stakes[combo])
        got = 0
        for holder in holders:
            if k % 3 == 0:
                got += h.claim_revenue(combo, holder)
            else:
                owed = h.revenue_owed(combo, holder)
                assert project.revenueOf(combo, holder) == owed
                got += owed
        c = model.combos[combo]
        due = unit_split(c.price, c.orders, h.cfg.ratio).investors + model.surplus(c)
        assert 0 <= due - got <= len(holders) + c.funded // SCALE, combo
        if k % 3 == 0:
            paid_out += got
        else:
            outstanding += got
    for combo in short[:2]:  # a failed model's add-ons earn nothing
        merchant = model.addons[addons[combo][0]].merchant
        with brownie.reverts(
            err("CombinationWrongStatus", combo, Status.PresaleFailed, Status.Succeeded)
        ):
            project.claimAddonRevenue(addons[combo][0], {"from": merchant})
    paid_out += sum(h.claim_roles(treasury))

    sleep_until(project.schedule()[3] + WARRANTY)
    paid_out += h.withdraw_bond(bond_kept)
    with brownie.reverts(err("NothingToClaim", success[0], provider)):
        project.withdrawBond(bond_kept, {"from": provider})

    # every maker part is paid in full: its quote if the prototype passed, whatever the funding
    # and the sales, its advance if it was dropped, nothing if it was ranked out
    for combo in combos:
        c = model.combos[combo]
        for d in range(3):
            assert tuple(project.makerOwed(combo, d)) == (0, 0)
            quote = h.quotes[h.parts[combo][d]]
            if combo in passing:
                assert c.part_paid[d] == quote, (combo, d)
            else:
                assert c.part_paid[d] == (
                    quote * spec.advance_bps // BPS if combo in dropped else 0
                )
    # every backer refunded or paid, every order settled
    assert money.balance(project) == total_in - paid_out == model.held == model.revenue_dust()
    # beyond the unclaimed revenue, the rounding is at most a wei per holder and part (plus one)
    # of each succeeded model
    bound = sum(len(h.stakes[c]) + 4 for c in success)
    assert model.revenue_dust() - outstanding <= bound
    print(f"\n  seed run: {web3.eth.block_number - first_block} blocks")
