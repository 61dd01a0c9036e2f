"""Episode state in SQLite (output/.narrate/state.db): what was built from which article.

Every change is one transaction. A database that SQLite cannot read is moved aside, and the episodes the
last good feed still lists are recovered from it, so a damaged file never stops the nightly build twice.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from narrate.db import write_transaction
from narrate.errors import NarrateError

SCHEMA_VERSION = 2  # 2: episodes.language
# GUIDs are UUIDv5 of the article's identity in this namespace (uuid5(NAMESPACE_URL, "narrate:episode")).
EPISODE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "narrate:episode")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS episodes (
    guid TEXT PRIMARY KEY,
    source TEXT,                  -- article identity: path relative to the inbox, or URL
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    link TEXT,
    date TEXT,                    -- the article's own date (ISO 8601) when it has one
    file_name TEXT NOT NULL UNIQUE,
    byte_length INTEGER NOT NULL,
    duration REAL NOT NULL,
    episode_number INTEGER NOT NULL,
    first_built TEXT NOT NULL,    -- ISO 8601 UTC
    built TEXT NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0,
    language TEXT                 -- BCP 47 tag the episode was read in
);
-- Files a run has started writing (deleted at the next start if the run died) and files no
-- episode uses any more (deleted once a feed without them is in place).
CREATE TABLE IF NOT EXISTS pending_files (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS garbage_files (name TEXT PRIMARY KEY);
"""


class StateError(NarrateError):
    """The state database cannot be opened or used."""


@dataclass(frozen=True)
class EpisodeRow:
    guid: str
    source: str | None
    content_hash: str
    title: str
    description: str
    link: str | None
    date: str | None
    file_name: str
    byte_length: int
    duration: float
    episode_number: int
    first_built: str
    built: str
    retired: bool = False
    language: str | None = None

    @property
    def pub_date(self) -> datetime:
        """The article's date when it has a usable one, else when the episode was first built."""
        return parse_date(self.date) or parse_date(self.first_built) or datetime.now(timezone.utc)


def episode_guid(identity: str) -> str:
    return str(uuid.uuid5(EPISODE_NAMESPACE, identity))


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class State:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row

    @classmethod
    def open_readonly(cls, path: Path) -> State | None:
        """The database as it is, read-only (no lock, no migration), or None when there is none yet."""
        if not path.is_file():
            return None
        state = cls.__new__(cls)
        state.path = path
        try:
            state.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
            state.db.row_factory = sqlite3.Row
            state.db.execute("SELECT 1 FROM episodes LIMIT 1")
        except sqlite3.Error as exc:
            if hasattr(state, "db"):
                state.db.close()
            raise StateError(f"{path}: cannot read the state database: {exc} (`narrate build` repairs it)") from None
        return state

    @classmethod
    def open(cls, path: Path) -> tuple[State, str | None]:
        """Open (creating if needed). Returns the state and a warning when a damaged file was replaced."""
        path.parent.mkdir(parents=True, exist_ok=True)
        state = None
        try:
            state = cls(path)
            state._check_and_migrate()
            return state, None
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: not damage
            cls._close_quietly(state)
            raise StateError(f"{path}: cannot use the state database: {exc}") from None
        except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
            cls._close_quietly(state)
            damaged = path.with_name(f"{path.name}.damaged-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}")
            path.replace(damaged)
            for suffix in ("-journal", "-wal", "-shm"):
                companion = path.with_name(path.name + suffix)
                if companion.exists():
                    companion.replace(damaged.with_name(damaged.name + suffix))
            state = cls(path)
            state._check_and_migrate()
            return state, (f"{path}: damaged state database ({exc}); moved it to {damaged.name} and started a new one")
        except OSError as exc:
            raise StateError(f"{path}: cannot open the state database: {exc.strerror or exc}") from None

    def _check_and_migrate(self) -> None:
        row = self.db.execute("PRAGMA quick_check").fetchone()
        if row[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {row[0]}")
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            version = self.meta("schema_version")
            if version is not None and int(version) > SCHEMA_VERSION:
                raise StateError(f"{self.path}: written by a newer narrate (schema {version}); upgrade narrate")
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(episodes)")}
            if "language" not in columns:  # schema 1
                self.db.execute("ALTER TABLE episodes ADD COLUMN language TEXT")
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def _close_quietly(state: State | None) -> None:
        if state is not None:
            state.close()

    def transaction(self):
        return write_transaction(self.db)

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def episode(self, guid: str) -> EpisodeRow | None:
        row = self.db.execute("SELECT * FROM episodes WHERE guid = ?", (guid,)).fetchone()
        return _row(row) if row else None

    def episodes(self, include_retired: bool = False) -> list[EpisodeRow]:
        query = "SELECT * FROM episodes" + ("" if include_retired else " WHERE retired = 0")
        return [_row(r) for r in self.db.execute(query + " ORDER BY episode_number")]

    def file_names(self) -> set[str]:
        names = {r[0] for r in self.db.execute("SELECT file_name FROM episodes")}
        names |= {r[0] for r in self.db.execute("SELECT name FROM pending_files")}
        return names

    def is_recorded(self, file_name: str) -> bool:
        return self.db.execute("SELECT 1 FROM episodes WHERE file_name = ?", (file_name,)).fetchone() is not None

    def next_episode_number(self) -> int:
        row = self.db.execute("SELECT MAX(episode_number) FROM episodes").fetchone()
        stored = int(self.meta("last_episode_number") or 0)
        return max(stored, row[0] or 0) + 1

    def reserve_file(self, name: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO pending_files (name) VALUES (?)", (name,))

    def pending_files(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM pending_files")]

    def forget_pending(self, names: list[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM pending_files WHERE name = ?", [(n,) for n in names])

    def save_episode(self, row: EpisodeRow, old_file: str | None) -> None:
        """Record a (re)built episode; its previous file becomes garbage in the same transaction."""
        with self.transaction():
            if old_file and old_file != row.file_name:
                self.db.execute("INSERT OR IGNORE INTO garbage_files (name) VALUES (?)", (old_file,))
            self.db.execute("DELETE FROM episodes WHERE guid = ?", (row.guid,))
            self.db.execute(
                "INSERT INTO episodes (guid, source, content_hash, title, description, link, date, file_name,"
                " byte_length, duration, episode_number, first_built, built, retired, language)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.guid,
                    row.source,
                    row.content_hash,
                    row.title,
                    row.description,
                    row.link,
                    row.date,
                    row.file_name,
                    row.byte_length,
                    row.duration,
                    row.episode_number,
                    row.first_built,
                    row.built,
                    int(row.retired),
                    row.language,
                ),
            )
            self.db.execute("DELETE FROM pending_files WHERE name = ?", (row.file_name,))
            self.set_meta(
                "last_episode_number", str(max(row.episode_number, int(self.meta("last_episode_number") or 0)))
            )

    def retire(self, guids: list[str]) -> list[str]:
        """Take episodes out of the feed; their files become garbage. Returns the file names."""
        names = []
        with self.transaction():
            for guid in guids:
                row = self.db.execute("SELECT file_name FROM episodes WHERE guid = ?", (guid,)).fetchone()
                if row is None:
                    continue
                names.append(row[0])
                self.db.execute("INSERT OR IGNORE INTO garbage_files (name) VALUES (?)", (row[0],))
                # The file name is freed for reuse; the row stays so the article is not built again.
                self.db.execute(
                    "UPDATE episodes SET retired = 1, file_name = ? WHERE guid = ?", (f"retired:{guid}", guid)
                )
        return names

    def garbage(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM garbage_files")]

    def forget_garbage(self, names: list[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM garbage_files WHERE name = ?", [(n,) for n in names])


def _row(row: sqlite3.Row) -> EpisodeRow:
    return EpisodeRow(
        guid=row["guid"],
        source=row["source"],
        content_hash=row["content_hash"],
        title=row["title"],
        description=row["description"],
        link=row["link"],
        date=row["date"],
        file_name=row["file_name"],
        byte_length=row["byte_length"],
        duration=row["duration"],
        episode_number=row["episode_number"],
        first_built=row["first_built"],
        built=row["built"],
        retired=bool(row["retired"]),
        language=row["language"],
    )
