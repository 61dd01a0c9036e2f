"""Feed subscriptions: RSS 2.0, RSS 1.0 (RDF) and Atom, parsed with feedparser.

An entry that carries its full text (content:encoded, Atom content) is read from the feed; any other entry
is its link, fetched and read like a web page. The entry's title, author and date fill what the page lacks.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timezone

from narrate.errors import InputError
from narrate.models import Article, ArticleMeta
from narrate.sources import Entry, Poll, PollContext, Settings, SourceError, SourceKind, need
from narrate.sources.http import FEED_ACCEPT
from narrate.sources.identity import canonical_url


class FeedSource(SourceKind):
    name = "feed"
    install_hint = "pip install 'narrate-podcast[sources]'"

    def locations(self, settings: Settings) -> list[str]:
        return list(settings.feeds)

    def poll(self, location: str, ctx: PollContext) -> Poll:
        response = ctx.http.get(ctx.url, ctx.validators, accept=FEED_ACCEPT)
        if response.status == 304:
            return Poll(unchanged=True, validators=response.validators, moved_to=response.moved_to)
        feedparser = need("feedparser")
        parsed = feedparser.parse(
            response.data, response_headers={"content-location": response.url, "content-type": _content_type(response)}
        )
        if not parsed.entries and (parsed.bozo or not parsed.version):
            reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
                parsed.get("bozo_exception") or "no RSS or Atom elements"
            )
            raise SourceError(f"{location}: not an RSS or Atom feed ({' '.join(reason.split())[:120]})")
        language = parsed.feed.get("language")  # the channel's <language>: each entry's unless it says its own
        entries = [entry for e in parsed.entries if (entry := _entry(e, location, language)) is not None]
        if entries and all(e.date for e in entries):
            entries.sort(key=lambda e: e.date, reverse=True)
        return Poll(
            entries=tuple(entries),
            validators=response.validators,
            moved_to=response.moved_to,
            title=parsed.feed.get("title"),
        )


def _content_type(response) -> str:
    return response.content_type + (f"; charset={response.charset}" if response.charset else "")


def _entry(entry, feed: str, language: str | None = None) -> Entry | None:
    link = entry.get("link") or None
    identity = (entry.get("id") or link or "").strip()
    if not identity:
        return None
    date = _date(entry.get("published_parsed") or entry.get("updated_parsed"))
    meta = ArticleMeta(
        title=_clean(entry.get("title")),
        author=_clean(entry.get("author")),
        date=date,
        source=link,
        language=entry.get("language") or language,
    )
    keys = (identity,) + ((canonical_url(link),) if link and canonical_url(link) != identity else ())
    html = _full_text(entry)
    load = None
    if html:

        def load(html: str = html, name: str = link or identity) -> Article:
            return _article_from_html(html, name, meta)

    return Entry(keys=keys, url=link, load=load, meta=meta, date=date or "")


def _full_text(entry) -> str | None:
    contents = [c for c in entry.get("content") or () if (c.get("value") or "").strip()]
    if not contents:
        return None
    html = max(contents, key=lambda c: len(c["value"]))
    value = html["value"]
    if html.get("type") == "text/plain":
        return "".join(f"<p>{_escape(p)}</p>" for p in value.split("\n\n"))
    return value


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _article_from_html(html: str, name: str, meta: ArticleMeta) -> Article:
    from dataclasses import replace

    from narrate.read.article import parse_bytes

    page = f"<html><head><title>{_escape(meta.title or '')}</title></head><body><article>{html}</article></body></html>"
    try:
        article = parse_bytes(page.encode("utf-8"), name, "html", "utf-8")
    except InputError:
        raise InputError(f"{name}: the feed entry has no article text") from None
    return replace(
        article,
        meta=replace(
            article.meta,
            title=meta.title or article.meta.title,
            author=meta.author or article.meta.author,
            date=meta.date or article.meta.date,
            source=meta.source,
            language=meta.language or article.meta.language,  # the feed says it; the wrapper page does not
        ),
    )


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


def _date(parsed) -> str | None:
    if not parsed:
        return None
    # UTC without an offset: ID3 date frames take this form, and the feed reads it as UTC.
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def opml_feeds(path) -> list[str]:
    """Every feed URL (xmlUrl) in an OPML subscription list, nested outlines included, in order."""
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: not a readable OPML file ({exc})") from None
    if root.tag.lower() != "opml":
        raise InputError(f"{path}: not an OPML file (its root element is <{root.tag}>)")
    urls = [o.get("xmlUrl") or o.get("xmlurl") or "" for o in root.iter("outline")]
    return list(dict.fromkeys(u.strip() for u in urls if u.strip()))
