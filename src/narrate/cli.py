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
    voices: Annotated[Optional[str], typer.Option(
        "--voices", metavar="NAME|PATH",
        help="Voice profile: a name (default, gtts, single, or one in ./voices or ~/.config/narrate/voices) "
             "or a .toml file. See `narrate voices list`.")] = None,
) -> None:
    """Convert article files into MP3 episodes, one per article, in OUTPUT/<slug>.mp3."""
    from .mixer import AudioSettings
    from .pipeline import ConvertOptions, convert as convert_article

    options = ConvertOptions(out_dir=out_dir, profile=_profile(voices, backend),
                             audio=AudioSettings(bitrate=bitrate))
    for article in articles:
        episode = convert_article(article, options)
        typer.echo(f"{episode.path}  ({episode.duration:.0f} s)  {episode.title}")


def _profile(voices: str | None, backend: str | None):
    from .voices import load_profile

    if voices and backend:
        raise NarrateError("give --voices or --backend, not both (a profile names its backends)")
    return load_profile(voices or "default", backend=backend)


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


voices_app = typer.Typer(help="Voice profiles, TTS backends and Piper voices.", no_args_is_help=True)
app.add_typer(voices_app, name="voices")


@voices_app.command("list")
def voices_list() -> None:
    """Show profiles, backends, and which voices are installed and usable right now."""
    from . import voices as profiles
    from .backends import backend_class, backend_names, backend_origin, get_backend
    from .backends.piper import installed_voices

    typer.echo("Profiles (first found in: " + ", ".join(map(str, profiles.profile_dirs())) + "):")
    for name in profiles.profile_names():
        try:
            profile = profiles.load_profile(name)
        except NarrateError as exc:
            typer.echo(f"  {name:<10} unusable: {exc}")
            continue
        typer.echo(f"  {name:<10} {profile.source}  {profile.description}")
        for role, voice in profile.voices().items():
            settings = " ".join(f"{k}={v}" for k, v in voice.settings.items())
            typer.echo(f"    {role:<14} {voice.backend:<6} {settings:<52} {_usable(get_backend, voice)}")
    typer.echo("Backends (entry-point group narrate.backends):")
    for name in backend_names():
        try:
            kind = "needs the internet" if backend_class(name).needs_network else "offline"
        except NarrateError as exc:
            kind = f"not usable: {exc}"
        typer.echo(f"  {name:<10} {backend_origin(name):<40} {kind}")
    typer.echo("Piper voices installed (narrate voices download NAME adds more):")
    for name, (path, speakers) in installed_voices().items():
        who = f"{len(speakers)} speakers: {', '.join(speakers[:8])}{' ...' if len(speakers) > 8 else ''}" \
            if speakers else "1 speaker"
        typer.echo(f"  {name:<28} {who:<14} {path}")


def _usable(get_backend, voice) -> str:
    try:
        problem = get_backend(voice.backend).check(voice)
    except NarrateError as exc:
        problem = str(exc)
    return "ready" if problem is None else f"not usable: {problem}"


@voices_app.command("preview")
def voices_preview(
    voice: Annotated[str, typer.Argument(
        help="PROFILE:ROLE (default:quote, gtts:narrator, default:low), a ROLE of the default profile, "
             "a PROFILE (its narrator), or a Piper voice MODEL[#SPEAKER].", show_default=False)],
    text: Annotated[Optional[str], typer.Argument(help="What to say (a short sample by default).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Sample file, .mp3 or .wav [default: preview-<voice>.mp3].")] = None,
) -> None:
    """Write a short spoken sample of one voice."""
    from .pipeline import slugify
    from .voices import preview, resolve_voice

    chosen = resolve_voice(voice)
    text = text or f"This is the {chosen.name} voice. The harbour ferry leaves at nine, on time, every night."
    out = out or Path(f"preview-{slugify(voice)}.mp3")
    seconds = preview(chosen, text, out)
    typer.echo(f"{out}  ({seconds:.1f} s)  {voice}")


@voices_app.command("download")
def voices_download(
    name: Annotated[str, typer.Argument(help="Piper voice name, e.g. en_GB-alba-medium.", show_default=False)],
    directory: Annotated[Optional[Path], typer.Option(
        "--dir", help="Where to put it [default: $XDG_DATA_HOME/narrate/piper-voices].")] = None,
) -> None:
    """Fetch a Piper voice (needs the internet) so profiles can name it as `model`."""
    from .backends.piper import download

    typer.echo(f"{download(name, directory)}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
