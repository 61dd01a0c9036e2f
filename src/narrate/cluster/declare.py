"""What a machine would make of a profile's voices: narrate's version, each backend's and each voice's.

The client and every worker compute this for the same voices; a worker whose declaration differs
would fill caches and cast speakers differently, so it is given no work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from narrate.models import Voice


@dataclass(frozen=True)
class Declaration:
    narrate: str
    backends: tuple[tuple[str, str], ...]  # (backend name, Backend.version())
    voices: tuple[tuple[str, str], ...]  # (voice name, Backend.voice_version() or why it is unusable)

    def digest(self) -> str:
        blob = json.dumps([self.narrate, self.backends, self.voices], separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def differences(self, client: Declaration) -> str:
        """The first few ways this (a worker's) declaration differs from the client's, in words."""
        found = []
        if self.narrate != client.narrate:
            found.append(f"narrate {self.narrate} (client {client.narrate})")
        for what, mine, theirs in (("backend", self.backends, client.backends), ("voice", self.voices, client.voices)):
            here, there = dict(mine), dict(theirs)
            for name in sorted(set(here) | set(there)):
                if here.get(name) != there.get(name):
                    found.append(f"{what} {name} {_short(here.get(name))} (client {_short(there.get(name))})")
        return "; ".join(found[:3]) or "same"


def _short(value: str | None) -> str:
    if value is None:
        return "absent"
    return value if len(value) <= 40 else value[:16] + "…"


def declare(voices: Iterable[Voice]) -> Declaration:
    """This process's declaration for `voices` (hashes voice model files once per process)."""
    import narrate.version
    from narrate.backends import get_backend

    backends: dict[str, str] = {}
    fingerprints: dict[str, str] = {}
    for voice in voices:
        try:
            backend = get_backend(voice.backend)
            backends[voice.backend] = backend.version()
            problem = backend.check(voice)
            fingerprints[voice.name] = f"unusable: {problem}" if problem else backend.voice_version(voice)
        except Exception as exc:  # a backend that cannot even load: declared, so the mismatch names it
            backends.setdefault(voice.backend, f"unusable: {exc}")
            fingerprints[voice.name] = f"unusable: {exc}"
    return Declaration(
        narrate=narrate.version.__version__,
        backends=tuple(sorted(backends.items())),
        voices=tuple(sorted(fingerprints.items())),
    )
