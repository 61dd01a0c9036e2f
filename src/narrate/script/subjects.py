"""The English speaker in the words next to a speech verb, one named pattern per habit of news copy.

The subject before the verb ('Ana Ruiz, chief economist at Northbank, said': pattern 'appositive'), the name
after it ('said the operator's chief executive, Martin Gale'), never the place or platform ('Whitfield fired
back on Facebook': pattern 'wrong entity'), and a name cleaned of its titles ('Councillor Amir Haddad').
"""

from __future__ import annotations

import re

from narrate.script import names
from narrate.script.names import ARTICLES, NOT_SPEAKERS, PRONOUNS, TITLES, word_set
from narrate.script.wordlists import ADVERBS, CONJUNCTIONS, CONNECTORS, NAME_STOP, NOT_IN_SUBJECT

APPOSITIVE_REACH = 24  # tokens from a quote to its verb when an appositive stands between them

# Pattern: a clause opening that is not its subject ('Asked about the figures,', 'In a letter to parents,').
ADVERBIAL_OPENERS = word_set(
    """
in at on after before during asked pressed according following despite with without from under when while as
later earlier meanwhile however separately still yet now then today yesterday last by since until unlike like
instead also but and so outside inside for once back here there again
"""
)
POSSESSIVE_OPENERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my"}
PREPOSITIONS = {"on", "in", "at", "to", "from", "with", "outside", "near", "for", "via", "during", "into", "inside"}


def _comma_chunks(tokens: list[str]) -> list[list[str]]:
    """The words of a clause split at its commas, back to the last other punctuation."""
    chunks: list[list[str]] = [[]]
    for token in tokens:
        if token == ",":
            chunks.append([])
        elif token[0].isalnum():
            chunks[-1].append(token)
        else:
            chunks = [[]]
    return [chunk for chunk in chunks if chunk]


def _adverbial(chunk: list[str]) -> bool:
    first = chunk[0].lower()
    return first in ADVERBIAL_OPENERS or (len(chunk) > 1 and first.endswith("ing") and len(first) > 5)


def _is_name_chunk(chunk: list[str]) -> bool:
    """'Kerry Dunn', 'Sen. Maria Lopez', 'Her husband Lee': ends in a capitalised word, not a place phrase."""
    last = chunk[-1]
    if (
        not last[:1].isupper()
        or _adverbial(chunk)
        or last.lower().rstrip(".") in NOT_SPEAKERS
        or names.PARTY_TAG.match(last)
    ):
        return False
    if chunk[0].lower() in POSSESSIVE_OPENERS and any(w.lower() in PREPOSITIONS | {"of"} for w in chunk):
        return False  # pattern 'role at an organisation': 'His boss at Midland Haulage' is no name
    return chunk[0][:1].isupper() or chunk[0].lower() in POSSESSIVE_OPENERS - ARTICLES or titled(chunk)


def titled(words: list[str]) -> bool:
    """'committee chairman Rep. Wes Calder', 'emergency nurse Priya Lal': descriptors ending in a title, a name."""
    run = _trailing_capitals(words)
    before = words[: len(words) - len(run)]
    if len(before) > 1 and before[0].lower() in ARTICLES:
        before = before[1:]  # 'one of the rebels, the former minister Joan Akers'
    return (
        bool(run)
        and bool(before)
        and before[-1].lower().rstrip(".") in TITLES
        and not any(w.lower() in NAME_STOP | CONJUNCTIONS | PREPOSITIONS for w in before)
    )


def _is_role_chunk(chunk: list[str]) -> bool:
    """'the museum's director', 'A city spokeswoman', 'Okafor's spokesman': a role waiting for its name."""
    return (
        chunk[0].lower() in POSSESSIVE_OPENERS
        or names.is_possessive(chunk[0])
        or [w.lower() for w in chunk[:2]] == ["one", "of"]  # 'said one of the miners, Thabo Nkosi, 38,'
        # pattern 'titled owner': 'Mrs Rudd's grandson, Kieran, 10, said'
        or (chunk[-1][:1].islower() and any(names.is_possessive(w) for w in chunk[:3]))
    )


def _appositive_speaker(chunks: list[list[str]]) -> str | None:
    """Pattern 'appositive': the name among comma-separated descriptions.

    'Ana Ruiz, chief economist at Northbank in Madrid, said'   -> the first chunk, a name
    'Kerry Dunn, 34, from Wakefield, said'                     -> the first chunk, not the place
    'The museum's director, Helen Achebe, said'                -> the name after the role
    """
    first = chunks[0]
    if _is_name_chunk(first):
        return " ".join(first)
    if _is_role_chunk(first) and len(chunks) > 1 and _is_name_chunk(chunks[1]):
        return " ".join(first) if _names_the_body(first, chunks[1]) else " ".join(chunks[1])
    if len(chunks) > 1 and _is_role_chunk(first) and ANONYMOUS.search(" ".join(chunks[1])):
        # pattern 'anonymous': 'Their manager, who asked not to be named, said' is someone of their own
        return " ".join(first) + ", " + " ".join(chunks[1])
    if first[0].lower() in ARTICLES and not any(_is_name_chunk(chunk) for chunk in chunks[1:]):
        # 'A union official, who asked not to be named, said'; 'The swimmer, a tourist from Leeds, told':
        # a role introduced with a description ('a tourist') is someone new, not the last person named.
        described = chunks[1][0].lower() in ("a", "an")
        return " ".join(first) + (", " + " ".join(chunks[1]) if described else "")
    return None


BODY_PREPOSITIONS = {"for", "of", "at", "with"}
ANONYMOUS = re.compile(r"\b(?:to be named|be identified|anonymity|anonymously)\b")


def _names_the_body(role: list[str], name: list[str]) -> bool:
    """Pattern 'organisation appositive': in 'A spokesman for the airline, SunJet, said' the one capitalised word
    after 'for the airline' names the airline, not the spokesman (a person is named with two words or a title)."""
    return (
        len(name) == 1
        and len(role) >= 3
        and role[-2].lower() in ARTICLES
        and role[-3].lower() in BODY_PREPOSITIONS
        and role[-1][:1].islower()
    )


def _relative_antecedent(tokens: list[str]) -> str | None:
    """Pattern 'relative who': 'defended by a league source, who told The Sun:' -> 'a league source'."""
    if len(tokens) < 3 or tokens[-1].lower() != "who" or tokens[-2] != ",":
        return None
    chunks = _comma_chunks(tokens[:-2])
    if not chunks:
        return None
    chunk = chunks[-1]
    run = _trailing_capitals(chunk)
    if run and _is_name_chunk(run):
        return " ".join(run)
    start = max((i for i, w in enumerate(chunk) if w.lower() in ("a", "an", "the")), default=None)
    return " ".join(chunk[start:]) if start is not None and start < len(chunk) - 1 else None


def subject(tokens: list[str]) -> str | None:
    """The subject of the clause before a speech verb."""
    antecedent = _relative_antecedent(tokens)
    if antecedent:
        return antecedent
    if tokens and tokens[-1] == ",":
        tokens = tokens[:-1]  # 'The chief executive, Sara Quinn, said'
    chunks = _comma_chunks(tokens)
    while len(chunks) > 1 and _adverbial(chunks[0]):
        chunks.pop(0)  # 'According to the transcript, Gareth Lyle said'
    if len(chunks) > 1:
        named = _appositive_speaker(chunks)
        if named:
            return named
    words = list(chunks[-1]) if chunks else []
    while words and (words[-1].lower() in ADVERBS or (words[-1].endswith("ly") and words[-1][0].islower())):
        words.pop()
    # 'An insider close to the couple'; 'One driver caught in the jam said:'
    role = bool(words) and words[0].lower() in POSSESSIVE_OPENERS | {"one"}
    stops = NOT_IN_SUBJECT | CONJUNCTIONS
    if role:  # 'An insider close to the couple', 'A South Yorkshire Fire and Rescue spokesman'
        stops = stops - {"to", "of", "and"}
    if any(w.lower() in stops for w in words) or len(words) > (8 if role else 5):
        words = _trailing_capitals(words)
    elif len(words) > 1 and words[-1][:1].isupper() and not role:
        words = _not_an_object(words)
    if len(words) == 1 and words[0].lower() in NAME_STOP - PRONOUNS - {"one"}:
        return None
    return " ".join(words) or None


def _not_an_object(words: list[str]) -> list[str]:
    """Pattern 'wrong entity': 'Whitfield fired back on Facebook' -> 'Whitfield', never the place or platform."""
    run = _trailing_capitals(words)
    before = words[len(words) - len(run) - 1].lower() if len(run) < len(words) else ""
    if before in PREPOSITIONS:
        leading = []
        for word in words:
            if not word[:1].isupper():
                break
            leading.append(word)
        return leading
    return words


def name_after(tokens: list[str]) -> str | None:
    """'said the operator's chief executive, Martin Gale' -> the name after the role; else the words up to 'of'."""
    chunks = _comma_chunks(tokens[:APPOSITIVE_REACH])
    if len(chunks) > 1 and _is_role_chunk(chunks[0]) and _is_name_chunk(chunks[1]):
        tokens = chunks[0] if _names_the_body(chunks[0], chunks[1]) else chunks[1]
    words: list[str] = []
    for token in tokens:
        if not token[0].isalnum() or token.lower() in ("of", "who", "from", "at", "on", "in", "whose", "for"):
            break
        words.append(token)
    words = words[:5]
    return " ".join(words).rstrip(".") or None


# 'Festival-goer Liam Shaw': a word hyphenated to lowercase before a name describes it; at the end of a name it is
# part of it ('Park Min-ji', 'Lee Jae-won').
DESCRIPTOR = re.compile(r"^[A-Z][a-z]+-[a-z]")


def _trailing_capitals(words: list[str]) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        if DESCRIPTOR.match(word) and run:
            break
        if word[0].isupper() or (run and word.lower() in CONNECTORS):
            run.insert(0, word)
        else:
            break
    return run


def clean_name(phrase: str) -> str:
    """'Councillor Amir Haddad' -> 'Amir Haddad'; 'Lyft driver Ross Rogers' -> 'Ross Rogers'."""
    words = [w.rstrip(",") for w in phrase.split()]
    article = []
    while len(words) > 1 and words[0].lower() in ARTICLES:
        article.append(words.pop(0))
    if words and words[-1].endswith(".") and words[-1].lower().rstrip(".") not in TITLES:
        words[-1] = words[-1].rstrip(".")
    if words and words[-1][:1].isupper():
        titles = [
            i
            for i, w in enumerate(words[:-1])
            if w.lower().rstrip(".") in TITLES and all(x[:1].isupper() or x in CONNECTORS for x in words[i + 1 :])
        ]
        if titles:
            return " ".join(words[titles[-1] + 1 :])
        run = _trailing_capitals(words)
        if len(run) >= 3 and names.shaped_like_a_job(run[0], run[1:]):
            return " ".join(run[1:])
        before = [w.lower() for w in words[: len(words) - len(run)] if w.lower() not in ARTICLES]
        if len(run) < len(words) and (not before or before[-1] not in PREPOSITIONS | {"of"}):
            words, article = run, []  # 'the poet Amal Idris'; 'the White House', 'a spokesman for the Hospice' stay
    return " ".join(article + words)  # a described speaker is kept as written: 'the driver', 'the Post'
