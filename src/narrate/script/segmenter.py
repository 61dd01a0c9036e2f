"""Split an article's body into narration and quoted speech, each quote with its speaker when known."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import replace

from narrate.models import NARRATION, QUOTE, Article, Script, Segment
from narrate.script import attribution_lang
from narrate.script.attribution import attribute
from narrate.script.languages import words_for
from narrate.script.quotes import Unit, find_quotes
from narrate.script.sentences import lead_in, speech_verb_near
from narrate.script.wordlists import ENGLISH, Rules, rules_for

WORD = re.compile(r"\w+")
# A paragraph made only of these (and spaces) is a section separator: "* * *", "___", "———", "§", "❖", "#".
SEPARATOR = re.compile(
    r"^[\s_*#=~+\-\u2010-\u2015\u2022\u2023\u2043\u2219\u00b7\u25c6\u25c7\u25cf\u25cb\u25aa"
    r"\u25ab\u2756\u2042\u203b\u2727\u2726\u2605\u2606\u00a7\u2766\u2767\u2619\u2e3a\u2e3b"
    r"\u2500-\u257f.\u2026/\\|<>]+$"
)
log = logging.getLogger("narrate.segmenter")
TITLE_SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "at", "by", "or", "with", "from"}
LEADING_JOIN = re.compile(r"^(?:[\s,;:\u2014\u2013]|--)+")


def segment_article(article: Article) -> Script:
    texts = [None if block.heading else block.text for block in article.blocks]
    words = words_for(article.meta.language)
    if words is None:  # English: attribution.py, tuned on English news
        units = [unit for unit in find_quotes(texts) if _is_speech(unit, texts)]
        attribute(units, texts)
    else:  # another language: its word lists (script/languages.py) drive attribution_lang.py
        rules = rules_for(article.meta.language)
        units = [
            unit for unit in find_quotes(texts, dash_dialogue=words.dash_dialogue) if _is_speech(unit, texts, rules)
        ]
        attribution_lang.attribute(units, texts, rules)
    segments: list[Segment] = []
    by_block = _spans_by_block(units)
    after_break = False
    for index, block in enumerate(article.blocks):
        if not has_words(block.text):
            after_break = after_break or _nothing_to_say(block.text, index)
            continue
        if block.heading:
            pieces = [Segment(NARRATION, " ".join(block.text.split()), paragraph=index, role="heading")]
        else:
            # Only letters or digits reach an engine: a dash between two quotes, a stray mark, simply goes.
            pieces = [s for s in _split_block(block.text, index, by_block.get(index, [])) if has_words(s.text)]
        if pieces and after_break and not block.heading:
            pieces[0] = replace(pieces[0], after_break=True)
        after_break = after_break and not pieces
        segments.extend(pieces)
    return Script(segments=tuple(segments), meta=article.meta)


def has_words(text: str) -> bool:
    """Letters or digits: something an engine can say (an underscore, a bullet or an emoji is not)."""
    return any(char.isalnum() for char in text)


def is_separator(text: str) -> bool:
    return bool(text.strip()) and not has_words(text) and bool(SEPARATOR.match(text))


def _nothing_to_say(text: str, index: int) -> bool:
    """A paragraph without letters or digits: True for a separator line ("* * *", "___": a section pause
    before the next paragraph); anything else (emoji, a stray mark) is dropped with a debug line."""
    if is_separator(text):
        return True
    if text.strip():
        log.debug("narrate: nothing to say in paragraph %d (%r): skipped", index, text[:40])
    return False


def _is_speech(unit: Unit, texts: list[str | None], rules: Rules | None = None) -> bool:
    """Speech, or a scare quote or title that stays narration."""
    if len(unit.spans) > 1 or unit.dialogue:
        return True
    opening_block, opening = unit.marks[0]
    if (texts[opening_block] or "")[opening : opening + 1] == "\u300c":
        return True  # Japanese 「」 marks speech; titles take 『』
    block, start, end = unit.spans[0]
    text = texts[block] or ""
    content = text[start:end]
    words = WORD.findall(content[:400])
    if not words:
        return False
    after = text[end + 1 : end + 120] if end < len(text) else ""
    lead = lead_in(text, start - 1, rules or ENGLISH)
    spoken = speech_verb_near(lead, after, rules or ENGLISH)
    if spoken:
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
    for mark in marks[bisect_left(marks, start) : bisect_left(marks, end)]:
        pieces.append(text[position:mark])
        position = mark + 1
    pieces.append(text[position:end])
    return "".join(pieces)


def _clean(piece: str, after_quote: bool) -> str:
    if after_quote:
        piece = LEADING_JOIN.sub("", piece)
    return " ".join(piece.split())
