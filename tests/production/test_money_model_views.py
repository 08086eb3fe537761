# SPDX-License-Identifier: MIT
"""The money model's own checks (no chain): the views the production harness compares with the
contract's (`makerOwed`, `refundableOf`, `revenueOf`) say what the claims then pay and book
nothing; a succeeded model's makers are paid their quotes and its holders share the investors'
part of the revenue and the surplus (`funded - cost`); a stake on presale is refused; the revenue
pools' dust is what stays once every claim is made; and the one chain-to-model table names real
project calls and real model methods."""

import inspect
import json
from pathlib import Path

import pytest

from cobuild.model.mirror import CALLS, NOT_MIRRORED, mirror
from cobuild.model.project import Config, ProjectModel, Rejected
from cobuild.model.revenue import unit_split
from cobuild.protocol import DAY, Phase, RankBy, Status

E = 10**18
START = 1_000_000
CREATOR, TREASURY, MAKER_A, MAKER_B = "creator", "treasury", "maker-a", "maker-b"
INSPECTORS = ("inspector-0", "inspector-1", "inspector-2")


def _config() -> Config:
    """From a `config()` view as the chain returns it (field names of `IProjectBase.Config`)."""
    view = {
        "creator": CREATOR,
        "ideationEnd": START + DAY,
        "rescueWindow": DAY,
        "developmentPeriod": DAY,
        "testingPeriod": DAY,
        "presalePeriod": DAY,
        "minTotal": E,
        "minStake": E // 1000,
        "slots": 2,
        "maxRescues": 1,
        "rankBy": RankBy.Supporters,
        "ratioBps": (3000, 3000, 3000, 1000),
        "advanceBps": 1777,
        "quorum": 2,
        "dimensions": 2,
        "conditions": 1,
        "inspectors": INSPECTORS,
    }
    return Config.from_view(view)


def _played() -> tuple[ProjectModel, int, int, int]:
    """Two combinations up to the end of the presale: `sold` reached its minimum, `dropped`
    was never delivered. Returns (model, sold, dropped, the time the presale ended)."""
    m = ProjectModel(_config(), TREASURY)
    now = START
    a0, a1 = (mirror(m, "offerOption", now, MAKER_A, (0, E // 3 + q)) for q in (1, 2))
    b0 = mirror(m, "offerOption", now, MAKER_B, (1, 2 * E // 3 + 5))
    sold = mirror(m, "investInNew", now, "backer-0", ([a0, b0], 2 * E + 7))
    mirror(m, "invest", now, "backer-1", (sold, E // 3))
    mirror(m, "invest", now, "backer-4", (sold, E // 5))
    dropped = mirror(m, "investInNew", now, "backer-2", ([a1, b0], E + 11))
    mirror(m, "invest", now, "backer-3", (dropped, E // 7))
    now = START + DAY + 10
    mirror(m, "finalize", now, CREATOR, (0, m.ranking()))
    rescue, development, testing, presale = m.schedule()
    for d, maker in enumerate((MAKER_A, MAKER_B)):
        mirror(m, "deliver", rescue + 10, maker, (sold, d))
    for inspector in INSPECTORS[:2]:
        mirror(m, "recordVerdict", development + 10, inspector, (sold, 0, True))
    mirror(m, "setModelTerms", testing + 10, CREATOR, (sold, 5 * E + 3, 2))
    # no late stake: shares are bought in ideation (and the rescue window) only
    with pytest.raises(Rejected) as refused:
        mirror(m, "invest", testing + 11, "backer-5", (sold, E // 5))
    assert (refused.value.error, refused.value.args_) == (
        "ProjectWrongPhase",
        (Phase.Presale, Phase.Ideation),
    )
    for buyer in ("buyer-0", "buyer-1", "buyer-2"):
        mirror(m, "order", testing + 12, buyer, (sold, []))
    return m, sold, dropped, presale


def test_views_say_what_the_claims_pay_and_book_nothing():
    m, sold, dropped, end = _played()
    now = end + 10
    assert m.phase(now) == Phase.Closed
    assert m.status(sold, now) == Status.Succeeded and m.status(dropped, now) == Status.Dropped
    paid = 0
    parts = ((sold, MAKER_A, 0), (sold, MAKER_B, 1), (dropped, MAKER_A, 0), (dropped, MAKER_B, 1))
    for combo, maker, d in parts:
        before = m.money_out
        escrow, revenue = m.maker_owed(now, combo, d)
        assert m.money_out == before and escrow > 0 and (revenue > 0) == (combo == sold)
        # escrow: the quote of a model, the advance of a dropped prototype, never more
        quote = m.options[m.combos[combo].options[d]][1]
        assert escrow == (quote if combo == sold else quote * m.cfg.advance_bps // 10_000)
        assert mirror(m, "claimMaker", now, maker, (combo, d)) == escrow + revenue
        assert m.maker_owed(now, combo, d) == (0, 0)
        paid += escrow + revenue
    revenue = 0
    for holder in ("backer-0", "backer-1", "backer-4"):
        owed = m.revenue_of(now, sold, holder)
        assert owed > 0 and mirror(m, "claimRevenue", now, holder, (sold,)) == owed
        assert m.revenue_of(now, sold, holder) == 0
        revenue += owed
    paid += revenue
    # the holders' claims: the investors' part of the orders and the surplus, less the rounding
    c = m.combos[sold]
    due = unit_split(c.price, c.orders, m.cfg.ratio).investors + m.surplus(c)
    assert c.investors.booked == due and revenue == due - c.investors.dust
    assert c.investors.dust <= 3  # at most a wei per holder
    assert m.surplus(c) == 2 * E + 7 + E // 3 + E // 5 - c.cost > 0
    refunds = 0
    for backer in ("backer-3", "backer-2"):
        owed = m.refundable_of(now, dropped, backer)
        assert owed > 0 and mirror(m, "refund", now, backer, (dropped,)) == owed
        assert m.refundable_of(now, dropped, backer) == 0
        refunds += owed
    # the dropped prototype's pool (funding less the advances), the last claimer taking the rest
    c = m.combos[dropped]
    assert refunds == c.funded - c.advance_total
    paid += refunds + mirror(m, "claimCreator", now, CREATOR, ())
    paid += mirror(m, "claimPlatform", now, TREASURY, ())
    assert paid == m.money_out
    # everything is claimed: what the project keeps is the pools' rounding, to the wei
    assert m.held == m.revenue_dust() and m.liabilities(now) == 0


def test_the_table_maps_project_calls_to_model_methods():
    build = Path(__file__).resolve().parents[2] / "build" / "contracts"
    calls = {
        f["name"]: len(f["inputs"])
        for facet in ("CobuildProject", "ProjectProduction")
        for f in json.loads((build / f"{facet}.json").read_text())["abi"]
        if f["type"] == "function" and f["stateMutability"] in ("nonpayable", "payable")
    }
    assert set(CALLS) | set(NOT_MIRRORED) == set(calls), set(calls) ^ set(CALLS)
    for call, m in CALLS.items():
        params = list(inspect.signature(getattr(ProjectModel, m.method)).parameters)[1:]
        assert params[0] == "now", call
        assert len(params) == 1 + m.sender + m.keep, call
        assert m.keep <= calls[call], call
