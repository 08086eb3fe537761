# SPDX-License-Identifier: MIT
"""The watcher and the dApp's project list survive a public provider's limits (issue 36): on a
chain of 50 projects over 20,000 blocks (`spread_world`), each reads once straight from anvil and
once through `limited_rpc.LimitedRpc` (at most 1,000 blocks and 10 addresses per eth_getLogs, 500
logs per answer, refused in real providers' words, and a seeded 5 % of HTTP requests answered
429), and both derive the same thing: the same inbox rows (every table the watcher writes, save
its checkpoints) and the same project list. The requests of each way are written to
out/routing/public-rpc.json (and printed with -s)."""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from limited_rpc import LimitedRpc, Limits
from spread_world import ANVIL_FLAGS, BLOCKS, PROJECTS, World
from web3 import Web3

from cobuild.routing.local import anvil
from cobuild.routing.logs import PatientHTTPProvider
from cobuild.routing.store import TABLES, Store
from cobuild.routing.watcher import Watcher

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "out" / "routing" / "public-rpc.json"
DERIVED = [t for t in TABLES if t != "checkpoints"]


@pytest.fixture(scope="module")
def spread_chain():
    with anvil(*ANVIL_FLAGS) as rpc:
        t0 = time.monotonic()
        built = World(rpc).build()
        built.seconds = time.monotonic() - t0
        yield built


@pytest.fixture(scope="module")
def direct(spread_chain, tmp_path_factory):
    """What a watcher derives straight from anvil: (rows, watcher, seconds)."""
    return _derive(
        spread_chain, spread_chain.rpc, tmp_path_factory.mktemp("direct") / "inbox.sqlite"
    )


@pytest.fixture(scope="module")
def report():
    found: dict = {}
    yield found
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    REPORT.write_text(json.dumps({**old, **found}, indent=2, sort_keys=True))
    print(json.dumps(found, indent=2, sort_keys=True))


def _derive(spread_chain: World, url: str, db: Path, **options) -> tuple[dict, Watcher, float]:
    """A watcher's catch-up over the whole chain through `url`: every derived table, sorted,
    the watcher (its `tally()` says what it did) and how long it took."""
    w3 = Web3(PatientHTTPProvider(url, backoff=0.02))
    store = Store(db)
    watcher = Watcher(
        w3,
        store,
        spread_chain.contracts,
        confirmations=0,
        start_block=spread_chain.deploy_block,
        **options,
    )
    t0 = time.monotonic()
    watcher.poll()
    seconds = time.monotonic() - t0
    assert store.cursor() == spread_chain.head
    rows = {t: sorted(map(tuple, store.db.execute(f"SELECT * FROM {t}"))) for t in DERIVED}
    return rows, watcher, seconds


def _summary(tally: Counter, seconds: float, proxy: LimitedRpc | None = None) -> dict:
    """What a run did, for the report."""
    out = {"seconds": round(seconds, 2), **{k: v for k, v in sorted(tally.items())}}
    if proxy is not None:
        out["proxy"] = dict(sorted(proxy.counts.items()))
    return out


def test_the_watcher_derives_the_same_inbox_through_a_providers_limits(
    spread_chain, direct, tmp_path, report
):
    assert (
        spread_chain.head - spread_chain.deploy_block >= BLOCKS
        and len(spread_chain.projects) == PROJECTS
    )
    rows, plain, seconds = direct
    with LimitedRpc(spread_chain.rpc, Limits()) as proxy:
        limited, watcher, limited_seconds = _derive(
            spread_chain, proxy.url, tmp_path / "limited.sqlite"
        )
    report["chain"] = {
        "blocks": spread_chain.head - spread_chain.deploy_block,
        "projects": len(spread_chain.projects),
        "build seconds": round(spread_chain.seconds, 1),
    }
    report["watcher"] = {
        "direct": _summary(plain.tally(), seconds),
        "limited": _summary(watcher.tally(), limited_seconds, proxy),
    }
    notices = Counter(row[2] for row in rows["notices"])
    assert notices["project-matches"] >= PROJECTS and notices["post"] >= 600 * 4
    assert len(rows["projects"]) == PROJECTS and len(rows["parties"]) == 5 * 17
    assert limited == rows
    refused = proxy.counts
    assert refused["refused range"] and refused["refused results"] and refused["429"]
    assert not refused["refused addresses"]  # 10 per filter: within the limit from the start
    # the largest range came down to the provider's (2,000 -> 1,000 blocks) and stayed there:
    # the requests of the limited way are those of ranges half as long, plus a few refusals
    assert watcher.reader.max_span == 1000 and plain.reader.max_span == 2000
    assert watcher.tally()["http requests"] < 2.5 * plain.tally()["http requests"]


def test_a_watcher_configured_beyond_the_limits_learns_them(spread_chain, direct, tmp_path, report):
    """Up to 64 addresses in one filter and 20,000-block ranges: the provider's refusals bring
    both within its limits (10 addresses, 1,000 blocks) and the inbox is the same."""
    wide = {"batch": BLOCKS, "max_addresses": 64}
    with LimitedRpc(spread_chain.rpc, Limits(seed=7)) as proxy:
        limited, watcher, seconds = _derive(
            spread_chain, proxy.url, tmp_path / "wide.sqlite", **wide
        )
    report["watcher configured beyond the limits"] = _summary(watcher.tally(), seconds, proxy)
    assert proxy.counts["refused addresses"] and proxy.counts["refused range"]
    assert watcher.reader.max_addresses <= 10 and watcher.reader.max_span <= 1000
    assert limited == direct[0]


def test_the_dapps_project_list_is_the_same_through_a_providers_limits(spread_chain, report):
    with LimitedRpc(spread_chain.rpc, Limits()) as proxy:
        config = {
            "chainId": 31337,
            "contracts": {
                "CobuildFactory": spread_chain.contracts.factory,
                "Multicall3": "0xcA11bde05977b3631167028862bE2a173976CA11",
            },
            "deployBlock": spread_chain.deploy_block,
            "rpcUrls": [spread_chain.rpc, proxy.url],
        }
        run = subprocess.run(
            ["node", "tests/app/project_list.mjs", json.dumps(config)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.returncode == 0, run.stderr
    direct, limited = (json.loads(line) for line in run.stdout.splitlines()[-2:])
    for seen in (direct, limited):
        assert seen["error"] is None and not seen["errors"], seen
        assert len(seen["cards"]) == PROJECTS
    assert limited["cards"] == direct["cards"]
    assert "Project 49" in direct["cards"][-1]
    assert "3 options · 1 combination ·" in direct["cards"][0]
    keep = ("ms", "requests", "calls", "getLogs")
    report["dapp project list"] = {
        "direct": {k: direct[k] for k in keep},
        "limited": {**{k: limited[k] for k in keep}, "proxy": dict(sorted(proxy.counts.items()))},
    }
    assert proxy.counts["refused range"] and proxy.counts["429"]
    # a normal node: one page of 5,000 blocks a request, all in one JSON-RPC batch
    assert direct["getLogs"] == -(-(spread_chain.head - spread_chain.deploy_block + 1) // 5000)
    assert limited["requests"] <= 4 * direct["requests"]
