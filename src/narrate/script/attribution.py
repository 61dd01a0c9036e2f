"""Who said each quote: "X said", "said X", "according to X", "X: ...", pronouns and short names resolved."""

from __future__ import annotations

import re
from bisect import bisect_left, insort

from narrate.script import names
from narrate.script.names import (
    ARTICLES,
    DOCUMENTS,
    NOT_SPEAKERS,
    PRONOUNS,
    head_word,
    is_organisation,
)
from narrate.script.quotes import Unit

SPEECH_VERBS = names.word_set(
    """
say says said saying tell tells told add adds added ask asks asked explain explains explained insist insists
insisted reply replies replied concede concedes conceded note notes noted write writes wrote continue continues
continued shout shouts shouted whisper whispers whispered whimper whimpers whimpered answer answers answered
argue argues argued claim claims claimed state states stated declare declares declared recall recalls recalled
admit admits admitted warn warns warned agree agrees agreed cry cries cried yell yells yelled mutter mutters
muttered murmur murmurs murmured exclaim exclaims exclaimed remark remarks remarked respond responds responded
suggest suggests suggested urge urges urged acknowledge acknowledges acknowledged announce announces announced
observe observes observed sigh sighs sighed laugh laughs laughed joke jokes joked tweet tweets tweeted post posts
posted comment comments commented confirm confirms confirmed plead pleads pleaded protest protests protested
repeat repeats repeated snap snaps snapped scream screams screamed
"""
)
TITLES = names.TITLES
ADVERBS = {
    "also",
    "later",
    "then",
    "again",
    "once",
    "previously",
    "had",
    "has",
    "have",
    "would",
    "will",
    "quickly",
    "simply",
    "just",
    "only",
    "often",
    "even",
    "still",
    "recently",
    "did",
    "does",
}
NAME_STOP = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "this",
    "that",
    "then",
    "but",
    "and",
    "one",
    "there",
    "when",
    "after",
    "before",
    "as",
    "if",
    "so",
    "for",
    "his",
    "her",
    "their",
    "our",
    "my",
    "its",
    "what",
    "why",
    "how",
    "who",
    "while",
    "though",
    "although",
    "yes",
    "no",
    "now",
    "today",
    "yesterday",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "these",
    "those",
    "since",
    "until",
    "with",
    "from",
    "by",
    "to",
    "of",
    "not",
    "however",
    "meanwhile",
    "still",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
}
NOT_NAME_STARTS = NAME_STOP | TITLES
DETERMINERS = {
    "the",
    "a",
    "an",
    "so-called",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "some",
    "any",
}
CONJUNCTIONS = {"and", "but", "or", "then", "before", "after", "while", "which", "that", "so", "because"}
NOT_IN_SUBJECT = {
    "who",
    "whose",
    "whom",
    "which",
    "to",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "that",
    "of",
    "it",
    "there",
    "if",
}
CONNECTORS = {"and", "de", "van", "von", "der", "da", "di", "del", "bin", "al", "la", "le"}
TOKEN = re.compile(r"[\w'\u2019.-]+|[^\w\s]")
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9]|$)")
# 'of' joins a run ('Bank of Canada Governor Luc Tremblay'); a run never ends with it.
CAPITAL_RUN = re.compile(
    r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|(?:de|van|von|der|da|di|del|la|le|of)\b)){0,6}"
)
WINDOW = 300
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "insp",
    "det",
    "supt",
    "rev",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "mt",
    "ft",
    "cllr",
    "hon",
    "maj",
}
ABBREVIATION_WORD = re.compile(r"(\w+)\.$")


def _sentence_ends(text: str):
    """Sentence breaks, not counting the dot of an abbreviation or an initial ('Prof. Li', 'J. Smith')."""
    for match in SENTENCE_END.finditer(text):
        word = ABBREVIATION_WORD.search(text, max(0, match.start() - 20), match.start() + 1)
        if (
            text[match.start()] == "."
            and word
            and (word.group(1).lower() in ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper()))
        ):
            continue
        yield match


def lead_in(text: str, position: int) -> str:
    """The part of the sentence before position (at most WINDOW characters back)."""
    before = text[max(0, position - WINDOW) : position]
    ends = list(_sentence_ends(before))
    return before[ends[-1].end() :] if ends else before


def lead_out(text: str, position: int) -> str:
    """The rest of the sentence after position."""
    after = text[position : position + WINDOW]
    end = next(_sentence_ends(after), None)
    return after[: end.start() + 1] if end else after


def _words(text: str) -> list[str]:
    return TOKEN.findall(text)


def _is_verb(token: str) -> bool:
    return token.lower().strip(".'\u2019-\u2014\u2013") in SPEECH_VERBS


def speech_verb_near(lead: str, after: str) -> bool:
    """A speech verb just before a quote ('say', 'told them'), or just after it in the same sentence."""
    before: list[str] = []
    for token in reversed([t for t in _words(lead) if t.strip("'\u2019")[:1].isalnum()][-4:]):
        if token.lower() in DETERMINERS:
            break  # 'said the so-called "plan"': the quote is a noun phrase, not speech
        before.append(token)
    following = []
    for token in _words(after[:80]):
        if token in '.!?"\u201c\u201d':
            break
        if token.strip("'\u2019")[:1].isalnum():
            following.append(token)
    following = following[:4]
    for index, token in enumerate(following):
        if token.lower() in CONJUNCTIONS:
            following = following[:index]  # '"a start" and said': the verb belongs to another clause
            break
    return (
        any(_is_verb(t) for t in before)
        or any(_is_verb(t) for t in following)
        or (lead.rstrip().endswith(":") and 0 < len(before) <= 4)
    )


def attribute(units: list[Unit], texts: list[str | None]) -> None:
    """Set each quote unit's speaker, in document order."""
    people = _People(texts, units)
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
        first_end = next(_sentence_ends(between + " "), None)
        return first_end is None or not re.search(r"\w", between[first_end.end() :])
    return p_block == block - 1 and start <= 1


def _ends_sentence(texts: list[str | None], unit: Unit) -> bool:
    block, start, end = unit.spans[-1]
    return (texts[block] or "")[start:end].rstrip().rstrip("\"'\u201d\u2019)")[-1:] in (".", "!", "?")


# Two-word speech verbs ('the nurse from Hull went on', 'Whitfield fired back').
PHRASAL_VERBS = {("went", "on"), ("fired", "back"), ("hit", "back"), ("shot", "back")}
APPOSITIVE_REACH = 24  # tokens from a quote to its verb when an appositive stands between them


def _verb_at(tokens: list[str], index: int) -> bool:
    if _is_verb(tokens[index]):
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
    tokens = _words(after[: opening.start()] if opening else after)
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
                return _name_after(tokens[1 if _is_verb(token) else 2 :])
            if index > 7 and "," not in tokens[:index]:
                return None  # 'Ana Ruiz, chief economist at Northbank in Madrid, said' reaches further
            return _subject(tokens[:index])
    return None


def _before_phrase(text: str, position: int) -> str | None:
    lead = lead_in(text, position)
    if not re.search(r"\w", lead):
        lead = lead_in(text, max(0, position - len(lead) - 1)) if position > len(lead) else ""
    tokens = _words(lead)
    according = _according_to(tokens)
    if according:
        return according
    for index in range(len(tokens) - 1, -1, -1):
        if _verb_at(tokens, index) and not (index and tokens[index - 1].lower() in DETERMINERS):
            return _subject(tokens[:index]) or _proper_name_after(tokens[index + 1 :]) or _first_name_in(tokens)
    if tokens and tokens[-1] == ":":
        return (_subject(tokens[:-1]) if len(tokens) <= 6 else None) or _first_name_in(tokens)
    return None


def _first_name_in(tokens: list[str]) -> str | None:
    """The sentence's named subject: 'The mayor, Tom O'Brien, called it "a start" and said: ...'."""
    run: list[str] = []
    for token in tokens:
        if token[:1].isupper() and token.lower().rstrip(".") not in NAME_STOP:
            run.append(token)
        elif run and len(run) >= 2:
            break
        else:
            run = []
    return " ".join(run) if len(run) >= 2 else None


def _proper_name_after(tokens: list[str]) -> str | None:
    """'... said Ann Lee: "...' (a name, not the start of reported speech)."""
    name = _name_after(tokens)
    return name if name and all(w[0].isupper() or w in CONNECTORS for w in name.split()) else None


def _according_to(tokens: list[str]) -> str | None:
    """'according to the mayor' names a speaker; 'according to a transcript' names a document (never a speaker)."""
    lowered = [t.lower() for t in tokens]
    for index in range(len(lowered) - 1):
        if lowered[index] == "according" and lowered[index + 1] == "to":
            source = _name_after(tokens[index + 2 :])
            if source and head_word(source) not in DOCUMENTS:
                return source
    return None


# Pattern: a clause opening that is not its subject ('Asked about the figures,', 'In a letter to parents,').
ADVERBIAL_OPENERS = {
    "in",
    "at",
    "on",
    "after",
    "before",
    "during",
    "asked",
    "pressed",
    "according",
    "following",
    "despite",
    "with",
    "without",
    "from",
    "under",
    "when",
    "while",
    "as",
    "later",
    "earlier",
    "meanwhile",
    "however",
    "separately",
    "still",
    "yet",
    "now",
    "then",
    "today",
    "yesterday",
    "last",
    "by",
    "since",
    "until",
    "unlike",
    "like",
    "instead",
    "also",
    "but",
    "and",
    "so",
    "outside",
    "inside",
    "for",
    "once",
    "back",
    "here",
    "there",
    "again",
}
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
    return chunk[0][:1].isupper() or chunk[0].lower() in POSSESSIVE_OPENERS - ARTICLES or _titled(chunk)


def _titled(words: list[str]) -> bool:
    """'committee chairman Rep. Wes Calder', 'emergency nurse Priya Lal': descriptors ending in a title, a name."""
    run = _trailing_capitals(words)
    before = words[: len(words) - len(run)]
    return (
        bool(run)
        and bool(before)
        and before[-1].lower().rstrip(".") in TITLES
        and not any(w.lower() in NAME_STOP | CONJUNCTIONS | PREPOSITIONS for w in before)
    )


def _is_role_chunk(chunk: list[str]) -> bool:
    """'the museum's director', 'A city spokeswoman', 'Okafor's spokesman': a role waiting for its name."""
    return chunk[0].lower() in POSSESSIVE_OPENERS or names.is_possessive(chunk[0])


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
        return " ".join(chunks[1])
    if first[0].lower() in ARTICLES and not any(_is_name_chunk(chunk) for chunk in chunks[1:]):
        # 'A union official, who asked not to be named, said'; 'The swimmer, a tourist from Leeds, told':
        # a role introduced with a description ('a tourist') is someone new, not the last person named.
        described = chunks[1][0].lower() in ("a", "an")
        return " ".join(first) + (", " + " ".join(chunks[1]) if described else "")
    return None


def _subject(tokens: list[str]) -> str | None:
    """The subject of the clause before a speech verb."""
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
    role = bool(words) and words[0].lower() in POSSESSIVE_OPENERS  # 'An insider close to the couple'
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


def _name_after(tokens: list[str]) -> str | None:
    """'said the operator's chief executive, Martin Gale' -> the name after the role; else the words up to 'of'."""
    chunks = _comma_chunks(tokens[:APPOSITIVE_REACH])
    if len(chunks) > 1 and _is_role_chunk(chunks[0]) and _is_name_chunk(chunks[1]):
        tokens = chunks[1]
    words: list[str] = []
    for token in tokens:
        if not token[0].isalnum() or token.lower() in ("of", "who", "from", "at", "on", "in", "whose", "for"):
            break
        words.append(token)
    words = words[:5]
    return " ".join(words).rstrip(".") or None


DESCRIPTOR = re.compile(r"^[A-Z][a-z]+-[a-z]")  # 'Festival-goer Liam Shaw': no name part hyphenates to lowercase


def _trailing_capitals(words: list[str]) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        if DESCRIPTOR.match(word):
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
        before = [w.lower() for w in words[: len(words) - len(run)] if w.lower() not in ARTICLES]
        if len(run) < len(words) and (not before or before[-1] not in PREPOSITIONS | {"of"}):
            words, article = run, []  # 'the poet Amal Idris'; 'the White House', 'a spokesman for the Hospice' stay
    return " ".join(article + words)  # a described speaker is kept as written: 'the driver', 'the Post'


ROLE_SPEECH = r"(?:said|says|told|tells|added|adds|wrote|writes|insisted|explained|argued|warned|replied)"
# Pattern 'role named anywhere': 'Michael Brandt, who had served as Delgado's chief of staff,' /
# 'The museum's director, Helen Achebe,' / 'Mayor Rosa Delgado' register the role's head word for the name.
NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|di|del|la|le))*"
NAME_THEN_ROLE = re.compile(
    rf"({NAME}),\s+(?:who\s+(?:is|was|has\s+been|had\s+been|had\s+served\s+as|served\s+as)\s+)?"
    r"((?:the|a|an|[A-Z][\w.-]*['\u2019]s?)\s+[^,.;:\"\u201c\u201d]{2,60}?)[,.]"
)
ROLE_THEN_NAME = re.compile(
    r"\b((?:[Tt]he|[Aa]n?|[Tt]hat|[Tt]his|[A-Z][\w.-]*['\u2019]s?)\s+[a-z][^,.;:\"\u201c\u201d]{1,50}?),\s+"
    rf"({NAME})[,.]"
)
TITLE_THEN_NAME = re.compile(rf"\b([A-Z][a-z]+)\s+({NAME})")
# Pattern 'unnamed role': 'A spokeswoman for the hotel group said' is a speaker of its own, consistently.
UNNAMED_ROLE = re.compile(
    rf"(?:^|[.!?]\s+|[;:]\s+)(?:A|An|(?=One of the))\s*([^,.;:\"\u201c\u201d]{{2,60}}?)\s+{ROLE_SPEECH}\b"
)
DEFINITE_ROLE = re.compile(
    rf"(?:^|[.!?]\s+|[,;:]\s+)(?:The|the)\s+((?:[A-Z][\w'\u2019-]*\s+)*[a-z][^,.;:\"\u201c\u201d]{{1,40}}?)"
    rf"\s+{ROLE_SPEECH}\b"
)
ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'\u2019&.-]*\s+)+(?:(?:city|county|district|borough|town|state|federal|national)\s+)?)"
    rf"((?i:{'|'.join(sorted(names.ORGANISATIONS))}))\b(?:\s+\d+\b)?"
)
ORGANISATION_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|of|for|and|&))*"
STATEMENT = re.compile(rf"({ORGANISATION_NAME})\s+said\s+in\s+an?\s+(?:\w+\s+)?statement")
ONE_OF = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:Two|Three|Four|Five|Several|Some|Many|Both|Dozens of|Hundreds of)\s+)?"
    r"((?:[a-z]+\s+)?[A-Za-z]+s)\s+[a-z]+"
)


BOOK_REACH = 50  # entries looked at on each side: a long article's hundredth spokesman is not this one
LOOK_BACK = 1500  # characters searched for a statement's owner or a group's plural, so long paragraphs stay linear


class _Book:
    """Who or what a role or organisation stood for, by position: the nearest fitting entry before, else after.

    An entry fits when its role has every word of the one asked for: 'the mayor's chief of staff' fits
    "Delgado's chief of staff", 'the former director' does not fit 'the theatre's new artistic director'.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[int, int, str, frozenset[str], bool]]] = {}

    def add(self, role: str, block: int, position: int, value: str, back_reference: bool = False) -> None:
        entry = (block, position, value, names.role_words(role), back_reference)
        insort(self.entries.setdefault(head_word(role), []), entry)

    def find(self, role: str, block: int, position: int, indefinite: bool = False) -> str | None:
        entries = self.entries.get(head_word(role), [])
        index = bisect_left(entries, (block, position, ""))
        wanted = names.role_words(role)
        if indefinite:  # 'a senior official said' ... 'That official, Harriet Bloom,' names them later
            return next((e[2] for e in entries[index : index + BOOK_REACH] if e[4]), None)
        nearest_first = [*reversed(entries[max(0, index - BOOK_REACH) : index]), *entries[index : index + BOOK_REACH]]
        return next((entry[2] for entry in nearest_first if wanted <= entry[3]), None)


class _People:
    """Names met so far, in reading order, to resolve 'he', short names, roles and organisations."""

    def __init__(self, texts: list[str | None], units: list[Unit]) -> None:
        self.texts = texts
        self.mentions = sorted(_outside_quotes(_mentions(texts), units))
        self.keys = [(block, pos) for block, pos, _, _ in self.mentions]
        self.full_names: dict[str, str] = {}  # first or last name -> the latest full name with it
        self.roles = _Book()
        self.organisations = _Book()
        self.last: str | None = None  # the last person named as a subject or speaker
        self.last_block = -2
        self.cursor = 0
        self._read_roles(texts)

    def _read_roles(self, texts: list[str | None]) -> None:
        for block, text in enumerate(texts):
            if text is None:
                continue
            for match in NAME_THEN_ROLE.finditer(text):
                self._add_role(match.group(2), match.group(1), block, match.start())
            for match in ROLE_THEN_NAME.finditer(text):
                back = match.group(1).split()[0] in ("That", "This", "that", "this")
                self._add_role(match.group(1), match.group(2), block, match.start(), back)
            for match in TITLE_THEN_NAME.finditer(text):
                if match.group(1).lower() in TITLES:
                    self._add_role(match.group(1), match.group(2), block, match.start())
            for match in UNNAMED_ROLE.finditer(text):
                role = match.group(1)
                if (not is_organisation(role) and not role[:1].isupper()) or " " in role:
                    self.roles.add(role, block, match.start(), role)
            for match in ORGANISATION.finditer(text):
                name = clean_name(match.group(0))
                if len([w for w in name.split() if w.lower() not in ARTICLES]) > 1:
                    self.organisations.add(match.group(2), block, match.start(), name)

    def _add_role(self, role: str, name: str, block: int, position: int, back: bool = False) -> None:
        person = clean_name(name)
        if person and person[:1].isupper() and not is_organisation(role) and head_word(role):
            self.roles.add(role, block, position, person, back)

    def advance(self, block: int, position: int) -> None:
        stop = bisect_left(self.keys, (block, position))
        for m_block, m_position, name, kind in self.mentions[self.cursor : stop]:
            if kind == "role":
                person = self._role(name, m_block, m_position, register=False)
                if person:
                    self.said(person, m_block)
            elif kind in ("unnamed", "subject"):
                self.said(name, m_block)
            elif len(name.split()) >= 2:
                self._remember(name)
        self.cursor = max(self.cursor, stop)

    def said(self, name: str, block: int) -> None:
        if is_organisation(name):
            return  # 'Okafor's campaign said' is not who 'she' will be
        self.last = self._full(name) if " " not in name else name
        self.last_block = block
        if len(name.split()) >= 2 and name[0].isupper():
            self._remember(name)

    def introduced(self, block: int) -> str | None:
        """Pattern 'introduced': a quote paragraph after the paragraph that presented its speaker."""
        return self.last if self.last_block >= block - 1 else None

    def _remember(self, full: str) -> None:
        parts = full.split()
        self.full_names[parts[0]] = self.full_names[parts[-1]] = full

    def resolve(self, phrase: str, block: int, position: int) -> str | None:
        lowered = phrase.lower()
        if lowered in PRONOUNS:
            return self.last
        if lowered in ("i", "we", "you", "it", "this", "that", "there"):
            return None
        if lowered in ("one", "one of them"):
            return self._one_of(block, position)
        introduced = "," in phrase
        phrase = phrase.split(",")[0]
        name = clean_name(phrase)
        if not name or all(w.lower().rstrip(".") in NOT_SPEAKERS for w in name.split()):
            return None
        if head_word(name) in DOCUMENTS:
            return self._statement_owner(block, position)
        if not name.split()[-1][:1].isupper():
            indefinite = introduced or lowered.split()[0] in ("a", "an", "one")
            return self._role(name, block, position, register=True, indefinite=indefinite)
        return self._full(name) or None

    def _role(self, role: str, block: int, position: int, register: bool, indefinite: bool = False) -> str | None:
        """Pattern 'role': the person named with this role anywhere, else the role itself, consistently."""
        head = head_word(role)
        if is_organisation(role):
            named = any(w[:1].isupper() for w in role.split() if w.lower() not in ARTICLES)
            return role if named else self.organisations.find(role, block, position) or role
        known = self.roles.find(role, block, position, indefinite)
        if known:
            return known
        if not indefinite and self.last and self.last_block >= block - 1 and head not in names.NOT_PEOPLE:
            return self.last  # 'Stan Booth ... "It was dying," the former foreman said'
        if register:
            self.roles.add(role, block, position, role)
        return role

    def _statement_owner(self, block: int, position: int) -> str | None:
        """'"...," the statement said' is whoever 'said in a statement' last."""
        found = self._last_match(STATEMENT, block, position)
        return self._full(clean_name(found.group(1))) if found else None

    def _one_of(self, block: int, position: int) -> str | None:
        """'Two former employees described ... "...," said one' -> 'former employee'."""
        found = self._last_match(ONE_OF, block, position)
        if found is None or found.group(1).lower() in NAME_STOP:
            return None
        return found.group(1)[:-1].lower()

    def _last_match(self, pattern: re.Pattern, block: int, position: int) -> re.Match | None:
        """The last match before position in this paragraph or the one before, looking back at most LOOK_BACK."""
        for index in (block, block - 1):
            text = self.texts[index] if index >= 0 else None
            if text is None:
                continue
            end = position if index == block else len(text)
            found = list(pattern.finditer(text, max(0, end - LOOK_BACK), end))
            if found:
                return found[-1]
        return None

    def _full(self, name: str) -> str:
        """'Hogan-Howe' -> 'Bernard Hogan-Howe' when the full name came earlier."""
        if " " in name or not name[:1].isupper():
            return name
        return self.full_names.get(name, name)


def _mentions(texts: list[str | None]):
    """People named as the subject of a sentence or clause ('Joe Smith decided', 'Mannery looked'), other
    names, and roles as subjects ('The director said')."""
    for block, text in enumerate(texts):
        if text is None:
            continue
        for match in CAPITAL_RUN.finditer(text):
            words = match.group().split()
            after_preposition = words[0].lower() in PREPOSITIONS  # 'On BBC Radio Wales Breakfast, ...'
            if names.PARTY_TAG.match(words[-1]):
                continue
            while words and words[0].lower().rstrip(".") in NOT_NAME_STARTS:
                words.pop(0)
            while words and words[-1] in CONNECTORS | {"of"}:
                words.pop()
            if not words:
                continue
            possessive = names.is_possessive(words[-1])
            if possessive:
                words[-1] = names.POSSESSIVE.sub("", words[-1])
            follow = text[match.end() : match.end() + 30]
            verb = VERB_NEXT.match(follow)
            verb_after_comma = VERB_AFTER_COMMA.match(follow)  # 'His wife, Marites, said'
            appositive = APPOSITIVE_NEXT.match(follow) or (verb_after_comma and _acts(verb_after_comma[1]))
            name = clean_name(" ".join(words))
            if not name:
                continue
            several = " " in name
            acts = appositive or (several and follow.startswith(",")) or (verb and (several or _acts(verb[1])))
            subject = bool(acts) and not possessive and not after_preposition and _clause_start(text, match.start())
            yield block, match.start(), name, "subject" if subject else "name"
        for match in DEFINITE_ROLE.finditer(text):
            yield block, match.start(1), match.group(1), "role"
        for match in UNNAMED_ROLE.finditer(text):
            if not is_organisation(match.group(1)):
                yield block, match.start(1), match.group(1), "unnamed"


VERB_NEXT = re.compile(r"\s+([a-z]\w*)")
VERB_AFTER_COMMA = re.compile(r",\s+([a-z]\w*)")
APPOSITIVE_NEXT = re.compile(r",\s+(who|a|an|the)\b")
CLAUSE_BREAK_BEFORE = re.compile(r"(^|[.!?,;:\"\u201d\u201c]\s*)\s*$")
CLAUSE_LEAD = re.compile(r"(?:^|[.!?,;:\"\u201d\u201c]\s+)((?:[\w.-]+\s+){1,3})$")
SINGLE_NAME_VERBS = {"was", "is", "has", "had", "would", "will", "could", "did", "does", "herself", "himself"}


def _acts(word: str) -> bool:
    """'Mannery looked', 'Osei was asked': a verb after a lone capitalised word ('Waiting lists' is no subject)."""
    return word.endswith("ed") or word in SINGLE_NAME_VERBS or _is_verb(word)


def _outside_quotes(mentions, units: list[Unit]) -> list:
    """Mentions in narration only: a name inside a quote is not who is speaking ('Ten years ago')."""
    spans = sorted((block, start, end) for unit in units for block, start, end in unit.spans)
    keys = [(block, start) for block, start, _ in spans]
    kept = []
    for mention in mentions:
        index = bisect_left(keys, (mention[0], mention[1] + 1)) - 1
        inside = index >= 0 and spans[index][0] == mention[0] and spans[index][1] <= mention[1] < spans[index][2]
        if not inside:
            kept.append(mention)
    return kept


def _clause_start(text: str, position: int) -> bool:
    """At the start of a clause, or after a title that starts it ('Health minister Eluned Parry told')."""
    before = text[max(0, position - 40) : position]
    if position == 0 or CLAUSE_BREAK_BEFORE.search(before[-3:]):
        return True
    lead = CLAUSE_LEAD.search(before)
    if not lead:
        return False
    words = lead.group(1).split()
    return all(w.lower().rstrip(".") in TITLES or w[:1].isupper() for w in words) or _titled([*words, "Name"])
