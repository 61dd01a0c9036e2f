"""TTS backends: one small, public plugin interface; engines are found through entry points.

Every engine, the built-in ones included, is registered in the `narrate.backends` entry-point
group. A separate package adds an engine by declaring, in its pyproject.toml:

    [project.entry-points."narrate.backends"]
    myengine = "my_package.module:MyEngineBackend"

and subclassing `Backend`: a `name`, a frozen `Settings` dataclass (what a voice profile may set;
checked when the profile is loaded, with a one-line error naming the file and key), and
`synthesize(text, voice) -> Audio`. An engine that defines `__init__` takes the `Resources` and
passes them to `super().__init__`. Everything else is an optional hook with a sensible default:
`version`, `voice_version`, `check`, `release_memory`, `installed_voices`, `voice_from_spec`,
`download_voice`, `language` (what a voice speaks, so no article is read by a voice trained on another
language).
The host hands each instance its `Resources` (threads, a folder for derived model files); an
engine reads no environment variables or narrate internals to find them.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar, Union

from narrate.errors import VoiceError
from narrate.models import Audio, Voice

ENTRY_POINT_GROUP = "narrate.backends"


@dataclass(frozen=True)
class Resources:
    """What the host lends an engine instance."""

    threads: int | None = None  # intra-op threads the engine may use; None: its own choice
    models_dir: Path | None = None  # where derived model files may be kept; None: make none


@dataclass(frozen=True)
class NoSettings:
    """The settings of an engine that takes none."""


@dataclass(frozen=True)
class InstalledVoice:
    """A voice an engine has ready on this machine (for `narrate voices list`)."""

    name: str
    location: str = ""
    speakers: tuple[str, ...] = ()
    language: str | None = None


class Backend(ABC):
    """A text-to-speech engine. One instance per process (per Resources), reused for every text."""

    name: ClassVar[str]
    # A frozen dataclass, every field with a default; None (plugins that declare none) takes any dict unchecked.
    Settings: ClassVar[type | None] = NoSettings
    needs_network: ClassVar[bool] = False
    # Settings that may name a file: a relative one is taken from the profile's folder when it is there.
    path_settings: ClassVar[tuple[str, ...]] = ()
    # Shown when the engine's own package is missing, e.g. "pip install piper-tts".
    install_hint: ClassVar[str] = ""

    def __init__(self, resources: Resources = Resources()) -> None:
        self.resources = resources

    @abstractmethod
    def synthesize(self, text: str, voice: Voice) -> Audio:
        """Speak `text` with the voice's settings; return mono 16-bit PCM."""

    def settings(self, voice: Voice) -> Any:
        """The voice's settings as this engine's typed `Settings`."""
        return parse_settings(type(self), voice.settings, f"voice {voice.name!r}:")

    def version(self) -> str:
        """Changes whenever the same text and settings may sound different (used in cache keys)."""
        return "0"

    def voice_version(self, voice: Voice) -> str:
        """Identifies the voice data (model files) behind `voice` on this machine: machines that must
        sound the same (cluster workers and their client) compare it. Default: nothing beyond settings."""
        return ""

    def check(self, voice: Voice) -> str | None:
        """Why `voice` cannot be used right now (missing model, no network...), or None if it can."""
        return None

    def release_memory(self) -> None:  # noqa: B027 - an optional hook: doing nothing is the default
        """Give back working memory held between texts (not the loaded models); called when idle."""

    def installed_voices(self) -> list[InstalledVoice]:
        """The voices ready on this machine, for listings; engines without local voices list none."""
        return []

    def language(self, voice: Voice) -> str | None:
        """The language `voice` speaks (BCP 47, e.g. "pt-BR") when the engine can tell; None when it cannot
        (the profile then says which language its voices speak)."""
        return None

    def voice_from_spec(self, spec: str) -> dict | None:
        """Settings for a voice named in this engine's own notation (Piper: MODEL[#SPEAKER]), or
        None when `spec` is not such a name."""
        return None

    def download_voice(self, name: str, directory: Path | None = None) -> Path:
        """Fetch a voice for offline use; engines that cannot say so."""
        raise VoiceError(f"the {self.name} backend has no voices to download")


# -- settings --------------------------------------------------------------------------------------


def parse_settings(backend: type[Backend], data: dict, where: str) -> Any:
    """`data` as the backend's Settings dataclass; VoiceError naming `where` and the key otherwise."""
    cls = backend.Settings
    if cls is None:
        return dict(data)
    hints = typing.get_type_hints(cls)
    allowed = [f.name for f in dataclasses.fields(cls)]
    for key, value in data.items():
        if key not in allowed:
            raise VoiceError(
                f"{where} unknown {backend.name} setting {key!r} (allowed: backend{''.join(', ' + a for a in allowed)})"
            )
        wanted = _allowed_types(hints[key])
        if not _has_type(value, wanted):
            names = " or ".join(t.__name__ for t in wanted if t is not type(None))
            raise VoiceError(f"{where} {key} must be {names}, not {type(value).__name__} {value!r}")
    return cls(**{k: float(v) if _wants_float(hints[k], v) else v for k, v in data.items()})


def _allowed_types(hint) -> tuple[type, ...]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return tuple(t for arg in typing.get_args(hint) for t in _allowed_types(arg))
    return (hint,)


def _has_type(value, allowed: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in allowed
    if isinstance(value, int) and float in allowed:
        return True
    return isinstance(value, allowed)


def _wants_float(hint, value) -> bool:
    allowed = _allowed_types(hint)
    return isinstance(value, int) and not isinstance(value, bool) and float in allowed and int not in allowed


# -- discovery -------------------------------------------------------------------------------------


def _entry_points() -> dict[str, metadata.EntryPoint]:
    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def backend_names() -> list[str]:
    return sorted(_entry_points())


@functools.cache
def backend_class(name: str) -> type[Backend]:
    """The class registered for `name`; cheap: engine packages are imported only when speaking."""
    entry_point = _entry_points().get(name)
    if entry_point is None:
        known = ", ".join(backend_names()) or "none"
        raise VoiceError(
            f"unknown TTS backend {name!r} (installed: {known}); backends are plugins in the "
            f"{ENTRY_POINT_GROUP!r} entry-point group"
        )
    try:
        return entry_point.load()
    except ImportError as exc:
        raise VoiceError(
            f"backend {name!r} is registered by {entry_point.value} but cannot be imported ({exc}); "
            f"install the package that provides it"
        ) from exc


def backend_origin(name: str) -> str:
    """Where the backend comes from: its entry point's `module:Class`."""
    entry_point = _entry_points().get(name)
    return entry_point.value if entry_point else "?"


@functools.cache
def get_backend(name: str, resources: Resources = Resources()) -> Backend:
    """The process-wide instance of the named backend with these resources."""
    return backend_class(name)(resources)
