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
    block = "The harbour board met again on Thursday and agreed, after a long\nand sometimes angry debate, to " \
            "buy a crane.\nThe vote was close."
    assert split_block(block) == ["The harbour board met again on Thursday and agreed, after a long and sometimes "
                                  "angry debate, to buy a crane.", "The vote was close."]


def test_a_wrapped_line_starting_with_by_is_not_a_byline():
    block = "The work will be finished by the end of the year, the council said on\nby the harbour, near the " \
            "old market hall and the fish quay."
    assert len(split_block(block)) == 1
