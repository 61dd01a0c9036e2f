"""The `narrate` command: a thin typer layer over the library.

This module makes the app and its global options and registers the commands, in the order `narrate --help`
lists them, from one module per family: convert.py, project.py, sources.py, publishing.py, voices.py, cache.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

import typer

from narrate.cli import cache, convert, project, publishing, sources, voices
from narrate.cli.base import NarrateGroup, log_to_stderr, state
from narrate.version import __version__

app = typer.Typer(
    cls=NarrateGroup,
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
        log_to_stderr(logging.DEBUG)


# In the order `narrate --help` lists them; None: the command is named after its function.
COMMANDS: tuple[tuple[str | None, Callable[..., None]], ...] = (
    (None, convert.convert),
    (None, convert.segment),
    (None, project.init),
    (None, project.build),
    (None, sources.add),
    (None, sources.subscribe),
    ("sources", sources.sources_list),
    (None, project.serve),
    (None, project.episodes),
    (None, publishing.publish),
    (None, publishing.check),
)
for name, command in COMMANDS:
    app.command(name)(command)
app.add_typer(voices.voices_app, name="voices")
app.add_typer(cache.cache_app, name="cache")


def main() -> None:
    app(prog_name="narrate")  # also under `python -m narrate`: usage lines and shell completion say narrate
