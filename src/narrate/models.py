"""Plain data passed between the stages: article -> script -> voiced segments -> episode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

NARRATION: Literal["narration"] = "narration"
QUOTE: Literal["quote"] = "quote"
SegmentKind = Literal["narration", "quote"]
# "title" is the spoken title and byline; "heading" a section heading; "body" everything else.
SegmentRole = Literal["body", "heading", "title"]
# Called as work goes: (units done, total units or None when unknown); the one progress callback type.
Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class Block:
    """One unit of an article body: a paragraph of prose or a section heading."""

    text: str
    heading: bool = False
    item: bool = False  # a list item: the reader ends it as a sentence once cruft and teasers are judged


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text; shared by Article, Script and Episode."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 date when known
    source: str | None = None  # path or URL it came from
    image: str | None = None  # cover image path or URL named by the article
    language: str | None = None  # BCP 47 tag when known ("en", "pt-BR")


@dataclass(frozen=True)
class Article:
    """What the reader found in a file, URL or stream, cruft removed."""

    blocks: tuple[Block, ...]
    meta: ArticleMeta = ArticleMeta()

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if not b.heading]


@dataclass(frozen=True)
class Segment:
    """A run of text spoken by one voice: narration, or a quote by one speaker."""

    kind: SegmentKind
    text: str
    speaker: str | None = None
    paragraph: int = 0  # index of the body block it came from
    role: SegmentRole = "body"
    after_break: bool = False  # the first segment after a section separator ("* * *", "___"): a longer pause

    @property
    def heading(self) -> bool:
        return self.role == "heading"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "speaker": self.speaker, "paragraph": self.paragraph}


@dataclass(frozen=True)
class Script:
    """Everything the listener will hear, in order, before any voice is chosen."""

    segments: tuple[Segment, ...]
    meta: ArticleMeta = ArticleMeta()

    def to_dict(self) -> dict:
        return {
            "title": self.meta.title,
            "author": self.meta.author,
            "date": self.meta.date,
            "source": self.meta.source,
            "language": self.meta.language,
            "segments": [s.to_dict() for s in self.segments],
        }


@dataclass(frozen=True)
class Voice:
    """A backend plus its settings: everything needed to say a text the same way twice."""

    name: str
    backend: str
    settings: dict = field(default_factory=dict, hash=False, compare=True)
    lexicon: dict = field(default_factory=dict, hash=False, compare=True)  # word -> spoken form (profile's)
    language: str | None = None  # what it speaks and how its text is read aloud ("en", "pt"); None: English


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@dataclass(frozen=True)
class VoicedSegment:
    segment: Segment
    voice: Voice
    audio: Audio


@dataclass(frozen=True)
class Cue:
    """Where one segment sits in the finished episode, in seconds."""

    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str


@dataclass(frozen=True)
class Episode:
    """A finished, tagged MP3 and what is known about it."""

    path: Path
    title: str  # the article's title, else the file's stem: what the tags and feed call it
    duration: float
    meta: ArticleMeta = ArticleMeta()
    cues: tuple[Cue, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    transcript: Path | None = None  # WebVTT beside the MP3
    chapters_file: Path | None = None  # Podcasting 2.0 JSON chapters beside the MP3
    cover: Path | None = None
