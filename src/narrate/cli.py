"""The `narrate` command: a thin typer layer over the library."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from narrate import __version__
from narrate.errors import NarrateError

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


ClusterOption = typer.Option(
    "--cluster", metavar="SCHEDULER", show_default=False,
    help="Voice and mix on a Dask cluster (tcp://host:8786 or tls://...); needs the cluster extra.")


@app.command()
def convert(
    articles: Annotated[list[str], typer.Argument(
        help="Article files (.txt, .md, .html), http(s) URLs, or - for stdin.", show_default=False)],
    out_dir: Annotated[Path, typer.Option("--output", "-o", help="Folder for the MP3 files.")] = Path("output"),
    backend: Annotated[Optional[str], typer.Option(
        "--backend", "-b", help="TTS engine: piper (offline, default) or gtts (Google, online).")] = None,
    bitrate: Annotated[str, typer.Option(help="MP3 bitrate (constant).")] = "64k",
    album: Annotated[str, typer.Option(help="Podcast or collection name (album tag, default cover).")] = "narrate",
    intro: Annotated[Optional[Path], typer.Option(help="Audio file played before the title, faded in and out.")] = None,
    outro: Annotated[Optional[Path], typer.Option(help="Audio file played after the article, faded in and out.")] = None,
    cover: Annotated[Optional[Path], typer.Option(
        help="Cover art (JPEG or PNG, square, 1400-3000 px); default: one drawn with the album name.")] = None,
    voices: Annotated[Optional[str], typer.Option(
        "--voices", metavar="NAME|PATH",
        help="Voice profile: a name (default, gtts, single, or one in ./voices or ~/.config/narrate/voices) "
             "or a .toml file. See `narrate voices list`.")] = None,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, help="Voicing worker processes; the CPU cores are shared out among them as threads "
                                 "(default: one per two cores).")] = None,
    cache_dir: Annotated[Optional[Path], typer.Option(
        "--cache-dir", help="Synthesis cache folder (default: $NARRATE_CACHE_DIR or ~/.cache/narrate).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Synthesise everything; read and write no cache.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Progress as plain lines when stderr is not a terminal.")] = False,
    cluster: Annotated[Optional[str], ClusterOption] = None,
) -> None:
    """Convert article files into MP3 episodes, one per article, in OUTPUT/<slug>.mp3.

    Beside each MP3: <slug>.vtt (transcript) and <slug>.chapters.json; cover art in OUTPUT too.
    """
    import dataclasses

    from narrate.voice.cache import SynthesisCache
    from narrate.audio.mixer import AudioSettings
    from narrate.episode.render import ConvertOptions, convert as convert_article
    from narrate.progress import ArticleProgress

    options = ConvertOptions(out_dir=out_dir, profile=_profile(voices, backend),
                             audio=AudioSettings(bitrate=bitrate), album=album, intro=intro, outro=outro,
                             cover=cover, jobs=jobs, cache=SynthesisCache(cache_dir, enabled=not no_cache))
    if cluster:
        _convert_on_cluster(articles, options, cluster, verbose)
        return
    for index, article in enumerate(articles, 1):
        progress = ArticleProgress(Path(article).name or article, index, len(articles),
                                   mode="verbose" if verbose else "auto")
        progress.start()
        try:
            episode = convert_article(article, dataclasses.replace(options, progress=progress))
        finally:
            progress.finish()
        typer.echo(f"{episode.path}  ({episode.duration:.0f} s)  {episode.title}")


def _convert_on_cluster(articles: list[str], options, address: str, verbose: bool) -> None:
    """convert, voiced and mixed on a Dask cluster; a failed article is reported and the rest go on."""
    import dataclasses

    from narrate.cluster import Cluster
    from narrate.episode.render import render_article
    from narrate.progress import ArticleProgress

    say = _progress_printer() if verbose else None
    failed = 0
    with Cluster.connect(address, options.profile.voices().values(), say=say, warn=_warn) as cluster:
        for index, outcome in enumerate(cluster.render(articles, options), 1):
            label = Path(str(outcome.source)).name or str(outcome.source)
            progress = ArticleProgress(f"{label} (mixed on {outcome.worker})" if outcome.worker else label, index,
                                       len(articles), mode="verbose" if verbose else "auto")
            progress.start()
            try:
                if outcome.error is not None or outcome.article is None or outcome.options is None:
                    raise outcome.error or NarrateError("no result")
                episode = render_article(outcome.article, dataclasses.replace(outcome.options, progress=progress))
            except Exception as exc:  # as in a build: one bad article does not stop the others
                failed += 1
                typer.echo(f"narrate: failed: {outcome.source}: {str(exc).removeprefix(f'{outcome.source}: ')}", err=True)
                continue
            finally:
                progress.finish()
            typer.echo(f"{episode.path}  ({episode.duration:.0f} s)  {episode.title}")
        if say:
            say(cluster.traffic.describe())
    if failed:
        raise NarrateError(f"{failed} of {len(articles)} article(s) failed")


def _warn(message: str) -> None:
    typer.echo(f"narrate: warning: {message}", err=True)


def _profile(voices: str | None, backend: str | None):
    from narrate.voice.profiles import load_profile

    if voices and backend:
        raise NarrateError("give --voices or --backend, not both (a profile names its backends)")
    return load_profile(voices or "default", backend=backend)


@app.command()
def segment(
    article: Annotated[str, typer.Argument(
        help="Article file (.txt, .md, .html), http(s) URL, or - for stdin.", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Show the script narrate would read: each segment's kind, speaker and text."""
    from narrate.read.article import read_article
    from narrate.script.segmenter import segment_article

    script = segment_article(read_article(article))
    if output_format == "json":
        typer.echo(json.dumps(script.to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "table":
        _print_table(script)
    else:
        raise NarrateError(f"unknown --format {output_format!r} (choose table or json)")


def _print_table(script) -> None:
    typer.echo(f"title:  {script.meta.title or '-'}")
    typer.echo(f"author: {script.meta.author or '-'}")
    for seg in script.segments:
        kind = "heading" if seg.heading else seg.kind
        typer.echo(f"{seg.paragraph:>3}  {kind:<9}  {(seg.speaker or '-'):<20}  {seg.text}")


def _setting(help: str):
    """An option that overrides a config value: no default of its own to show."""
    return typer.Option(help=help, show_default=False)


ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", "-c", help="Project config (default: ./narrate.toml).", show_default=False)]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Project folder (created if missing).")] = Path("."),
    title: Annotated[Optional[str], _setting("Podcast title.")] = None,
    description: Annotated[Optional[str], _setting("Podcast description.")] = None,
    author: Annotated[Optional[str], _setting("Podcast author.")] = None,
    owner_name: Annotated[Optional[str], _setting("Owner's name (itunes:owner).")] = None,
    owner_email: Annotated[Optional[str], _setting("Owner's e-mail (itunes:owner, podcast:locked).")] = None,
    language: Annotated[Optional[str], _setting("Language tag, e.g. en or en-GB.")] = None,
    category: Annotated[Optional[str], _setting("Apple Podcasts category.")] = None,
    subcategory: Annotated[Optional[str], _setting("Apple Podcasts subcategory.")] = None,
    base_url: Annotated[Optional[str], _setting("URL where output/ will be served.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing narrate.toml.")] = False,
) -> None:
    """Create narrate.toml, an articles/ inbox and an output/ folder for a podcast project."""
    from narrate.publish.config import CONFIG_NAME, config_from_dict, write_config

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
    inbox: Annotated[Optional[Path], _setting("Articles folder (paths.inbox).")] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output folder (paths.output).",
                                                    show_default=False)] = None,
    base_url: Annotated[Optional[str], _setting("podcast.base_url.")] = None,
    title: Annotated[Optional[str], _setting("podcast.title.")] = None,
    profile: Annotated[Optional[str], _setting("voices.profile.")] = None,
    bitrate: Annotated[Optional[str], _setting("audio.bitrate, e.g. 64k.")] = None,
    keep_last: Annotated[Optional[int], _setting("retention.keep_last (0: all).")] = None,
    max_age_days: Annotated[Optional[int], _setting("retention.max_age_days (0: no limit).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Report what was done.")] = False,
    cluster: Annotated[Optional[str], ClusterOption] = None,
) -> None:
    """Build episodes for new or changed articles in the inbox and rewrite output/feed.xml (cron-safe)."""
    from narrate.publish.build import Terminated, build as run_build
    from narrate.publish.config import load_config

    cwd = Path.cwd()
    overrides = {
        "paths": {"inbox": _relative_to(inbox, config_path, cwd), "output": _relative_to(out_dir, config_path, cwd)},
        "podcast": {"base_url": base_url, "title": title},
        "voices": {"profile": profile},
        "audio": {"bitrate": bitrate},
        "retention": {"keep_last": keep_last, "max_age_days": max_age_days},
        "cluster": {"scheduler": cluster},
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
    from narrate.publish.config import CONFIG_NAME, load_config
    from narrate.publish.serve import make_server, server_url

    config = None
    if out_dir is None or config_path is not None or Path(CONFIG_NAME).is_file():
        config = load_config(config_path)
    folder = out_dir if out_dir is not None else config.output if config is not None else Path("output")
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

voices_app = typer.Typer(help="Voice profiles, TTS backends and Piper voices.", no_args_is_help=True)
app.add_typer(voices_app, name="voices")


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
            who = (f"{len(ready.speakers)} speakers: {', '.join(ready.speakers[:8])}"
                   f"{' ...' if len(ready.speakers) > 8 else ''}") if ready.speakers else "1 speaker"
            typer.echo(f"  {ready.name:<28} {who:<14} {ready.location}")


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
    from narrate.episode.render import slugify
    from narrate.voice.profiles import preview, resolve_voice

    chosen = resolve_voice(voice)
    text = text or f"This is the {chosen.name} voice. The harbour ferry leaves at nine, on time, every night."
    out = out or Path(f"preview-{slugify(voice)}.mp3")
    seconds = preview(chosen, text, out)
    typer.echo(f"{out}  ({seconds:.1f} s)  {voice}")


@voices_app.command("download")
def voices_download(
    name: Annotated[str, typer.Argument(help="Voice name, e.g. the Piper voice en_GB-alba-medium.",
                                        show_default=False)],
    directory: Annotated[Optional[Path], typer.Option(
        "--dir", help="Where to put it (Piper: $XDG_DATA_HOME/narrate/piper-voices).")] = None,
    backend: Annotated[str, typer.Option("--backend", help="The engine whose voice it is.")] = "piper",
) -> None:
    """Fetch a voice (needs the internet) so profiles can name it as `model`."""
    from narrate.backends import get_backend

    typer.echo(f"{get_backend(backend).download_voice(name, directory)}")


cache_app = typer.Typer(help="Manage the synthesis cache (audio reused when text and voice are unchanged).",
                        no_args_is_help=True)
app.add_typer(cache_app, name="cache")
CacheDirOption = Annotated[Optional[Path], typer.Option(
    "--cache-dir", help="Cache folder (default: $NARRATE_CACHE_DIR or ~/.cache/narrate).")]


@cache_app.command("info")
def cache_info(cache_dir: CacheDirOption = None) -> None:
    """Show where the cache is, how many entries it holds, its size and its cap."""
    from narrate.voice.cache import SynthesisCache

    info = SynthesisCache(cache_dir).info()
    typer.echo(f"path:    {info.path}")
    typer.echo(f"entries: {info.entries}")
    typer.echo(f"size:    {_megabytes(info.size)}")
    typer.echo(f"cap:     {_megabytes(info.cap)} (NARRATE_CACHE_MAX_MB; least recently used entries go first)")
    typer.echo(f"models:  {info.models} derived model files, {_megabytes(info.models_size)} (outside the cap)")


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOption = None) -> None:
    """Delete every cached segment and derived model file (made again when next needed)."""
    from narrate.voice.cache import SynthesisCache

    cache = SynthesisCache(cache_dir)
    removed = cache.clear()
    typer.echo(f"removed {removed} entries from {cache.root}")


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def main() -> None:
    app()


if __name__ == "__main__":
    main()
