"""Write ID3 tags, chapters and cover art into a finished MP3 with mutagen.

Tags are saved as ID3v2.3: it is the version every podcast app and desktop player reads (Apple
Podcasts/iTunes, Windows, older Android players; several ignore or mis-read v2.4), and the
chapter frames (CHAP/CTOC) and Apple's podcast frames (PCST, TGID, TDES, WFED) are defined for it.
mutagen turns the v2.4 date frame into v2.3's TYER/TDAT and text into UTF-16 on save.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrate.models import Chapter


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str | None = None
    album: str = "narrate"
    date: str | None = None  # ISO date (YYYY or YYYY-MM-DD)
    genre: str = "Podcast"
    comment: str | None = None  # a short description (COMM)
    description: str | None = None  # the podcast episode description (TDES)
    source_url: str | None = None  # where the article came from (WOAS)
    episode_number: int | None = None  # TRCK, when the episode is in a feed
    feed_url: str | None = None  # WFED, when the episode is in a feed
    episode_id: str | None = None  # TGID: a stable identifier of the episode
    text: str | None = None  # the full text (USLT)
    cover: Path | None = None  # JPEG or PNG (APIC)
    cover_mime: str = "image/png"
    chapters: tuple[Chapter, ...] = ()
    made_from: str | None = None  # TXXX "narrate:source": the article's absolute path or URL
    language: str | None = None  # BCP 47; TLAN and the language of COMM and USLT


SOURCE_DESC = "narrate:source"


def write_tags(path: Path, tags: Tags) -> None:
    from mutagen.id3 import ID3

    id3 = ID3()
    for frame in [*_text_frames(tags), *_podcast_frames(tags), *_chapter_frames(tags.chapters)]:
        id3.add(frame)
    if tags.cover:
        from mutagen.id3 import APIC, PictureType

        id3.add(
            APIC(
                encoding=3,
                mime=tags.cover_mime,
                type=PictureType.COVER_FRONT,
                desc="Cover",
                data=tags.cover.read_bytes(),
            )
        )
    id3.save(path, v2_version=3)


def _text_frames(tags: Tags) -> list:
    from mutagen.id3 import COMM, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TRCK, USLT, WOAS

    from narrate.read.language import iso_639_2

    lang = iso_639_2(tags.language or "en")
    frames: list = [
        TIT2(encoding=3, text=tags.title),
        TALB(encoding=3, text=tags.album),
        TCON(encoding=3, text=tags.genre),
        TLAN(encoding=3, text=lang),
    ]
    if tags.artist:
        frames.append(TPE1(encoding=3, text=tags.artist))
    if tags.date:
        frames.append(TDRC(encoding=3, text=tags.date))
    if tags.comment:
        frames.append(COMM(encoding=3, lang=lang, desc="", text=tags.comment))
    if tags.source_url:
        frames.append(WOAS(url=tags.source_url))
    if tags.episode_number is not None:
        frames.append(TRCK(encoding=3, text=str(tags.episode_number)))
    if tags.text:
        frames.append(USLT(encoding=3, lang=lang, desc="", text=tags.text))
    if tags.made_from:
        from mutagen.id3 import TXXX

        frames.append(TXXX(encoding=3, desc=SOURCE_DESC, text=tags.made_from))
    return frames


def made_from(path: Path) -> str | None:
    """The article an MP3 narrate wrote was made from (its TXXX "narrate:source"), or None."""
    from mutagen import MutagenError
    from mutagen.id3 import ID3

    try:
        frame = ID3(path).get(f"TXXX:{SOURCE_DESC}")
    except (MutagenError, OSError):
        return None
    return str(frame.text[0]) if frame is not None and frame.text else None


def _podcast_frames(tags: Tags) -> list:
    from mutagen.id3 import PCST, TDES, TGID, WFED

    frames: list = [PCST(value=1)]
    if tags.episode_id:
        frames.append(TGID(encoding=3, text=tags.episode_id))
    if tags.description or tags.comment:
        frames.append(TDES(encoding=3, text=tags.description or tags.comment))
    if tags.feed_url:
        frames.append(WFED(encoding=3, url=tags.feed_url))
    return frames


def _chapter_frames(chapters: tuple[Chapter, ...]) -> list:
    """One CHAP per chapter (times in ms, each with its title) and a top-level, ordered CTOC."""
    if not chapters:
        return []
    from mutagen.id3 import CHAP, CTOC, TIT2, CTOCFlags

    ids = [f"chp{i}" for i in range(len(chapters))]
    frames: list = [
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text="Chapters")],
        )
    ]
    for element_id, chapter in zip(ids, chapters):
        frames.append(
            CHAP(
                element_id=element_id,
                start_time=round(chapter.start * 1000),
                end_time=round(chapter.end * 1000),
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )
    return frames
