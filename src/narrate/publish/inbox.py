"""The inbox: which files in it are articles, their content hashes, and reading one."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from narrate.publish.build_report import BuildReport


@dataclass(frozen=True)
class Source:
    identity: str  # path relative to the inbox (POSIX separators) or URL: the GUID comes from this
    path: Path


def find_sources(inbox: Path, report: BuildReport) -> list[Source]:
    """Article files in the inbox, sorted. Hidden files are skipped; symlinks must stay inside the inbox."""
    from narrate.read.article import SUPPORTED_SUFFIXES
    from narrate.sources import kinds

    suffixes = SUPPORTED_SUFFIXES | kinds().suffixes
    root = inbox.resolve()
    sources = []
    for folder, dirs, files in os.walk(inbox):  # symlinked folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            path = Path(folder) / name
            if path.is_symlink() and not _inside(path.resolve(), root):
                report.failed.append((str(path), "symlinked folder points outside the inbox; refused"))
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                continue
            if path.suffix.lower() not in suffixes:
                report.skipped.append(path.relative_to(inbox).as_posix())
                continue
            identity = path.relative_to(inbox).as_posix()
            if path.is_symlink() and not _inside(path.resolve(), root):
                report.failed.append((str(path), "symlink points outside the inbox; refused"))
                continue
            sources.append(Source(identity, path))
    return sources


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_or_blank(path: Path) -> str:
    try:
        return content_hash(path)
    except OSError:
        return ""


def read_inbox_file(path: Path):
    """An inbox file: text, Markdown and HTML by the reader; .eml, .pdf ... by the source kind that reads them."""
    from narrate.read.article import read_article
    from narrate.sources import kinds

    kind = kinds().for_suffix(path.suffix)
    return kind.read_file(path) if kind is not None else read_article(path)
