"""Texts longer than an engine call should take go to the engine in chunks, joined with a breath.

The engine's memory grows about 1 MB per character it is given (Piper: ~155 MB loaded, ~330 MB
peak at 200 characters, ~930 MB at 800), so a long segment is cut at sentence ends first, then
after clause punctuation, then between words, and the chunks' audio is joined with a short pause.
"""

from __future__ import annotations

import re

from narrate.backends import Backend
from narrate.dsp import to_float, to_pcm, trim_silence
from narrate.errors import BackendError
from narrate.models import Audio, Voice

CHUNK_PAUSE_S = 0.2  # silence between forced chunks: a breath, as at a comma
MAX_CHUNK_CHARS = 200  # longest text one engine call gets: engine memory grows ~1 MB a character (see README)


def synthesize_chunked(backend: Backend, text: str, voice: Voice) -> Audio:
    """One text through one backend, in engine-sized chunks (split_for_engine) joined end to end.
    Any chunk without audio makes the whole text count as without audio, so nothing is skipped."""
    chunks = split_for_engine(text) or [text]
    if len(chunks) == 1:
        return backend.synthesize(chunks[0], voice)
    parts: list[Audio] = []
    for chunk in chunks:
        audio = backend.synthesize(chunk, voice)
        if not audio.pcm:
            return audio
        if parts and audio.sample_rate != parts[0].sample_rate:
            raise BackendError(f"{voice.backend} backend changed sample rate mid-text")
        parts.append(audio)
    return _join_chunks(parts)


def _join_chunks(parts: list[Audio]) -> Audio:
    """Chunks end to end, each trimmed to its speech, with the same short pause at every join
    (the engine pads chunks with silence; left as is, a cut would sound like a stop)."""
    rate = parts[0].sample_rate
    pause = bytes(2 * int(rate * CHUNK_PAUSE_S))
    pieces = []
    for index, part in enumerate(parts):
        pieces += [pause] if index else []
        pieces.append(to_pcm(trim_silence(to_float(part.pcm), rate)))
    return Audio(pcm=b"".join(pieces), sample_rate=rate)


def split_for_engine(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Cut a text the engine would take in one piece into pieces of at most `limit` characters:
    at sentence ends first, then at clause punctuation, then between words; a single word longer
    than `limit` is cut at the limit. A text within the limit is left whole, so normal sentences
    keep their prosody. Nothing but whitespace at the cuts is lost."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    return [chunk.strip() for chunk in _chunks(text, 0, limit) if chunk.strip()]


_CUTS = (
    re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+"),  # after a sentence end (and closing quotes)
    re.compile(r"(?<=[,;:—–])\s+|\s+(?=[—–])"),  # after clause punctuation, around spaced dashes
    re.compile(r"\s+"),
)  # between words


def _chunks(text: str, level: int, limit: int) -> list[str]:
    """Cut at the level's boundaries; neighbours that fit together are packed into one chunk, and
    a piece too long alone is cut at the next finer level (its chunks are not packed with neighbours,
    so every cut falls at the coarsest boundary possible)."""
    if len(text.strip()) <= limit:
        return [text]
    if level == len(_CUTS):  # one word longer than the limit
        word = text.strip()
        cuts = [word[i : i + limit] for i in range(0, len(word), limit)]
        return [*cuts[:-1], cuts[-1] + text[len(text.rstrip()) :]]
    chunks, packed = [], ""
    for piece in _cut(text, _CUTS[level]):
        if len(piece.strip()) > limit:
            chunks += [packed] if packed else []
            chunks += _chunks(piece, level + 1, limit)
            packed = ""
        elif packed and len(packed) + len(piece) > limit:
            chunks.append(packed)
            packed = piece
        else:
            packed += piece
    return chunks + ([packed] if packed else [])


def _cut(text: str, boundary: re.Pattern) -> list[str]:
    pieces, start = [], 0
    for match in boundary.finditer(text):
        if match.end() > start and match.start() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]
