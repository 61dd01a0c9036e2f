"""The `narrate` command: a thin typer layer over the library."""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from narrate.errors import NarrateError, UsageError
from narrate.version import __version__

state = {"debug": False}
GLOBAL_FLAGS = ("--debug",)  # accepted before or after the subcommand


class _NarrateGroup(TyperGroup):
    """Turns a NarrateError into one line on stderr and exit code 1, or 2 for a usage error (a traceback
    only with --debug); global flags may follow the subcommand."""

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            args = _global_flags_first(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if param.param_type_name == "argument":
                _plain_argument(param)
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NarrateError as exc:
            if state["debug"]:
                raise
            typer.echo(f"narrate: error: {exc}", err=True)
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None
        except KeyboardInterrupt:
            typer.echo("narrate: interrupted", err=True)
            raise typer.Exit(130) from None


def _plain_argument(param) -> None:
    """Show an argument as `ARTICLE...` or `[TEXT]`, not with a `<list[str]>` type or in braces."""
    shown = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
    param.display_type_rich = lambda ctx: None
    param._rich_display_name = lambda: shown
    param._usage_display_name = lambda: shown if param.required else f"[{shown}]"


def _global_flags_first(args: list[str]) -> list[str]:
    """`narrate convert x.md --debug` means `narrate --debug convert x.md` (not after a `--`)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    return [*flags, *(a for a in args[:end] if a not in GLOBAL_FLAGS), *args[end:]]


app = typer.Typer(
    cls=_NarrateGroup,
    help="Turn written articles into produced, multi-voice podcast episodes.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: square brackets such as MODEL[#SPEAKER] are text, not markup
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"narrate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks on errors (also after the command).")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    state["debug"] = debug
    if debug:
        _log_to_stderr(logging.DEBUG)


def _log_to_stderr(level: int) -> None:
    """narrate's own log lines (what the reader skipped, spoke as a note or dropped) on stderr."""
    logger = logging.getLogger("narrate")
    if not any(getattr(h, "narrate_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.narrate_cli = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(min(level, logger.level or logging.WARNING))


def _bitrate(value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(r"(32|40|48|56|64|80|96|112|128|160|192|224|256|320)k", value):
        raise typer.BadParameter(
            f"{value!r} is not an MP3 bitrate (32k, 40k, 48k, 56k, 64k, 80k, 96k, 112k, "
            f"128k, 160k, 192k, 224k, 256k or 320k)"
        )
    return value


def _one_of(*choices: str):
    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return check


ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME|PATH",
        show_default=False,
        help="Voice profile: a name (default, gtts, single, or one in ./voices or ~/.config/narrate/voices) "
        "or a .toml file; see `narrate voices list`.  [default: default]",
    ),
]
# The option's name before 0.2; kept working, not shown.
VoicesAlias = Annotated[str | None, typer.Option("--voices", metavar="NAME|PATH", hidden=True)]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        "-l",
        metavar="TAG",
        show_default=False,
        help="The articles' language (en, pt-BR, de ...), whatever they say.  [default: what each article "
        "declares, else detected from its text]",
    ),
]


def _language(tag: str | None) -> str | None:
    from narrate.read.language import normalise_tag

    if tag is not None and normalise_tag(tag) is None:
        raise typer.BadParameter(f"{tag!r} is not a language tag like en, pt or pt-BR", param_hint="--language")
    return normalise_tag(tag)


ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        metavar="SCHEDULER",
        show_default=False,
        help="Voice and mix on a Dask cluster (tcp://host:8786 or tls://...); needs the cluster extra.",
    ),
]


@app.command()
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
            callback=_one_of("piper", "gtts"),
            show_default=False,
            help="Short for --profile default (piper: offline) or --profile gtts (Google, online).  [default: piper]",
        ),
    ] = None,
    bitrate: Annotated[str, typer.Option(metavar="RATE", callback=_bitrate, help="MP3 bitrate (constant).")] = "64k",
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
    from narrate.audio.mixer import AudioSettings
    from narrate.episode.render import ConvertOptions, check_options
    from narrate.read.article import check_source
    from narrate.voice.cache import SynthesisCache

    out_file = _episode_file(output, len(articles))
    options = ConvertOptions(
        out_dir=out_file.parent if out_file else output or Path("output"),
        profile=_profile(profile or voices, backend),
        audio=AudioSettings(bitrate=bitrate),
        album=album,
        intro=intro,
        outro=outro,
        cover=cover,
        jobs=jobs,
        cache=SynthesisCache(cache_dir, enabled=not no_cache),
        language=_language(language),
    )
    check_options(options)
    if verbose:
        _log_to_stderr(logging.INFO)  # what each article's reader spoke as a note instead of reading
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
            _progress_printer()(mixed.traffic.describe())
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

    say = _progress_printer() if verbose else None
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


@app.command()
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
            callback=_one_of("table", "json"),
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
    meta = dataclasses.replace(read.meta, language=_language(language) or read.meta.language or "en")
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


def _setting(help: str, metavar: str = "TEXT", **extra):
    """An option that overrides a config value: no default of its own to show."""
    return typer.Option(help=help, metavar=metavar, show_default=False, **extra)


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        show_default=False,
        help="Project config.  [default: narrate.toml here or in the nearest parent folder]",
    ),
]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="Project folder (created if missing).")] = Path("."),
    title: Annotated[str | None, _setting("Podcast title.")] = None,
    description: Annotated[str | None, _setting("Podcast description.")] = None,
    author: Annotated[str | None, _setting("Podcast author.", "NAME")] = None,
    owner_name: Annotated[str | None, _setting("Owner's name (itunes:owner).", "NAME")] = None,
    owner_email: Annotated[str | None, _setting("Owner's e-mail (itunes:owner, podcast:locked).", "EMAIL")] = None,
    language: Annotated[str | None, _setting("Language tag, e.g. en or en-GB.", "TAG")] = None,
    category: Annotated[str | None, _setting("Apple Podcasts category.", "NAME")] = None,
    subcategory: Annotated[str | None, _setting("Apple Podcasts subcategory.", "NAME")] = None,
    base_url: Annotated[
        str | None, _setting("URL where output/ will be served.  [default: http://127.0.0.1:8000/]", "URL")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing narrate.toml.")] = False,
    private: Annotated[
        bool, typer.Option("--private", help="A private feed: a secret path segment in base_url, not listed by apps.")
    ] = False,
) -> None:
    """Create narrate.toml, an articles/ inbox and an output/ folder for a podcast project."""
    from narrate.publish.config import CONFIG_NAME, Podcast
    from narrate.publish.config_file import write_config

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


@app.command()
def build(
    config_path: ConfigOption = None,
    inbox: Annotated[Path | None, _setting("Articles folder (paths.inbox).", "FOLDER")] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FOLDER", show_default=False, help="Output folder (paths.output)."),
    ] = None,
    base_url: Annotated[str | None, _setting("podcast.base_url.", "URL")] = None,
    title: Annotated[str | None, _setting("podcast.title.")] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", metavar="NAME|PATH", show_default=False, help="Voice profile (voices.profile)."
        ),
    ] = None,
    bitrate: Annotated[str | None, _setting("audio.bitrate, e.g. 64k.", "RATE", callback=_bitrate)] = None,
    keep_last: Annotated[int | None, _setting("retention.keep_last (0: all).", "N", min=0)] = None,
    max_age_days: Annotated[int | None, _setting("retention.max_age_days (0: no limit).", "DAYS", min=0)] = None,
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
    progress = _progress_printer() if verbose or sys.stderr.isatty() else None
    if verbose:
        _log_to_stderr(logging.INFO)  # what each article's reader spoke as a note instead of reading
    try:
        report = run_build(config, progress=progress, language=_language(language))
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
        _publish(config, dry_run=False, verbose=verbose)
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
    from narrate.publish.config_file import find_config, load_config

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


def _progress_printer():
    def show(message: str) -> None:
        typer.echo(message, err=True)

    return show


# Sources: `narrate add`, `narrate subscribe`, `narrate sources` (what `narrate build` fetches besides the inbox).


@app.command()
def add(
    url: Annotated[str, typer.Argument(help="An article's http(s) URL.", show_default=False)],
    config_path: ConfigOption = None,
) -> None:
    """Add a URL to the reading list (sources.reading_list); the next `narrate build` voices it."""
    from narrate.publish.config import check_references
    from narrate.publish.config_file import load_config
    from narrate.sources.reading_list import append_url

    config = load_config(config_path)
    check_references(config)
    if config.reading_list is None:
        raise NarrateError(f"{config_path or 'narrate.toml'}: sources.reading_list is empty; name a file there")
    added = append_url(config.reading_list, url)
    typer.echo(f"{'added to' if added else 'already in'} {config.reading_list}: {url}")


@app.command()
def subscribe(
    feed: Annotated[
        str, typer.Argument(help="A feed's http(s) URL (RSS or Atom), or an OPML file of feeds.", show_default=False)
    ],
    config_path: ConfigOption = None,
) -> None:
    """Add feeds to sources.feeds in narrate.toml; a new feed gives its newest first_fetch_limit entries."""
    import dataclasses

    from narrate.publish.config import check_references
    from narrate.publish.config_file import find_config, load_config, write_config
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


@app.command("sources")
def sources_list(config_path: ConfigOption = None) -> None:
    """Each source: kind, last fetch, status, episodes built, last error (from the last builds; no network)."""
    from narrate.publish.build import STATE_DIR
    from narrate.publish.config import check_references
    from narrate.publish.config_file import load_config
    from narrate.publish.episodes import source_settings
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


@app.command()
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
    from narrate.publish.config import check_references
    from narrate.publish.config_file import find_config, load_config
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


@app.command()
def episodes(config_path: ConfigOption = None) -> None:
    """List the episodes in the feed: number, date, length, title and file."""
    from narrate.publish.build import feed_episodes
    from narrate.publish.config import check_references
    from narrate.publish.config_file import load_config

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


# --- publishing: narrate publish, narrate check (issue 15) ---------------------------------------------------


@app.command()
def publish(
    config_path: ConfigOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be uploaded and deleted.")] = False,
    rotate_secret: Annotated[
        bool,
        typer.Option(
            "--rotate-secret", help="Private feeds: move the show to a new secret path and remove the old one."
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name every object sent or removed.")] = False,
) -> None:
    """Upload what changed in output/ to publish.target: media first, then index.html, then feed.xml."""
    from narrate.publish.config_file import find_config, load_config

    config = load_config(config_path)
    if rotate_secret:
        from narrate.publish.build import rewrite_feed
        from narrate.publish.private import rotate_secret as rotate

        if dry_run:
            raise typer.BadParameter("cannot be combined with --dry-run", param_hint="--rotate-secret")
        config = rotate(find_config(config_path), config)
        for warning in rewrite_feed(config).warnings:
            typer.echo(f"narrate: warning: {warning}", err=True)
    if config.publish.target or not rotate_secret:  # a show only served by `narrate serve` just rotates
        _publish(config, dry_run=dry_run, verbose=verbose)
    if rotate_secret:
        typer.echo(f"new feed URL, give it to your listeners: {config.feed_url}")


def _publish(config, dry_run: bool, verbose: bool) -> None:
    from narrate.publish.sync import publish as run_publish

    say = (lambda message: typer.echo(f"  {message}", err=True)) if verbose else None
    report = run_publish(config, dry_run=dry_run, say=say)
    for warning in report.warnings:
        typer.echo(f"narrate: warning: {warning}", err=True)
    if dry_run:
        for key in report.uploaded:
            typer.echo(f"would upload {key}")
        for key in report.deleted:
            typer.echo(f"would delete {key}")
    typer.echo(
        f"{report.target}: {'would upload' if dry_run else 'uploaded'} {len(report.uploaded)}, "
        f"{'would delete' if dry_run else 'deleted'} {len(report.deleted)}, unchanged {report.unchanged}; "
        f"feed: {config.feed_url}"
    )


@app.command()
def check(
    feed_url: Annotated[str, typer.Argument(help="The published feed's URL (any podcast).", show_default=False)],
    auth: Annotated[
        str | None,
        typer.Option(
            "--auth", metavar="USER:PASSWORD", help="HTTP Basic credentials for a private feed.", show_default=False
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait for each request.")] = 15.0,
) -> None:
    """Check a published show as podcast apps see it; one line per finding; exit 1 on any error."""
    from urllib.parse import urlsplit

    from narrate.publish.check import Fetcher, check_feed
    from narrate.publish.serve import basic_credentials

    if urlsplit(feed_url).scheme not in ("http", "https"):
        raise typer.BadParameter(f"{feed_url!r} is not an http(s) URL", param_hint="FEED_URL")
    authorization = basic_credentials(auth).decode("ascii") if auth else None
    findings = check_feed(feed_url, Fetcher(timeout=timeout, authorization=authorization))
    for finding in findings:
        typer.echo(finding.line())
    errors = sum(f.level == "error" for f in findings)
    typer.echo(f"{feed_url}: {errors} error(s), {len(findings) - errors} warning(s)")
    if errors:
        raise typer.Exit(1)


voices_app = typer.Typer(
    cls=_NarrateGroup,
    help="Voice profiles, TTS backends and Piper voices.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
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
    from narrate.voice.profiles import PREVIEW_SUFFIXES, load_profile, preview, resolve_voice

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


cache_app = typer.Typer(
    help="Manage the synthesis cache (audio reused when text and voice are unchanged).",
    cls=_NarrateGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")
CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="FOLDER",
        show_default=False,
        help="Cache folder.  [default: $NARRATE_CACHE_DIR or ~/.cache/narrate]",
    ),
]


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
    app(prog_name="narrate")  # also under `python -m narrate`: usage lines and shell completion say narrate


if __name__ == "__main__":
    main()
