"""`narrate check FEED_URL`: a published show, fetched the way podcast apps fetch it, and what they will mind.

Works on any podcast's feed. Each finding is one line, `error:` (an app will fail or refuse: the feed does
not parse, an enclosure is missing, its length or type is wrong, no byte ranges, duplicate GUIDs) or
`warning:` (some apps or directories will mind: plain HTTP, non-ASCII file names, missing optional tags).
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree as ET

from narrate.publish.feed import ATOM, ITUNES, PODCAST

USER_AGENT = "narrate-check/1 (fetches like a podcast app)"
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000  # Apple Podcasts' limits, in pixels, square
ARTWORK_LIMIT = 20 << 20  # bytes read at most for the cover
FEED_LIMIT = 64 << 20  # and for the feed (the largest real feeds are a few MB)
Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    level: Level
    where: str
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


class Fetcher:
    """HTTP as an app does it: redirects followed, a timeout, optional Basic credentials."""

    def __init__(self, timeout: float = 15.0, authorization: str | None = None):
        self.timeout = timeout
        self.authorization = authorization

    def __call__(
        self, url: str, method: str = "GET", headers: dict[str, str] | None = None, limit: int | None = None
    ) -> Response | str:
        """The response (any status), or why there was none."""
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return self._read(response, limit)
        except urllib.error.HTTPError as exc:
            with exc:
                return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, b"")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            return f"cannot fetch: {reason}"

    @staticmethod
    def _read(response, limit: int | None) -> Response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = response.read() if limit is None else response.read(limit)
        return Response(response.status, headers, body)


def check_feed(url: str, fetch: Fetcher | None = None) -> list[Finding]:
    fetch = fetch or Fetcher()
    findings: list[Finding] = []

    def error(where: str, message: str) -> None:
        findings.append(Finding("error", where, message))

    def warning(where: str, message: str) -> None:
        findings.append(Finding("warning", where, message))

    got = fetch(url, limit=FEED_LIMIT)
    if isinstance(got, str):
        error(url, got)
        return findings
    if got.status != 200:
        error(url, f"HTTP {got.status}; apps cannot read the feed")
        return findings
    kind = got.headers.get("content-type", "")
    if "xml" not in kind and "rss" not in kind:
        warning(url, f"Content-Type is {kind or 'missing'}; expected application/rss+xml")
    try:
        root = ET.fromstring(got.body)
    except ET.ParseError as exc:
        error(url, f"not well-formed XML ({exc})")
        return findings
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        error(url, "not an RSS feed (no <rss><channel>)")
        return findings
    if root.get("version") != "2.0":
        warning(url, f"rss version is {root.get('version')!r}; expected '2.0'")
    _check_https(url, "the feed", warning)
    _check_channel(url, channel, error, warning)
    _check_artwork(url, channel, fetch, error, warning)
    items = channel.findall("item")
    if not items:
        warning(url, "the feed has no episodes")
    _check_guids(url, items, error, warning)
    with ThreadPoolExecutor(max_workers=8) as pool:
        for part in pool.map(lambda item: _check_item(url, item, fetch), items):
            findings.extend(part)
    return findings


def _check_https(url: str, what: str, warning) -> None:
    if urlsplit(url).scheme != "https":
        warning(url, f"{what} is not served over HTTPS; Apple Podcasts requires HTTPS")


def _check_channel(url: str, channel: ET.Element, error, warning) -> None:
    for tag in ("title", "description"):
        if not (channel.findtext(tag) or "").strip():
            error(url, f"the channel has no <{tag}>")
    if not (channel.findtext("language") or "").strip():
        warning(url, "the channel has no <language>")
    if channel.find(f"{{{ITUNES}}}category") is None:
        error(url, "no <itunes:category>; Apple Podcasts requires one")
    explicit = (channel.findtext(f"{{{ITUNES}}}explicit") or "").strip().lower()
    if explicit not in ("true", "false", "yes", "no", "clean"):
        error(url, "<itunes:explicit> missing or not true/false; Apple Podcasts requires it")
    if not (channel.findtext(f"{{{ITUNES}}}author") or "").strip():
        warning(url, "no <itunes:author>")
    if channel.find(f"{{{PODCAST}}}guid") is None:
        warning(url, "no <podcast:guid> (Podcasting 2.0)")
    self_link = [link for link in channel.findall(f"{{{ATOM}}}link") if link.get("rel") == "self"]
    if not self_link:
        warning(url, 'no <atom:link rel="self"> naming the feed\'s own URL')
    elif self_link[0].get("href") != url:
        warning(url, f'<atom:link rel="self"> names {self_link[0].get("href")}, not the URL fetched')


def _check_artwork(url: str, channel: ET.Element, fetch: Fetcher, error, warning) -> None:
    image = channel.find(f"{{{ITUNES}}}image")
    href = image.get("href", "").strip() if image is not None else ""
    if not href:
        error(url, "no <itunes:image>; Apple Podcasts requires artwork")
        return
    href = urljoin(url, href)
    got = fetch(href, limit=ARTWORK_LIMIT)
    if isinstance(got, str) or got.status != 200:
        error(href, f"artwork unreachable: {got if isinstance(got, str) else f'HTTP {got.status}'}")
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(got.body)) as picture:
            width, height, kind = picture.width, picture.height, picture.format
    except (UnidentifiedImageError, OSError):
        error(href, "artwork is not a readable image")
        return
    if kind not in ("JPEG", "PNG"):
        error(href, f"artwork is {kind}; apps expect JPEG or PNG")
    if width != height:
        error(href, f"artwork is {width}x{height}; it must be square")
    elif not ARTWORK_MIN <= width <= ARTWORK_MAX:
        error(href, f"artwork is {width}x{height}; Apple Podcasts needs {ARTWORK_MIN} to {ARTWORK_MAX} px")
    _check_https(href, "the artwork", warning)


def _check_guids(url: str, items: list[ET.Element], error, warning) -> None:
    seen: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        guid = (item.findtext("guid") or "").strip()
        if not guid:
            warning(url, f"episode {number} ({_title(item)}) has no <guid>; apps fall back to its URL")
        elif guid in seen:
            error(url, f"episodes {seen[guid]} and {number} share the GUID {guid}; apps will show only one")
        else:
            seen[guid] = number


def _title(item: ET.Element) -> str:
    return (item.findtext("title") or "untitled").strip()


def _check_item(feed_url: str, item: ET.Element, fetch: Fetcher) -> list[Finding]:
    findings: list[Finding] = []
    title = _title(item)
    if not (item.findtext("title") or "").strip():
        findings.append(Finding("error", feed_url, "an episode has no <title>"))
    date = item.findtext("pubDate")
    try:
        parsedate_to_datetime(date or "")
    except (TypeError, ValueError):
        findings.append(Finding("warning", feed_url, f"episode {title!r}: <pubDate> missing or not RFC 2822"))
    enclosure = item.find("enclosure")
    if enclosure is None or not enclosure.get("url"):
        findings.append(Finding("error", feed_url, f"episode {title!r} has no <enclosure>; apps cannot play it"))
        return findings
    if item.find(f"{{{ITUNES}}}duration") is None:
        findings.append(Finding("warning", feed_url, f"episode {title!r} has no <itunes:duration>"))
    findings += _check_enclosure(urljoin(feed_url, enclosure.get("url", "").strip()), enclosure, fetch)
    for tag in ("transcript", "chapters"):
        for element in item.findall(f"{{{PODCAST}}}{tag}"):
            target = urljoin(feed_url, element.get("url", ""))
            got = fetch(target, "HEAD")
            if not isinstance(got, str) and got.status == 405:
                got = fetch(target, limit=1)
            if isinstance(got, str) or got.status != 200:
                reason = got if isinstance(got, str) else f"HTTP {got.status}"
                findings.append(Finding("error", target, f"{tag} of {title!r} unreachable: {reason}"))
    return findings


def _check_enclosure(url: str, enclosure: ET.Element, fetch: Fetcher) -> list[Finding]:
    findings: list[Finding] = []

    def add(level: Level, message: str) -> None:
        findings.append(Finding(level, url, message))

    if urlsplit(url).scheme != "https":
        add("warning", "episode not served over HTTPS; Apple Podcasts requires HTTPS")
    if not unquote(urlsplit(url).path).isascii():
        add("warning", "file name is not ASCII; some apps and CDNs fail on such URLs")
    declared = enclosure.get("length", "")
    if not re.fullmatch(r"[0-9]+", declared) or int(declared) == 0:
        add("error", f"enclosure length {declared!r} is not the file's size in bytes")
    head = fetch(url, "HEAD")
    if isinstance(head, str) or head.status != 200:
        add("error", f"episode unreachable: {head if isinstance(head, str) else f'HTTP {head.status}'}")
        return findings
    size = head.headers.get("content-length")
    if size is None:
        add("warning", "the server sends no Content-Length for the episode")
    elif declared.isdigit() and int(size) != int(declared):
        add("error", f"the feed says {declared} bytes, the server sends {size}; apps may stop early or refuse it")
    declared_type = (enclosure.get("type") or "").split(";")[0].strip().lower()
    served_type = head.headers.get("content-type", "").split(";")[0].strip().lower()
    if not declared_type:
        add("error", "enclosure has no type")
    elif served_type != declared_type:
        add("error", f"served as {served_type or 'no Content-Type'}, the feed says {declared_type}")
    ranged = fetch(url, headers={"Range": "bytes=0-1"}, limit=2)
    if isinstance(ranged, str):
        add("error", f"a byte-range request failed: {ranged}")
    elif ranged.status != 206 or not ranged.headers.get("content-range", "").startswith("bytes 0-1/"):
        add(
            "error",
            f"no byte-range support (Range: bytes=0-1 got HTTP {ranged.status}); Apple Podcasts "
            f"requires it to seek and stream",
        )
    return findings
