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
    bitrate: Annotated[str, typer.Option(help="MP3 bitrate (constant).")] = "64k",
    album: Annotated[str, typer.Option(help="Podcast or collection name (album tag, default cover).")] = "narrate",
    intro: Annotated[Optional[Path], typer.Option(help="Audio file played before the title, faded in and out.")] = None,
    outro: Annotated[Optional[Path], typer.Option(help="Audio file played after the article, faded in and out.")] = None,
    cover: Annotated[Optional[Path], typer.Option(
        help="Cover art (JPEG or PNG, square, 1400-3000 px); default: one drawn with the album name.")] = None,
) -> None:
    """Convert article files into MP3 episodes, one per article, in OUTPUT/<slug>.mp3.

    Beside each MP3: <slug>.vtt (transcript) and <slug>.chapters.json; cover art in OUTPUT too.
    """
    from .mixer import AudioSettings
    from .pipeline import ConvertOptions, convert as convert_article
    from .voices import load_profile

    options = ConvertOptions(out_dir=out_dir, profile=load_profile(backend=backend),
                             audio=AudioSettings(bitrate=bitrate), album=album, intro=intro, outro=outro,
                             cover=cover)
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
