"""`narrate build`: turn the new or changed articles of an inbox into episodes and rewrite the feed.

Safe to run from cron: one run at a time (a lock), and every write is atomic (temp file + rename, SQLite
transactions). The order of work makes a kill at any moment harmless:

1. an episode's MP3 is written under a file name no published episode uses (reserved in the database first);
2. one transaction records the episode and marks the file it replaces as garbage;
3. the feed is rewritten from the database (temp file + rename);
4. only then are garbage files deleted. Files reserved by a run that died are deleted by the next run.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import signal
import sqlite3
from collections.abc import Callable, Generator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

from narrate.errors import NarrateError
from narrate.files import atomic_write
from narrate.publish.config import Config
from narrate.publish.feed import (
    ITUNES,
    Channel,
    Item,
    file_url,
    render_feed,
    sidecar_files,
    sidecar_urls,
    truncate_bytes,
)
from narrate.publish.page import PAGE_NAME, PageError, render_page
from narrate.publish.state import EpisodeRow, State, episode_guid, utc_now
from narrate.read.language import language_name, primary

FEED_NAME = "feed.xml"
STATE_DIR = ".narrate"
SNAPSHOTS = "snapshots"  # under STATE_DIR: the text each source episode was voiced from
# Errors that mean the output folder cannot be written at all: stop the run instead of failing each article.
FATAL_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


class BuildError(NarrateError):
    """The build as a whole cannot run or cannot write its output."""


class BuildLocked(BuildError):
    """Another build holds the lock."""


@dataclass(frozen=True)
class Source:
    identity: str  # path relative to the inbox (POSIX separators) or URL: the GUID comes from this
    path: Path


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feed_written: bool = False
    skipped: list[str] = field(default_factory=list)  # inbox files that are not articles (e.g. notes.docx)
    in_feed: int = 0  # episodes in the feed after the run


@dataclass
class BuildPlan:
    """What a build would do now (`narrate build --dry-run`); nothing is written to find out."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    retire: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)  # files in the output folder
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


Say = Callable[[str], None]  # one line of news for the user (verbose mode)


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
            elif not row.retired and row.content_hash != _hash_or_blank(source.path):
                result.changed.append(source.identity)
            else:
                result.unchanged += 1
        rows = state.episodes() if state else []
        retired = _to_retire(config, rows, newer=len(result.new))
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


def _hash_or_blank(path: Path) -> str:
    try:
        return content_hash(path)
    except OSError:
        return ""


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
            report.warnings.append(warning + _recover_from_feed(state, out / FEED_NAME))
        _remove_leftovers(state, out)
        _build_sources(config, state, report, say, language)
        _build_subscriptions(config, state, report, say, language)
        _apply_retention(config, state, report)
        report.feed_written = _write_feed(config, state, report)
        _collect_garbage(state, out)
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


def _remove_leftovers(state: State, out: Path) -> None:
    """Temp files of a run that was killed, and episode files it reserved but never recorded."""
    for path in out.iterdir():
        if path.name.startswith(".") and path.name.endswith((".part", ".tmp")) and path.is_file():
            path.unlink(missing_ok=True)
    pending = state.pending_files()
    for name in pending:
        _delete_episode_files(out / name)
    if pending:
        state.forget_pending(pending)


def _delete_episode_files(mp3: Path) -> None:
    for path in (mp3, *sidecar_files(mp3)):
        path.unlink(missing_ok=True)


def find_sources(inbox: Path, report: BuildReport) -> list[Source]:
    """Article files in the inbox, sorted. Hidden files are skipped; symlinks must stay inside the inbox."""
    from narrate.read.article import SUPPORTED_SUFFIXES
    from narrate.sources import kinds

    suffixes = SUPPORTED_SUFFIXES | kinds().suffixes
    root = inbox.resolve()
    sources = []
    for folder, dirs, files in os.walk(inbox):  # symlinked folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            path = Path(folder) / name
            if path.is_symlink() and not _inside(path.resolve(), root):
                report.failed.append((str(path), "symlinked folder points outside the inbox; refused"))
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                continue
            if path.suffix.lower() not in suffixes:
                report.skipped.append(path.relative_to(inbox).as_posix())
                continue
            identity = path.relative_to(inbox).as_posix()
            if path.is_symlink() and not _inside(path.resolve(), root):
                report.failed.append((str(path), "symlink points outside the inbox; refused"))
                continue
            sources.append(Source(identity, path))
    return sources


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _build_sources(config: Config, state: State, report: BuildReport, say: Say, language: str | None) -> None:
    todo = []
    for source in find_sources(config.inbox, report):
        try:
            digest = content_hash(source.path)
        except OSError as exc:
            report.failed.append((str(source.path), f"cannot read: {exc.strerror or exc}"))
            continue
        row = state.episode(episode_guid(source.identity))
        if row is not None and (row.retired or row.content_hash == digest):
            report.unchanged += 1
        else:
            todo.append((source, digest, row))
    options = _convert_options(config, language) if todo else None
    voiced = _in_order(config, [source.path for source, _, _ in todo], read_inbox_file, options, report, say)
    with closing(voiced):
        for number, ((source, digest, row), (article_of, item_options, where)) in enumerate(
            zip(todo, voiced, strict=True), 1
        ):
            say(f"[{number}/{len(todo)}] {source.identity}{where}")
            action = partial(_build_one, config, state, item_options, source, digest, row, article_of)
            if _attempt(report, str(source.path), action):
                report.built.append(source.identity)
                _check_feed_language(config, state, report, source.identity, str(source.path))


def _in_order(
    config: Config, items: list, read: Callable, options, report: BuildReport, say: Say
) -> Generator[tuple[Callable, object, str], None, None]:
    """For each item, in order: (a function giving its article or raising its failure, the options to render
    it with, where it was mixed). Locally the article is read when asked for. With [cluster] scheduler the
    articles are read here and voiced and mixed on the cluster ahead of the loop; this process still
    writes every file, row and feed (narrate.cluster)."""
    if not config.cluster.scheduler or not items:
        for item in items:
            yield partial(read, item), options, ""
        return
    from narrate.cluster import Cluster

    with Cluster.connect(
        config.cluster.scheduler, options.profile.every_voice(), say=say, warn=report.warnings.append
    ) as cluster:
        for outcome in cluster.render(items, options, read=read):
            yield (
                partial(_article_of, outcome),
                outcome.options or options,
                (f" (mixed on {outcome.worker})" if outcome.worker else ""),
            )
        say(cluster.traffic.describe())


def _article_of(outcome):
    if outcome.error is not None:
        raise outcome.error
    return outcome.article


def source_settings(config: Config):
    """[sources] of narrate.toml as the sources package takes it (paths resolved against the config)."""
    from narrate.sources import Settings

    return Settings(
        feeds=config.sources.feeds,
        reading_list=config.reading_list,
        maildir=config.maildir,
        first_fetch_limit=config.sources.first_fetch_limit,
        min_words=config.sources.min_words,
    )


def _attempt(report: BuildReport, where: str, action: Callable[[], None]) -> bool:
    """Run one article's build; its failure is recorded in the report, never raised (unless fatal)."""
    try:
        action()
        return True
    except OSError as exc:
        if exc.errno in FATAL_WRITE_ERRORS:
            raise
        report.failed.append((where, exc.strerror or str(exc)))
    except sqlite3.OperationalError:
        raise
    except NarrateError as exc:  # its message usually names the file already: say it once
        report.failed.append((where, str(exc).removeprefix(f"{where}: ")))
    except Exception as exc:  # one broken article must not stop the others
        report.failed.append((where, f"{type(exc).__name__}: {exc}"))
    return False


def _build_subscriptions(config: Config, state: State, report: BuildReport, say: Say, language: str | None) -> None:
    """Feeds, the reading list and the Maildir (narrate.sources): poll, then voice what is new."""
    from narrate.sources.collect import collect
    from narrate.sources.store import Store

    store = Store(state.db)
    found = collect(source_settings(config), store, config.output / STATE_DIR / SNAPSHOTS, say)
    report.failed.extend(found.failures)
    todo = []
    for ready in found.ready:
        row = state.episode(episode_guid(ready.identity))
        if row is not None and (row.retired or row.content_hash == ready.digest):
            store.set_status(ready.item, "built")
            report.unchanged += 1
        else:
            todo.append((ready, row))
    options = _convert_options(config, language) if todo else None
    voiced = _in_order(config, [ready for ready, _ in todo], _ready_article, options, report, say)
    with closing(voiced):
        for number, ((ready, row), (article_of, item_options, where)) in enumerate(zip(todo, voiced, strict=True), 1):
            say(f"[{number}/{len(todo)}] {ready.link or ready.identity}{where}")
            action = partial(
                _publish_read, config, state, item_options, ready.identity, article_of, ready.digest, row, ready.link
            )
            if _attempt(report, ready.link or ready.identity, action):
                store.set_status(ready.item, "built")
                report.built.append(ready.link or ready.identity)
                _check_feed_language(config, state, report, ready.identity, ready.link or ready.identity)
            else:
                store.set_status(ready.item, "failed", report.failed[-1][1])


def _ready_article(ready):
    return ready.article


def _publish_read(
    config: Config,
    state: State,
    options,
    identity: str,
    article_of: Callable,
    digest: str,
    old: EpisodeRow | None,
    link: str | None,
) -> None:
    _publish(config, state, options, identity, article_of(), digest, old, link)


def _check_feed_language(config: Config, state: State, report: BuildReport, identity: str, where: str) -> None:
    """A warning when an episode was read in another language than its feed's (and feeds are not routed)."""
    row = state.episode(episode_guid(identity))
    language = row.language if row else None
    if config.podcast.feeds_by_language or primary(language) in (None, primary(config.podcast.language)):
        return
    report.warnings.append(
        f"{where}: read as {language_name(language)}, but the feed's language is "
        f"{language_name(config.podcast.language)} (podcast.language); podcast apps take one "
        f"language per feed: set podcast.feeds_by_language = true or keep one project per language"
    )


def _convert_options(config: Config, language: str | None = None):
    from narrate.audio.mixer import AudioSettings, mono_loudness
    from narrate.episode.render import ConvertOptions
    from narrate.voice.profiles import load_profile

    cover = config.cover
    if cover is not None and not cover.is_file():
        raise BuildError(f"{cover}: cover image not found (podcast.cover)")
    audio = AudioSettings(
        bitrate=config.audio.bitrate,
        sample_rate=config.audio.sample_rate,
        loudness=mono_loudness(config.audio.loudness),
    )
    return ConvertOptions(
        out_dir=config.output,
        profile=load_profile(config.voices.profile),
        audio=audio,
        album=config.podcast.title,
        author=config.podcast.author,
        feed_url=config.feed_url,
        cover=cover,
        language=language,
        default_language=config.podcast.language,
    )


def _build_one(
    config: Config,
    state: State,
    options,
    source: Source,
    digest: str,
    old: EpisodeRow | None,
    article_of: Callable | None = None,
) -> None:
    article = article_of() if article_of is not None else read_inbox_file(source.path)
    _publish(config, state, options, source.identity, article, digest, old, _link(source.identity))


def read_inbox_file(path: Path):
    """An inbox file: text, Markdown and HTML by the reader; .eml, .pdf ... by the source kind that reads them."""
    from narrate.read.article import read_article
    from narrate.sources import kinds

    kind = kinds().for_suffix(path.suffix)
    return kind.read_file(path) if kind is not None else read_article(path)


def _publish(
    config: Config, state: State, options, identity: str, article, digest: str, old: EpisodeRow | None, link: str | None
) -> None:
    from narrate.episode.render import render_article, slugify, with_voices_for_language

    guid = episode_guid(identity)
    article, _ = with_voices_for_language(article, options)  # no voice for its language: fail before any file
    base = slugify(article.meta.title or Path(identity).stem, fallback=f"episode-{guid[:8]}")
    name = _free_name(base, state, config.output)
    number = old.episode_number if old else state.next_episode_number()
    state.reserve_file(f"{name}.mp3")
    try:
        episode = render_article(article, replace(options, episode_number=number), slug=name)
        now = utc_now()
        row = EpisodeRow(
            guid=guid,
            source=identity,
            content_hash=digest,
            title=episode.title or article.meta.title or name,
            description=truncate_bytes("\n\n".join(article.paragraphs)),
            link=link,
            date=article.meta.date,
            file_name=episode.path.name,
            byte_length=episode.path.stat().st_size,
            duration=_mp3_seconds(episode.path, episode.duration),
            episode_number=number,
            first_built=old.first_built if old else now,
            built=now,
            language=article.meta.language,
        )
        state.save_episode(row, old_file=old.file_name if old and not old.file_name.startswith("retired:") else None)
    except BaseException:
        _abandon(state, config.output / f"{name}.mp3")
        raise


def _mp3_seconds(path: Path, fallback: float) -> float:
    """The length podcast apps will see: read from the finished file, not the mixer's estimate."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
        return info.length if info is not None else fallback
    except MutagenError:
        return fallback


def _abandon(state: State, mp3: Path) -> None:
    """Remove the files of an episode that was not recorded; the next run does it if this fails too."""
    try:
        if state.is_recorded(mp3.name):  # interrupted just after the commit: the episode is published
            return
        _delete_episode_files(mp3)
        state.forget_pending([mp3.name])
    except sqlite3.Error:
        pass


def _link(identity: str) -> str | None:
    return identity if urlsplit(identity).scheme in ("http", "https") else None


def _free_name(base: str, state: State, out: Path) -> str:
    """A slug whose MP3 is neither recorded, reserved nor on disk (a changed article gets a new file)."""
    taken = state.file_names()
    name, n = base, 1
    while f"{name}.mp3" in taken or (out / f"{name}.mp3").exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _to_retire(config: Config, episodes: list[EpisodeRow], newer: int = 0) -> set[EpisodeRow]:
    """The episodes retention takes out of the feed; `newer` episodes about to be built count as the newest."""
    keep_last, max_age = config.retention.keep_last, config.retention.max_age_days
    rows = sorted(episodes, key=lambda r: (r.pub_date, r.episode_number), reverse=True)
    drop = set(rows[max(0, keep_last - newer) :]) if keep_last else set()
    if max_age:
        cutoff = datetime.now(timezone.utc) - timedelta(days=max_age)
        drop |= {r for r in rows if r.pub_date < cutoff}
    return drop


def _apply_retention(config: Config, state: State, report: BuildReport) -> None:
    drop = _to_retire(config, state.episodes())
    if drop:
        state.retire([r.guid for r in drop])
        report.retired.extend(sorted(r.source or r.guid for r in drop))


def _write_feed(config: Config, state: State, report: BuildReport) -> bool:
    """feed.xml and its page, and with podcast.feeds_by_language one feed-<lang>.xml per other language;
    True if any feed changed."""
    written = False
    for name, (language, rows) in _feeds(config, state.episodes()).items():
        written |= _write_one_feed(config, name, language, rows, report)
    return written


def _feeds(config: Config, rows: list[EpisodeRow]) -> dict[str, tuple[str, list[EpisodeRow]]]:
    """Feed file name -> (its language, its episodes): everything in feed.xml unless routed by language."""
    home = primary(config.podcast.language)
    feeds: dict[str, tuple[str, list[EpisodeRow]]] = {FEED_NAME: (config.podcast.language, [])}
    for row in rows:
        code = primary(row.language) or home
        if config.podcast.feeds_by_language and code and code != home:
            feeds.setdefault(f"feed-{code}.xml", (code, []))[1].append(row)
        else:
            feeds[FEED_NAME][1].append(row)
    return feeds


def _write_one_feed(config: Config, name: str, language: str, rows: list[EpisodeRow], report: BuildReport) -> bool:
    out = config.output
    base = config.podcast.base_url
    items = []
    for row in rows:
        mp3 = out / row.file_name
        if not mp3.is_file():
            report.warnings.append(f"{mp3}: episode file is missing; left out of the feed")
            continue
        items.append(
            Item(
                guid=row.guid,
                title=row.title,
                description=row.description,
                pub_date=row.pub_date,
                url=file_url(base, row.file_name),
                length=row.byte_length,
                duration=row.duration,
                episode=row.episode_number,
                link=row.link,
                **sidecar_urls(base, mp3),
            )
        )
    p = config.podcast
    own = name == FEED_NAME
    channel = Channel(
        title=p.title if own else f"{p.title} ({language_name(language)})",
        description=p.description,
        link=base,
        feed_url=config.feed_url if own else file_url(base, name),
        language=language,
        author=p.author,
        owner_name=p.owner_name,
        owner_email=p.owner_email,
        category=p.category,
        subcategory=p.subcategory,
        explicit=p.explicit,
        image_url=_publish_cover(config),
        private=p.private,
    )
    report.in_feed += len(items)
    if own:
        try:  # a broken page template costs the page's update, never the feed's
            _write_if_changed(
                out / PAGE_NAME, render_page(channel, items, out, private=p.private, template=config.page_template)
            )
        except PageError as exc:
            report.warnings.append(f"{exc}; {out / PAGE_NAME} was not updated")
    return _write_if_changed(out / name, render_feed(channel, items))


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def rewrite_feed(config: Config) -> BuildReport:
    """Write feed.xml and index.html again from the state (after base_url changed), building nothing."""
    out = config.output
    report = BuildReport()
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    with _lock(out / STATE_DIR / "build.lock"):
        state, warning = State.open(out / STATE_DIR / "state.db")
        try:
            if warning:
                report.warnings.append(warning + _recover_from_feed(state, out / FEED_NAME))
            report.feed_written = _write_feed(config, state, report)
        finally:
            state.close()
    return report


def _publish_cover(config: Config) -> str | None:
    """The podcast cover in the output folder: the configured image copied in, else a cover.png/jpg there."""
    out = config.output
    cover = config.cover
    if cover is not None:
        if not cover.is_file():
            raise BuildError(f"{cover}: cover image not found (podcast.cover)")
        target = out / f"cover{cover.suffix.lower()}"
        data = cover.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            atomic_write(target, data)
        return file_url(config.podcast.base_url, target.name)
    for name in ("cover.png", "cover.jpg"):
        if (out / name).is_file():
            return file_url(config.podcast.base_url, name)
    return None


def _collect_garbage(state: State, out: Path) -> None:
    garbage = state.garbage()
    live = {row.file_name for row in state.episodes()}
    for name in garbage:
        if name not in live:
            _delete_episode_files(out / name)
    if garbage:
        state.forget_garbage(garbage)


def _recover_from_feed(state: State, feed: Path) -> str:
    """After a damaged database: keep the episodes the last good feed lists (same GUIDs, numbers, dates).

    Their content hash is unknown, so each is rebuilt once from its article when it is still in the inbox.
    """
    try:
        channel = ET.parse(feed).getroot().find("channel")
    except (OSError, ET.ParseError):
        return "; no readable feed to recover episodes from, every article is rebuilt"
    count = 0
    for item in channel.iter("item") if channel is not None else ():
        row = _row_from_item(item)
        if row is not None and state.episode(row.guid) is None:
            state.save_episode(row, old_file=None)
            count += 1
    return f"; recovered {count} episodes from {feed.name}, their articles are rebuilt once"


def _row_from_item(item: ET.Element) -> EpisodeRow | None:
    enclosure = item.find("enclosure")
    if enclosure is None:
        return None
    try:
        published = parsedate_to_datetime(item.findtext("pubDate", "")).astimezone(timezone.utc)
        row = EpisodeRow(
            guid=item.findtext("guid", ""),
            source=None,
            content_hash="",
            title=item.findtext("title", ""),
            description=item.findtext("description", ""),
            link=item.findtext("link"),
            date=None,
            file_name=unquote(enclosure.get("url", "").rsplit("/", 1)[-1]),
            byte_length=int(enclosure.get("length", "0")),
            duration=float(item.findtext(f"{{{ITUNES}}}duration", "0")),
            episode_number=int(item.findtext(f"{{{ITUNES}}}episode", "0")),
            first_built=published.isoformat(),
            built=published.isoformat(),
        )
    except (TypeError, ValueError, AttributeError):
        return None
    if not row.guid or not row.file_name.endswith(".mp3") or row.file_name.startswith("."):
        return None
    return row
