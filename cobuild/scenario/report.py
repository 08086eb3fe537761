# SPDX-License-Identifier: MIT
"""The report of a played scenario: counts, money, invariants, actors and gas, from the chain.

`build_report(recording, scenario)` is a pure function of what the chain recorded (a frozen
`cobuild.scenario.recording.Recording`: the events of the mined receipts, the project's views by
name and token/ETH balances) and of the scenario file: it reads no chain and knows no runner.
Nothing is taken from the scenario's own arithmetic, so the invariants are real checks of the
contracts (and of the runner).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from cobuild.model.revenue import split, unit_split
from cobuild.protocol import Status
from cobuild.scenario.format import Scenario
from cobuild.scenario.recording import Recording
from cobuild.scenario.replay import Replay, moves, replay

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


def build_report(rec: Recording, s: Scenario) -> dict:
    """The report of a run: a function of what the chain recorded (`rec`) and of the scenario
    that was played, nothing else."""
    project = rec.project
    mined = rec.transactions
    events = [(t, e.name, e.args) for t, e in rec.project_events()]
    by_name: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for _, name, args in events:
        by_name[name].append(args)

    # ---------------------------------------------------------------- money
    money_in: dict[str, int] = defaultdict(int)
    money_out: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    for move in (m for t in mined for m in moves(t, project)):
        if move.into:
            money_in[move.label] += move.amount
            paid[move.who] += move.amount
        else:
            money_out[move.label] += move.amount
            received[move.who] += move.amount
    held = rec.held
    in_total, out_total = sum(money_in.values()), sum(money_out.values())

    # ---------------------------------------------------------------- final state
    names = list(rec.combinations)
    state = rec.combinations
    selection, config = rec.selection, rec.config
    ratio = tuple(config["ratioBps"])
    statuses = {n: Status(c["status"]) for n, c in state.items()}
    state_by_id = {rec.combo_ids[n]: c for n, c in state.items()}
    status_count = Counter(st.name for st in statuses.values())
    attempt = _completed_attempt(by_name)
    ranked = {a["combo"]: a for a in by_name["CombinationRanked"] if a["attempt"] == attempt}
    rescued = {a["combo"] for a in by_name["CombinationRescued"]}
    dims = len(s.dimensions)
    delivered_parts = Counter(a["combo"] for a in by_name["PartDelivered"])
    # the run replayed through the money rules: what the project owed at each checkpoint
    replayed = replay(rec)
    owed_end = replayed.checkpoints[-1]["owed"] if replayed.checkpoints else 0
    selected_by_rank, rescued_count = selection["selected"], selection["rescued"]

    counts = {
        "combinations": len(names),
        "selected_by_rank": selected_by_rank,
        "rescued": rescued_count,
        "selected": selected_by_rank + rescued_count,
        "delivered": sum(1 for v in delivered_parts.values() if v == dims),
        "passed_testing": len(by_name["PrototypePassed"]),
        "failed_testing": (selected_by_rank + rescued_count) - len(by_name["PrototypePassed"])
        if not rec.launch_failed
        else 0,
        "presale_succeeded": status_count.get("Succeeded", 0),
        "presale_failed": status_count.get("PresaleFailed", 0),
        "launch_failed": rec.launch_failed,
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
        "solvency": all(c["solvent"] for c in replayed.checkpoints),
        "conservation": in_total == out_total + held,
        "transfers_match_events": _transfers_match(rec, in_total, out_total),
        "exactly_once": _exactly_once(by_name),
        # every call took in and paid out what the rules say: no payee got more than its due
        "payouts_within_entitlement": replayed.agrees,
        "revenue_split_by_ratio": all(
            _split_by_ratio(a, project, state_by_id, ratio) for a in by_name["RevenueDeposited"]
        ),
        "selection_follows_rules": _selection_follows_rules(replayed, by_name, rec.launch_failed),
        "balances_match_events": _balances_match(rec, paid, received),
    }
    hostile = _contract_actors(rec)
    if hostile:
        # a re-entering contract got nothing from calling back while it was paid
        invariants["reentry_refused"] = all(
            not attempt["succeeded"] for a in hostile.values() for attempt in a["reentries"]
        )

    # ---------------------------------------------------------------- actors and gas
    after, before = rec.balances_after, rec.balances_before
    actors = {}
    for name, roles in s.actors.items():
        address = rec.addresses.get(name)
        if address is None:
            continue
        actors[name] = {
            "address": address,
            "roles": list(roles),
            "paid": paid.get(address, 0),
            "received": received.get(address, 0),
            "net": received.get(address, 0) - paid.get(address, 0),
            "balance_change": after[name] - before[name],
        }
    gas: dict[str, Any] = {"total": sum(t.gas_used for t in mined), "by_action": {}}
    per_kind: dict[str, list[int]] = defaultdict(list)
    for t in mined:
        per_kind[t.kind].append(t.gas_used)
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
        cid = rec.combo_ids[n]
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
        "network": rec.network,
        "chain_id": rec.chain_id,
        "live": rec.live,
        "token": {
            "kind": s.token.kind,
            "symbol": s.token.symbol,
            "decimals": s.token.decimals,
            "address": rec.token,
        },
        "factory": rec.factory,
        "project": project,
        "slots": config["slots"],
        "ratio_bps": list(ratio),
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
        "checkpoints": replayed.checkpoints,
        "actors": actors,
        "gas": gas,
        "combinations": combos,
        "notes": list(rec.notes),
        **({"contract_actors": hostile} if hostile else {}),
        "expectations": {},
        "timing": {
            "seconds": round(rec.seconds, 2),
            "transactions": len(mined),
            "blocks": len({t.block for t in mined}),
            "waited_seconds": round(rec.waited_seconds, 2),
        },
    }


def _contract_actors(rec: Recording) -> dict[str, dict]:
    """What each contract actor did: its answers, the claims it refused, its re-entries."""
    out = {}
    for name, actor in rec.contract_actors.items():
        refused = [t for t in rec.transactions if t.failed and t.who == name]
        out[name] = {
            "first_mode": actor.first_mode,
            "last_mode": actor.last_mode,
            "refused_claims": len(refused),
            "refusals": sorted({t.failed for t in refused}),
            "reentries": [dict(r) for r in actor.reentries],
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


def _transfers_match(rec: Recording, in_total: int, out_total: int) -> bool:
    project = rec.project
    if rec.token is None:
        sent = sum(t.value for t in rec.transactions if t.to == project)
        return sent == in_total
    into = out = 0
    for t in rec.transactions:
        for e in t.events:
            if e.name == "Transfer" and e.emitter == rec.token:
                if e.args["to"] == project:
                    into += e.args["value"]
                if e.args["from"] == project:
                    out += e.args["value"]
    return into == in_total and out == out_total


def _exactly_once(by_name: Mapping[str, list[Mapping[str, Any]]]) -> bool:
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


def _completed_attempt(by_name: Mapping[str, list]) -> int:
    """The ranking attempt that completed (0 if none did): its events are the ranking."""
    done = by_name["SelectionFinalized"] + by_name["LaunchFailed"]
    return done[0]["attempt"] if done else 0


def _split_by_ratio(a: Mapping, project: str, state_by_id: Mapping, ratio: tuple) -> bool:
    """A deposit is split by the ratio; base revenue (booked by the project itself when a model
    closes) is split per unit of its price."""
    if a["from"] == project:
        c = state_by_id[a["combo"]]
        expected = unit_split(c["price"], c["orders"], ratio)
    else:
        expected = split(a["amount"], ratio)
    parts = (a["creatorPart"], a["makersPart"], a["investorsPart"], a["platformPart"])
    return parts == tuple(expected) and sum(parts) == a["amount"]


def _selection_follows_rules(
    replayed: Replay, by_name: Mapping[str, list], launch_failed: bool
) -> bool:
    """The contract's ranking and selection (its events) are the rules': the model, fed the same
    ideation calls, ranks every combination in the same places and selects the same ones by rank
    when the ranking completes; no rescued combination was selected by rank."""
    attempt = _completed_attempt(by_name)
    if not attempt:
        return True
    if replayed.ranking is None:
        return False  # the chain completed a ranking the rules did not
    completed = [a for a in by_name["CombinationRanked"] if a["attempt"] == attempt]
    ranks = {a["combo"]: a["rank"] for a in completed}
    if ranks != {cid: place for place, cid in enumerate(replayed.ranking, start=1)}:
        return False
    if launch_failed:
        return True  # nothing is selected when the launch fails
    actual = {a["combo"] for a in completed if a["selected"]}
    rescued_ok = all(a["combo"] not in actual for a in by_name["CombinationRescued"])
    return actual == replayed.selected and rescued_ok


def _balances_match(rec: Recording, paid: Mapping[str, int], received: Mapping[str, int]) -> bool:
    fees: dict[str, int] = defaultdict(int)
    if rec.token is None:
        for t in rec.transactions:
            if t.block >= rec.first_block and not t.via:  # a contract actor's operator pays
                fees[t.sender] += t.fee
    ok = True
    for name, address in rec.addresses.items():
        delta = rec.balances_after[name] - rec.balances_before[name]
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
