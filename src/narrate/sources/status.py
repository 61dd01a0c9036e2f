"""What `narrate sources` shows: each configured source with its last fetch, status, episodes and last error,
from the build's database only (no network, no lock)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from narrate.sources import Settings, SourceError, kinds
from narrate.sources.store import LocationStatus, Store, now


@dataclass(frozen=True)
class SourceRow:
    kind: str
    location: str
    title: str | None
    last_fetch: str
    status: str
    episodes: int
    pending: int
    error: str | None


def source_rows(settings: Settings, database: Path) -> list[SourceRow]:
    try:
        return _rows(settings, database)
    except sqlite3.Error as exc:
        raise SourceError(f"{database}: cannot read the build state: {exc}") from None


def _rows(settings: Settings, database: Path) -> list[SourceRow]:
    store = Store.read_only(database)
    try:
        counts = store.counts() if store else {}
        item_errors = store.last_item_errors() if store else {}
        rows = []
        for kind in kinds().by_name.values():
            for location in kind.locations(settings):
                status = store.location(location) if store else None
                mine = counts.get(location, {})
                rows.append(
                    SourceRow(
                        kind=kind.name,
                        location=location,
                        title=status.title if status else None,
                        last_fetch=_when(status.last_fetch) if status and status.last_fetch else "never",
                        status=_status(status),
                        episodes=mine.get("built", 0),
                        pending=mine.get("new", 0) + mine.get("failed", 0),
                        error=(status.error if status and status.error else None) or item_errors.get(location),
                    )
                )
        return rows
    finally:
        if store:
            store.db.close()


def _when(stamp: str) -> str:
    return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC")


def _status(status: LocationStatus | None) -> str:
    if status is None:
        return "not fetched yet"
    if status.failures:
        retry = "next build" if not status.waiting(now()) else _when(status.next_try or "")
        return f"failing ({status.failures}x), retried {retry}"
    return f"ok, moved to {status.moved_to}" if status.moved_to else "ok"
