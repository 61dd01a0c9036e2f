"""Scraped plain text with metadata on consecutive lines (issue 12, part 1): each case in
corpus/scraped_text.jsonl gives the expected title, author and paragraphs read; nothing else is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.read.article import parse_bytes
from narrate.read.text import split_block

CASES = [json.loads(line) for line in (Path(__file__).parent / "corpus" / "scraped_text.jsonl").open(encoding="utf-8")]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_scraped_text_case(case):
    article = parse_bytes(case["text"].encode(), f"{case['id']}.txt", "text")
    assert (article.meta.title, article.meta.author) == (case["title"], case["author"])
    assert article.paragraphs == case["body"]


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_a_hard_wrapped_paragraph_joins_and_a_short_sentence_end_breaks():
    block = (
        "The harbour board met again on Thursday and agreed, after a long\nand sometimes angry debate, to "
        "buy a crane.\nThe vote was close."
    )
    assert split_block(block) == [
        "The harbour board met again on Thursday and agreed, after a long and sometimes angry debate, to buy a crane.",
        "The vote was close.",
    ]


def test_a_wrapped_line_starting_with_by_is_not_a_byline():
    block = (
        "The work will be finished by the end of the year, the council said on\nby the harbour, near the "
        "old market hall and the fish quay."
    )
    assert len(split_block(block)) == 1


PROSE = [
    "Published in 1998, the book sold well.",
    "Posted a letter to the council last week.",
    "Video shows the moment the bridge fell.",
    "Updated figures were released on Monday morning.",
    "The council newsletter, which you can get in the library, lists the times.",
    "Published 12 March, the report found that most of the harbour wall needs work.",
    "Share prices fell sharply.",
    "Follow the river north and you reach the mill.",
    "Tom Field",
    "Harbour Road Junction Works",
    "By the end of the year, the work was done.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_that_merely_looks_like_furniture_is_read(line):
    text = f"A title for the page\n\nThe opening paragraph of the story is here.\n\n{line}\n\nThe end of it.\n"
    article = parse_bytes(text.encode(), "prose.txt", "text")
    assert line in article.paragraphs


@pytest.mark.parametrize("line", PROSE)
def test_prose_that_merely_looks_like_furniture_is_read_from_html(line):
    page = (
        f"<html><head><title>A title for the page</title></head><body><article><h1>A title for the page</h1>"
        f"<p>The opening paragraph of the story is here, and it runs on for a while to look like prose.</p>"
        f"<p>{line}</p><p>The end of it, which is a sentence too.</p></article></body></html>"
    )
    article = parse_bytes(page.encode(), "prose.html", "html")
    assert line in article.paragraphs


@pytest.mark.parametrize("line", ["Dear Readers", "Breaking News", "Editor's Note", "Key Points", "Good Morning"])
def test_a_title_case_greeting_or_label_is_not_an_author(line):
    article = parse_bytes(
        f"The week in the harbour\n\n{line}\n\nThe board met on Thursday.\n".encode(), "a.txt", "text"
    )
    assert article.meta.author is None
    assert article.paragraphs == [line, "The board met on Thursday."]
