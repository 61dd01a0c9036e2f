"""Write ID3 tags into a finished MP3 with mutagen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str | None = None
    album: str = "narrate"
    date: str | None = None  # ISO date (YYYY or YYYY-MM-DD)
    genre: str = "Podcast"
    comment: str | None = None


def write_tags(path: Path, tags: Tags) -> None:
    from mutagen.id3 import COMM, ID3, TALB, TCON, TDRC, TIT2, TPE1

    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    if tags.date:
        id3.add(TDRC(encoding=3, text=tags.date))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
    id3.save(path, v2_version=3)
