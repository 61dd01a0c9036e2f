"""The team's own annotated corpus: every rule of reading, quoting and attribution, case by case."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from narrate.read.article import parse_bytes
from narrate.script.segmenter import segment_article

CORPUS = Path(__file__).parent / "corpus" / "segments.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
# Other languages' cases carry their language: one sentence is too short to detect it reliably.
LANGUAGE_CORPUS = CORPUS.with_name("segments_languages.jsonl")
LANGUAGE_CASES = [json.loads(line) for line in LANGUAGE_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_large_enough_and_ids_are_unique():
    assert len(CASES) >= 40
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_language_corpus_covers_the_quote_conventions():
    assert len({case["id"] for case in LANGUAGE_CASES}) == len(LANGUAGE_CASES)
    assert {"de", "fr", "es", "pt", "it", "pl", "sv", "ja"} <= {case["language"] for case in LANGUAGE_CASES}


@pytest.mark.parametrize("case", CASES + LANGUAGE_CASES, ids=[case["id"] for case in CASES + LANGUAGE_CASES])
def test_corpus_case(case):
    article = parse_bytes(case["text"].encode("utf-8"), f"{case['id']}.txt", "text")
    if "language" in case:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, language=case["language"]))
    script = segment_article(article)
    got = [[s.kind, s.text, s.speaker] for s in script.segments]
    assert got == case["segments"], case["rule"]
    if "title" in case:
        assert script.meta.title == case["title"]
    if "author" in case:
        assert script.meta.author == case["author"]
