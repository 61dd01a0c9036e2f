"""Who said each English quote: "X said", "said X", "according to X", "X: ...", pronouns and short names resolved.

The phrase next to each quote is found here; subjects.py reads the speaker in it and people.py resolves it
to a person named in the article.
"""

from __future__ import annotations

import re

from narrate.script.names import DOCUMENTS, head_word
from narrate.script.people import People
from narrate.script.quotes import Unit
from narrate.script.sentences import first_name_in, is_verb, lead_in, lead_out, sentence_ends, split_words
from narrate.script.subjects import APPOSITIVE_REACH, name_after, subject
from narrate.script.wordlists import CONNECTORS, DETERMINERS


def attribute(units: list[Unit], texts: list[str | None]) -> None:
    """Set each quote unit's speaker, in document order."""
    people = People(texts, units)
    previous: Unit | None = None
    for unit in units:
        block, start, _ = unit.spans[0]
        people.advance(block, start)
        if _ends_sentence(texts, unit):
            phrase = _before_phrase(texts[block] or "", start - 1) or _after_phrase(texts, unit, short=True)
        else:
            phrase = _after_phrase(texts, unit) or _before_phrase(texts[block] or "", start - 1)
        speaker = people.resolve(phrase, block, start) if phrase else None
        if speaker is None and previous is not None and _neighbours(previous, unit, texts):
            speaker = previous.speaker
        if speaker is None and start <= 1:
            speaker = people.introduced(block)
        unit.speaker = speaker
        if speaker:
            people.said(speaker, block)
        previous = unit


def _neighbours(previous: Unit, unit: Unit, texts: list[str | None]) -> bool:
    """Continuation: the next sentence of the same paragraph, or a paragraph that opens with the quote.

    Within a paragraph, only the previous quote's own attribution may stand between the two
    ('"...," Booth added, before heading off. "It always has."'); a sentence of narration breaks the run.
    """
    p_block, _, p_end = previous.spans[-1]
    block, start, _ = unit.spans[0]
    if p_block == block:
        between = (texts[block] or "")[p_end + 1 : start - 1]
        first_end = next(sentence_ends(between + " "), None)
        return first_end is None or not re.search(r"\w", between[first_end.end() :])
    return p_block == block - 1 and start <= 1


def _ends_sentence(texts: list[str | None], unit: Unit) -> bool:
    block, start, end = unit.spans[-1]
    return (texts[block] or "")[start:end].rstrip().rstrip("\"'\u201d\u2019)")[-1:] in (".", "!", "?")


# Two-word speech verbs ('the nurse from Hull went on', 'Whitfield fired back').
PHRASAL_VERBS = {("went", "on"), ("fired", "back"), ("hit", "back"), ("shot", "back")}


def _verb_at(tokens: list[str], index: int) -> bool:
    if index and tokens[index][:1].isupper() and tokens[index - 1][:1].isupper():
        return False  # pattern 'part of a name': 'the Evening Post:', 'Sunday Post' ('post' is a speech verb)
    if is_verb(tokens[index]):
        return True
    following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    return (tokens[index].lower(), following) in PHRASAL_VERBS


def _after_phrase(texts: list[str | None], unit: Unit, short: bool = False) -> str | None:
    block, _, end = unit.spans[-1]
    text = texts[block] or ""
    if end >= len(text):
        return None
    after = lead_out(text, end + 1)
    opening = re.search('["\u201c\u2018]', after)
    tokens = split_words(after[: opening.start()] if opening else after)
    while tokens and tokens[0] in ",;:\u2014\u2013-":
        tokens.pop(0)
    for index, token in enumerate(tokens[:APPOSITIVE_REACH]):
        if token == ",":
            continue
        if not token[0].isalnum():
            return None
        if _verb_at(tokens, index) and not (index and tokens[index - 1].lower() in DETERMINERS):
            if short and sum(t[0].isalnum() for t in tokens) > 5:
                return None  # a new sentence reporting other speech, not an attribution
            if index == 0:
                return name_after(tokens[1 if is_verb(token) else 2 :])
            if index > 7 and "," not in tokens[:index]:
                return None  # 'Ana Ruiz, chief economist at Northbank in Madrid, said' reaches further
            return subject(tokens[:index])
    return None


def _before_phrase(text: str, position: int) -> str | None:
    lead = lead_in(text, position)
    if not re.search(r"\w", lead):
        lead = lead_in(text, max(0, position - len(lead) - 1)) if position > len(lead) else ""
    tokens = split_words(lead)
    according = _according_to(tokens)
    if according:
        return according
    for index in range(len(tokens) - 1, -1, -1):
        if _verb_at(tokens, index) and not (index and tokens[index - 1].lower() in DETERMINERS):
            named_after = None if tokens[index].lower() in ADDRESSED else _proper_name_after(tokens[index + 1 :])
            return subject(tokens[:index]) or named_after or first_name_in(tokens)
    if tokens and tokens[-1] == ":":
        return (subject(tokens[:-1]) if len(tokens) <= 6 else None) or first_name_in(tokens)
    return None


# Pattern 'addressee': the name after 'told' is who listened ('a source told The Sun on Sunday:'), not the speaker.
ADDRESSED = {"told", "tells", "tell"}


def _proper_name_after(tokens: list[str]) -> str | None:
    """'... said Ann Lee: "...' (a name, not the start of reported speech)."""
    name = name_after(tokens)
    return name if name and all(w[0].isupper() or w in CONNECTORS for w in name.split()) else None


def _according_to(tokens: list[str]) -> str | None:
    """'according to the mayor' names a speaker; 'according to a transcript' names a document (never a speaker)."""
    lowered = [t.lower() for t in tokens]
    for index in range(len(lowered) - 1):
        if lowered[index] == "according" and lowered[index + 1] == "to":
            source = name_after(tokens[index + 2 :])
            if source and head_word(source) not in DOCUMENTS:
                return source
    return None
