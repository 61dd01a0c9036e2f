"""Split an article's body into narration and quoted speech, each quote with its speaker when known."""

from __future__ import annotations

import re
from bisect import bisect_left

from narrate.models import NARRATION, QUOTE, Article, Script, Segment
from narrate.script.attribution import attribute, lead_in, speech_verb_near
from narrate.script.quotes import Unit, find_quotes

WORD = re.compile(r"\w+")
TITLE_SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "at", "by", "or", "with", "from"}
LEADING_JOIN = re.compile(r"^(?:[\s,;:\u2014\u2013]|--)+")


def segment_article(article: Article) -> Script:
    texts = [None if block.heading else block.text for block in article.blocks]
    units = [unit for unit in find_quotes(texts) if _is_speech(unit, texts)]
    attribute(units, texts)
    segments: list[Segment] = []
    by_block = _spans_by_block(units)
    for index, block in enumerate(article.blocks):
        if block.heading:
            segments.append(Segment(NARRATION, " ".join(block.text.split()), paragraph=index, role="heading"))
        else:
            segments.extend(_split_block(block.text, index, by_block.get(index, [])))
    # A segment of bare punctuation (a stray mark, a dash) has nothing to say and would trouble a TTS engine.
    return Script(segments=tuple(s for s in segments if WORD.search(s.text)), meta=article.meta)


def _is_speech(unit: Unit, texts: list[str | None]) -> bool:
    """Speech, or a scare quote or title that stays narration."""
    if len(unit.spans) > 1:
        return True
    block, start, end = unit.spans[0]
    text = texts[block] or ""
    content = text[start:end]
    words = WORD.findall(content[:400])
    if not words:
        return False
    lead = lead_in(text, start - 1)
    after = text[end + 1:end + 120] if end < len(text) else ""
    if speech_verb_near(lead, after):
        return True
    embedded = bool(WORD.search(lead)) and not lead.rstrip().endswith(":")
    if len(words) >= 4:
        return not (embedded and _looks_like_title(content, words))
    continues = after.lstrip()[:1].islower()
    return not embedded and not continues


def _looks_like_title(content: str, words: list[str]) -> bool:
    if len(words) > 8 or any(mark in content for mark in ".!?,;:"):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


def _spans_by_block(units: list[Unit]) -> dict[int, list]:
    by_block: dict[int, list] = {}
    for unit in units:
        for block, start, end in unit.spans:
            by_block.setdefault(block, []).append((start, end, unit))
    return by_block


def _split_block(text: str, index: int, spans: list) -> list[Segment]:
    marks = sorted({pos for _, _, unit in spans for block, pos in unit.marks if block == index})
    out: list[Segment] = []
    position = 0
    after_quote = False
    for start, end, unit in sorted(spans, key=lambda span: span[0]):
        narration = _clean(_without(text, position, start, marks), after_quote)
        out.append(Segment(NARRATION, narration, paragraph=index))
        out.append(Segment(QUOTE, _clean(text[start:end], False), speaker=unit.speaker, paragraph=index))
        position, after_quote = end, True
    out.append(Segment(NARRATION, _clean(_without(text, position, len(text), marks), after_quote), paragraph=index))
    return out


def _without(text: str, start: int, end: int, marks: list[int]) -> str:
    """text[start:end] less the quote marks at the given positions."""
    pieces, position = [], start
    for mark in marks[bisect_left(marks, start):bisect_left(marks, end)]:
        pieces.append(text[position:mark])
        position = mark + 1
    pieces.append(text[position:end])
    return "".join(pieces)


def _clean(piece: str, after_quote: bool) -> str:
    if after_quote:
        piece = LEADING_JOIN.sub("", piece)
    return " ".join(piece.split())
