"""Voice profiles and casting: which voice says each segment."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import VoiceError
from .models import QUOTE, Segment, Voice


@dataclass(frozen=True)
class Profile:
    name: str
    narrator: Voice
    quote: Voice

    def voice_for(self, segment: Segment) -> Voice:
        return self.quote if segment.kind == QUOTE else self.narrator


# Bundled joe voice for both roles; quotes a deeper, slightly slower "second person" (see backends/piper.py).
BUILTIN_PROFILES = {
    "default": Profile(
        "default",
        narrator=Voice("narrator", "piper", {"model": "en_US-joe-medium"}),
        quote=Voice("quote", "piper", {"model": "en_US-joe-medium", "pitch": 0.84}),
    ),
    "gtts": Profile(
        "gtts",
        narrator=Voice("narrator", "gtts", {"lang": "en", "tld": "com"}),
        quote=Voice("quote", "gtts", {"lang": "en", "tld": "co.uk"}),
    ),
}

BACKEND_PROFILES = {"piper": "default", "gtts": "gtts"}


def load_profile(name: str = "default", backend: str | None = None) -> Profile:
    if backend is not None:
        if backend not in BACKEND_PROFILES:
            raise VoiceError(f"unknown backend {backend!r} (choose from {', '.join(BACKEND_PROFILES)})")
        name = BACKEND_PROFILES[backend]
    try:
        return BUILTIN_PROFILES[name]
    except KeyError:
        raise VoiceError(f"unknown voice profile {name!r} (available: {', '.join(BUILTIN_PROFILES)})") from None
