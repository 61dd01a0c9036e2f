"""`narrate cache info|clear`: the synthesis cache."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from narrate.cli.base import NarrateGroup

cache_app = typer.Typer(
    help="Manage the synthesis cache (audio reused when text and voice are unchanged).",
    cls=NarrateGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
)
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
