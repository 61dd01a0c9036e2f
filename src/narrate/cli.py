"""The `narrate` command: a thin typer layer over the library."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import NarrateError

state = {"debug": False}


class _NarrateGroup(TyperGroup):
    """Turns a NarrateError into one line on stderr and exit code 1 (a traceback only with --debug)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NarrateError as exc:
            if state["debug"]:
                raise
            typer.echo(f"narrate: error: {exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("narrate: interrupted", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_NarrateGroup,
    help="Turn written articles into produced, multi-voice podcast episodes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"narrate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    state["debug"] = debug


@app.command()
def convert(
    articles: Annotated[list[Path], typer.Argument(help="Article files (.txt or .md).", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="Folder for the MP3 files.")] = Path("output"),
    backend: Annotated[Optional[str], typer.Option(
        "--backend", "-b", help="TTS engine: piper (offline, default) or gtts (Google, online).")] = None,
    bitrate: Annotated[str, typer.Option(help="MP3 bitrate.")] = "64k",
) -> None:
    """Convert article files into MP3 episodes, one per article, in OUTPUT/<slug>.mp3."""
    from .mixer import AudioSettings
    from .pipeline import ConvertOptions, convert as convert_article
    from .voices import load_profile

    options = ConvertOptions(out_dir=out_dir, profile=load_profile(backend=backend),
                             audio=AudioSettings(bitrate=bitrate))
    for article in articles:
        episode = convert_article(article, options)
        typer.echo(f"{episode.path}  ({episode.duration:.0f} s)  {episode.title}")


@app.command()
def segment(
    article: Annotated[Path, typer.Argument(help="Article file to segment.", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Show the script narrate would read: each segment's kind, speaker and text."""
    from .reader import read_article
    from .segmenter import segment_article

    script = segment_article(read_article(article))
    if output_format == "json":
        typer.echo(json.dumps(script.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "table":
        _print_table(script)
    else:
        raise NarrateError(f"unknown --format {output_format!r} (choose table or json)")


def _print_table(script) -> None:
    typer.echo(f"title:  {script.title or '-'}")
    typer.echo(f"author: {script.author or '-'}")
    for seg in script.segments:
        kind = "heading" if seg.heading else seg.kind
        typer.echo(f"{seg.paragraph:>3}  {kind:<9}  {(seg.speaker or '-'):<20}  {seg.text}")


ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", "-c", help="Project config (default: ./narrate.toml).", show_default=False)]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Project folder (created if missing).")] = Path("."),
    title: Annotated[Optional[str], typer.Option(help="Podcast title.", show_default=False)] = None,
    description: Annotated[Optional[str], typer.Option(help="Podcast description.", show_default=False)] = None,
    author: Annotated[Optional[str], typer.Option(help="Podcast author.", show_default=False)] = None,
    owner_name: Annotated[Optional[str], typer.Option(help="Owner's name (itunes:owner).", show_default=False)] = None,
    owner_email: Annotated[Optional[str], typer.Option(help="Owner's e-mail (itunes:owner, podcast:locked).",
                                                       show_default=False)] = None,
    language: Annotated[Optional[str], typer.Option(help="Language tag, e.g. en or en-GB.", show_default=False)] = None,
    category: Annotated[Optional[str], typer.Option(help="Apple Podcasts category.", show_default=False)] = None,
    subcategory: Annotated[Optional[str], typer.Option(help="Apple Podcasts subcategory.", show_default=False)] = None,
    base_url: Annotated[Optional[str], typer.Option(help="URL where output/ will be served.",
                                                    show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing narrate.toml.")] = False,
) -> None:
    """Create narrate.toml, an articles/ inbox and an output/ folder for a podcast project."""
    from .config import CONFIG_NAME, config_from_dict, write_config

    path = folder / CONFIG_NAME
    if path.exists() and not force:
        raise NarrateError(f"{path}: already exists (use --force to overwrite)")
    podcast = {"title": title, "description": description, "author": author, "owner_name": owner_name,
               "owner_email": owner_email, "language": language, "category": category,
               "subcategory": subcategory, "base_url": base_url}
    config = config_from_dict({"podcast": {k: v for k, v in podcast.items() if v is not None}},
                              source="narrate init", root=folder)
    try:
        for target in (folder, config.inbox, config.output):
            target.mkdir(parents=True, exist_ok=True)
        write_config(path, config)
    except OSError as exc:
        raise NarrateError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}; put articles in {config.inbox}/ and run `narrate build`")


@app.command()
def build(
    config_path: ConfigOption = None,
    inbox: Annotated[Optional[Path], typer.Option(help="Articles folder (paths.inbox).", show_default=False)] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output folder (paths.output).",
                                                    show_default=False)] = None,
    base_url: Annotated[Optional[str], typer.Option(help="podcast.base_url.", show_default=False)] = None,
    title: Annotated[Optional[str], typer.Option(help="podcast.title.", show_default=False)] = None,
    profile: Annotated[Optional[str], typer.Option(help="voices.profile.", show_default=False)] = None,
    bitrate: Annotated[Optional[str], typer.Option(help="audio.bitrate, e.g. 64k.", show_default=False)] = None,
    keep_last: Annotated[Optional[int], typer.Option(help="retention.keep_last (0: all).", show_default=False)] = None,
    max_age_days: Annotated[Optional[int], typer.Option(help="retention.max_age_days (0: no limit).",
                                                        show_default=False)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report what was done.")] = False,
) -> None:
    """Build episodes for new or changed articles in the inbox and rewrite output/feed.xml (cron-safe)."""
    from .build import Terminated, build as run_build
    from .config import load_config

    cwd = Path.cwd()
    overrides = {
        "paths": {"inbox": _relative_to(inbox, config_path, cwd), "output": _relative_to(out_dir, config_path, cwd)},
        "podcast": {"base_url": base_url, "title": title},
        "voices": {"profile": profile},
        "audio": {"bitrate": bitrate},
        "retention": {"keep_last": keep_last, "max_age_days": max_age_days},
    }
    config = load_config(config_path, overrides)
    progress = _progress_printer() if verbose or sys.stderr.isatty() else None
    try:
        report = run_build(config, progress=progress)
    except Terminated:
        typer.echo("narrate: stopped by SIGTERM; the next build finishes the work", err=True)
        raise typer.Exit(143) from None
    for warning in report.warnings:
        typer.echo(f"narrate: warning: {warning}", err=True)
    if verbose:
        typer.echo(f"built {len(report.built)}, unchanged {report.unchanged}, failed {len(report.failed)}, "
                   f"retired {len(report.retired)}; feed {'rewritten' if report.feed_written else 'unchanged'}: "
                   f"{config.output / 'feed.xml'}")
    if report.failed:
        for where, reason in report.failed:
            typer.echo(f"narrate: failed: {where}: {reason}", err=True)
        typer.echo(f"narrate: error: {len(report.failed)} article(s) failed; they are tried again on the next build",
                   err=True)
        raise typer.Exit(1)


def _relative_to(path: Optional[Path], config_path: Optional[Path], cwd: Path) -> Optional[str]:
    """A CLI path is relative to the current folder; config paths are relative to the config's folder."""
    if path is None:
        return None
    config_dir = (config_path.parent if config_path else Path(".")).resolve()
    return os.path.relpath((cwd / path).resolve(), config_dir)


def _progress_printer():
    def show(message: str) -> None:
        typer.echo(message, err=True)

    return show


@app.command()
def serve(
    config_path: ConfigOption = None,
    out_dir: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder to serve (default: paths.output).",
                                                    show_default=False)] = None,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 shares on the LAN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port).")] = 8000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
) -> None:
    """Serve the output folder over HTTP (GET, HEAD, byte ranges) and print the feed URL."""
    from .config import CONFIG_NAME, load_config
    from .server import make_server, server_url

    config = None
    if out_dir is None or config_path is not None or Path(CONFIG_NAME).is_file():
        config = load_config(config_path)
    folder = out_dir if out_dir is not None else config.output
    if not folder.is_dir():
        raise NarrateError(f"{folder}: no such folder (run `narrate build` first)")
    try:
        server = make_server(folder, host, port, quiet=quiet)
    except OSError as exc:
        raise NarrateError(f"{host}:{port}: cannot listen: {exc.strerror or exc}") from None
    url = server_url(server)
    typer.echo(f"Serving {folder} at {url}")
    typer.echo(f"Feed: {url}feed.xml")
    if config is not None and not config.podcast.base_url.startswith(url):
        typer.echo(f"Note: the feed's episode URLs start with podcast.base_url {config.podcast.base_url}; "
                   f"set it to {url} (and rebuild) to listen through this server.")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
