"""Paragraphs with nothing to say (separator lines, stray symbols, emoji) never reach an engine (issue 12, part 2).

A separator becomes a section pause before the next paragraph; other symbol-only text is dropped; an engine
returning no audio for text with letters is still an error.
"""

from __future__ import annotations

import logging

import pytest

from narrate.audio.mixer import Pauses
from narrate.models import Article, Block, Segment
from narrate.read.article import read_article
from narrate.script.segmenter import is_separator, segment_article

SEPARATORS = [
    "___",
    "_",
    "* * *",
    "***",
    "———",
    "=====",
    "~~~",
    "• • •",
    "§",
    "#",
    "❖",
    "⁂",
    "- - -",
    "——",
    "* * * * *",
    "· · ·",
    "***   ***",
    "◆ ◆ ◆",
    "…",
    "/ / /",
    "<>",
    "=-=-=",
    "———————————————",
    "+++",
]
SYMBOLS_ONLY = ["🎉", "😀 😀 😀", "👏🏽👏🏽", "?!", "&", "@", "%", "\u200b", "(  )", "\u2764\ufe0f", "→", "✔"]
PLAIN = "A quiet harbour\n\nThe first boat left at dawn.\n\n{mark}\n\nBy noon the quay was empty again.\n"


@pytest.mark.parametrize("mark", SEPARATORS)
def test_a_separator_paragraph_becomes_a_section_pause(mark, write_article):
    segments = segment_article(read_article(write_article(PLAIN.format(mark=mark)))).segments
    assert [s.text for s in segments] == ["The first boat left at dawn.", "By noon the quay was empty again."]
    assert [s.after_break for s in segments] == [False, True]
    assert Pauses().between(segments[0], segments[1]) == Pauses().before_section


@pytest.mark.parametrize("mark", SYMBOLS_ONLY)
def test_a_symbol_only_paragraph_is_dropped_with_a_debug_line(mark, write_article, caplog):
    with caplog.at_level(logging.DEBUG, logger="narrate.segmenter"):
        segments = segment_article(read_article(write_article(PLAIN.format(mark=mark)))).segments
    assert [s.text for s in segments] == ["The first boat left at dawn.", "By noon the quay was empty again."]
    assert not any(s.after_break for s in segments)
    if mark.strip("\u200b").strip():
        assert "nothing to say" in caplog.text


@pytest.mark.parametrize("mark", ["***", "___", "- - -", "* * *"])
def test_a_markdown_thematic_break_is_a_section_pause(mark, write_article):
    text = f"# A quiet harbour\n\nThe first boat left at dawn.\n\n{mark}\n\nBy noon the quay was empty again.\n"
    segments = segment_article(read_article(write_article(text, "a.md"))).segments
    assert [(s.text, s.after_break) for s in segments] == [
        ("The first boat left at dawn.", False),
        ("By noon the quay was empty again.", True),
    ]


@pytest.mark.parametrize("text", ["¯\\_(ツ)_/¯", "Room 5", "x", "2024", "ünïcödé", "日本"])
def test_text_with_letters_or_digits_is_kept(text):
    segments = segment_article(Article(blocks=(Block(text),))).segments
    assert [s.text for s in segments] == [text]
    assert not is_separator(text)


def test_a_dash_between_two_quotes_goes_without_a_pause():
    segments = segment_article(Article(blocks=(Block("\u201cYes,\u201d \u2014 \u201cno,\u201d she said."),))).segments
    assert all(any(c.isalnum() for c in s.text) for s in segments)
    assert not any(s.after_break for s in segments)


def test_separators_at_the_edges_and_in_a_row_make_one_pause():
    blocks = tuple(Block(t) for t in ["***", "One.", "___", "~~~", "Two.", "• • •"])
    segments = segment_article(Article(blocks=blocks)).segments
    assert [(s.text, s.after_break) for s in segments] == [("One.", True), ("Two.", True)]


def test_a_heading_after_a_separator_keeps_the_heading_pause():
    blocks = (Block("One."), Block("* * *"), Block("Part two", heading=True), Block("Two."))
    segments = segment_article(Article(blocks=blocks)).segments
    assert [s.after_break for s in segments] == [False, False, False]


def test_the_pause_after_a_separator_is_a_section_pause():
    one = Segment("narration", "One.", paragraph=0)
    two = Segment("narration", "Two.", paragraph=2, after_break=True)
    assert Pauses().between(one, two) == Pauses().before_section > Pauses().paragraph


@pytest.mark.slow
def test_an_article_full_of_separators_converts_with_real_piper(tmp_path):
    from narrate.episode.render import ConvertOptions, convert

    article = tmp_path / "marks.txt"
    article.write_text(
        "Marks on the page\n\nThe ferry ran.\n\n___\n\nIt rained.\n\n* * *\n\n\U0001f389\n\n\u00a7\n\nThe end.\n\n_\n"
    )
    episode = convert(article, ConvertOptions(out_dir=tmp_path / "out", cache=None, jobs=1))
    assert episode.path.stat().st_size > 0
    cues = [cue.text for cue in episode.cues]
    assert cues[-3:] == ["The ferry ran.", "It rained.", "The end."]


def test_html_rules_and_separator_paragraphs_are_section_pauses():
    from narrate.read.article import parse_bytes

    part = "part of the story is long enough to be kept by the extractor as text."
    page = (
        f"<html><head><title>Parts</title></head><body><article><h1>Parts</h1><p>The first {part}</p><hr>"
        f"<p>The second {part}</p><p>* * *</p><p>The third {part}</p><p>___</p><p>The fourth {part}</p>"
        "</article></body></html>"
    )
    segments = segment_article(parse_bytes(page.encode(), "parts.html", "html")).segments
    assert [(s.text.split()[1], s.after_break) for s in segments] == [
        ("first", False),
        ("second", True),
        ("third", True),
        ("fourth", True),
    ]
