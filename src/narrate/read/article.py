"""Read an article from a file, a URL or stdin into an Article: title, byline, date, body blocks, cruft removed.

Formats: .txt (plain text), .md (Markdown), .html/.htm (main content extracted offline), http(s) URLs, and
"-" for stdin. Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252, with a warning
naming the encoding used when it was not UTF-8.
"""

from __future__ import annotations

import itertools
import logging
import re
import sys
from dataclasses import replace
from pathlib import Path

from narrate.errors import InputError
from narrate.models import Article, ArticleMeta, Block
from narrate.read.cruft import remove_cruft
from narrate.read.encodings import clean_text, decode
from narrate.read.header import read_header
from narrate.read.structure import as_sentence
from narrate.read.text import parse_plain_text

log = logging.getLogger("narrate.reader")

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_BYTES = 64 * 1024 * 1024
WORD = re.compile(r"\w")
WORDS_ONLY = re.compile(r"[^\w]+")


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
        article = replace(
            article, meta=replace(article.meta, image=str(path.parent / image))
        )  # so later stages find it
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
    kind = (
        "html"
        if text_start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in text_start
        else "markdown"
        if re.search(rb"^#{1,6} ", data[:20000], re.MULTILINE)
        else "text"
    )
    article = parse_bytes(data, "<stdin>", kind)
    return _with_source(article, None)


# How a page fetched over HTTP is read, by its Content-Type (for URLs and for pages linked by sources).
KIND_OF_CONTENT_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}


def _read_url(url: str) -> Article:
    from narrate.read.fetch import fetch

    fetched = fetch(url)
    kind = KIND_OF_CONTENT_TYPE.get(fetched.content_type)
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
    raise InputError(
        f"{path}: unsupported file type {path.suffix or '(none)'!r} "
        f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}, a http(s) URL, or - for stdin)"
    )


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


def _from_plain_text(text: str, name: str) -> Article:
    plain = parse_plain_text(clean_text(text))
    return _article([Block(p) for p in plain.paragraphs], name, title=plain.title, author=plain.author, date=plain.date)


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
        leading = [b.text for b in itertools.takewhile(lambda b: not b.heading, blocks)]
        header = read_header(leading[:-1] if len(leading) == len(blocks) else leading)
        blocks = blocks[header.used :]
        author, date = author or header.author, date or header.date
    _log_skipped(name, doc.skipped)
    return _article(
        remove_cruft(blocks),
        name,
        title=title,
        author=author,
        date=date,
        image=doc.image,
        language=doc.meta.get("lang") or doc.meta.get("language"),
    )


def _from_html(text: str, name: str) -> Article:
    from narrate.read.html import html_to_blocks

    doc = html_to_blocks(clean_text(text), url=name if URL_SCHEME.match(name) else None)
    _log_skipped(name, doc.skipped)
    if doc.index_page:
        raise InputError(f"{name}: looks like an index page (a list of stories), not an article")
    blocks = remove_cruft(doc.blocks)
    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: no article text found in the HTML")
    article = _article(
        blocks, name, title=doc.title, author=doc.author, date=doc.date, image=doc.image, language=doc.language
    )
    if doc.url and URL_SCHEME.match(doc.url):
        article = replace(article, meta=replace(article.meta, source=doc.url))  # a saved page names where it came from
    return article


def _same_words(a: str, b: str) -> bool:
    return WORDS_ONLY.sub(" ", a.casefold()).split() == WORDS_ONLY.sub(" ", b.casefold()).split() if a and b else False


def _log_skipped(name: str, skipped) -> None:
    """What was replaced by a short spoken note ("A code example is skipped here."), for the verbose log."""
    names = {"code": "code example", "formula": "formula", "video": "video", "audio": "audio clip", "table": "table"}
    counts = ", ".join(
        f"{count} {names.get(kind, kind)}{'s' if count > 1 else ''}" for kind, count in sorted(skipped.items()) if count
    )
    if counts:
        log.info("narrate: %s: spoken as a short note instead of read: %s", name, counts)


def _article(blocks: list[Block], name: str, language: str | None = None, **meta) -> Article:
    from narrate.read.language import article_language

    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: the article has no body text")
    if not any(WORD.search(b.text) for b in blocks if not b.heading):
        raise InputError(f"{name}: the article has no words to read")
    blocks = [Block(as_sentence(b.text)) if b.item else b for b in blocks]  # list items keep their items as sentences
    body = "\n".join(b.text for b in blocks if not b.heading)
    language = article_language(language, body, name)  # the body's language: headings are often English labels
    return Article(blocks=tuple(blocks), meta=ArticleMeta(source=name, language=language, **meta))
