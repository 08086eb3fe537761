# SPDX-License-Identifier: MIT
"""`python -m cobuild.routing watch` killed (SIGKILL) several times mid-stream and restarted on the
same SQLite file: in the end every notice is there exactly once and none is missing, the same
inbox an uninterrupted watcher derives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from brownie import web3
from watch_support import new_watcher, rpc_url

from cobuild.routing.store import Store

ROOT = Path(__file__).resolve().parents[2]
POSTS = 40


def _cursor(db: Path) -> int | None:
    if not db.exists():
        return None
    try:
        return Store(db).cursor()
    except Exception:  # the watcher is creating the schema
        return None


def _start(db: Path, config: Path, start: int, until: int) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "cobuild.routing",
        "watch",
        "--rpc",
        rpc_url(),
        "--contracts",
        str(config),
    ]
    cmd += [
        "--db",
        str(db),
        "--confirmations",
        "0",
        "--batch",
        "1",
        "--pace",
        "0.04",
        "--port",
        "-1",
    ]
    cmd += ["--start-block", str(start), "--until-block", str(until), "--interval", "0.1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_killed_and_restarted_delivers_each_notice_once(tmp_path, contracts, notices, people):
    followers = [people[n] for n in ("alice", "bob", "carol")]
    start = web3.eth.block_number + 1
    for who in followers:
        notices.follow(people["community"], {"from": who})
    for i in range(POSTS):  # one block each
        notices.post(f"notice {i}", "", {"from": people["community"]})
    end = web3.eth.block_number
    config = tmp_path / "contracts.json"
    config.write_text(json.dumps(vars(contracts)))
    db = tmp_path / "killed.sqlite"

    kills = 0
    # the last kill leaves 14 blocks (over half a second at this pace) for the test to be late by
    # on a loaded machine before the watcher would reach the end
    for stop_after in (start + 6, start + 16, start + 26):
        proc = _start(db, config, start, end)
        deadline = time.time() + 60
        while (_cursor(db) or 0) < stop_after and proc.poll() is None and time.time() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, proc.stderr.read().decode()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        assert (_cursor(db) or 0) < end, "killed after the end: not mid-stream"
    proc = _start(db, config, start, end)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert kills == 3 and Store(db).cursor() == end

    reference = new_watcher(tmp_path / "reference.sqlite", contracts, start_block=start)
    reference.poll()

    def keyed(store: Store) -> list[tuple]:
        return sorted(
            (n["recipient"], n["kind"], n["tx"], n["log_index"], n["text"])
            for n in store.all_notices()
        )

    resumed = keyed(Store(db))
    assert len(resumed) == len(set(resumed)) == POSTS * len(followers)
    assert resumed == keyed(reference.store)
    for who in followers:
        texts = [n["text"] for n in Store(db).inbox(who.address)]
        assert texts == [f"notice {i}" for i in range(POSTS)]
