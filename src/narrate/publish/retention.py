"""What leaves the output folder: retention takes episodes out of the feed, their files are deleted once the
feed no longer lists them, and the temp and reserved files of a killed run are removed by the next."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from narrate.publish.build_report import BuildReport
from narrate.publish.config import Config
from narrate.publish.feed import sidecar_files
from narrate.publish.state import EpisodeRow, State


def to_retire(config: Config, episodes: list[EpisodeRow], newer: int = 0) -> set[EpisodeRow]:
    """The episodes retention takes out of the feed; `newer` episodes about to be built count as the newest."""
    keep_last, max_age = config.retention.keep_last, config.retention.max_age_days
    rows = sorted(episodes, key=lambda r: (r.pub_date, r.episode_number), reverse=True)
    drop = set(rows[max(0, keep_last - newer) :]) if keep_last else set()
    if max_age:
        cutoff = datetime.now(timezone.utc) - timedelta(days=max_age)
        drop |= {r for r in rows if r.pub_date < cutoff}
    return drop


def apply_retention(config: Config, state: State, report: BuildReport) -> None:
    drop = to_retire(config, state.episodes())
    if drop:
        state.retire([r.guid for r in drop])
        report.retired.extend(sorted(r.source or r.guid for r in drop))


def remove_leftovers(state: State, out: Path) -> None:
    """Temp files of a run that was killed, and episode files it reserved but never recorded."""
    for path in out.iterdir():
        if path.name.startswith(".") and path.name.endswith((".part", ".tmp")) and path.is_file():
            path.unlink(missing_ok=True)
    pending = state.pending_files()
    for name in pending:
        delete_episode_files(out / name)
    if pending:
        state.forget_pending(pending)


def delete_episode_files(mp3: Path) -> None:
    for path in (mp3, *sidecar_files(mp3)):
        path.unlink(missing_ok=True)


def collect_garbage(state: State, out: Path) -> None:
    garbage = state.garbage()
    live = {row.file_name for row in state.episodes()}
    for name in garbage:
        if name not in live:
            delete_episode_files(out / name)
    if garbage:
        state.forget_garbage(garbage)
