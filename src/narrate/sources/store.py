"""What the sources remember between builds, in the build's SQLite database (output/.narrate/state.db).

- source_status: per location (feed URL, reading list, Maildir): validators for conditional GET, the
  permanent-redirect target, last fetch and success, failures and when to try again.
- source_items: every entry ever offered, with its status (new, built, failed, gave_up, skipped, duplicate),
  attempts and its snapshot file once its text is known.
- source_keys: every identity an item is known by (entry id, canonical URL, Message-ID) -> the item.

Each change is one short transaction on the connection the build already holds (under its lock).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from narrate.db import write_transaction
from narrate.models import ArticleMeta
from narrate.sources.http import Validators

SCHEMA = """
CREATE TABLE IF NOT EXISTS source_status (
    location TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT,
    moved_to TEXT,
    etag TEXT,
    last_modified TEXT,
    last_fetch TEXT,
    last_ok TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_try TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS source_items (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    identity TEXT NOT NULL,
    url TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    snapshot TEXT,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS source_items_status ON source_items (status);
CREATE TABLE IF NOT EXISTS source_keys (key TEXT PRIMARY KEY, item INTEGER NOT NULL);
"""
MAX_ATTEMPTS = 3  # an article that fails to fetch or extract on three builds is given up (shown by `narrate sources`)
FIRST_BACKOFF = timedelta(minutes=30)  # a failing location waits 30 min, 1 h, 2 h ... at most a day
MAX_BACKOFF = timedelta(hours=24)
OPEN_STATUSES = ("new", "failed")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class LocationStatus:
    location: str
    kind: str
    title: str | None = None
    moved_to: str | None = None
    validators: Validators = field(default_factory=Validators)
    last_fetch: str | None = None
    last_ok: str | None = None
    failures: int = 0
    next_try: str | None = None
    error: str | None = None

    def waiting(self, moment: datetime) -> bool:
        return self.next_try is not None and datetime.fromisoformat(self.next_try) > moment


@dataclass(frozen=True)
class Item:
    id: int
    source: str
    identity: str
    url: str | None
    meta: ArticleMeta
    status: str
    attempts: int
    error: str | None
    snapshot: str | None


class Store:
    def __init__(self, db: sqlite3.Connection, create: bool = True):
        self.db = db
        if create:
            with self.transaction():
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)

    @classmethod
    def read_only(cls, path: Path) -> Store | None:
        """For `narrate sources`: no lock, no writes; None when no build has run yet."""
        if not path.is_file():
            return None
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        db.row_factory = sqlite3.Row
        found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'source_status'").fetchone()
        if not found:
            db.close()
            return None
        return cls(db, create=False)

    def transaction(self):
        return write_transaction(self.db)

    # Locations ------------------------------------------------------------------------------------------
    def location(self, location: str) -> LocationStatus | None:
        row = self.db.execute("SELECT * FROM source_status WHERE location = ?", (location,)).fetchone()
        if row is None:
            return None
        return LocationStatus(
            location=row[0],
            kind=row[1],
            title=row[2],
            moved_to=row[3],
            validators=Validators(row[4], row[5]),
            last_fetch=row[6],
            last_ok=row[7],
            failures=row[8],
            next_try=row[9],
            error=row[10],
        )

    def locations(self) -> list[LocationStatus]:
        names = [r[0] for r in self.db.execute("SELECT location FROM source_status ORDER BY location")]
        return [status for name in names if (status := self.location(name)) is not None]

    def polled(
        self, location: str, kind: str, validators: Validators | None, moved_to: str | None, title: str | None
    ) -> None:
        stamp = now().isoformat()
        old = self.location(location)
        validators = validators or (old.validators if old else Validators())
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO source_status (location, kind, title, moved_to, etag, last_modified, "
                "last_fetch, last_ok, failures, next_try, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL)",
                (
                    location,
                    kind,
                    title or (old.title if old else None),
                    moved_to or (old.moved_to if old else None),
                    validators.etag,
                    validators.last_modified,
                    stamp,
                    stamp,
                ),
            )

    def poll_failed(self, location: str, kind: str, error: str) -> None:
        moment = now()
        old = self.location(location) or LocationStatus(location, kind)
        failures = old.failures + 1
        wait = min(FIRST_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF)
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO source_status (location, kind, title, moved_to, etag, last_modified, "
                "last_fetch, last_ok, failures, next_try, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    location,
                    kind,
                    old.title,
                    old.moved_to,
                    old.validators.etag,
                    old.validators.last_modified,
                    moment.isoformat(),
                    old.last_ok,
                    failures,
                    (moment + wait).isoformat(),
                    error,
                ),
            )

    # Items ----------------------------------------------------------------------------------------------
    def known(self, keys: tuple[str, ...]) -> int | None:
        for key in keys:
            row = self.db.execute("SELECT item FROM source_keys WHERE key = ?", (key,)).fetchone()
            if row:
                return int(row[0])
        return None

    def add_items(self, rows: list[tuple[str, tuple[str, ...], str | None, ArticleMeta, str]]) -> list[int]:
        """(source, keys, url, meta, status) -> new item ids; keys[0] is the identity. One transaction."""
        ids = []
        stamp = now().isoformat()
        with self.transaction():
            for source, keys, url, meta, status in rows:
                cursor = self.db.execute(
                    "INSERT INTO source_items (source, identity, url, meta, status, added) VALUES (?, ?, ?, ?, ?, ?)",
                    (source, keys[0], url, _meta_json(meta), status, stamp),
                )
                item = int(cursor.lastrowid or 0)
                self.db.executemany(
                    "INSERT OR IGNORE INTO source_keys (key, item) VALUES (?, ?)", [(key, item) for key in keys]
                )
                ids.append(item)
        return ids

    def add_keys(self, item: int, keys: list[str]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO source_keys (key, item) VALUES (?, ?)", [(key, item) for key in keys]
            )

    def open_items(self) -> list[Item]:
        marks = ", ".join("?" * len(OPEN_STATUSES))
        rows = self.db.execute(f"SELECT * FROM source_items WHERE status IN ({marks}) ORDER BY id", OPEN_STATUSES)
        return [_item(r) for r in rows]

    def item(self, item: int) -> Item | None:
        row = self.db.execute("SELECT * FROM source_items WHERE id = ?", (item,)).fetchone()
        return _item(row) if row else None

    def resolved(self, item: int, identity: str, snapshot: str) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE source_items SET identity = ?, snapshot = ? WHERE id = ?", (identity, snapshot, item)
            )

    def set_status(self, item: int, status: str, error: str | None = None) -> None:
        with self.transaction():
            if status == "failed":
                self.db.execute(
                    "UPDATE source_items SET attempts = attempts + 1, error = ?, "
                    "status = CASE WHEN attempts + 1 >= ? THEN 'gave_up' ELSE 'failed' END WHERE id = ?",
                    (error, MAX_ATTEMPTS, item),
                )
            else:
                self.db.execute("UPDATE source_items SET status = ?, error = ? WHERE id = ?", (status, error, item))

    def counts(self) -> dict[str, dict[str, int]]:
        """location -> status -> number of items."""
        out: dict[str, dict[str, int]] = {}
        for source, status, n in self.db.execute(
            "SELECT source, status, COUNT(*) FROM source_items GROUP BY source, status"
        ):
            out.setdefault(source, {})[status] = n
        return out

    def last_item_errors(self) -> dict[str, str]:
        """location -> the latest error of one of its items that is still failing or was given up."""
        rows = self.db.execute(
            "SELECT source, url, identity, error FROM source_items "
            "WHERE status IN ('failed', 'gave_up') AND error IS NOT NULL ORDER BY id"
        )
        return {r[0]: r[3] for r in rows}


def _meta_json(meta: ArticleMeta) -> str:
    return json.dumps({k: v for k, v in vars(meta).items() if v is not None}, ensure_ascii=False)


def _item(row) -> Item:
    meta = ArticleMeta(**{k: v for k, v in json.loads(row[4] or "{}").items() if k in ArticleMeta.__dataclass_fields__})
    return Item(
        id=row[0],
        source=row[1],
        identity=row[2],
        url=row[3],
        meta=meta,
        status=row[5],
        attempts=row[6],
        error=row[7],
        snapshot=row[8],
    )
