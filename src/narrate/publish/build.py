"""`narrate build`: turn the new or changed articles of an inbox into episodes and rewrite the feed.

Safe to run from cron: one run at a time (a lock), and every write is atomic (temp file + rename, SQLite
transactions). The order of work makes a kill at any moment harmless:

1. an episode's MP3 is written under a file name no published episode uses (reserved in the database first);
2. one transaction records the episode and marks the file it replaces as garbage;
3. the feed is rewritten from the database (temp file + rename);
4. only then are garbage files deleted. Files reserved by a run that died are deleted by the next run.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from narrate.publish.build_report import FATAL_WRITE_ERRORS, BuildError, BuildLocked, BuildPlan, BuildReport, Say
from narrate.publish.config import Config
from narrate.publish.episodes import build_sources, build_subscriptions
from narrate.publish.feed_output import FEED_NAME, write_feed
from narrate.publish.inbox import find_sources, hash_or_blank
from narrate.publish.recovery import recover_from_feed
from narrate.publish.retention import apply_retention, collect_garbage, remove_leftovers, to_retire
from narrate.publish.state import EpisodeRow, State, episode_guid

STATE_DIR = ".narrate"
SNAPSHOTS = "snapshots"  # under STATE_DIR: the text each source episode was voiced from


def build(config: Config, progress: Say | None = None, language: str | None = None) -> BuildReport:
    """Build what is new or changed in config.inbox into config.output; see the module docstring.
    `language` reads every article as that language; otherwise each article's own (declared or detected,
    podcast.language when its text is too short to tell)."""
    from narrate.publish.config import check_references

    out = config.output
    _check_inbox(config)
    check_references(config)  # a misspelt profile or cover fails tonight, not the night an article arrives
    try:
        (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
        with _lock(out / STATE_DIR / "build.lock"), _signals_as_interrupts():
            return _build_locked(config, progress or (lambda message: None), language)
    except OSError as exc:
        if exc.errno in FATAL_WRITE_ERRORS:
            raise _write_error(out, exc) from None
        raise
    except sqlite3.OperationalError as exc:  # e.g. "database or disk is full"
        raise BuildError(
            f"{out / STATE_DIR / 'state.db'}: {exc}; the previous feed and episodes are untouched"
        ) from None


def _check_inbox(config: Config) -> None:
    if not config.inbox.is_dir():
        raise BuildError(f"{config.inbox}: inbox folder does not exist (set paths.inbox or use --inbox)")


def plan(config: Config) -> BuildPlan:
    """What build(config) would build, retire and delete, read without writing anything (the state database
    is opened read-only). Retention counts the articles to build as the newest episodes."""
    from narrate.publish.config import check_references

    _check_inbox(config)
    check_references(config)
    report = BuildReport()
    sources = find_sources(config.inbox, report)
    result = BuildPlan(failed=report.failed, skipped=report.skipped)
    state = State.open_readonly(config.output / STATE_DIR / "state.db")
    try:
        for source in sources:
            row = state.episode(episode_guid(source.identity)) if state else None
            if row is None:
                result.new.append(source.identity)
            elif not row.retired and row.content_hash != hash_or_blank(source.path):
                result.changed.append(source.identity)
            else:
                result.unchanged += 1
        rows = state.episodes() if state else []
        retired = to_retire(config, rows, newer=len(result.new))
        result.retire = sorted(r.source or r.guid for r in retired)
        changed = {episode_guid(i) for i in result.changed}
        result.delete = sorted(
            {r.file_name for r in retired}
            | {r.file_name for r in rows if r.guid in changed}
            | set(state.garbage() + state.pending_files() if state else ())
        )
    finally:
        if state:
            state.close()
    return result


def feed_episodes(config: Config) -> list[EpisodeRow]:
    """The episodes the feed lists, oldest first (read-only; none before the first build)."""
    state = State.open_readonly(config.output / STATE_DIR / "state.db")
    if state is None:
        return []
    try:
        return [row for row in state.episodes() if (config.output / row.file_name).is_file()]
    finally:
        state.close()


def _build_locked(config: Config, say: Say, language: str | None = None) -> BuildReport:
    out = config.output
    report = BuildReport()
    state, warning = State.open(out / STATE_DIR / "state.db")
    try:
        if warning:
            report.warnings.append(warning + recover_from_feed(state, out / FEED_NAME))
        remove_leftovers(state, out)
        build_sources(config, state, report, say, language)
        build_subscriptions(config, state, report, say, language, out / STATE_DIR / SNAPSHOTS)
        apply_retention(config, state, report)
        report.feed_written = write_feed(config, state, report)
        collect_garbage(state, out)
    finally:
        state.close()
    return report


def _write_error(out: Path, exc: OSError) -> BuildError:
    where = exc.filename or out
    return BuildError(f"{where}: cannot write: {exc.strerror or exc}; the previous feed and episodes are untouched")


@contextmanager
def _lock(path: Path):
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"{path.parent.parent}: another `narrate build` is running on this output "
                f"folder (lock {path}); this run did nothing"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every cleanup path (finally blocks, rollbacks) runs."""


@contextmanager
def _signals_as_interrupts():
    def on_term(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: leave signals to the caller
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def rewrite_feed(config: Config) -> BuildReport:
    """Write feed.xml and index.html again from the state (after base_url changed), building nothing."""
    out = config.output
    report = BuildReport()
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    with _lock(out / STATE_DIR / "build.lock"):
        state, warning = State.open(out / STATE_DIR / "state.db")
        try:
            if warning:
                report.warnings.append(warning + recover_from_feed(state, out / FEED_NAME))
            report.feed_written = write_feed(config, state, report)
        finally:
            state.close()
    return report
