"""TTS backends: one small interface, engines found through the `narrate.backends` entry-point group.

A backend is a class with a `name`, and a `synthesize(text, voice) -> Audio` method; optionally
`settings_schema` (setting -> allowed types, so profiles are checked when loaded), `check(voice)`
(why a voice cannot be used right now), `version()`, `voice_version(voice)` and `release_memory()`. A separate package adds an engine by
declaring, in its pyproject.toml:

    [project.entry-points."narrate.backends"]
    myengine = "my_package.module:MyEngineBackend"
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from importlib import metadata
from typing import ClassVar

from narrate.errors import VoiceError
from narrate.models import Audio, Voice

ENTRY_POINT_GROUP = "narrate.backends"

# Always available, even when narrate runs from a source tree that is not installed.
BUILTIN = {
    "piper": "narrate.backends.piper:PiperBackend",
    "gtts": "narrate.backends.gtts:GTTSBackend",
}


class Backend(ABC):
    """A text-to-speech engine. Instances are made once per process and reused for every segment."""

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False
    # Setting name -> allowed types, checked when a profile is loaded; None accepts any settings.
    settings_schema: ClassVar[dict[str, tuple[type, ...]] | None] = None
    # Settings that may name a file: a relative one is taken from the profile's folder when it is there.
    path_settings: ClassVar[tuple[str, ...]] = ()
    # Shown when the engine's own package is missing, e.g. "pip install piper-tts".
    install_hint: ClassVar[str] = ""

    @abstractmethod
    def synthesize(self, text: str, voice: Voice) -> Audio:
        """Speak `text` with `voice.settings`; return mono 16-bit PCM."""

    def version(self) -> str:
        """Changes whenever the same text and settings may sound different (used in cache keys)."""
        return "0"

    def check(self, voice: Voice) -> str | None:
        """Why `voice` cannot be used right now (missing model, no network...), or None if it can."""
        return None

    def voice_version(self, voice: Voice) -> str:
        """Identifies the installed voice data (model files) behind `voice`; machines that must sound
        the same (cluster workers) compare it. Default: nothing beyond the settings."""
        return ""

    def release_memory(self) -> None:
        """Give back working memory held between texts (not the loaded models); called when idle."""


def backend_names() -> list[str]:
    names = set(BUILTIN)
    names.update(ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))
    return sorted(names)


@functools.cache
def backend_class(name: str) -> type[Backend]:
    """The class registered for `name`; cheap: engine packages are imported only when speaking."""
    return _load_class(name)


def backend_origin(name: str) -> str:
    """Where the backend comes from: its entry point's `module:Class`."""
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.value
    return BUILTIN.get(name, "?")


def _load_class(name: str) -> type[Backend]:
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            try:
                return ep.load()
            except ImportError as exc:
                raise VoiceError(
                    f"backend {name!r} is registered by {ep.value} but cannot be imported ({exc}); "
                    f"install the package that provides it"
                ) from exc
    if name in BUILTIN:
        module_name, _, class_name = BUILTIN[name].partition(":")
        import importlib

        return getattr(importlib.import_module(module_name), class_name)
    known = ", ".join(backend_names())
    raise VoiceError(f"unknown TTS backend {name!r} (installed: {known}); backends are plugins in the "
                     f"{ENTRY_POINT_GROUP!r} entry-point group")


@functools.cache
def get_backend(name: str) -> Backend:
    """The process-wide instance of the named backend."""
    return backend_class(name)()
