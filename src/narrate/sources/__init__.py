"""Sources: where `narrate build` finds articles besides the inbox (feeds, a reading list, newsletters, PDFs).

A source kind is a class found through the `narrate.sources` entry-point group; the built-in kinds are
declared there exactly like a third-party one would be:

    [project.entry-points."narrate.sources"]
    mykind = "my_package.module:MyKind"

A kind may do either or both of two things:

- poll: `locations(settings)` names what is configured (feed URLs, a Maildir ...) and `poll(location, ctx)`
  returns its entries, newest first. An entry carries the article itself (a full-text feed, an e-mail) or
  a URL that is fetched and read like any web page.
- read files: `suffixes` are inbox file types it reads (`read_file`), `content_types` are fetched
  documents it reads (`read_bytes`), e.g. ".pdf" and "application/pdf".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from narrate.errors import InputError, NarrateError
from narrate.models import Article, ArticleMeta

if TYPE_CHECKING:
    from narrate.sources.http import Http, Validators

ENTRY_POINT_GROUP = "narrate.sources"


class SourceError(NarrateError):
    """A source (feed, reading list, Maildir) cannot be polled this time."""


@dataclass(frozen=True)
class Settings:
    """The [sources] section of narrate.toml, paths resolved."""

    feeds: tuple[str, ...] = ()
    reading_list: Path | None = None
    maildir: Path | None = None
    first_fetch_limit: int = 5
    min_words: int = 80


@dataclass(frozen=True)
class Entry:
    """One article a source offers. keys[0] is its identity (the episode GUID comes from it); every key
    (entry id, canonical URL, Message-ID) is remembered so the same article reached another way is skipped."""

    keys: tuple[str, ...]
    url: str | None = None  # fetched and read when there is no article
    load: Callable[[], Article] | None = None  # the article the source carries, read only when it is new
    meta: ArticleMeta = field(default_factory=ArticleMeta)  # title, author, date used when the article lacks them
    date: str = ""  # sort key, ISO 8601 ("" when unknown)


@dataclass(frozen=True)
class PollContext:
    http: Http
    url: str  # where to ask: the location, or where a permanent redirect moved it
    validators: Validators  # what the last successful poll of this location stored (ETag, Last-Modified)


@dataclass(frozen=True)
class Poll:
    entries: tuple[Entry, ...] = ()
    unchanged: bool = False  # 304 Not Modified: nothing parsed
    validators: Validators | None = None  # to store for the next conditional request
    moved_to: str | None = None  # a permanent redirect (301/308) to remember
    title: str | None = None  # e.g. the feed's title, shown by `narrate sources`


class SourceKind:
    """Base class of a source kind: override what the kind does; the defaults do nothing."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()
    content_types: ClassVar[tuple[str, ...]] = ()
    # A location seen for the first time contributes only its newest first_fetch_limit entries.
    first_fetch_limited: ClassVar[bool] = True
    install_hint: ClassVar[str] = ""

    def locations(self, settings: Settings) -> list[str]:
        return []

    def poll(self, location: str, ctx: PollContext) -> Poll:
        raise SourceError(f"{location}: the {self.name} source kind cannot be polled")

    def read_file(self, path: Path) -> Article:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        return self.read_bytes(data, str(path))

    def read_bytes(self, data: bytes, name: str) -> Article:
        raise InputError(f"{name}: the {self.name} source kind reads no files")


@dataclass(frozen=True)
class Kinds:
    """The installed source kinds, loaded."""

    by_name: dict[str, SourceKind] = field(default_factory=dict)

    def for_suffix(self, suffix: str) -> SourceKind | None:
        return next((k for k in self.by_name.values() if suffix.lower() in k.suffixes), None)

    def for_content_type(self, content_type: str) -> SourceKind | None:
        return next((k for k in self.by_name.values() if content_type in k.content_types), None)

    @property
    def suffixes(self) -> set[str]:
        return {s for k in self.by_name.values() for s in k.suffixes}


@functools.cache
def kinds() -> Kinds:
    loaded: dict[str, SourceKind] = {}
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.name in loaded:
            continue
        try:
            loaded[ep.name] = ep.load()()
        except ImportError as exc:
            raise SourceError(
                f"source kind {ep.name!r} is registered by {ep.value} but cannot be imported "
                f"({exc}); install the package that provides it"
            ) from exc
    return Kinds(loaded)


def kind_origin(name: str) -> str:
    return next((ep.value for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name), "?")


def need(module: str, extra: str = "sources"):
    """Import an optional library, or fail with one line saying how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise SourceError(f"{module} is not installed; pip install 'narrate-podcast[{extra}]'") from None
