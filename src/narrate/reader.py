"""Read an article file into an Article: title, byline, body blocks."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .models import Article, Block

SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
BYLINE = re.compile(r"^\s*by\s+(?P<name>[^\n]{2,80})$", re.IGNORECASE)


def read_article(path: str | Path) -> Article:
    path = Path(path)
    text = _read_text(path)
    if path.suffix.lower() in {".md", ".markdown"}:
        return _parse(text, str(path), markdown=True)
    return _parse(text, str(path), markdown=False)


def _read_text(path: Path) -> str:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                         f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}: the article is empty")
    return text


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def _parse(text: str, source: str, markdown: bool) -> Article:
    paragraphs = _paragraphs(text)
    title = author = None
    blocks: list[Block] = []
    for i, para in enumerate(paragraphs):
        heading = re.match(r"^#{1,6}\s+(.*)$", para) if markdown else None
        if heading and title is None and not blocks:
            title = heading.group(1).strip()
            continue
        if i == 0 and not markdown and len(paragraphs) > 1 and len(para) <= 120 and not para.endswith("."):
            title = para
            continue
        byline = BYLINE.match(para)
        if byline and author is None and not blocks:
            author = byline.group("name").strip()
            continue
        if heading:
            blocks.append(Block(heading.group(1).strip(), heading=True))
        else:
            blocks.append(Block(para))
    if not any(not b.heading for b in blocks):
        raise InputError(f"{source}: the article has no body text")
    return Article(blocks=tuple(blocks), title=title, author=author, source=source)
