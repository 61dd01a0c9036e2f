"""The team's own annotated corpus: every rule of reading, quoting and attribution, case by case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate.read.article import parse_bytes
from narrate.script.segmenter import segment_article

CORPUS = Path(__file__).parent / "corpus" / "segments.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_large_enough_and_ids_are_unique():
    assert len(CASES) >= 40
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case(case):
    script = segment_article(parse_bytes(case["text"].encode("utf-8"), f"{case['id']}.txt", "text"))
    got = [[s.kind, s.text, s.speaker] for s in script.segments]
    assert got == case["segments"], case["rule"]
    if "title" in case:
        assert script.meta.title == case["title"]
    if "author" in case:
        assert script.meta.author == case["author"]
