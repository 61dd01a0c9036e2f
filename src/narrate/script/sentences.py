"""Sentences and words around a quote, for attribution in any language: where the sentence before or after
a quote starts and ends (an abbreviation's dot is no end), its words, and whether a speech verb is near."""

from __future__ import annotations

import re

from narrate.script.wordlists import ENGLISH, Rules

TOKEN = re.compile(r"[\w'\u2019.-]+|[^\w\s]")
WINDOW = 300
ABBREVIATION_WORD = re.compile(r"(\w+)\.$")


def sentence_ends(text: str, rules: Rules = ENGLISH):
    """Sentence breaks, not counting the dot of an abbreviation or an initial ('Prof. Li', 'J. Smith')."""
    for match in rules.sentence_end.finditer(text):
        word = ABBREVIATION_WORD.search(text, max(0, match.start() - 20), match.start() + 1)
        if (
            text[match.start()] == "."
            and word
            and (word.group(1).lower() in rules.abbreviations or (len(word.group(1)) == 1 and word.group(1).isupper()))
        ):
            continue
        yield match


def lead_in(text: str, position: int, rules: Rules = ENGLISH) -> str:
    """The part of the sentence before position (at most WINDOW characters back)."""
    before = text[max(0, position - WINDOW) : position]
    last = None
    for match in sentence_ends(before, rules):
        last = match
    return before[last.end() :] if last else before


def lead_out(text: str, position: int, rules: Rules = ENGLISH) -> str:
    """The rest of the sentence after position."""
    after = text[position : position + WINDOW]
    end = next(sentence_ends(after, rules), None)
    return after[: end.start() + 1] if end else after


def split_words(text: str, rules: Rules = ENGLISH) -> list[str]:
    tokens = TOKEN.findall(text)
    if rules is ENGLISH or not any("-" in t for t in tokens):
        return tokens
    split: list[str] = []
    for token in tokens:  # 'dit-il', 'a-t-elle': the verb, then the pronoun
        head, _, tail = token.rpartition("-")
        if head and tail.rstrip(".").lower() in rules.pronouns:
            split += [head.removesuffix("-t"), tail.rstrip(".")]
        else:
            split.append(token)
    return split


def is_verb(token: str, rules: Rules = ENGLISH) -> bool:
    return token.lower().strip(".'\u2019-\u2014\u2013") in rules.verbs


def speech_verb_near(lead: str, after: str, rules: Rules = ENGLISH) -> bool:
    """A speech verb just before a quote ('say', 'told them'), or just after it in the same sentence."""
    before: list[str] = []
    for token in reversed([t for t in split_words(lead, rules) if t.strip("'\u2019")[:1].isalnum()][-4:]):
        if token.lower() in rules.determiners:
            break  # 'said the so-called "plan"': the quote is a noun phrase, not speech
        before.append(token)
    following = []
    for token in split_words(after[:80], rules):
        if token in '.!?"\u201c\u201d':
            break
        if token.strip("'\u2019")[:1].isalnum():
            following.append(token)
    following = following[:4]
    for index, token in enumerate(following):
        if token.lower() in rules.conjunctions:
            following = following[:index]  # '"a start" and said': the verb belongs to another clause
            break
    return (
        any(is_verb(t, rules) for t in before)
        or any(is_verb(t, rules) for t in following)
        or (lead.rstrip().endswith(":") and 0 < len(before) <= 4)
    )


def first_name_in(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    """The sentence's named subject: 'The mayor, Tom O'Brien, called it "a start" and said: ...'."""
    run: list[str] = []
    for token in tokens:
        if token[:1].isupper() and token.lower().rstrip(".") not in rules.name_stop:
            run.append(token)
        elif run and len(run) >= 2:
            break
        else:
            run = []
    return " ".join(run) if len(run) >= 2 else None
