"""The `narrate` command: a thin typer layer over the library."""

from __future__ import annotations

import json
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
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, help="Voicing worker processes (default: one per CPU core).")] = None,
    cache_dir: Annotated[Optional[Path], typer.Option(
        "--cache-dir", help="Synthesis cache folder (default: $NARRATE_CACHE_DIR or ~/.cache/narrate).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Synthesise everything; read and write no cache.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Progress as plain lines when stderr is not a terminal.")] = False,
) -> None:
    """Convert article files into MP3 episodes, one per article, in OUTPUT/<slug>.mp3."""
    import dataclasses

    from .cache import SynthesisCache
    from .mixer import AudioSettings
    from .pipeline import ConvertOptions, convert as convert_article
    from .progress import ArticleProgress
    from .voices import load_profile

    options = ConvertOptions(out_dir=out_dir, profile=load_profile(backend=backend),
                             audio=AudioSettings(bitrate=bitrate), jobs=jobs,
                             cache=None if no_cache else SynthesisCache(cache_dir))
    for index, article in enumerate(articles, 1):
        progress = ArticleProgress(article.name, index, len(articles), mode="verbose" if verbose else "auto")
        progress.start()
        try:
            episode = convert_article(article, dataclasses.replace(options, progress=progress))
        finally:
            progress.finish()
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


cache_app = typer.Typer(help="Manage the synthesis cache (audio reused when text and voice are unchanged).",
                        no_args_is_help=True)
app.add_typer(cache_app, name="cache")
CacheDirOption = Annotated[Optional[Path], typer.Option(
    "--cache-dir", help="Cache folder (default: $NARRATE_CACHE_DIR or ~/.cache/narrate).")]


@cache_app.command("info")
def cache_info(cache_dir: CacheDirOption = None) -> None:
    """Show where the cache is, how many entries it holds, its size and its cap."""
    from .cache import SynthesisCache

    info = SynthesisCache(cache_dir).info()
    typer.echo(f"path:    {info.path}")
    typer.echo(f"entries: {info.entries}")
    typer.echo(f"size:    {_megabytes(info.size)}")
    typer.echo(f"cap:     {_megabytes(info.cap)} (NARRATE_CACHE_MAX_MB; least recently used entries go first)")


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOption = None) -> None:
    """Delete every cached segment (they are synthesised again when next needed)."""
    from .cache import SynthesisCache

    cache = SynthesisCache(cache_dir)
    removed = cache.clear()
    typer.echo(f"removed {removed} entries from {cache.root}")


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def main() -> None:
    app()


if __name__ == "__main__":
    main()
