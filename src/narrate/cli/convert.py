"""`narrate convert` (articles to MP3 episodes) and `narrate segment` (the script narrate would read)."""

from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from narrate.cli.base import log_to_stderr, progress_printer, state
from narrate.cli.options import (
    ClusterOption,
    LanguageOption,
    ProfileOption,
    VoicesAlias,
    language_tag,
    one_of,
    valid_bitrate,
)
from narrate.errors import NarrateError, UsageError


def convert(
    articles: Annotated[
        list[str],
        typer.Argument(
            metavar="ARTICLE",
            help="Article files (.txt, .md, .html), http(s) URLs, or - for stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FOLDER|FILE.mp3",
            show_default=False,
            help="Folder for the episodes; for a single article, the MP3 file to write (its sidecars go beside it).  "
            "[default: output]",
        ),
    ] = None,
    profile: ProfileOption = None,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            "-b",
            metavar="piper|gtts",
            callback=one_of("piper", "gtts"),
            show_default=False,
            help="Short for --profile default (piper: offline) or --profile gtts (Google, online).  [default: piper]",
        ),
    ] = None,
    bitrate: Annotated[
        str, typer.Option(metavar="RATE", callback=valid_bitrate, help="MP3 bitrate (constant).")
    ] = "64k",
    album: Annotated[
        str, typer.Option(metavar="NAME", help="Podcast or collection name (album tag, default cover).")
    ] = "narrate",
    intro: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Audio file played before the title, faded in and out.")
    ] = None,
    outro: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Audio file played after the article, faded in and out.")
    ] = None,
    cover: Annotated[
        Path | None,
        typer.Option(
            metavar="IMAGE",
            show_default=False,
            help="Cover art (JPEG or PNG, square, 1400-3000 px).  [default: one drawn with the album name]",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            show_default=False,
            help="Voicing worker processes; the CPU cores are shared out among them as threads.  "
            "[default: one per two cores]",
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="FOLDER",
            show_default=False,
            help="Synthesis cache folder.  [default: $NARRATE_CACHE_DIR or ~/.cache/narrate]",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Synthesise everything; read and write no cache.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Progress as plain lines when stderr is not a terminal.")
    ] = False,
    language: LanguageOption = None,
    cluster: ClusterOption = None,
    voices: VoicesAlias = None,
) -> None:
    """Convert articles into MP3 episodes: OUTPUT/<slug>.mp3 each, named from the title.

    Beside each MP3: <slug>.vtt (transcript) and <slug>.chapters.json; cover art in its folder too.
    Names are unique: a second article with the same title gets <slug>-2.mp3, and an episode of another
    article already in the folder is never overwritten. Every article is tried; any that fail are
    reported one line each, and the exit code is then 1.
    """
    from narrate.audio.mixer import MixSettings
    from narrate.episode.render import ConvertOptions, check_options
    from narrate.read.article import check_source
    from narrate.voice.cache import SynthesisCache

    if cache_dir is not None:
        # The chosen folder holds everything narrate can make again, for every stage and worker process
        # of this run: synthesis entries and derived model files (Piper's copies, the language model).
        os.environ["NARRATE_CACHE_DIR"] = str(cache_dir.expanduser().resolve())
    out_file = _episode_file(output, len(articles))
    options = ConvertOptions(
        out_dir=out_file.parent if out_file else output or Path("output"),
        profile=_profile(profile or voices, backend),
        audio=MixSettings(bitrate=bitrate),
        album=album,
        intro=intro,
        outro=outro,
        cover=cover,
        jobs=jobs,
        cache=SynthesisCache(cache_dir, enabled=not no_cache),
        language=language_tag(language),
    )
    check_options(options)
    if verbose:
        log_to_stderr(logging.INFO)  # what each article's reader spoke as a note instead of reading
    failed = 0
    good = []
    for article in articles:
        try:
            check_source(article)
            good.append(article)
        except NarrateError as exc:
            failed += _report_failure(exc)
    taken: set[Path] = set()
    with _cluster(cluster, options, verbose) as mixed:
        outcomes = mixed.render(good, options) if mixed else None
        for index, article in enumerate(good, 1):
            try:
                episode = _convert_one(
                    article, options, out_file, taken, index, len(good), verbose, next(outcomes) if outcomes else None
                )
            except NarrateError as exc:
                failed += _report_failure(exc)
                continue
            typer.echo(f"{episode.path}  ({episode.duration:.0f} s)  {episode.title}")
        if mixed and verbose:
            progress_printer()(mixed.traffic.describe())
    if failed:
        if len(articles) > 1:
            typer.echo(f"narrate: error: {failed} of {len(articles)} articles failed", err=True)
        raise typer.Exit(1)


@contextmanager
def _cluster(address: str | None, options, verbose: bool):
    """The Dask cluster to voice on (--cluster), or None."""
    if not address:
        yield None
        return
    from narrate.cluster import Cluster

    say = progress_printer() if verbose else None
    with Cluster.connect(address, options.profile.every_voice(), say=say, warn=_warn) as mixed:
        yield mixed


def _warn(message: str) -> None:
    typer.echo(f"narrate: warning: {message}", err=True)


def _report_failure(exc: NarrateError) -> int:
    if state["debug"]:
        raise exc
    typer.echo(f"narrate: error: {exc}", err=True)
    return 1


def _episode_file(output: Path | None, count: int) -> Path | None:
    """The MP3 file `-o` names for a single article, or None when it names a folder."""
    if output is None or output.is_dir():
        return None
    suffix = output.suffix.lower()
    if suffix in (".wav", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".flac"):
        raise UsageError(f"-o {output}: convert writes MP3 episodes; name a folder or a .mp3 file")
    if suffix != ".mp3":
        return None
    if count > 1:
        raise UsageError(
            f"-o {output}: one file name for {count} articles; give a folder "
            f"(e.g. -o {output.with_suffix('')}) or convert them one at a time"
        )
    return output


def _convert_one(
    source: str, options, out_file: Path | None, taken: set[Path], index: int, count: int, verbose: bool, mixed=None
):
    """One article to an episode; `mixed` is its cluster Outcome (article read, mix made) under --cluster."""
    import dataclasses

    from narrate.episode.render import episode_slug, render_article, unused_episode_path
    from narrate.progress import ArticleProgress
    from narrate.read.article import read_article

    if mixed is not None:
        if mixed.error is not None:
            raise mixed.error
        article, options = mixed.article, mixed.options
    else:
        article = read_article(source)
    path = out_file or unused_episode_path(options.out_dir, episode_slug(article.meta), article.meta.source, taken)
    taken.add(path)
    progress = ArticleProgress(Path(source).name or source, index, count, mode="verbose" if verbose else "auto")
    progress.start()
    try:
        return render_article(
            article, dataclasses.replace(options, out_dir=path.parent, progress=progress), slug=path.stem
        )
    finally:
        progress.finish()


def _profile(name: str | None, backend: str | None):
    from narrate.voice.profiles import load_profile

    if name and backend:
        raise UsageError("give --profile or --backend, not both (a profile names its backends)")
    return load_profile(name or "default", backend=backend)


def segment(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE", help="Article file (.txt, .md, .html), http(s) URL, or - for stdin.", show_default=False
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="table|json",
            callback=one_of("table", "json"),
            help="table (with the voice each speaker gets) or json.",
        ),
    ] = "table",
    profile: ProfileOption = None,
    language: LanguageOption = None,
) -> None:
    """Show the script narrate would read: each segment's kind, speaker and text, and who voices whom."""
    import dataclasses

    from narrate.read.article import read_article
    from narrate.script.segmenter import segment_article

    read = read_article(article)
    meta = dataclasses.replace(read.meta, language=language_tag(language) or read.meta.language or "en")
    script = segment_article(dataclasses.replace(read, meta=meta))
    if output_format == "json":
        typer.echo(json.dumps(script.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_table(script, profile)


def _print_table(script, profile_name: str | None) -> None:
    from narrate.voice.profiles import load_profile

    typer.echo(f"title:  {script.meta.title or '-'}")
    typer.echo(f"author: {script.meta.author or '-'}")
    typer.echo(f"language: {script.meta.language or '-'}")
    profile = load_profile(profile_name or "default")
    try:
        _print_cast(script, profile.for_language(script.meta.language))
    except NarrateError as exc:  # no voice speaks it: the script is still shown
        typer.echo(f"voices: none ({exc})")
    for seg in script.segments:
        kind = "heading" if seg.heading else seg.kind
        typer.echo(f"{seg.paragraph:>3}  {kind:<9}  {(seg.speaker or '-'):<20}  {seg.text}")


def _print_cast(script, profile) -> None:
    from narrate.models import QUOTE

    cast = profile.cast(script.segments)
    typer.echo(f"voices ({profile.name} profile):")
    typer.echo(f"  {'narration':<20}  {profile.narrator.name}")
    shown = set()
    for seg in script.segments:
        who = seg.speaker or "(unattributed quote)"
        if seg.kind == QUOTE and who not in shown:
            shown.add(who)
            typer.echo(f"  {who:<20}  {cast(seg).name}")
