"""Read an article from a file, a URL or stdin into an Article: title, byline, date, body blocks, cruft removed.

Formats: .txt (plain text), .md (Markdown), .html/.htm (main content extracted offline), http(s) URLs, and
"-" for stdin. Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252, with a warning
naming the encoding used when it was not UTF-8.
"""

from __future__ import annotations

import codecs
import logging
import re
import sys
from dataclasses import replace
from pathlib import Path

from narrate.read.cruft import remove_cruft
from narrate.errors import InputError
from narrate.models import Article, ArticleMeta, Block

log = logging.getLogger("narrate.reader")

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_BYTES = 64 * 1024 * 1024
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"ID3", b"RIFF",
                b"\x7fELF", b"OggS", b"fLaC", b"BZh", b"7z\xbc\xaf")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
BYLINE = re.compile(r"^by\s+(?P<name>.{2,80})$", re.IGNORECASE)
LONE_NAME = re.compile(r"^[A-Z][\w'\u2019.-]*(?: (?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|and)){1,4}$")
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+)?$")
WORD = re.compile(r"\w")
WORDS_ONLY = re.compile(r"[^\w]+")
LINE_ENDINGS = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")", ":")
TITLE_ENDINGS = (".", ",", ";", ":", "!", '"', "'", "\u201d", "\u2019")


def read_article(source: str | Path) -> Article:
    """Read a path, "-" (stdin) or an http(s) URL."""
    if isinstance(source, str) and source == "-":
        return _read_stdin()
    if isinstance(source, str) and URL_SCHEME.match(source):
        return _read_url(source)
    path = Path(source)
    check_source(path)
    kind = _kind_from_suffix(path)
    article = parse_bytes(_read_file(path), str(path), kind)
    image = article.meta.image
    if image and not URL_SCHEME.match(image) and not Path(image).is_absolute():
        article = replace(article, meta=replace(article.meta, image=str(path.parent / image)))  # so later stages find it
    return article


def check_source(source: str | Path) -> None:
    """Fail at once, before any work, on a source that can never be read: a missing file, a folder, an
    unsupported file type. Stdin and URLs are checked when read."""
    if isinstance(source, str) and (source == "-" or URL_SCHEME.match(source)):
        return
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file (give the files in it, e.g. {path}/*.md)")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    _kind_from_suffix(path)


def parse_bytes(data: bytes, name: str, kind: str, charset: str | None = None) -> Article:
    """Bytes of an article in kind "text", "markdown" or "html" -> Article (source = name)."""
    text = decode(data, name, charset)
    if not text.strip():
        raise InputError(f"{name}: the article is empty")
    if kind == "html":
        return _from_html(text, name)
    if kind == "markdown":
        return _from_markdown(text, name)
    return _from_plain_text(text, name)


def _read_stdin() -> Article:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"<stdin>: the article is larger than {MAX_BYTES // (1024 * 1024)} MB")
    text_start = data[:2000].lstrip().lower()
    kind = "html" if text_start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in text_start \
        else "markdown" if re.search(rb"^#{1,6} ", data[:20000], re.MULTILINE) else "text"
    article = parse_bytes(data, "<stdin>", kind)
    return _with_source(article, None)


def _read_url(url: str) -> Article:
    from narrate.read.fetch import fetch

    fetched = fetch(url)
    kinds = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
             "text/markdown": "markdown", "text/x-markdown": "markdown"}
    kind = kinds.get(fetched.content_type)
    if kind is None:
        raise InputError(f"{url}: not an article (content type {fetched.content_type})")
    article = parse_bytes(fetched.data, url, kind, fetched.charset)
    return _with_source(article, fetched.url)


def _with_source(article: Article, source: str | None) -> Article:
    return replace(article, meta=replace(article.meta, source=source))


def _kind_from_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                     f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}, a http(s) URL, or - for stdin)")


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: the article is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, name: str, charset: str | None = None) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, a declared charset, then cp1252; binary data is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", name)
        log.warning("narrate: warning: %s: read as UTF-16", name)
        return text
    if _looks_binary(data):
        raise InputError(f"{name}: a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in filter(None, (charset, "cp1252")):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        log.warning("narrate: warning: %s: not UTF-8; read as %s", name, encoding)
        return text
    raise InputError(f"{name}: not in a supported encoding (UTF-8, UTF-16 with BOM, or cp1252)")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid "
                         f"{encoding.upper()}") from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > 4 and controls > len(head) // 10


def clean_text(text: str) -> str:
    """Unix newlines, tabs as spaces, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return CONTROL.sub(" ", text)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in BLANK_LINE.split(text) if p.strip()]


def _one_paragraph_per_line(text: str) -> bool:
    """No blank lines, and most lines end a sentence: pasted web text, not hard-wrapped prose."""
    if BLANK_LINE.search(text):
        return False
    lines = [line.rstrip() for line in text.strip().split("\n") if line.strip()]
    ended = sum(line.endswith(LINE_ENDINGS) for line in lines)
    return len(lines) >= 2 and ended > 0.6 * len(lines)


def _from_plain_text(text: str, name: str) -> Article:
    text = clean_text(text)
    head, text = _title_block(text)
    by_line = _one_paragraph_per_line(text)
    split = [" ".join(line.split()) for line in text.split("\n") if line.strip()] if by_line else _paragraphs(text)
    paragraphs = [b.text for b in remove_cruft([Block(p) for p in [*head, *split]])]
    title = author = date = None
    if (head or not by_line) and len(paragraphs) > 1 and _is_title(paragraphs[0]):
        title = paragraphs.pop(0)
        author, date = _byline_and_date(paragraphs)
    return _article([Block(p) for p in paragraphs], name, title=title, author=author, date=date)


def _title_block(text: str) -> tuple[list[str], str]:
    """A title line with a byline, a lone name or a date line right under it (no blank line between, as
    articles are usually pasted): those lines, each its own paragraph, and the rest of the text."""
    lines = text.strip().split("\n")
    title = " ".join(lines[0].split())
    meta = []
    for line in lines[1:3]:
        if not _is_metadata_line(" ".join(line.split())):
            break
        meta.append(" ".join(line.split()))
    if not meta or not _is_title(title) or len(lines) <= 1 + len(meta):
        return [], text
    return [title, *meta], "\n".join(lines[1 + len(meta):])


def _is_metadata_line(line: str) -> bool:
    return bool(BYLINE.match(line) or LONE_NAME.match(line) or date_line(line))


def date_line(line: str) -> str | None:
    """A line that is only a date (2024-05-02, 2 May 2024, May 2, 2024, optionally after a weekday), as ISO."""
    from datetime import datetime

    iso = ISO_DATE.match(line)
    if iso:
        return iso.group(1)
    words = re.sub(r"^[A-Z][a-z]+day,?\s+", "", line.strip()).replace(",", "")
    for layout in ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"):
        try:
            return datetime.strptime(words, layout).date().isoformat()
        except ValueError:
            continue
    return None


def _is_title(line: str) -> bool:
    if len(line) > 150 or len(line.split()) > 20 or line.endswith(TITLE_ENDINGS):
        return False
    return line.count('"') % 2 == 0 and line.count("\u201c") == line.count("\u201d")


def _byline_and_date(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """Consume a 'By X' or lone-name line and an ISO date line right after the title."""
    author = date = None
    for _ in range(2):
        if len(paragraphs) < 2:
            break
        first = paragraphs[0]
        byline = BYLINE.match(first)
        iso = date_line(first)
        if author is None and (byline or LONE_NAME.match(first)):
            author = byline.group("name").strip() if byline else first
        elif date is None and iso:
            date = iso
        else:
            break
        paragraphs.pop(0)
    return author, date


def _from_markdown(text: str, name: str) -> Article:
    from narrate.read.markdown import markdown_to_blocks

    doc = markdown_to_blocks(clean_text(text))
    blocks = doc.blocks
    title = doc.meta.get("title")
    if title is None and blocks and blocks[0].heading and len(blocks) > 1:
        title = blocks.pop(0).text
    elif title is not None and blocks and blocks[0].heading and _same_words(blocks[0].text, title):
        blocks.pop(0)  # front matter and a heading both give the title: read it once
    author, date = doc.meta.get("author"), doc.meta.get("date")
    if title is not None:
        texts = [b.text for b in blocks[:3]]
        found_author, found_date = _byline_and_date(texts)
        blocks = blocks[len(blocks[:3]) - len(texts):]
        author, date = author or found_author, date or found_date
    return _article(remove_cruft(blocks), name, title=title, author=author, date=date, image=doc.image)


def _from_html(text: str, name: str) -> Article:
    from narrate.read.html import html_to_blocks

    doc = html_to_blocks(clean_text(text), url=name if URL_SCHEME.match(name) else None)
    blocks = remove_cruft(doc.blocks)
    if blocks and blocks[0].heading and doc.title and _same_words(blocks[0].text, doc.title):
        blocks = blocks[1:]
    blocks, author = _drop_byline_block(blocks, doc.author)
    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: no article text found in the HTML")
    article = _article(blocks, name, title=doc.title, author=author, date=doc.date, image=doc.image)
    if doc.url and URL_SCHEME.match(doc.url):
        article = replace(article, meta=replace(article.meta, source=doc.url))  # a saved page names where it came from
    return article


def _same_words(a: str, b: str) -> bool:
    return WORDS_ONLY.sub(" ", a.casefold()).split() == WORDS_ONLY.sub(" ", b.casefold()).split() if a and b else False


def _drop_byline_block(blocks: list[Block], author: str | None) -> tuple[list[Block], str | None]:
    """A page's "By X" paragraph (or one that is just the author's name) at the top of the body: the byline is
    read after the title already, so it is dropped (and gives the author when the page's metadata did not)."""
    for index, block in enumerate(blocks[:2]):
        if block.heading:
            continue
        byline = BYLINE.match(block.text)
        name = byline.group("name").strip() if byline else block.text
        if (byline and len(name.split()) <= 6) or (author and _same_words(name, author)):
            return blocks[:index] + blocks[index + 1:], author or name
        break
    return blocks, author


def _article(blocks: list[Block], name: str, **meta) -> Article:
    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: the article has no body text")
    if not any(WORD.search(b.text) for b in blocks if not b.heading):
        raise InputError(f"{name}: the article has no words to read")
    return Article(blocks=tuple(blocks), meta=ArticleMeta(source=name, **meta))
