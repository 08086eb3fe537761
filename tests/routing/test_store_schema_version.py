# SPDX-License-Identifier: MIT
"""The watcher's SQLite store has a schema version (`PRAGMA user_version`, issue 36): a store the
first watcher wrote (version 0: its schema, no user_version) is migrated in place and keeps its
rows; a new store starts at the current version; a store of a newer version than the code knows
is refused with a clear error, by the library and by the CLI, and left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cobuild.routing.store import VERSION, Store, StoreVersionError

ROOT = Path(__file__).resolve().parents[2]
ALICE = "0x" + "a1" * 20
COMMUNITY = "0x" + "c0" * 20

# the schema the first watcher wrote (cobuild/routing/store.py before schema versions), as it was
SCHEMA_V0 = """
CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (block INTEGER PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interests (
    account TEXT, key TEXT, tag TEXT, active INTEGER, block INTEGER, idx INTEGER);
CREATE INDEX IF NOT EXISTS interests_key ON interests (key, account);
CREATE TABLE IF NOT EXISTS follows (
    follower TEXT, sender TEXT, active INTEGER, block INTEGER, idx INTEGER);
CREATE INDEX IF NOT EXISTS follows_sender ON follows (sender, follower);
CREATE TABLE IF NOT EXISTS projects (
    project TEXT PRIMARY KEY, creator TEXT, title TEXT, tags TEXT, block INTEGER);
CREATE TABLE IF NOT EXISTS options (project TEXT, option_id INTEGER, maker TEXT, block INTEGER,
    PRIMARY KEY (project, option_id));
CREATE TABLE IF NOT EXISTS parties (
    project TEXT, combo INTEGER, account TEXT, role TEXT, block INTEGER,
    PRIMARY KEY (project, combo, account, role));
CREATE TABLE IF NOT EXISTS ranked (
    project TEXT, combo INTEGER, selected INTEGER, block INTEGER, idx INTEGER);
CREATE TABLE IF NOT EXISTS grants (
    id INTEGER, consent TEXT, owner TEXT, grantee TEXT, data TEXT, location TEXT, purpose TEXT,
    operations INTEGER, max_uses INTEGER, expiry INTEGER, block INTEGER, PRIMARY KEY (consent, id));
CREATE TABLE IF NOT EXISTS revocations (
    consent TEXT, id INTEGER, block INTEGER, PRIMARY KEY (consent, id));
CREATE TABLE IF NOT EXISTS uses (
    consent TEXT, id INTEGER, grantee TEXT, purpose TEXT, operation INTEGER,
    use_number INTEGER, block INTEGER, tx TEXT, PRIMARY KEY (consent, id, use_number));
CREATE TABLE IF NOT EXISTS notices (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL, kind TEXT NOT NULL, sender TEXT, project TEXT, combo INTEGER NOT NULL,
    text TEXT, uri TEXT, block INTEGER NOT NULL, tx TEXT NOT NULL, log_index INTEGER NOT NULL,
    UNIQUE (recipient, kind, tx, log_index, combo));
CREATE INDEX IF NOT EXISTS notices_recipient ON notices (recipient, seq);
"""


def _first_watchers_store(path: Path) -> dict[str, list[tuple]]:
    """A store as the first watcher left it: its schema, WAL, a few rows; returns every table."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(SCHEMA_V0)
    db.executescript(
        f"""
        INSERT INTO cursor VALUES (1, 120);
        INSERT INTO checkpoints VALUES (100, '0xaa'), (120, '0xbb');
        INSERT INTO follows VALUES ('{ALICE}', '{COMMUNITY}', 1, 90, 0);
        INSERT INTO grants VALUES (1, '0xc', '{ALICE}', '{COMMUNITY}', '0xd', 'ipfs://x', '0xe',
            3, 5, 999, 95);
        INSERT INTO ranked VALUES ('0xp', 1, 1, 96, 2);
        INSERT INTO notices (recipient, kind, sender, project, combo, text, uri, block, tx,
            log_index) VALUES ('{ALICE}', 'post', '{COMMUNITY}', NULL, 0, 'gas is cut tonight',
            'ipfs://n1', 110, '0x01', 3);
        """
    )
    db.commit()
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    rows = _rows(db)
    db.close()
    return rows


def _rows(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}")))
        for t in tables
        if t != "sqlite_sequence"
    }


def _indexes(store: Store) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "cobuild.routing", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_a_store_of_the_first_watcher_is_migrated_in_place(tmp_path):
    path = tmp_path / "v0.sqlite"
    before = _first_watchers_store(path)
    store = Store(path)
    assert store.version() == VERSION >= 1
    assert {"grants_owner", "ranked_project"} <= _indexes(store)
    assert _rows(store.db) == before  # every row kept
    assert store.cursor() == 120 and store.checkpoints() == [(120, "0xbb"), (100, "0xaa")]
    assert store.followers(COMMUNITY) == {ALICE}
    assert [g["location"] for g in store.my_data(ALICE)["grants"]] == ["ipfs://x"]
    store.close()
    # again: nothing left to do; the CLI reads it like any store
    assert Store(path).version() == VERSION
    out = _cli("inbox", "--db", str(path), ALICE)
    assert out.returncode == 0 and "gas is cut tonight <ipfs://n1>" in out.stdout


def test_a_new_store_starts_at_the_current_version(tmp_path):
    store = Store(tmp_path / "new.sqlite")
    assert store.version() == VERSION and store.cursor() is None
    assert {"notices_recipient", "grants_owner", "ranked_project"} <= _indexes(store)


def test_a_store_of_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    with pytest.raises(StoreVersionError, match=f"schema version {VERSION + 1}, newer than"):
        Store(path)
    out = _cli("inbox", "--db", str(path), ALICE)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: ") and "Upgrade cobuild, or use another --db" in out.stderr
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION + 1  # left as it was
    db.close()
