"""Casting: which voice of a profile says each segment of a script.

Narration (title, headings, body) is the narrator's. An unattributed quote gets the profile's
`quote` voice. Each named speaker gets one pool voice for all their quotes:

- Stable across episodes: every speaker ranks the pool by a hash of (their normalised name, voice
  name) and prefers the top voice, so "Ruth Okafor" sounds the same in every episode, and adding
  a voice to a pool moves only the speakers who now prefer it (rendezvous hashing).
- Distinct within an episode: speakers claim voices in order of their normalised names; one whose
  first choice is taken gets their next choice. Only when there are more speakers than pool
  voices do speakers share (each then takes their first choice).
- Pinned: a profile's [cast] table gives a speaker a named voice; in an episode where a pinned
  speaker talks, the other speakers are cast from the rest of the pool (while it lasts).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from narrate.models import QUOTE, Segment, Voice
from narrate.script.names import HONORIFICS


def normalise_name(name: str) -> str:
    """The speaker's identity for casting: case, accents, punctuation and leading titles ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def preference(speaker: str, pool: tuple[Voice, ...]) -> list[Voice]:
    """The pool ordered by this speaker's liking: a pure function of their name and the voice names."""

    def score(voice: Voice) -> bytes:
        return hashlib.sha256(f"{speaker}\0{voice.name}".encode()).digest()

    return sorted(pool, key=score, reverse=True)


def assign(speakers: Iterable[str], pool: tuple[Voice, ...]) -> dict[str, Voice]:
    """Normalised speaker name -> pool voice, distinct while the pool allows."""
    taken: set[str] = set()
    cast: dict[str, Voice] = {}
    for speaker in sorted(set(speakers)):
        ranked = preference(speaker, pool)
        choice = next((v for v in ranked if v.name not in taken), ranked[0])
        taken.add(choice.name)
        cast[speaker] = choice
    return cast


class Casting:
    """Segment -> Voice for one script, the shape voicing.voice_segments expects."""

    def __init__(self, profile, segments: Iterable[Segment]):
        self.profile = profile
        speakers = {normalise_name(s.speaker) for s in segments if s.kind == QUOTE and s.speaker}
        speakers.discard("")
        pins = getattr(profile, "pins", {})
        pinned = {s: profile.voice(pins[s]) for s in speakers if s in pins}
        rest = tuple(v for v in profile.pool if v not in pinned.values()) or profile.pool
        self.speakers = {**(assign(speakers - pinned.keys(), rest) if rest else {}), **pinned}

    def __call__(self, segment: Segment) -> Voice:
        if segment.kind != QUOTE:
            return self.profile.narrator
        speaker = normalise_name(segment.speaker or "")
        if speaker in getattr(self.profile, "pins", {}):
            return self.profile.voice(self.profile.pins[speaker])
        if not speaker or not self.profile.pool:
            return self.profile.quote
        if speaker not in self.speakers:  # a segment that was not in the script given at the start
            self.speakers[speaker] = preference(speaker, self.profile.pool)[0]
        return self.speakers[speaker]
