"""The reading list: a text file of URLs, one a line, '#' starting a comment (what `narrate add` appends to).

Every URL in it is built once; its identity is its canonical URL (tracking parameters and fragment
dropped, and the page's own <link rel=canonical> once fetched). A missing file is an empty list.
"""

from __future__ import annotations

from pathlib import Path

from narrate.files import atomic_write
from narrate.read.fetch import check_url
from narrate.sources import Entry, Poll, PollContext, Settings, SourceError, SourceKind
from narrate.sources.identity import canonical_url


class ReadingListSource(SourceKind):
    name = "reading_list"
    first_fetch_limited = False  # everything on it was put there on purpose

    def locations(self, settings: Settings) -> list[str]:
        return [str(settings.reading_list)] if settings.reading_list and settings.reading_list.is_file() else []

    def poll(self, location: str, ctx: PollContext) -> Poll:
        entries = []
        for url in read_urls(Path(location)):
            key = canonical_url(url)
            entries.append(Entry(keys=(key,), url=url))
        return Poll(entries=tuple(entries))


def read_urls(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read the reading list: {getattr(exc, 'strerror', None) or exc}") from None
    urls = []
    for line in text.splitlines():
        url = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.split(" #", 1)[0].strip()
        if url:
            urls.append(url)
    return urls


def append_url(path: Path, url: str) -> bool:
    """Add url to the reading list (atomically); False when it (or its canonical form) is already there."""
    check_url(url)
    urls = read_urls(path)
    if canonical_url(url) in {canonical_url(u) for u in urls}:
        return False
    try:
        old = path.read_bytes() if path.is_file() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        atomic_write(path, old + url.encode("utf-8") + b"\n")
    except OSError as exc:
        raise SourceError(f"{path}: cannot write the reading list: {exc.strerror or exc}") from None
    return True
