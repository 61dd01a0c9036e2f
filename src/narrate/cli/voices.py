"""`narrate voices list|preview|download`: voice profiles, TTS backends and Piper voices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from narrate.cli.base import NarrateGroup
from narrate.errors import NarrateError, UsageError

voices_app = typer.Typer(
    cls=NarrateGroup,
    help="Voice profiles, TTS backends and Piper voices.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@voices_app.command("list")
def voices_list() -> None:
    """Show profiles, backends, and which voices are installed and usable right now."""
    from narrate.backends import backend_class, backend_names, backend_origin, get_backend
    from narrate.voice import profiles

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
    _languages_list(profiles, get_backend)
    typer.echo("Backends (entry-point group narrate.backends):")
    for name in backend_names():
        try:
            kind = "needs the internet" if backend_class(name).needs_network else "offline"
        except NarrateError as exc:
            kind = f"not usable: {exc}"
        typer.echo(f"  {name:<10} {backend_origin(name):<40} {kind}")
    for name in backend_names():
        try:
            installed = get_backend(name).installed_voices()
        except NarrateError:
            continue
        if installed:
            typer.echo(f"{name} voices installed (narrate voices download NAME --backend {name} adds more):")
        for ready in installed:
            who = (
                (
                    f"{len(ready.speakers)} speakers: {', '.join(ready.speakers[:8])}"
                    f"{' ...' if len(ready.speakers) > 8 else ''}"
                )
                if ready.speakers
                else "1 speaker"
            )
            typer.echo(f"  {ready.name:<28} {who:<14} {ready.location}")


def _languages_list(profiles, get_backend) -> None:
    """Per profile, each language it can read and whether all its voices are ready."""
    from narrate.read.language import language_name

    typer.echo('Languages (a profile reads these; add [languages.XX] for more, see README "Other languages"):')
    for name in profiles.profile_names():
        try:
            languages = profiles.load_profile(name).spoken_languages()
        except NarrateError:
            continue
        by_state: dict[str, list[str]] = {}
        for code, voices in languages.items():
            problems = sorted({_usable(get_backend, v) for v in voices.voices().values()} - {"ready"})
            by_state.setdefault(problems[0] if problems else "ready", []).append(code)
        for state, codes in by_state.items():
            said = ", ".join(f"{language_name(c)} ({c})" for c in codes) if len(codes) <= 3 else " ".join(codes)
            typer.echo(f"  {name:<10} {said:<22} {state}")


def _usable(get_backend, voice) -> str:
    try:
        problem = get_backend(voice.backend).check(voice)
    except NarrateError as exc:
        problem = str(exc)
    return "ready" if problem is None else f"not usable: {problem}"


@voices_app.command("preview")
def voices_preview(
    voice: Annotated[
        str,
        typer.Argument(
            metavar="VOICE",
            show_default=False,
            help="PROFILE:ROLE (default:quote, gtts:narrator, default:low; gtts:pt.narrator for a language's), a ROLE "
            "of the default profile, a PROFILE (its narrator; with --all every voice), or a Piper voice "
            "MODEL[#SPEAKER].",
        ),
    ],
    text: Annotated[
        str | None, typer.Argument(metavar="TEXT", show_default=False, help="What to say.  [default: a short sample]")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="Sample file, .mp3 or .wav.  [default: preview-<voice>.mp3]",
        ),
    ] = None,
    every_voice: Annotated[
        bool,
        typer.Option("--all", "-a", help="Every voice of the profile VOICE names, one after another, in one file."),
    ] = False,
) -> None:
    """Write a spoken sample of a voice, mixed and levelled like an episode (-19 LUFS, mono)."""
    from narrate.episode.render import slugify
    from narrate.voice.preview import PREVIEW_SUFFIXES, preview
    from narrate.voice.profiles import load_profile, resolve_voice

    out = out or Path(f"preview-{slugify(voice)}{'-all' if every_voice else ''}.mp3")
    if out.suffix.lower() not in PREVIEW_SUFFIXES:
        raise UsageError(f"-o {out}: a preview is written as .mp3 or .wav (the name's extension picks which)")
    if every_voice:
        profile = load_profile(voice.partition(":")[0])
        chosen = list(profile.voices().values())
        samples = [(v, text or f"This is the {v.name} voice of the {profile.name} profile.") for v in chosen]
    else:
        from narrate.script.languages import words_for

        one = resolve_voice(voice)
        words = words_for(one.language)  # a sample in the voice's own language
        english = f"This is the {one.name} voice. The harbour ferry leaves at nine, on time, every night."
        samples = [(one, text or (words.sample if words else english) or "1, 2, 3.")]
    seconds = preview(samples, out)
    typer.echo(f"{out}  ({seconds:.1f} s)  {voice}{' (every voice)' if every_voice else ''}")


@voices_app.command("download")
def voices_download(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="Voice name, e.g. the Piper voice en_GB-alba-medium.", show_default=False),
    ],
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            metavar="FOLDER",
            show_default=False,
            help="Where to put it.  [default for Piper: $XDG_DATA_HOME/narrate/piper-voices]",
        ),
    ] = None,
    backend: Annotated[str, typer.Option("--backend", metavar="NAME", help="The engine whose voice it is.")] = "piper",
) -> None:
    """Fetch a voice (needs the internet) so profiles can name it as `model`."""
    from narrate.backends import get_backend

    typer.echo(f"{get_backend(backend).download_voice(name, directory)}")
