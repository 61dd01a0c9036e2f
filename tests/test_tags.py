"""ID3 tags, chapters and cover art on a real episode, read back by mutagen, eyeD3 and ffmpeg."""

from __future__ import annotations

import dataclasses
import re

import pytest
from mutagen.id3 import ID3

from narrate.audio.ffmpeg import run_ffmpeg
from narrate.episode.render import ConvertOptions, render_script
from narrate.read.article import read_article
from narrate.script.segmenter import segment_article

ARTICLE = """# Ferry timetable changes

By Tomas Berg

From Monday the first boat leaves ten minutes earlier.

## Weekend sailings

On Saturdays an extra crossing runs at noon. "It fills up fast," said a deckhand.

## Fares

Fares stay the same.
"""
URL = "https://news.example.org/ferry-timetable"
FEED = "https://podcast.example.org/feed.xml"


@pytest.fixture(scope="module")
def cover(tmp_path_factory):
    from PIL import Image

    path = tmp_path_factory.mktemp("art") / "art.jpg"
    Image.new("RGB", (1400, 1400), (200, 40, 40)).save(path, format="JPEG")
    return path


@pytest.fixture(scope="module")
def episode(tmp_path_factory, cover):
    folder = tmp_path_factory.mktemp("tags")
    article = folder / "ferry.md"
    article.write_text(ARTICLE)
    script = segment_article(read_article(article))
    script = dataclasses.replace(script, meta=dataclasses.replace(script.meta, date="2026-11-20", source=URL))
    options = ConvertOptions(
        out_dir=folder / "out", album="Island Bulletin", episode_number=12, feed_url=FEED, cover=cover
    )
    return render_script(script, folder / "out" / "ferry-timetable-changes.mp3", options)


@pytest.fixture(scope="module")
def tags(episode):
    return ID3(episode.path)


@pytest.mark.slow
def test_saved_as_id3v2_3(tags):
    assert tags.version[:2] == (2, 3)


def test_text_frames_round_trip(tags):
    assert tags["TIT2"].text == ["Ferry timetable changes"]
    assert tags["TPE1"].text == ["Tomas Berg"]
    assert tags["TALB"].text == ["Island Bulletin"]
    assert str(tags["TDRC"].text[0]).startswith("2026")
    assert tags["TCON"].text == ["Podcast"]
    assert tags["TRCK"].text == ["12"]
    assert URL in tags.getall("COMM")[0].text[0]
    assert tags["WOAS"].url == URL


def test_podcast_frames(tags):
    assert tags["PCST"].value == 1
    assert tags["TGID"].text == [URL]
    assert tags["TDES"].text[0].startswith("From Monday the first boat")
    assert tags["WFED"].url == FEED


def test_full_text_as_lyrics(tags):
    lyrics = tags.getall("USLT")[0].text
    assert lyrics.startswith("Ferry timetable changes. By Tomas Berg.")
    assert "\u201cIt fills up fast,\u201d said a deckhand." in lyrics
    assert "Weekend sailings" in lyrics and lyrics.rstrip().endswith("Fares stay the same.")


def test_cover_is_embedded_and_published(tags, episode, cover):
    apic = tags.getall("APIC")[0]
    assert apic.mime == "image/jpeg" and apic.type == 3
    assert apic.data == cover.read_bytes()
    assert episode.cover == episode.path.parent / "cover.jpg"
    assert episode.cover.read_bytes() == cover.read_bytes()


def heading_starts(episode) -> list[float]:
    return [c.start for c in episode.cues if c.text in ("Weekend sailings", "Fares")]


def test_one_chapter_per_section_on_the_segment_timeline(episode):
    titles = [c.title for c in episode.chapters]
    assert titles == ["Ferry timetable changes", "Weekend sailings", "Fares"]
    assert episode.chapters[0].start == 0
    assert [c.start for c in episode.chapters[1:]] == heading_starts(episode)
    assert all(a.end == b.start for a, b in zip(episode.chapters, episode.chapters[1:]))
    assert episode.chapters[-1].end == pytest.approx(episode.duration)


def test_chap_and_ordered_top_level_ctoc(tags, episode):
    toc = tags.getall("CTOC")[0]
    assert toc.flags & 1 and toc.flags & 2  # ordered, top level
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    assert toc.child_element_ids == [f"chp{i}" for i in range(3)]
    for element_id, chapter in zip(toc.child_element_ids, episode.chapters):
        chap = chaps[element_id]
        assert chap.sub_frames["TIT2"].text == [chapter.title]
        assert abs(chap.start_time - chapter.start * 1000) <= 1


def test_ffmpeg_reads_the_chapters_at_the_right_times(episode):
    meta = run_ffmpeg(["-v", "error", "-i", str(episode.path), "-f", "ffmetadata", "-"]).stdout.decode()
    found = sorted(
        (int(start) / 1000, title)
        for start, title in re.findall(r"\[CHAPTER\]\nTIMEBASE=1/1000\nSTART=(-?\d+)\nEND=-?\d+\ntitle=(.*)", meta)
    )
    assert [t for _, t in found] == [c.title for c in episode.chapters]
    for (start, _), chapter in zip(found, episode.chapters):
        assert abs(start - chapter.start) < 0.05


def test_eyed3_reads_the_chapters(episode):
    eyed3 = pytest.importorskip("eyed3")
    eyed3.log.setLevel("ERROR")
    tag = eyed3.load(str(episode.path)).tag
    chapters = sorted(tag.chapters, key=lambda c: c.times.start)
    assert [c.title for c in chapters] == [c.title for c in episode.chapters]
    assert [c.times.start / 1000 for c in chapters] == pytest.approx([c.start for c in episode.chapters], abs=0.002)
    toc = next(iter(tag.table_of_contents))
    assert toc.toplevel and toc.ordered


@pytest.mark.slow
def test_no_feed_means_no_track_or_feed_frames(tmp_path):
    from narrate.models import NARRATION, ArticleMeta, Script, Segment

    script = Script(segments=(Segment(NARRATION, "Short and sweet."),), meta=ArticleMeta(title="Brief"))
    episode = render_script(script, tmp_path / "brief.mp3", ConvertOptions(out_dir=tmp_path))
    tags = ID3(episode.path)
    assert "TRCK" not in tags and "WFED" not in tags
    assert tags["TGID"].text == ["brief"]
    assert [c.title for c in episode.chapters] == ["Brief", "Short and sweet."]


@pytest.mark.slow
@pytest.mark.parametrize("podcast_author, artist", [("Harbour Desk", "Harbour Desk"), ("", "Island Bulletin")])
def test_an_article_without_a_byline_is_by_the_podcasts_author_else_its_title(tmp_path, podcast_author, artist):
    article = tmp_path / "tide.md"
    article.write_text("# Tide tables\n\nThe tide turns at noon.\n")
    script = segment_article(read_article(article))
    assert not script.meta.author
    options = ConvertOptions(out_dir=tmp_path, album="Island Bulletin", author=podcast_author)
    episode = render_script(script, tmp_path / "tide-tables.mp3", options)
    assert ID3(episode.path)["TPE1"].text == [artist]
