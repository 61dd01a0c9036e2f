"""Sources besides the inbox that `narrate build` fetches: `narrate add`, `narrate subscribe`, `narrate sources`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from narrate.cli.options import ConfigOption
from narrate.errors import NarrateError


def add(
    url: Annotated[str, typer.Argument(help="An article's http(s) URL.", show_default=False)],
    config_path: ConfigOption = None,
) -> None:
    """Add a URL to the reading list (sources.reading_list); the next `narrate build` voices it."""
    from narrate.publish.config import check_references, load_config
    from narrate.sources.reading_list import append_url

    config = load_config(config_path)
    check_references(config)
    if config.reading_list is None:
        raise NarrateError(f"{config_path or 'narrate.toml'}: sources.reading_list is empty; name a file there")
    added = append_url(config.reading_list, url)
    typer.echo(f"{'added to' if added else 'already in'} {config.reading_list}: {url}")


def subscribe(
    feed: Annotated[
        str, typer.Argument(help="A feed's http(s) URL (RSS or Atom), or an OPML file of feeds.", show_default=False)
    ],
    config_path: ConfigOption = None,
) -> None:
    """Add feeds to sources.feeds in narrate.toml; a new feed gives its newest first_fetch_limit entries."""
    import dataclasses

    from narrate.publish.config import check_references, find_config, load_config, write_config
    from narrate.read.fetch import check_url
    from narrate.sources.feeds import opml_feeds
    from narrate.sources.identity import canonical_url

    if "://" in feed:
        check_url(feed)
        urls = [feed]
    elif Path(feed).is_file():
        urls = opml_feeds(Path(feed))
    else:
        raise NarrateError(f"{feed}: no such file, and not an http(s) feed URL")
    config = load_config(config_path)
    check_references(config)
    known = {canonical_url(u) for u in config.sources.feeds}
    new = []
    for url in urls:
        if canonical_url(url) not in known:
            known.add(canonical_url(url))
            new.append(url)
    if new:
        sources = dataclasses.replace(config.sources, feeds=config.sources.feeds + tuple(new))
        target = find_config(config_path)
        try:
            write_config(target, dataclasses.replace(config, sources=sources))
        except OSError as exc:
            raise NarrateError(f"{target}: cannot write: {exc.strerror or exc}") from None
    typer.echo(
        f"subscribed to {len(new)} new feed(s) ({len(urls) - len(new)} already there); "
        f"{len(config.sources.feeds) + len(new)} in all"
    )


def sources_list(config_path: ConfigOption = None) -> None:
    """Each source: kind, last fetch, status, episodes built, last error (from the last builds; no network)."""
    from narrate.publish.build import STATE_DIR, source_settings
    from narrate.publish.config import check_references, load_config
    from narrate.sources.status import source_rows

    config = load_config(config_path)
    check_references(config)
    rows = source_rows(source_settings(config), config.output / STATE_DIR / "state.db")
    if not rows:
        typer.echo("no sources: `narrate subscribe URL`, `narrate add URL`, or set sources.maildir")
    for row in rows:
        title = f"  ({row.title})" if row.title else ""
        typer.echo(f"{row.kind:<12} {row.location}{title}")
        pending = f", {row.pending} pending" if row.pending else ""
        typer.echo(f"{'':<12} last fetch {row.last_fetch}; {row.status}; {row.episodes} episode(s){pending}")
        if row.error:
            typer.echo(f"{'':<12} last error: {row.error}")
