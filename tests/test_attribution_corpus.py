"""Who said it: our own annotated news corpus (wire, broadsheet, tabloid, BBC and political styles).

Each case is an article with its quotes in order, each given by its first words, the speaker (or a few
equally right names for it) and the error class it exercises. Accuracy is counted in quoted words, as a
listener hears it. "tune" cases are the ones the rules were developed on. Each held-out part was written
before the code it was first scored with, and scored once; held..held5 were each written before the previous
part's misses were read, held7..held9 after the previous part's misses were fixed. First scores (main's code
before any of this: 0.63, 0.51, 0.63, 0.44, 0.70): held 0.936, held2 0.824, held3 0.959, held4 0.915, held5 0.913,
held6 0.860 (58 quotes), held7 0.813 (50; 0.805 before one annotation error of mine was merged), held8 0.672
(49; 0.635 before two such errors were merged), held9 0.929 (50), held10 0.812 (54, scored with main's code at
4ad60b7), held11 0.785 (51, scored after the held10 rules), pooled 0.853 by words. Rules written from a
part's misses came after its first score, so today every part is held to the target as a regression guard (held8,
with 49 quotes after the merge, is reported but not counted as a held-out part of 50).

    .venv/bin/python tests/test_attribution_corpus.py [SPLIT]    # the table by class, and the misses
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from narrate.models import QUOTE
from narrate.read.article import parse_bytes
from narrate.script.segmenter import segment_article

CORPUS = Path(__file__).parent / "corpus" / "attribution.jsonl"
CASES = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
CLASSES = {"plain", "appositive", "role", "no_attribution", "wrong_entity", "organisation"}
TARGET = 0.92
SPLITS = ("tune", "held", "held2", "held3", "held4", "held5", "held6", "held7", "held8", "held9", "held10", "held11")
HELD_OUT = ("held", "held2", "held3", "held4", "held5", "held6", "held7", "held9", "held10", "held11")
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
# Words that do not change who a speaker is: 'a spokeswoman for the hotel group' = 'the hotel group spokeswoman'.
FILLER = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "at",
    "on",
    "in",
    "to",
    "its",
    "their",
    "one",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "sir",
    "dame",
}


@dataclass(frozen=True)
class Scored:
    case: str
    split: str
    klass: str
    habit: str
    words: int
    gold: tuple[str, ...]
    got: str | None
    found: bool

    @property
    def right(self) -> bool:
        return self.found and self.got is not None and _who(self.got) in {_who(g) for g in self.gold}


def _who(name: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("\u2019", "'")
    words = [re.sub(r"'s$", "", w) for w in WORD.findall(text)]
    return frozenset(w for w in words if w not in FILLER)


def score_case(case: dict) -> list[Scored]:
    script = segment_article(parse_bytes(case["text"].encode("utf-8"), f"{case['id']}.txt", "text"))
    quotes = [s for s in script.segments if s.kind == QUOTE]
    scored, cursor = [], 0
    for gold in case["quotes"]:
        speakers = tuple(gold["speaker"]) if isinstance(gold["speaker"], list) else (gold["speaker"],)
        match = next((i for i in range(cursor, len(quotes)) if quotes[i].text.startswith(gold["starts"])), None)
        if match is None:
            words = len(WORD.findall(_raw_quote(case["text"], gold["starts"])))
            scored.append(Scored(case["id"], case["split"], gold["class"], gold["habit"], words, speakers, None, False))
            continue
        cursor = match + 1
        segment = quotes[match]
        scored.append(
            Scored(
                case["id"],
                case["split"],
                gold["class"],
                gold["habit"],
                len(WORD.findall(segment.text)),
                speakers,
                segment.speaker,
                True,
            )
        )
    return scored


def _raw_quote(text: str, starts: str) -> str:
    begin = text.index(starts)
    end = re.compile("[\u201d\"\u2019'](?!\\w)").search(text, begin)
    return text[begin : end.start() if end else len(text)]


def score_all() -> list[Scored]:
    return [result for case in CASES for result in score_case(case)]


def accuracy(results: list[Scored]) -> float:
    total = sum(r.words for r in results)
    return sum(r.words for r in results if r.right) / total if total else 1.0


def test_corpus_is_large_and_covers_every_class():
    assert len({case["id"] for case in CASES}) == len(CASES)
    quotes = [q for case in CASES for q in case["quotes"]]
    assert len(quotes) >= 150
    for split in HELD_OUT:
        assert sum(len(case["quotes"]) for case in CASES if case["split"] == split) >= 50
    assert {q["class"] for q in quotes} == CLASSES
    assert {case["style"] for case in CASES} >= {"wire", "broadsheet", "tabloid", "bbc", "political"}


@pytest.fixture(scope="module")
def results() -> list[Scored]:
    return score_all()


# Quote finding is not this corpus's subject and was left unchanged: a three-word quote whose speech verb comes
# five words after it ('"I accept that," the director of standards replied') stays narration. It counts as a miss.
NOT_FOUND_AS_QUOTES = {("held2-broadsheet-role-later", "role_of_named")}


def test_every_annotated_quote_is_found(results):
    assert {(r.case, r.habit) for r in results if not r.found} == NOT_FOUND_AS_QUOTES


@pytest.mark.parametrize("split", HELD_OUT)
def test_held_out_attribution_meets_the_target(results, split):
    held = [r for r in results if r.split == split]
    misses = [(r.case, r.habit, r.gold[0], r.got) for r in held if not r.right]
    assert accuracy(held) >= TARGET, misses


def test_tuned_attribution_stays_high(results):
    tune = [r for r in results if r.split == "tune"]
    misses = [(r.case, r.habit, r.gold[0], r.got) for r in tune if not r.right]
    assert accuracy(tune) >= TARGET, misses


@pytest.mark.parametrize("klass", sorted(CLASSES))
def test_each_error_class_is_mostly_right(results, klass):
    """No class may be left behind by an overall average."""
    of_class = [r for r in results if r.klass == klass]
    assert accuracy(of_class) >= 0.85, [(r.case, r.habit, r.gold[0], r.got) for r in of_class if not r.right]


def report(results: list[Scored]) -> str:
    lines = [f"{'class':16} " + " ".join(f"{split:>12}" for split in SPLITS) + f" {'all':>12}"]
    by_class: dict[str, list[Scored]] = defaultdict(list)
    for r in results:
        by_class[r.klass].append(r)
    for klass in [*sorted(by_class), "ALL"]:
        rows = results if klass == "ALL" else by_class[klass]
        cells = []
        for split in (*SPLITS, None):
            part = [r for r in rows if split is None or r.split == split]
            cells.append(f"{accuracy(part):.3f} ({len(part):3d})" if part else f"{'-':>12}")
        lines.append(f"{klass:16} " + " ".join(f"{c:>12}" for c in cells))
    lines.append("")
    lines += [
        f"MISS {r.split} {r.case} [{r.klass}/{r.habit}] gold={r.gold[0]!r} got={r.got!r}"
        + ("" if r.found else " (quote not found)")
        for r in results
        if not r.right
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    only = sys.argv[1] if len(sys.argv) > 1 else None
    print(report([r for r in score_all() if only is None or r.split == only]))
