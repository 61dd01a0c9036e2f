"""The title and byline are read once, and metadata lines right under a pasted title are metadata."""

from __future__ import annotations

import pytest

from narrate.read.article import read_article
from narrate.script.segmenter import segment_article

BODY = (
    "The coast road closed at noon after waves broke over the sea wall.\n\n"
    "Crews expect to reopen it tomorrow once the tide has turned.\n"
)


@pytest.mark.parametrize(
    "head, author, date",
    [
        ("Storm closes coast road\nBy Jo Reed\n\n", "Jo Reed", None),
        ("Storm closes coast road\nJo Reed\n\n", "Jo Reed", None),
        ("Storm closes coast road\nBy Jo Reed\n2024-05-02\n\n", "Jo Reed", "2024-05-02"),
        ("Storm closes coast road\nJo Reed\nMay 2, 2024\n\n", "Jo Reed", "2024-05-02"),
        ("Storm closes coast road\n2 May 2024\n\n", None, "2024-05-02"),
    ],
)
def test_byline_and_date_right_under_the_title(write_article, head, author, date):
    article = read_article(write_article(head + BODY))
    assert article.meta.title == "Storm closes coast road"
    assert article.meta.author == author
    assert article.meta.date == date
    assert article.blocks[0].text.startswith("The coast road closed")


def test_pasted_text_one_paragraph_per_line_keeps_its_title_and_byline(write_article):
    text = (
        "Storm closes coast road\nBy Jo Reed\nThe coast road closed at noon.\nDrivers were sent inland.\n"
        "Crews expect to reopen it tomorrow.\n"
    )
    article = read_article(write_article(text))
    assert (article.meta.title, article.meta.author) == ("Storm closes coast road", "Jo Reed")
    assert [b.text for b in article.blocks] == [
        "The coast road closed at noon.",
        "Drivers were sent inland.",
        "Crews expect to reopen it tomorrow.",
    ]


def test_a_first_line_that_is_a_sentence_is_not_a_title(write_article):
    article = read_article(write_article("The road closed at noon.\nBy then the wall had gone.\n\nMore later.\n"))
    assert article.meta.title is None


def test_front_matter_title_and_the_same_heading_are_read_once(write_article):
    text = "---\ntitle: Storm closes coast road\nauthor: Jo Reed\n---\n\n# Storm closes coast road\n\n" + BODY
    script = segment_article(read_article(write_article(text, "storm.md")))
    assert script.meta.title == "Storm closes coast road"
    assert not any(s.heading for s in script.segments)
    assert "Storm" not in " ".join(s.text for s in script.segments)


def test_a_different_first_heading_is_kept_as_a_section(write_article):
    text = "---\ntitle: Storm closes coast road\n---\n\n# What happened\n\n" + BODY
    script = segment_article(read_article(write_article(text, "storm.md")))
    assert [s.text for s in script.segments if s.heading] == ["What happened"]


def test_html_byline_in_the_body_is_not_read_again(write_article):
    page = """<!DOCTYPE html><html><head><title>Storm closes coast road</title>
<meta name="author" content="Jo Reed"></head><body><article><h1>Storm closes coast road</h1><p>By Jo Reed</p>
<p>The coast road closed at noon after waves broke over the wall, and drivers were sent inland.</p>
<p>Crews expect to reopen it tomorrow morning once the tide has turned and the wall is checked.</p>
</article></body></html>"""
    article = read_article(write_article(page, "storm.html"))
    assert article.meta.author == "Jo Reed"
    assert article.blocks[0].text.startswith("The coast road closed")
    assert not any("Jo Reed" in b.text for b in article.blocks)
