"""Option types and value checks shared by several commands (profile, language, cluster, config, bitrate)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def valid_bitrate(value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(r"(32|40|48|56|64|80|96|112|128|160|192|224|256|320)k", value):
        raise typer.BadParameter(
            f"{value!r} is not an MP3 bitrate (32k, 40k, 48k, 56k, 64k, 80k, 96k, 112k, "
            f"128k, 160k, 192k, 224k, 256k or 320k)"
        )
    return value


def one_of(*choices: str):
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


def language_tag(tag: str | None) -> str | None:
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


def setting(help: str, metavar: str = "TEXT", **extra):
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
