"""The podcast's web page, index.html beside the feed: for people who find the show in a browser.

Rendered from a Jinja2 template shipped in the package (templates/index.html.j2) or a project's own file
(publish.page_template). Links are relative to the page, so it works wherever the output folder is served
(narrate serve on any port, a bucket, a web server); only the feed URL shown for subscribing is absolute.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from narrate.errors import NarrateError
from narrate.publish.feed import Channel, Item

PAGE_NAME = "index.html"
TEMPLATE = "index.html.j2"


class PageError(NarrateError):
    """The page template cannot be read or rendered."""


@dataclass(frozen=True)
class PageChapter:
    start: float
    at: str  # 1:05
    title: str


@dataclass(frozen=True)
class PageEpisode:
    title: str
    description: str
    date: str  # 29 November 2026
    iso_date: str
    duration: str  # 12:03
    seconds: int
    audio: str  # href relative to the page
    length: int
    transcript: str | None
    image: str | None
    chapters: tuple[PageChapter, ...]
    anchor: str


@dataclass(frozen=True)
class AppLink:
    name: str
    href: str


def clock(seconds: float) -> str:
    """1:02:03 or 2:03."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def relative(url: str | None) -> str | None:
    """The href of a file in the output folder, relative to the page beside it."""
    return urlsplit(url).path.rsplit("/", 1)[-1] if url else None


def app_links(feed_url: str) -> tuple[AppLink, ...]:
    bare = feed_url.split("://", 1)[-1]
    return (
        AppLink("Apple Podcasts", f"podcast://{bare}"),
        AppLink("Overcast", f"overcast://x-callback-url/add?url={quote(feed_url, safe='')}"),
        AppLink("Pocket Casts", f"pktc://subscribe/{bare}"),
        AppLink("AntennaPod", f"antennapod-subscribe://{bare}"),
    )


def read_chapters(path: Path) -> tuple[PageChapter, ...]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            PageChapter(float(c["startTime"]), clock(int(float(c["startTime"]))), str(c.get("title", "")))
            for c in document.get("chapters", [])
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return ()  # the chapters file is optional; a broken one only loses the list on the page


def page_episodes(items: list[Item], out: Path) -> list[PageEpisode]:
    episodes = []
    for item in sorted(items, key=lambda i: (i.pub_date, i.episode), reverse=True):
        chapters_file = relative(item.chapters_url)
        episodes.append(
            PageEpisode(
                title=item.title,
                description=item.description,
                date=_day(item.pub_date),
                iso_date=item.pub_date.date().isoformat(),
                duration=clock(int(item.duration)),
                seconds=int(item.duration),
                audio=relative(item.url) or "",
                length=item.length,
                transcript=relative(item.transcript_url),
                image=relative(item.image_url),
                anchor=f"episode-{item.episode}",
                chapters=read_chapters(out / unquote(chapters_file)) if chapters_file else (),
            )
        )
    return episodes


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def render_page(
    channel: Channel, items: list[Item], out: Path, private: bool = False, template: Path | None = None
) -> bytes:
    """index.html for the show. Same input, same bytes (no build timestamps)."""
    import jinja2

    try:
        source = (
            template.read_text(encoding="utf-8")
            if template
            else resources.files("narrate.publish").joinpath("templates").joinpath(TEMPLATE).read_text(encoding="utf-8")
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise PageError(f"{template}: cannot read the page template: {getattr(exc, 'strerror', None) or exc}") from None
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    try:
        page = env.from_string(source).render(
            channel=channel,
            cover=relative(channel.image_url),
            episodes=page_episodes(items, out),
            apps=app_links(channel.feed_url),
            private=private,
        )
    except jinja2.TemplateError as exc:
        raise PageError(f"{template or TEMPLATE}: page template error: {exc}") from None
    return page.encode("utf-8")
