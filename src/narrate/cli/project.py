"""A podcast project: `narrate init`, `narrate build`, `narrate serve` and `narrate episodes`."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from narrate.cli.base import log_to_stderr, progress_printer
from narrate.cli.options import (
    ClusterOption,
    ConfigOption,
    LanguageOption,
    VoicesAlias,
    language_tag,
    setting,
    valid_bitrate,
)
from narrate.cli.publishing import publish_built
from narrate.errors import NarrateError, UsageError


def init(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="Project folder (created if missing).")] = Path("."),
    title: Annotated[str | None, setting("Podcast title.")] = None,
    description: Annotated[str | None, setting("Podcast description.")] = None,
    author: Annotated[str | None, setting("Podcast author.", "NAME")] = None,
    owner_name: Annotated[str | None, setting("Owner's name (itunes:owner).", "NAME")] = None,
    owner_email: Annotated[str | None, setting("Owner's e-mail (itunes:owner, podcast:locked).", "EMAIL")] = None,
    language: Annotated[str | None, setting("Language tag, e.g. en or en-GB.", "TAG")] = None,
    category: Annotated[str | None, setting("Apple Podcasts category.", "NAME")] = None,
    subcategory: Annotated[str | None, setting("Apple Podcasts subcategory.", "NAME")] = None,
    base_url: Annotated[
        str | None, setting("URL where output/ will be served.  [default: http://127.0.0.1:8000/]", "URL")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing narrate.toml.")] = False,
    private: Annotated[
        bool, typer.Option("--private", help="A private feed: a secret path segment in base_url, not listed by apps.")
    ] = False,
) -> None:
    """Create narrate.toml, an articles/ inbox and an output/ folder for a podcast project."""
    from narrate.publish.config import CONFIG_NAME, Podcast, write_config

    if private:
        from narrate.publish.private import with_new_secret

        base_url = with_new_secret(base_url or Podcast.base_url, replace_last=False)

    path = folder / CONFIG_NAME
    if path.exists() and not force:
        raise NarrateError(f"{path}: already exists (use --force to overwrite)")
    podcast = {
        "title": title,
        "description": description,
        "author": author,
        "owner_name": owner_name,
        "owner_email": owner_email,
        "language": language,
        "category": category,
        "subcategory": subcategory,
        "base_url": base_url,
        "private": private or None,
    }
    config = _usage_checked({"podcast": podcast}, "narrate init", root=folder)
    try:
        for target in (folder, config.inbox, config.output):
            target.mkdir(parents=True, exist_ok=True)
        write_config(path, config)
    except OSError as exc:
        raise NarrateError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}; put articles in {config.inbox}/ and run `narrate build`")


def build(
    config_path: ConfigOption = None,
    inbox: Annotated[Path | None, setting("Articles folder (paths.inbox).", "FOLDER")] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FOLDER", show_default=False, help="Output folder (paths.output)."),
    ] = None,
    base_url: Annotated[str | None, setting("podcast.base_url.", "URL")] = None,
    title: Annotated[str | None, setting("podcast.title.")] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", metavar="NAME|PATH", show_default=False, help="Voice profile (voices.profile)."
        ),
    ] = None,
    bitrate: Annotated[str | None, setting("audio.bitrate, e.g. 64k.", "RATE", callback=valid_bitrate)] = None,
    keep_last: Annotated[int | None, setting("retention.keep_last (0: all).", "N", min=0)] = None,
    max_age_days: Annotated[int | None, setting("retention.max_age_days (0: no limit).", "DAYS", min=0)] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would be built, retired and deleted; change nothing.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Report what was done and what was skipped.")
    ] = False,
    language: LanguageOption = None,
    cluster: ClusterOption = None,
    voices: VoicesAlias = None,
    publish_after: Annotated[
        bool, typer.Option("--publish", help="Then publish to [publish].target, as `narrate publish` does.")
    ] = False,
) -> None:
    """Build episodes for new or changed articles in the inbox and rewrite output/feed.xml (cron-safe).

    Silent when it is not on a terminal (cron) unless something fails or -v is given.
    """
    from narrate.publish.build import Terminated, plan
    from narrate.publish.build import build as run_build
    from narrate.publish.config import check_references

    config = _project_config(
        config_path,
        {
            "paths": {"inbox": inbox, "output": out_dir},
            "podcast": {"base_url": base_url, "title": title},
            "voices": {"profile": profile or voices},
            "audio": {"bitrate": bitrate},
            "retention": {"keep_last": keep_last, "max_age_days": max_age_days},
            "cluster": {"scheduler": cluster},
        },
    )
    check_references(config)
    if dry_run:
        _print_plan(plan(config), verbose)
        return
    progress = progress_printer() if verbose or sys.stderr.isatty() else None
    if verbose:
        log_to_stderr(logging.INFO)  # what each article's reader spoke as a note instead of reading
    try:
        report = run_build(config, progress=progress, language=language_tag(language))
    except Terminated:
        typer.echo("narrate: stopped by SIGTERM; the next build finishes the work", err=True)
        raise typer.Exit(143) from None
    for warning in report.warnings:
        typer.echo(f"narrate: warning: {warning}", err=True)
    if verbose:
        for skipped in report.skipped:
            typer.echo(f"skipped {skipped} (not a kind of article narrate reads)")
    if verbose or sys.stdout.isatty():
        typer.echo(_summary(report, config, verbose))
    if publish_after:  # what was built is published even when some articles failed
        publish_built(config, dry_run=False, verbose=verbose)
    if report.failed:
        for where, reason in report.failed:
            typer.echo(f"narrate: failed: {where}: {reason}", err=True)
        typer.echo(
            f"narrate: error: {len(report.failed)} article(s) failed; they are tried again on the next build", err=True
        )
        raise typer.Exit(1)


def _project_config(config_path: Path | None, overrides: dict):
    """narrate.toml (named, or found here or in a parent folder) with CLI overrides; paths given on the command
    line are relative to the current folder, paths in the file to the file's folder."""
    from narrate.publish.config import find_config, load_config

    config_dir = find_config(config_path).parent.resolve()
    cwd = Path.cwd()
    paths = overrides.get("paths", {})
    for key, value in paths.items():
        if value is not None:
            paths[key] = os.path.relpath((cwd / value).resolve(), config_dir)
    _usage_checked(overrides, "command line")
    return load_config(config_path, overrides)


def _usage_checked(settings: dict, source: str, root: Path = Path(".")):
    """Config values given as options, validated on their own: a bad one is a usage error (exit 2)."""
    from narrate.publish.config import ConfigError, config_from_dict

    given = {section: {k: v for k, v in values.items() if v is not None} for section, values in settings.items()}
    try:
        return config_from_dict(given, source=source, root=root)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _summary(report, config, verbose: bool) -> str:
    feed = config.output / "feed.xml"
    episodes = f"{report.in_feed} episode{'s' if report.in_feed != 1 else ''} in the feed"
    if not (report.built or report.failed or report.retired or verbose):
        return f"nothing new; {episodes} ({feed})"
    return (
        f"built {len(report.built)}, unchanged {report.unchanged}, failed {len(report.failed)}, "
        f"retired {len(report.retired)}; {episodes}; feed {'rewritten' if report.feed_written else 'unchanged'}: "
        f"{feed}"
    )


def _print_plan(plan, verbose: bool) -> None:
    for identity in plan.new:
        typer.echo(f"would build {identity} (new)")
    for identity in plan.changed:
        typer.echo(f"would rebuild {identity} (changed)")
    for identity in plan.retire:
        typer.echo(f"would retire {identity}")
    for name in plan.delete:
        typer.echo(f"would delete {name}")
    for where, reason in plan.failed:
        typer.echo(f"would fail {where}: {reason}")
    if verbose:
        for skipped in plan.skipped:
            typer.echo(f"skipped {skipped} (not a kind of article narrate reads)")
    typer.echo(
        f"dry run: {len(plan.new) + len(plan.changed)} to build, {plan.unchanged} unchanged, "
        f"{len(plan.retire)} to retire, {len(plan.delete)} file{'s' if len(plan.delete) != 1 else ''} to delete; "
        "nothing was changed"
    )


def serve(
    config_path: ConfigOption = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FOLDER", show_default=False, help="Folder to serve.  [default: paths.output]"
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(metavar="ADDRESS", help="Address to bind; 0.0.0.0 shares on the LAN (a phone on the same Wi-Fi)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", min=0, max=65535, help="TCP port (0: any free port).")] = 8000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
    auth: Annotated[
        str | None,
        typer.Option(
            "--auth",
            metavar="USER:PASSWORD",
            help="Require HTTP Basic authentication (private feeds).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the output folder over HTTP (GET, HEAD, byte ranges) and print the feed URL.

    / shows output/index.html when there is one, else a list of the feed's episodes.
    """
    from narrate.publish.config import check_references, find_config, load_config
    from narrate.publish.serve import lan_urls, make_server, server_url

    config = None
    if out_dir is None or config_path is not None or find_config(None).is_file():
        config = load_config(config_path)
        check_references(config)
    folder = out_dir if out_dir is not None else config.output if config is not None else Path("output")
    if not folder.is_dir():
        raise NarrateError(f"{folder}: no such folder (run `narrate build` first)")
    if auth is not None and (":" not in auth or not auth.split(":", 1)[0]):
        raise typer.BadParameter("give USER:PASSWORD", param_hint="--auth")
    secret = config.secret if config is not None and out_dir is None else None
    try:
        server = make_server(folder, host, port, quiet=quiet, prefix=secret or "", auth=auth)
    except (OSError, OverflowError) as exc:
        raise NarrateError(f"{host}:{port}: cannot listen: {getattr(exc, 'strerror', None) or exc}") from None
    urls = [url + (f"{secret}/" if secret else "") for url in lan_urls(server) or [server_url(server)]]
    typer.echo(f"Serving {folder} at {urls[0]}" + "".join(f" and {url}" for url in urls[1:]))
    typer.echo(f"Feed: {urls[0]}feed.xml")
    if config is not None and not any(config.podcast.base_url.startswith(url) for url in urls):
        typer.echo(
            f"Note: the feed's episode URLs start with podcast.base_url {config.podcast.base_url}; "
            f"set it to {urls[0]} (and rebuild) to listen through this server."
        )
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def episodes(config_path: ConfigOption = None) -> None:
    """List the episodes in the feed: number, date, length, title and file."""
    from narrate.publish.build import feed_episodes
    from narrate.publish.config import check_references, load_config

    config = load_config(config_path)
    check_references(config)
    rows = feed_episodes(config)
    for row in rows:
        minutes, seconds = divmod(round(row.duration), 60)
        typer.echo(
            f"{row.episode_number:>4}  {row.pub_date:%Y-%m-%d}  {minutes:>3}:{seconds:02d}  "
            f"{row.title}  ({row.file_name})"
        )
    typer.echo(f"{len(rows)} episode{'s' if len(rows) != 1 else ''} in {config.output / 'feed.xml'}")
