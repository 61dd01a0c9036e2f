"""Sidecar files beside an episode: a WebVTT transcript and Podcasting 2.0 JSON chapters."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from narrate.models import QUOTE, Chapter, Cue, Segment

CHAPTERS_VERSION = "1.2.0"
NARRATOR = "Narrator"
UNNAMED_SPEAKER = "Speaker"


def timestamp(seconds: float) -> str:
    """WebVTT time: HH:MM:SS.mmm."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def voice_name(segment: Segment) -> str:
    if segment.kind == QUOTE:
        return segment.speaker or UNNAMED_SPEAKER
    return NARRATOR


def webvtt(cues: Sequence[Cue], segments: Sequence[Segment]) -> str:
    """One cue per segment, its text in a <v Name> voice span (the narrator or the quoted speaker)."""
    lines = ["WEBVTT", ""]
    for number, (cue, segment) in enumerate(zip(cues, segments, strict=True), start=1):
        name = " ".join(re.sub(r"[<>&]", "", voice_name(segment)).split()) or UNNAMED_SPEAKER
        lines += [
            str(number),
            f"{timestamp(cue.start)} --> {timestamp(cue.end)}",
            f"<v {name}>{_escape(cue.text)}</v>",
            "",
        ]
    return "\n".join(lines)


def chapters_json(chapters: Sequence[Chapter], title: str | None = None) -> str:
    """Podcasting 2.0 JSON chapters: {"version": "1.2.0", "chapters": [{"startTime", "endTime", "title"}]}."""
    document: dict = {"version": CHAPTERS_VERSION}
    if title:
        document["title"] = title
    document["chapters"] = [
        {"startTime": round(c.start, 3), "endTime": round(c.end, 3), "title": c.title} for c in chapters
    ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def chapters_for(
    cues: Sequence[Cue], segments: Sequence[Segment], duration: float, title: str | None
) -> tuple[Chapter, ...]:
    """One chapter per section: the opening (from 0 s, the title) and one at each heading.

    An article with no headings gets the title, then the body, named by its first words.
    """
    starts: list[tuple[float, str]] = [(0.0, title or _opening(segments) or "Start")]
    for cue, segment in zip(cues, segments, strict=True):
        if segment.role == "heading":
            starts.append((cue.start, segment.text))
    if len(starts) == 1:
        body = next(((c, s) for c, s in zip(cues, segments) if s.role == "body"), None)
        if body and title and body[0].start > 0:
            starts.append((body[0].start, _opening([body[1]]) or "The story"))
    ends = [s for s, _ in starts[1:]] + [duration]
    return tuple(Chapter(start, end, name) for (start, name), end in zip(starts, ends))


def _opening(segments: Sequence[Segment], words: int = 6) -> str | None:
    for segment in segments:
        if segment.role != "title" and segment.text.strip():
            split = segment.text.split()
            text = " ".join(split[:words]).rstrip(",;:")
            return text + ("…" if len(split) > words else "")
    return None
