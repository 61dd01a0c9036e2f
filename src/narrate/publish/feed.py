"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, built with ElementTree.

ElementTree escapes every text and attribute value, so nothing from an article can add markup; characters
XML 1.0 cannot carry at all (most control characters) are removed before they reach it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
MAX_DESCRIPTION_BYTES = 4000

for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)

# Characters XML 1.0 forbids: C0 controls except tab/newline/return, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    link: str  # the base URL where the output folder is served
    feed_url: str
    language: str
    author: str
    owner_name: str
    owner_email: str
    category: str
    subcategory: str = ""
    explicit: bool = False
    image_url: str | None = None
    private: bool = False  # itunes:block and podcast:block: apps and directories must not list the show


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    description: str
    pub_date: datetime
    url: str
    length: int
    duration: float
    episode: int
    link: str | None = None
    image_url: str | None = None
    transcript_url: str | None = None
    chapters_url: str | None = None


def podcast_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def xml_safe(text: str) -> str:
    """Text XML can carry: forbidden characters removed."""
    return _NOT_XML.sub("", text)


def truncate_bytes(text: str, limit: int = MAX_DESCRIPTION_BYTES) -> str:
    """At most `limit` UTF-8 bytes, cut on a character boundary, ending in an ellipsis when cut."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    ellipsis = "\u2026"
    cut = data[: limit - len(ellipsis.encode("utf-8"))].decode("utf-8", errors="ignore")
    return cut.rstrip() + ellipsis


def file_url(base_url: str, name: str) -> str:
    return base_url.rstrip("/") + "/" + quote(name)


def rfc2822(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_datetime(moment.astimezone(timezone.utc))


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if content is not None:
        element.text = xml_safe(content)
    return element


def _channel(rss: ET.Element, channel: Channel, newest: datetime | None) -> ET.Element:
    ch = _sub(rss, "channel")
    _sub(ch, "title", channel.title)
    _sub(ch, "link", channel.link)
    _sub(ch, "description", truncate_bytes(xml_safe(channel.description)))
    _sub(ch, "language", channel.language)
    _sub(ch, "generator", "narrate")
    if newest is not None:
        _sub(ch, "pubDate", rfc2822(newest))
    _sub(ch, f"{{{ATOM}}}link", href=channel.feed_url, rel="self", type="application/rss+xml")
    _sub(ch, f"{{{ITUNES}}}author", channel.author or channel.owner_name or channel.title)
    if channel.owner_email:  # an owner without an e-mail is flagged by feed validators: none at all
        owner = _sub(ch, f"{{{ITUNES}}}owner")
        _sub(owner, f"{{{ITUNES}}}name", channel.owner_name or channel.author or channel.title)
        _sub(owner, f"{{{ITUNES}}}email", channel.owner_email)
    if channel.image_url:
        _sub(ch, f"{{{ITUNES}}}image", href=channel.image_url)
        image = _sub(ch, "image")
        _sub(image, "url", channel.image_url)
        _sub(image, "title", channel.title)
        _sub(image, "link", channel.link)
    category = _sub(ch, f"{{{ITUNES}}}category", text=channel.category)
    if channel.subcategory:
        _sub(category, f"{{{ITUNES}}}category", text=channel.subcategory)
    _sub(ch, f"{{{ITUNES}}}explicit", "true" if channel.explicit else "false")
    _sub(ch, f"{{{ITUNES}}}type", "episodic")
    _sub(ch, f"{{{PODCAST}}}guid", podcast_guid(channel.feed_url))
    if channel.owner_email:
        _sub(ch, f"{{{PODCAST}}}locked", "yes", owner=channel.owner_email)
    if channel.private:
        _sub(ch, f"{{{ITUNES}}}block", "Yes")
        _sub(ch, f"{{{PODCAST}}}block", "yes")
    return ch


def _item(ch: ET.Element, item: Item) -> None:
    it = _sub(ch, "item")
    _sub(it, "title", item.title)
    _sub(it, "description", truncate_bytes(xml_safe(item.description)))
    if item.link:
        _sub(it, "link", item.link)
    _sub(it, "guid", item.guid, isPermaLink="false")
    _sub(it, "pubDate", rfc2822(item.pub_date))
    _sub(it, "enclosure", url=item.url, length=str(item.length), type="audio/mpeg")
    _sub(it, f"{{{ITUNES}}}title", item.title)
    _sub(it, f"{{{ITUNES}}}duration", str(max(1, round(item.duration))))
    _sub(it, f"{{{ITUNES}}}episode", str(item.episode))
    _sub(it, f"{{{ITUNES}}}episodeType", "full")
    if item.image_url:
        _sub(it, f"{{{ITUNES}}}image", href=item.image_url)
    if item.transcript_url:
        _sub(it, f"{{{PODCAST}}}transcript", url=item.transcript_url, type="text/vtt")
    if item.chapters_url:
        _sub(it, f"{{{PODCAST}}}chapters", url=item.chapters_url, type="application/json+chapters")


def render_feed(channel: Channel, items: list[Item]) -> bytes:
    """The feed document, newest item first. Same input, same bytes (no build timestamps)."""
    items = sorted(items, key=lambda i: (i.pub_date, i.episode), reverse=True)
    rss = ET.Element("rss", {"version": "2.0"})
    ch = _channel(rss, channel, items[0].pub_date if items else None)
    for item in items:
        _item(ch, item)
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def sidecar_urls(base_url: str, mp3: Path) -> dict[str, str | None]:
    """URLs of the files that sit beside an episode's MP3, when they exist."""
    stem, folder = mp3.stem, mp3.parent

    def url_if(name: str) -> str | None:
        return file_url(base_url, name) if (folder / name).is_file() else None

    image = url_if(f"{stem}.jpg") or url_if(f"{stem}.png")
    return {
        "image_url": image,
        "transcript_url": url_if(f"{stem}.vtt"),
        "chapters_url": url_if(f"{stem}.chapters.json"),
    }


def sidecar_files(mp3: Path) -> list[Path]:
    stem = mp3.stem
    return [mp3.with_name(f"{stem}{suffix}") for suffix in (".vtt", ".chapters.json", ".jpg", ".png")]
