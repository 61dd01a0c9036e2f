"""One build's network half: poll every configured source, record new entries, fetch and read their
articles, keep a snapshot of each. The build then voices what `collect` returns as ready.

Order of work (each step is committed, so a run killed at any point loses nothing and repeats nothing):
1. poll the locations that are due (a failing one waits, with backoff), a few requests per host at once;
2. record each new entry under all its keys (entry id, canonical URL, Message-ID); a key already known is
   the same article reached another way, and is skipped; a first poll takes only the newest entries;
3. read each open item: the text the source carried, else its page fetched; refuse near-empty pages;
   write its snapshot; the build voices it and marks it built.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from narrate.errors import InputError, NarrateError
from narrate.models import Article, ArticleMeta
from narrate.sources import Entry, Kinds, Poll, PollContext, Settings, SourceKind, kinds, snapshots
from narrate.sources.http import Http, Response, Validators
from narrate.sources.identity import canonical_url
from narrate.sources.store import Item, Store, now

MAX_WORKERS = 8
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Ready:
    """An article ready to voice: its identity (the episode GUID comes from it) and its snapshot's hash."""

    item: int
    identity: str
    source: str
    article: Article
    digest: str
    link: str | None


@dataclass
class Collected:
    ready: list[Ready] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (location or URL, reason)
    polled: int = 0
    waiting: int = 0  # locations skipped this run: they failed recently and back off


def collect(
    settings: Settings,
    store: Store,
    snapshot_dir: Path,
    say: Callable[[str], None] = lambda m: None,
    http: Http | None = None,
) -> Collected:
    found = Collected()
    http = http or Http()
    installed = kinds()
    due = _due(installed, settings, store, found)
    if due:
        say(f"polling {len(due)} source(s)")
    outcomes = _run_all([_poller(kind, location, store, http) for kind, location in due])
    for (kind, location), outcome in zip(due, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            reason = _reason(outcome, location)
            store.poll_failed(location, kind.name, reason)
            found.failures.append((location, reason))
            continue
        status = store.location(location)
        first = status is None or status.last_ok is None
        _record(kind, location, outcome, first, settings, store, snapshot_dir, found)
        store.polled(location, kind.name, outcome.validators, outcome.moved_to, outcome.title)
        found.polled += 1
    _read_open_items(installed, settings, store, snapshot_dir, http, found, say)
    return found


def _due(installed: Kinds, settings: Settings, store: Store, found: Collected) -> list[tuple[SourceKind, str]]:
    moment = now()
    due = []
    for kind in installed.by_name.values():
        for location in kind.locations(settings):
            status = store.location(location)
            if status is not None and status.waiting(moment):
                found.waiting += 1
            else:
                due.append((kind, location))
    return due


def _poller(kind: SourceKind, location: str, store: Store, http: Http) -> Callable[[], Poll]:
    status = store.location(location)
    ctx = PollContext(
        http=http,
        url=(status.moved_to if status else None) or location,
        validators=status.validators if status else Validators(),
    )
    return lambda: kind.poll(location, ctx)


def _run_all(jobs: list[Callable]) -> list:
    """Each job's result or the exception it raised, in order; a few at once (Http limits each host)."""

    def run(job):
        try:
            return job()
        except Exception as exc:  # one source failing must not stop the others
            return exc

    if len(jobs) <= 1:
        return [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(jobs))) as pool:
        return list(pool.map(run, jobs))


def _reason(exc: BaseException, where: str) -> str:
    text = str(exc) if isinstance(exc, NarrateError) else f"{type(exc).__name__}: {exc}"
    return text.removeprefix(f"{where}: ")


def _record(
    kind: SourceKind,
    location: str,
    poll: Poll,
    first: bool,
    settings: Settings,
    store: Store,
    snapshot_dir: Path,
    found: Collected,
) -> None:
    new: list[Entry] = []
    seen: set[str] = set()
    for entry in poll.entries:
        if store.known(entry.keys) is None and not seen.intersection(entry.keys):
            new.append(entry)
            seen.update(entry.keys)
    take, skip = (
        (new[: settings.first_fetch_limit], new[settings.first_fetch_limit :])
        if first and kind.first_fetch_limited
        else (new, [])
    )
    ids = store.add_items(
        [(location, e.keys, e.url, e.meta, "new") for e in take]
        + [(location, e.keys, e.url, e.meta, "skipped") for e in skip]
    )
    for entry, item in zip(take, ids[: len(take)], strict=True):  # the rest are the skipped ones
        if entry.load is not None:
            _read_carried(entry, item, settings, store, snapshot_dir, found)


def _read_carried(
    entry: Entry, item: int, settings: Settings, store: Store, snapshot_dir: Path, found: Collected
) -> None:
    """The article the source carries (full-text feed entry, e-mail); too short with a link: fetch the link."""
    where = entry.url or entry.keys[0]
    try:
        article = _with_fallbacks(entry.load(), entry.meta)  # type: ignore[misc]
        if entry.url and _words(article) < settings.min_words:
            return  # a summary, not the full text: the page is fetched below
        _accept(store.item(item), article, None, settings, store, snapshot_dir)  # type: ignore[arg-type]
    except NarrateError as exc:
        if entry.url is None:
            store.set_status(item, "gave_up", _reason(exc, where))
            found.failures.append((where, _reason(exc, where)))


def _read_open_items(
    installed: Kinds,
    settings: Settings,
    store: Store,
    snapshot_dir: Path,
    http: Http,
    found: Collected,
    say: Callable[[str], None],
) -> None:
    configured = {location for kind in installed.by_name.values() for location in kind.locations(settings)}
    items = [item for item in store.open_items() if item.source in configured]  # unsubscribed: left alone
    todo = [
        i
        for i in items
        if not i.snapshot and i.url and not (snapshot_dir / snapshots.snapshot_name(i.identity)).is_file()
    ]
    if todo:
        say(f"fetching {len(todo)} article(s)")
    fetched = dict(zip((i.id for i in todo), _run_all([_fetcher(installed, http, i.url) for i in todo]), strict=True))  # type: ignore[arg-type]
    for item in items:
        try:
            ready = _ready(item, fetched.get(item.id), settings, store, snapshot_dir)
        except NarrateError as exc:
            where = item.url or item.identity
            store.set_status(item.id, "failed", _reason(exc, where))
            found.failures.append((where, _reason(exc, where)))
            continue
        if ready is not None:
            found.ready.append(ready)


def _fetcher(installed: Kinds, http: Http, url: str) -> Callable[[], tuple[Article, Response]]:
    def fetch() -> tuple[Article, Response]:
        response = http.get(url)
        return _read_page(installed, response), response

    return fetch


def _read_page(installed: Kinds, response: Response) -> Article:
    from narrate.read.article import KIND_OF_CONTENT_TYPE, parse_bytes

    kind = KIND_OF_CONTENT_TYPE.get(response.content_type)
    if kind is not None:
        article = parse_bytes(response.data, response.url, kind, response.charset)
        return article if article.meta.source else replace(article, meta=replace(article.meta, source=response.url))
    reader = installed.for_content_type(response.content_type)
    if reader is None:
        raise InputError(f"{response.url}: not an article (content type {response.content_type})")
    return reader.read_bytes(response.data, response.url)


def _ready(item: Item, fetched, settings: Settings, store: Store, snapshot_dir: Path) -> Ready | None:
    if item.snapshot:
        article, digest = snapshots.load(snapshot_dir / item.snapshot)
        return Ready(item.id, item.identity, item.source, article, digest, article.meta.source or item.url)
    kept = snapshot_dir / snapshots.snapshot_name(item.identity)
    if kept.is_file():  # the database was lost but the snapshot was not: no network needed
        article, _ = snapshots.load(kept)
        return _accept(item, article, None, settings, store, snapshot_dir)
    if fetched is None:
        raise InputError(f"{item.identity}: nothing to read (no text and no link)")
    if isinstance(fetched, BaseException):
        raise fetched if isinstance(fetched, NarrateError) else InputError(f"{item.url}: {_reason(fetched, '')}")
    article, response = fetched
    return _accept(item, _with_fallbacks(article, item.meta), response, settings, store, snapshot_dir)


def _accept(
    item: Item, article: Article, response: Response | None, settings: Settings, store: Store, snapshot_dir: Path
) -> Ready | None:
    """Check the article, settle its identity, write its snapshot; None when it is a duplicate."""
    where = item.url or item.identity
    words = _words(article)
    if words < settings.min_words:
        raise InputError(f"{where}: only {words} words extracted: login or paywall?")
    urls = {u for u in (article.meta.source, response.url if response else None) if u and "://" in u}
    keys = sorted(canonical_url(u) for u in urls)
    other = next((store.known((k,)) for k in keys if store.known((k,)) not in (None, item.id)), None)
    if other is not None:
        store.set_status(item.id, "duplicate", f"same article as item {other}")
        return None
    store.add_keys(item.id, keys)
    identity = item.identity
    if item.url and identity == canonical_url(item.url) and article.meta.source and "://" in article.meta.source:
        identity = canonical_url(article.meta.source)  # the page's own canonical URL, before anything is published
    name, digest = snapshots.save(snapshot_dir, identity, article)
    store.resolved(item.id, identity, name)
    return Ready(item.id, identity, item.source, article, digest, article.meta.source or item.url)


def _with_fallbacks(article: Article, meta: ArticleMeta) -> Article:
    """Title, author and date from the entry where the page has none."""
    own = article.meta
    return replace(
        article,
        meta=replace(own, title=own.title or meta.title, author=own.author or meta.author, date=own.date or meta.date),
    )


def _words(article: Article) -> int:
    return sum(len(WORD.findall(text)) for text in article.paragraphs)
