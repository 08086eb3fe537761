# SPDX-License-Identifier: MIT
"""An inbox is read with the CLI (`python -m cobuild.routing inbox`) and as a JSON feed on
127.0.0.1 (`/inbox/<address>`, `/my-data/<address>`), the same notices the store holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from watch_support import new_watcher

from cobuild.routing.feed import make_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path, contracts, notices, people):
    watcher = new_watcher(tmp_path / "inbox.sqlite", contracts)
    notices.follow(people["community"], {"from": people["alice"]})
    notices.post("gas is cut tonight", "ipfs://n1", {"from": people["community"]})
    watcher.poll()
    return tmp_path / "inbox.sqlite"


def _cli(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "cobuild.routing", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout


def test_cli_lists_the_inbox(db, people):
    out = _cli("inbox", "--db", str(db), people["alice"].address)
    assert "post" in out and "gas is cut tonight <ipfs://n1>" in out
    (notice,) = json.loads(_cli("inbox", "--db", str(db), "--json", people["alice"].address))
    assert notice["text"] == "gas is cut tonight"
    assert _cli("inbox", "--db", str(db), people["bob"].address) == ""


def test_feed_serves_json_on_localhost(db, people):
    server = make_server(db)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/inbox/{people['alice'].address}"
        ) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "*"
            (notice,) = json.load(r)
        assert (notice["kind"], notice["uri"]) == ("post", "ipfs://n1")
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/my-data/{people['alice'].address}"
        ) as r:
            assert json.load(r) == {"owner": people["alice"].address.lower(), "grants": []}
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/../etc/passwd")
        assert err.value.code == 404
    finally:
        server.shutdown()
