"""The feeds and the page in the output folder, written from the state: feed.xml (and with
podcast.feeds_by_language one feed-<lang>.xml per other language), index.html and the podcast cover."""

from __future__ import annotations

from pathlib import Path

from narrate.files import atomic_write
from narrate.publish.build_report import BuildError, BuildReport
from narrate.publish.config import Config
from narrate.publish.feed import Channel, Item, file_url, render_feed, sidecar_urls
from narrate.publish.page import PAGE_NAME, PageError, render_page
from narrate.publish.state import EpisodeRow, State
from narrate.read.language import language_name, primary

FEED_NAME = "feed.xml"


def write_feed(config: Config, state: State, report: BuildReport) -> bool:
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
