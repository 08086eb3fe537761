# SPDX-License-Identifier: MIT
"""The watcher's SQLite database: its cursor, what it learnt from the chain, every inbox.

Everything the watcher derives from a block range is written in one transaction together with the
cursor, so a watcher killed at any point resumes from the last committed range: no notice is lost
and none is written twice (each also has a unique key). Every row remembers its block, so a reorg
is undone by deleting the rows above the fork (`rollback`). Follows and interests are append-only
logs: the state at any point is the latest entry per pair.

The schema has a version (`PRAGMA user_version`): `SCHEMA` is version 0, what the first watcher
wrote (without setting user_version), and never changes; each entry of `MIGRATIONS` takes a store
one version up. Opening a store brings it to `VERSION` in place, in one transaction, keeping its
rows; a store of a newer version than this code knows is refused (`StoreVersionError`)."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
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
# MIGRATIONS[i] takes a store from version i to i + 1: statements run in one transaction with the
# new user_version. Append, never edit: a store written by any earlier version must still migrate.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: indexes for the reads by owner (`my_data`, the feed's /my-data) and by project (`combos`,
    # at every SelectionFinalized), which scanned their whole table
    (
        "CREATE INDEX IF NOT EXISTS grants_owner ON grants (owner, block, id)",
        "CREATE INDEX IF NOT EXISTS ranked_project ON ranked (project, block, idx)",
    ),
)
VERSION = len(MIGRATIONS)
LOG = logging.getLogger(__name__)


class StoreVersionError(RuntimeError):
    """The store was written by a newer version of the watcher than this one."""


TABLES = (
    "checkpoints",
    "interests",
    "follows",
    "projects",
    "options",
    "parties",
    "ranked",
    "grants",
    "revocations",
    "uses",
    "notices",
)


@dataclass(frozen=True)
class Notice:
    """One entry of an inbox."""

    recipient: str
    kind: str
    sender: str | None
    project: str | None
    combo: int | None
    text: str
    uri: str
    block: int
    tx: str
    log_index: int

    def key(self) -> tuple:
        """What makes a notice itself (the same notice derived twice has the same key)."""
        return (self.recipient, self.kind, self.tx, self.log_index, self.combo)


class Store:
    """The database at `path` (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        try:
            self._check_version()
            self.db.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    # ---------------------------------------------------------------- schema version

    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        version = self.version()
        if version > VERSION:
            raise StoreVersionError(
                f"{self.path} has schema version {version}, newer than this watcher knows "
                f"({VERSION}): a newer cobuild wrote it. Upgrade cobuild, or use another --db."
            )

    def _migrate(self) -> None:
        """Bring the store to VERSION in one transaction (another process may be doing the same:
        the version is read again once the write lock is held)."""
        if self.version() == VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._check_version()
            before = self.version()
            if before == 0:  # a new file, or one of the first watcher's: its schema first
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            for version in range(before, VERSION):
                for statement in MIGRATIONS[version]:
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {VERSION}")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        if before or self.cursor() is not None:
            LOG.info("%s: schema version %d migrated to %d", self.path, before, VERSION)

    # ---------------------------------------------------------------- cursor and reorgs

    def cursor(self) -> int | None:
        row = self.db.execute("SELECT block FROM cursor WHERE id = 1").fetchone()
        return None if row is None else row["block"]

    def checkpoints(self) -> list[tuple[int, str]]:
        """Processed range ends, newest first."""
        return [
            (r["block"], r["hash"])
            for r in self.db.execute("SELECT * FROM checkpoints ORDER BY block DESC")
        ]

    def commit_range(self, end: int, end_hash: str, apply: Any) -> None:
        """Run `apply()` (the range's writes) and move the cursor to `end`, all or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            apply()
            self.db.execute("INSERT OR REPLACE INTO checkpoints VALUES (?, ?)", (end, end_hash))
            self.db.execute("INSERT OR REPLACE INTO cursor VALUES (1, ?)", (end,))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def rollback(self, to_block: int) -> None:
        """Forget everything learnt above `to_block` (a reorg replaced those blocks)."""
        self.db.execute("BEGIN IMMEDIATE")
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE block > ?", (to_block,))
        self.db.execute("INSERT OR REPLACE INTO cursor VALUES (1, ?)", (to_block,))
        self.db.execute("COMMIT")

    # ---------------------------------------------------------------- state as of now

    def _latest_active(self, sql: str, args: tuple) -> set[str]:
        return {r[0] for r in self.db.execute(sql, args)}

    def interested(self, keys: list[str]) -> set[str]:
        """Accounts that currently declare any of the tag `keys`."""
        found: set[str] = set()
        for key in keys:
            found |= self._latest_active(
                """SELECT account FROM (SELECT account, active, ROW_NUMBER() OVER
                   (PARTITION BY account ORDER BY block DESC, idx DESC) AS n
                   FROM interests WHERE key = ?)
                   WHERE n = 1 AND active = 1""",
                (key,),
            )
        return found

    def followers(self, sender: str) -> set[str]:
        """Accounts that currently follow `sender`."""
        return self._latest_active(
            """SELECT follower FROM (SELECT follower, active, ROW_NUMBER() OVER
               (PARTITION BY follower ORDER BY block DESC, idx DESC) AS n
               FROM follows WHERE sender = ?)
               WHERE n = 1 AND active = 1""",
            (sender,),
        )

    def follows(self, follower: str, sender: str) -> bool:
        return follower in self.followers(sender)

    def parties(
        self, project: str, combo: int | None = None, roles: tuple[str, ...] = ()
    ) -> set[str]:
        sql, args = "SELECT account FROM parties WHERE project = ?", [project]
        if combo is not None:
            sql, args = sql + " AND combo = ?", [*args, combo]
        if roles:
            sql += f" AND role IN ({','.join('?' * len(roles))})"
            args += list(roles)
        return {r[0] for r in self.db.execute(sql, args)}

    def combos(self, project: str, attempt: int) -> dict[int, bool]:
        """Each combination ranked by `project`'s ranking attempt `attempt` (the one that completed:
        every submitter ranks in an attempt of its own) and whether it selected it. The `selected`
        column holds `attempt * 2 + selected`."""
        rows = self.db.execute(
            "SELECT combo, selected FROM ranked WHERE project = ? ORDER BY block, idx", (project,)
        ).fetchall()
        return {r["combo"]: bool(r["selected"] & 1) for r in rows if r["selected"] >> 1 == attempt}

    def is_project(self, address: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM projects WHERE project = ?", (address,)).fetchone()
            is not None
        )

    def project_addresses(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT project FROM projects ORDER BY block")]

    # ---------------------------------------------------------------- writes (inside commit_range)

    def execute(self, sql: str, args: tuple) -> None:
        self.db.execute(sql, args)

    def add_notice(self, n: Notice) -> None:
        self.db.execute(
            """INSERT OR IGNORE INTO notices
               (recipient, kind, sender, project, combo, text, uri, block, tx, log_index)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                n.recipient,
                n.kind,
                n.sender,
                n.project,
                n.combo,
                n.text,
                n.uri,
                n.block,
                n.tx,
                n.log_index,
            ),
        )

    # ---------------------------------------------------------------- reads (CLI, feed, tests)

    def inbox(self, recipient: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT * FROM notices WHERE recipient = ? ORDER BY block, log_index, seq",
            (recipient.lower(),),
        )
        return [dict(r) for r in rows]

    def all_notices(self) -> list[dict]:
        return [
            dict(r) for r in self.db.execute("SELECT * FROM notices ORDER BY block, log_index, seq")
        ]

    def my_data(self, owner: str) -> dict:
        """The owner's grants, each with its uses and revocation (the "my data" page)."""
        owner = owner.lower()
        grants = []
        for g in self.db.execute(
            "SELECT * FROM grants WHERE owner = ? ORDER BY block, id", (owner,)
        ):
            key = (g["consent"], g["id"])
            revoked = self.db.execute(
                "SELECT block FROM revocations WHERE consent = ? AND id = ?", key
            ).fetchone()
            uses = self.db.execute(
                "SELECT * FROM uses WHERE consent = ? AND id = ? ORDER BY use_number", key
            )
            grants.append(
                {
                    **dict(g),
                    "revoked_at_block": None if revoked is None else revoked[0],
                    "uses": [dict(u) for u in uses],
                }
            )
        return {"owner": owner, "grants": grants}


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True)
