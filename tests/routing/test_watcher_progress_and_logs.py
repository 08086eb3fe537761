# SPDX-License-Identifier: MIT
"""`python -m cobuild.routing watch` tells what it does on stderr (issue 36): a catch-up over
more than one range logs its start and a summary (ranges, events, notices, log requests and
refusals) at INFO, `-v` adds a line per range, `-q` leaves warnings only; and when stderr is a
terminal, a tqdm bar counts the catch-up's blocks."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from brownie import web3
from watch_support import rpc_url

ROOT = Path(__file__).resolve().parents[2]
POSTS = 20
BATCH = 5


@pytest.fixture(scope="module")
def stream(tmp_path_factory, contracts, notices, people):
    """alice follows the community, which posts 20 times (a block each); (config, first, last)."""
    first = web3.eth.block_number + 1
    notices.follow(people["community"], {"from": people["alice"]})
    for i in range(POSTS):
        notices.post(f"notice {i}", "", {"from": people["community"]})
    config = tmp_path_factory.mktemp("progress") / "contracts.json"
    config.write_text(json.dumps(vars(contracts)))
    return config, first, web3.eth.block_number


def _watch(stream, db: Path, *flags: str, stderr=subprocess.PIPE) -> subprocess.Popen:
    config, first, last = stream
    cmd = [sys.executable, "-m", "cobuild.routing", "watch", "--rpc", rpc_url()]
    cmd += ["--contracts", str(config), "--db", str(db), "--confirmations", "0", "--port", "-1"]
    cmd += ["--batch", str(BATCH), "--start-block", str(first), "--until-block", str(last)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [*cmd, *flags], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True
    )


def _stderr(stream, db: Path, *flags: str) -> str:
    proc = _watch(stream, db, *flags)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return err


def test_a_catch_up_logs_its_start_and_a_summary(stream, tmp_path):
    _, first, last = stream
    blocks = last - first + 1
    ranges = -(-blocks // BATCH)
    err = _stderr(stream, tmp_path / "info.sqlite")
    assert f"catching up from block {first} to {last} ({blocks} blocks)" in err
    assert f"caught up to block {last} in " in err
    assert f": {ranges} ranges, {POSTS + 1} events, {POSTS} notices; {ranges} log requests" in err
    assert "processed" not in err  # no line per range at INFO
    assert _stderr(stream, tmp_path / "quiet.sqlite", "-q") == ""
    verbose = _stderr(stream, tmp_path / "verbose.sqlite", "-v")
    assert f"blocks {first}-{first + BATCH - 1} processed" in verbose
    assert verbose.count(" processed") == ranges


def test_a_terminal_gets_a_progress_bar(stream, tmp_path):
    _, first, last = stream
    blocks = last - first + 1
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 120 columns
    try:
        proc = _watch(stream, tmp_path / "tty.sqlite", stderr=follower)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the watcher exited and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(leader)
    text = seen.decode(errors="replace")
    assert "catch-up: 100%" in text and f"{blocks}/{blocks}" in text and "block/s" in text
    assert f"caught up to block {last}" in text  # the log lines still reach the terminal
