"""Speak each segment of a script through its TTS backend."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .backends import get_backend
from .errors import BackendError, NarrateError
from .models import Segment, VoicedSegment, Voice


def spoken_text(segment: Segment, voice: Voice | None = None) -> str:
    """The text as the engine should hear it: the voice's lexicon, then normalisation for the ear."""
    from .textnorm import for_the_ear

    spoken = for_the_ear(segment.text, voice.lexicon if voice is not None else None)
    return spoken if any(c.isalnum() for c in spoken) else segment.text


def voice_segments(segments: Iterable[Segment], cast: Callable[[Segment], Voice]) -> Iterator[VoicedSegment]:
    """Yield each segment with its audio, in order, one at a time (memory stays bounded)."""
    for segment in segments:
        voice = cast(segment)
        yield VoicedSegment(segment, voice, synthesize(spoken_text(segment, voice), voice))


def synthesize(text: str, voice: Voice):
    backend = get_backend(voice.backend)
    try:
        audio = backend.synthesize(text, voice)
    except NarrateError:
        raise
    except Exception as exc:
        raise BackendError(f"{voice.backend} backend failed on {_excerpt(text)}: {exc}") from exc
    if not audio.pcm:
        raise BackendError(f"{voice.backend} backend returned no audio for {_excerpt(text)}")
    return audio


def _excerpt(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")
