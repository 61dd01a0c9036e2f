"""What every `narrate` command shares: the group that turns errors into one line and exit codes, the
global flags accepted anywhere on the line, and the printers for log and progress lines on stderr."""

from __future__ import annotations

import logging

import typer
from typer.core import TyperGroup

from narrate.errors import NarrateError

state = {"debug": False}
GLOBAL_FLAGS = ("--debug",)  # accepted before or after the subcommand


class NarrateGroup(TyperGroup):
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


def log_to_stderr(level: int) -> None:
    """narrate's own log lines (what the reader skipped, spoke as a note or dropped) on stderr."""
    logger = logging.getLogger("narrate")
    if not any(getattr(h, "narrate_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.narrate_cli = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(min(level, logger.level or logging.WARNING))


def progress_printer():
    """A `say` callback that writes each progress line to stderr."""

    def show(message: str) -> None:
        typer.echo(message, err=True)

    return show
