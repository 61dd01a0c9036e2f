"""The articles a build voices: new or changed inbox files and what the subscriptions found, each rendered
into an episode under a reserved file name and recorded in one transaction; one failure never stops the rest."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.publish.build_report import FATAL_WRITE_ERRORS, BuildError, BuildReport, Say
from narrate.publish.config import Config
from narrate.publish.feed import truncate_bytes
from narrate.publish.inbox import Source, content_hash, find_sources, read_inbox_file
from narrate.publish.retention import delete_episode_files
from narrate.publish.state import EpisodeRow, State, episode_guid, utc_now
from narrate.read.language import language_name, primary


def build_sources(config: Config, state: State, report: BuildReport, say: Say, language: str | None) -> None:
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


def build_subscriptions(
    config: Config, state: State, report: BuildReport, say: Say, language: str | None, snapshots: Path
) -> None:
    """Feeds, the reading list and the Maildir (narrate.sources): poll, then voice what is new; `snapshots` is
    the folder keeping the text each source episode was voiced from."""
    from narrate.sources.collect import collect
    from narrate.sources.store import Store

    store = Store(state.db)
    found = collect(source_settings(config), store, snapshots, say)
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
    from narrate.audio.mixer import MixSettings, mono_loudness
    from narrate.episode.render import ConvertOptions
    from narrate.voice.profiles import load_profile

    cover = config.cover
    if cover is not None and not cover.is_file():
        raise BuildError(f"{cover}: cover image not found (podcast.cover)")
    audio = MixSettings(
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
        delete_episode_files(mp3)
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
