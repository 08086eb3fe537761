# SPDX-License-Identifier: MIT
"""The report of a played scenario: counts, money, invariants, actors and gas, from the chain.

Everything here is read back from what the chain recorded: the events of the mined receipts, the
project's views and token/ETH balances. Nothing is taken from the scenario's own arithmetic, so
the invariants are real checks of the contracts (and of the runner).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cobuild.model import ranking
from cobuild.model.revenue import split, unit_split
from cobuild.protocol import BPS, RankBy, Status

if TYPE_CHECKING:
    from .runner import Runner

IN_EVENTS = {
    "Invested": ("investment", "backer", "amount"),
    "Ordered": ("orders", "buyer", "paid"),
    "BondCommitted": ("bonds", "provider", "amount"),
    "RevenueDeposited": ("later revenue", "from", "amount"),
}
OUT_EVENTS = {
    "Refunded": ("refunds", "backer", "amount"),
    "AwardClaimed": ("awards", "buyer", "amount"),
    "BondWithdrawn": ("bonds returned", "provider", "amount"),
    "OrderRefunded": ("order refunds", "buyer", "amount"),
    "AddonRevenueClaimed": ("merchants", "merchant", "amount"),
    "RevenueClaimed": ("investors' revenue", "holder", "amount"),
    "CreatorPaid": ("creator", "creator", "amount"),
    "PlatformPaid": ("platform", "treasury", "amount"),
}
ONE_SHOT = {  # event: the arguments that may appear together only once
    "Refunded": ("combo", "backer"),
    "OrderRefunded": ("combo", "orderIndex"),
    "AddonRevenueClaimed": ("addonId",),
    "BondWithdrawn": ("bondId",),
    "ModelClosed": ("combo",),
    "PrototypePassed": ("combo",),
    "CombinationRescued": ("combo",),
    "CombinationRanked": ("combo", "attempt"),
    "CombinationCreated": ("combo",),
}


def build_report(r: Runner, seconds: float) -> dict:
    s = r.s
    project = r.project.address
    mined = r.sender.mined
    events = [
        (m, name, args) for m in mined for name, emitter, args in m.events if emitter == project
    ]
    by_name: dict[str, list[dict]] = defaultdict(list)
    for _, name, args in events:
        by_name[name].append(args)

    # ---------------------------------------------------------------- money
    money_in: dict[str, int] = defaultdict(int)
    money_out: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    for _, name, a in events:
        if name in IN_EVENTS:
            label, who, field = IN_EVENTS[name]
            if name == "RevenueDeposited" and a["from"] == project:
                continue  # base revenue booked at closing: money already in (orders)
            money_in[label] += a[field]
            paid[a[who]] += a[field]
        elif name in OUT_EVENTS:
            label, who, field = OUT_EVENTS[name]
            money_out[label] += a[field]
            received[a[who]] += a[field]
        elif name == "MakerPaid":
            money_out["makers (escrow)"] += a["escrow"]
            money_out["makers (revenue)"] += a["revenue"]
            received[a["maker"]] += a["escrow"] + a["revenue"]
    (held,) = r.sender.balances([project], r.token)
    in_total, out_total = sum(money_in.values()), sum(money_out.values())

    # ---------------------------------------------------------------- final state
    names = r.created()
    state = r.state(names) if names else {}
    selection = r.sender.view(r.project, "selection")
    config = r.sender.view(r.project, "config")
    statuses = {n: Status(c["status"]) for n, c in state.items()}
    state_by_id = {r.combo_ids[n]: c for n, c in state.items()}
    status_count = Counter(st.name for st in statuses.values())
    attempt = _completed_attempt(by_name)
    ranked = {a["combo"]: a for a in by_name["CombinationRanked"] if a["attempt"] == attempt}
    rescued = {a["combo"] for a in by_name["CombinationRescued"]}
    dims = len(s.dimensions)
    delivered_parts = Counter(a["combo"] for a in by_name["PartDelivered"])
    owed_end = r.checkpoints[-1]["owed"] if r.checkpoints else 0

    counts = {
        "combinations": len(names),
        "selected_by_rank": selection[1],
        "rescued": selection[2],
        "selected": selection[1] + selection[2],
        "delivered": sum(1 for v in delivered_parts.values() if v == dims),
        "passed_testing": len(by_name["PrototypePassed"]),
        "failed_testing": (selection[1] + selection[2]) - len(by_name["PrototypePassed"])
        if not r.launch_failed
        else 0,
        "presale_succeeded": status_count.get("Succeeded", 0),
        "presale_failed": status_count.get("PresaleFailed", 0),
        "launch_failed": r.launch_failed,
        "backers": len({a["backer"] for a in by_name["Invested"]}),
        "investments": len(by_name["Invested"]),
        "arguments": len(by_name["ArgumentPublished"]),
        "orders": len(by_name["Ordered"]),
        "addons": len(by_name["AddonOffered"]),
        "bonds": len(by_name["BondCommitted"]),
        "awards": len(by_name["AwardGranted"]),
        "share_transfers": len(by_name["SharesMoved"]),
        "revenue_deposits": sum(1 for a in by_name["RevenueDeposited"] if a["from"] != project),
        "transactions": len(mined),
        "statuses": dict(sorted(status_count.items())),
    }

    # ---------------------------------------------------------------- invariants
    invariants = {
        "solvency": all(c["solvent"] for c in r.checkpoints),
        "conservation": in_total == out_total + held,
        "transfers_match_events": _transfers_match(r, mined, project, in_total, out_total),
        "exactly_once": _exactly_once(by_name),
        "payouts_within_entitlement": _within_entitlement(r, by_name, state, config),
        "revenue_split_by_ratio": all(
            _split_by_ratio(a, project, state_by_id, config[CONFIG_RATIO])
            for a in by_name["RevenueDeposited"]
        ),
        "selection_follows_rules": _selection_follows_rules(r, by_name, state, config),
        "balances_match_events": _balances_match(r, paid, received),
    }
    hostile = _contract_actors(r, mined)
    if hostile:
        # a re-entering contract got nothing from calling back while it was paid
        invariants["reentry_refused"] = all(
            not attempt["succeeded"] for a in hostile.values() for attempt in a["reentries"]
        )

    # ---------------------------------------------------------------- actors and gas
    after = r._actor_balances()
    actors = {}
    for name, roles in s.actors.items():
        address = r.addr.get(name)
        if address is None:
            continue
        actors[name] = {
            "address": address,
            "roles": list(roles),
            "paid": paid.get(address, 0),
            "received": received.get(address, 0),
            "net": received.get(address, 0) - paid.get(address, 0),
            "balance_change": after[name] - r.balances_before[name],
        }
    gas: dict[str, Any] = {"total": sum(m.gas_used for m in mined), "by_action": {}}
    per_kind: dict[str, list[int]] = defaultdict(list)
    for m in mined:
        per_kind[m.tx.kind].append(m.gas_used)
    for kind, values in sorted(per_kind.items(), key=lambda kv: -sum(kv[1])):
        gas["by_action"][kind] = {
            "count": len(values),
            "total": sum(values),
            "mean": sum(values) // len(values),
            "max": max(values),
        }

    combos = []
    for n in names:
        c = state[n]
        cid = r.combo_ids[n]
        rank = ranked.get(cid)
        combos.append(
            {
                "name": n,
                "id": cid,
                "options": list(s.combinations[n]),
                "cost": c["cost"],
                "funded": c["funded"],
                "supporters": c["supporters"],
                "backers": c["backers"],
                "rank": rank["rank"] if rank else 0,
                "selected_by_rank": bool(rank and rank["selected"]),
                "rescued": cid in rescued,
                "status": statuses[n].name,
                "orders": c["orders"],
                "price": c["price"],
            }
        )
    combos.sort(key=lambda c: (c["rank"] or 10**9, c["id"]))

    return {
        "scenario": s.name,
        "title": s.title,
        "file": s.path,
        "network": _network_name(),
        "chain_id": r.chain_id,
        "live": r.live,
        "token": {
            "kind": s.token.kind,
            "symbol": s.token.symbol,
            "decimals": s.token.decimals,
            "address": r.token.address if r.token else None,
        },
        "factory": r.factory.address,
        "project": project,
        "slots": config[CONFIG_SLOTS],
        "ratio_bps": list(config[CONFIG_RATIO]),
        "counts": counts,
        "money": {
            "in_total": in_total,
            "out_total": out_total,
            "held": held,
            "owed_at_end": owed_end,
            "dust": held - owed_end,
            "in": dict(money_in),
            "out": dict(money_out),
            # the same totals in whole tokens, exact (the figures above are base units)
            "tokens": {
                key: tokens(value, s.token.decimals)
                for key, value in (
                    ("in_total", in_total),
                    ("out_total", out_total),
                    ("held", held),
                    ("owed_at_end", owed_end),
                    ("dust", held - owed_end),
                )
            },
        },
        "invariants": invariants,
        "checkpoints": r.checkpoints,
        "actors": actors,
        "gas": gas,
        "combinations": combos,
        "notes": r.notes,
        **({"contract_actors": hostile} if hostile else {}),
        "expectations": {},
        "timing": {
            "seconds": round(seconds, 2),
            "transactions": len(mined),
            "blocks": len({m.block for m in mined}),
            "waited_seconds": round(getattr(r.sender, "waited", 0.0), 2),
        },
    }


def _contract_actors(r: Runner, mined: list) -> dict[str, dict]:
    """What each contract actor did: its answers, the claims it refused, its re-entries."""
    out = {}
    for name, mode in r.s.hostile.items():
        refused = [m for m in mined if m.failed and m.tx.who == name]
        out[name] = {
            "first_mode": mode,
            "last_mode": r.modes[name],
            "refused_claims": len(refused),
            "refusals": sorted({m.failed for m in refused}),
            "reentries": r.reentries.get(name, []),
        }
    return out


def check_expectations(report: dict, expect: dict[str, Any]) -> dict[str, dict]:
    """Compare the report with a scenario's `expect` block (dotted paths)."""
    out = {}
    for path, wanted in expect.items():
        node: Any = report
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        out[path] = {"expected": wanted, "actual": node, "ok": node == wanted}
    return out


def _network_name() -> str:
    from brownie import network

    return network.show_active() or ""


def _transfers_match(r: Runner, mined: list, project: str, in_total: int, out_total: int) -> bool:
    if r.token is None:
        sent = sum(m.tx.value for m in mined if m.tx.to == project)
        return sent == in_total
    into = out = 0
    for m in mined:
        for name, emitter, a in m.events:
            if name == "Transfer" and emitter == r.token.address:
                if a["to"] == project:
                    into += a["value"]
                if a["from"] == project:
                    out += a["value"]
    return into == in_total and out == out_total


def _exactly_once(by_name: dict[str, list[dict]]) -> bool:
    for name, keys in ONE_SHOT.items():
        seen = [tuple(a[k] for k in keys) for a in by_name[name]]
        if len(seen) != len(set(seen)):
            return False
    granted: dict[tuple, int] = defaultdict(int)
    for a in by_name["AwardGranted"]:
        granted[(a["combo"], a["orderIndex"])] += a["amount"]
    claimed: dict[tuple, int] = defaultdict(int)
    for a in by_name["AwardClaimed"]:
        claimed[(a["combo"], a["orderIndex"])] += a["amount"]
    return all(v <= granted[k] for k, v in claimed.items())


def _within_entitlement(r: Runner, by_name: dict, state: dict, config: tuple) -> bool:
    """No payee got more than the rules entitle it to, computed here from the final state."""
    s = r.s
    advance_bps = config[CONFIG_ADVANCE]
    ok = True
    escrow_paid: dict[tuple, int] = defaultdict(int)
    revenue_paid: dict[int, int] = defaultdict(int)
    for a in by_name["MakerPaid"]:
        escrow_paid[(a["combo"], a["dimension"])] += a["escrow"]
        revenue_paid[a["combo"]] += a["revenue"]
    parts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for a in by_name["RevenueDeposited"]:
        for key in ("creatorPart", "makersPart", "investorsPart", "platformPart"):
            parts[key][a["combo"]] += a[key]
    refunded: dict[int, int] = defaultdict(int)
    for a in by_name["Refunded"]:
        refunded[a["combo"]] += a["amount"]
    for n, c in state.items():
        cid = r.combo_ids[n]
        st = Status(c["status"])
        quotes = [s.options[k].quote for k in s.combinations[n]]
        cost = sum(quotes)
        for d, quote in enumerate(quotes):
            if st in (Status.Model, Status.Succeeded, Status.PresaleFailed):
                entitled = quote
            elif st in (Status.Prototype, Status.Dropped):
                entitled = quote * advance_bps // BPS
            else:
                entitled = 0
            ok &= escrow_paid[(cid, d)] <= entitled
        ok &= revenue_paid[cid] <= parts["makersPart"][cid]
        if st == Status.NotSelected:
            pool = c["funded"]
        elif st == Status.Dropped:
            pool = c["funded"] - sum(q * advance_bps // BPS for q in quotes)
        elif st == Status.PresaleFailed:
            pool = c["funded"] - cost
        else:
            pool = 0
        ok &= refunded[cid] <= pool
    claimed: dict[int, int] = defaultdict(int)
    for a in by_name["RevenueClaimed"]:
        claimed[a["combo"]] += a["amount"]
    surplus: dict[int, int] = defaultdict(int)
    for a in by_name["SurplusReturned"]:
        surplus[a["combo"]] += a["surplus"]
    ok &= all(v <= parts["investorsPart"][k] + surplus[k] for k, v in claimed.items())
    ok &= sum(a["amount"] for a in by_name["CreatorPaid"]) <= sum(parts["creatorPart"].values())
    ok &= sum(a["amount"] for a in by_name["PlatformPaid"]) <= sum(parts["platformPart"].values())
    return bool(ok)


# fields of the `config()` view (IProjectBase.Config), read through the runner's codec as a tuple
CONFIG_MIN_STAKE, CONFIG_SLOTS, CONFIG_RANK_BY, CONFIG_RATIO, CONFIG_ADVANCE = 10, 11, 13, 14, 15


def _completed_attempt(by_name: dict) -> int:
    """The ranking attempt that completed (0 if none did): its events are the ranking."""
    done = by_name["SelectionFinalized"] + by_name["LaunchFailed"]
    return done[0]["attempt"] if done else 0


def _split_by_ratio(a: dict, project: str, state_by_id: dict, ratio: tuple) -> bool:
    """A deposit is split by the ratio; base revenue (booked by the project itself when a model
    closes) is split per unit of its price."""
    if a["from"] == project:
        c = state_by_id[a["combo"]]
        expected = unit_split(c["price"], c["orders"], ratio)
    else:
        expected = split(a["amount"], ratio)
    parts = (a["creatorPart"], a["makersPart"], a["investorsPart"], a["platformPart"])
    return parts == tuple(expected) and sum(parts) == a["amount"]


def _selection_follows_rules(r: Runner, by_name: dict, state: dict, config: tuple) -> bool:
    """Recompute the ranking and selection from the ideation investments (events) and compare."""
    attempt = _completed_attempt(by_name)
    if not attempt:
        return True
    min_stake, slots = config[CONFIG_MIN_STAKE], config[CONFIG_SLOTS]
    by = RankBy(config[CONFIG_RANK_BY])
    completed = [a for a in by_name["CombinationRanked"] if a["attempt"] == attempt]
    ranked_ids = {a["combo"] for a in completed}
    stakes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # ideation investments are those before finalization; rescue top-ups come after
    finalized_block = min(
        m.block for m in r.sender.mined for n, _, _ in m.events if n == "CombinationRanked"
    )
    for m in r.sender.mined:
        if m.block >= finalized_block:
            continue
        for name, emitter, a in m.events:
            if name == "Invested" and emitter == r.project.address:
                stakes[a["combo"]][a["backer"]] += a["amount"]
    cost = {r.combo_ids[n]: c["cost"] for n, c in state.items()}
    keys = sorted(
        ranking.rank_key(cid, sum(1 for v in b.values() if v >= min_stake), sum(b.values()), by)
        for cid, b in stakes.items()
    )
    expected_selected, taken = set(), 0
    ranks = {a["combo"]: a["rank"] for a in completed}
    for rank_pos, key in enumerate(keys, start=1):
        cid = key[2]
        if ranks.get(cid) != rank_pos:
            return False
        if taken < slots and sum(stakes[cid].values()) >= cost[cid]:
            expected_selected.add(cid)
            taken += 1
    actual = {a["combo"] for a in completed if a["selected"]}
    if r.launch_failed:
        return ranked_ids == set(stakes)
    rescued_ok = all(a["combo"] not in actual for a in by_name["CombinationRescued"])
    return actual == expected_selected and ranked_ids == set(stakes) and rescued_ok


def _balances_match(r: Runner, paid: dict, received: dict) -> bool:
    after = r._actor_balances()
    fees: dict[str, int] = defaultdict(int)
    if r.token is None:
        for m in r.sender.mined:
            if m.block >= r.first_block and not m.tx.via:  # a contract actor's operator pays
                fees[m.tx.sender] += m.fee
    ok = True
    for name, address in r.addr.items():
        delta = after[name] - r.balances_before[name]
        ok &= delta == received.get(address, 0) - paid.get(address, 0) - fees[address]
    return bool(ok)


# ---------------------------------------------------------------- output


def tokens(amount: int, decimals: int = 18) -> str:
    """Base units -> the exact amount in whole tokens, as text: 12345678 at 6 decimals is
    `12.345678`."""
    text = f"{Decimal(amount).scaleb(-decimals):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt(amount: int, symbol: str = "ETH", decimals: int = 18) -> str:
    """Whole tokens: an 18-decimal token with up to 4 decimals and tiny amounts in wei; a token
    with fewer decimals exactly, to its base unit."""
    if amount == 0:
        return f"0 {symbol}"
    if decimals != 18:
        whole, _, part = tokens(amount, decimals).partition(".")
        return f"{int(whole):,}" + (f".{part}" if part else "") + f" {symbol}"
    if abs(amount) < 10**14:
        return f"{amount} wei"
    return f"{amount / 10**18:,.4f}".rstrip("0").rstrip(".") + f" {symbol}"


def summary_text(report: dict, json_path: Path | None = None, png_path: Path | None = None) -> str:
    c, m, sym = report["counts"], report["money"], report["token"]["symbol"]
    decimals = report["token"].get("decimals", 18)
    base = "wei" if decimals == 18 else "base units"
    lines = [
        f"== {report['title']} ({report['scenario']}) on {report['network']} "
        f"(chain {report['chain_id']}), paid in {sym}",
        f"project {report['project']}   factory {report['factory']}",
        "",
        f"combinations {c['combinations']} from {c['backers']} backers "
        f"({c['investments']} investments, {c['arguments']} arguments)",
    ]
    if c["launch_failed"]:
        lines.append("launch FAILED at finalization: every backer was refunded in full")
    else:
        lines += [
            f"selected     {c['selected']} = {c['selected_by_rank']} by rank "
            f"(top {report['slots']}) + {c['rescued']} rescued",
            f"testing      {c['passed_testing']} passed, {c['failed_testing']} dropped "
            f"({c['selected'] - c['delivered']} not delivered)",
            f"presale      {c['presale_succeeded']} succeeded, {c['presale_failed']} failed; "
            f"{c['orders']} orders, {c['addons']} add-ons, {c['bonds']} bonds, "
            f"{c['awards']} awards",
            f"afterwards   {c['revenue_deposits']} revenue deposits, "
            f"{c['share_transfers']} share transfers",
        ]
    lines += [
        "",
        f"money in     {fmt(m['in_total'], sym, decimals):>22}   "
        + ", ".join(f"{k} {fmt(v, sym, decimals)}" for k, v in m["in"].items()),
        f"money out    {fmt(m['out_total'], sym, decimals):>22}   "
        + ", ".join(f"{k} {fmt(v, sym, decimals)}" for k, v in m["out"].items() if v),
        f"held         {fmt(m['held'], sym, decimals):>22}   "
        f"(owed {fmt(m['owed_at_end'], sym, decimals)}, "
        f"rounding dust {m['dust']} {base})",
        f"in {base:<9} in {m['in_total']}, out {m['out_total']}, held {m['held']} "
        f"(1 {sym} = 10^{decimals} {base})",
        "",
        "invariants   "
        + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in report["invariants"].items()),
        "",
        f"gas          {report['gas']['total']:,} in {report['timing']['transactions']:,} "
        f"transactions ({report['timing']['blocks']} blocks); heaviest:",
    ]
    for name, a in report.get("contract_actors", {}).items():
        tries = a["reentries"]
        lines.insert(
            -3,
            f"contract     {name} ({a['first_mode']}, last {a['last_mode']}): "
            f"{a['refused_claims']} of its claims refused by itself; "
            f"{sum(t['calls'] for t in tries)} re-entries, "
            f"{sum(1 for t in tries if t['succeeded'])} succeeded",
        )
    for kind, g in list(report["gas"]["by_action"].items())[:6]:
        lines.append(f"  {kind:<28} {g['count']:>5} x {g['mean']:>9,} = {g['total']:>13,}")
    top = sorted(report["actors"].items(), key=lambda kv: -kv[1]["received"])[:5]
    lines.append(
        "most paid to " + ", ".join(f"{n} {fmt(a['received'], sym, decimals)}" for n, a in top)
    )
    for path, e in report.get("expectations", {}).items():
        if not e["ok"]:
            lines.append(
                f"UNEXPECTED   {path} is {e['actual']}, the scenario expects {e['expected']}"
            )
    for note in report["notes"]:
        lines.append(f"note: {note}")
    lines.append(f"played in {report['timing']['seconds']} s")
    if json_path:
        lines.append(f"report: {json_path}" + (f"   chart: {png_path}" if png_path else ""))
    return "\n".join(lines)


def write_outputs(report: dict, out_dir: Path, chart: bool = True) -> tuple[Path, Path | None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{report['scenario']}.json"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    png_path = None
    if chart:
        from .chart import draw

        png_path = out_dir / f"{report['scenario']}.png"
        draw(report, png_path)
    return json_path, png_path
