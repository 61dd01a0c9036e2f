"""Who said each quote in an article not in English: "X sagte", "a déclaré X", "dit-il", "según X", "X: ...",
pronouns and short names resolved.

The same rules as narrate's first English attribution, with every word list taken from the article's
language (narrate.script.languages) through a `Rules` object (narrate.script.wordlists). English articles use
attribution.py, which has since grown rules that are English through and through (roles, statements, phrasal verbs).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from narrate.script.quotes import Unit
from narrate.script.sentences import first_name_in, is_verb, lead_in, lead_out, split_words
from narrate.script.wordlists import ENGLISH, UPPER, Rules


def attribute(units: list[Unit], texts: list[str | None], rules: Rules = ENGLISH) -> None:
    """Set each quote unit's speaker, in document order."""
    people = _People(texts, rules)
    previous: Unit | None = None
    for unit in units:
        block, start, _ = unit.spans[0]
        people.advance(block, start)
        text = texts[block] or ""
        if _ends_sentence(texts, unit):
            phrase = _before_phrase(text, start - 1, rules) or _after_phrase(texts, unit, rules, short=True)
        else:
            phrase = _after_phrase(texts, unit, rules) or _before_phrase(text, start - 1, rules)
        speaker = people.resolve(phrase) if phrase else None
        if speaker is None and previous is not None and _neighbours(previous, unit, texts, rules):
            speaker = previous.speaker
        unit.speaker = speaker
        if speaker:
            people.said(speaker)
        previous = unit


def _neighbours(previous: Unit, unit: Unit, texts: list[str | None], rules: Rules = ENGLISH) -> bool:
    """The next sentence of the same paragraph, or a paragraph that opens with the quote."""
    p_block, _, p_end = previous.spans[-1]
    block, start, _ = unit.spans[0]
    if p_block == block:
        between = (texts[block] or "")[p_end + 1 : start - 1]
        if rules is not ENGLISH:  # 'dijo Javier Soto—.': an attribution between two halves of one speech
            return not re.search(rf"[{UPPER}]\w+\s+[^\W\d_]", between) or any(
                is_verb(t, rules) for t in split_words(between, rules)
            )
        return not re.search(r"[A-Z]\w+\s+[a-z]", between)
    return p_block == block - 1 and start <= 1


def _ends_sentence(texts: list[str | None], unit: Unit) -> bool:
    block, start, end = unit.spans[-1]
    return (texts[block] or "")[start:end].rstrip().rstrip("\"'\u201d\u2019)\u00bb\u201c\u300d")[-1:] in (
        ".",
        "!",
        "?",
        "\u3002",
    )


def _after_phrase(texts: list[str | None], unit: Unit, rules: Rules = ENGLISH, short: bool = False) -> str | None:
    block, _, end = unit.spans[-1]
    text = texts[block] or ""
    if end >= len(text):
        return None
    after = lead_out(text, end + 1, rules)
    opening = re.search('["\u201c\u2018]' if rules is ENGLISH else '["\u201c\u2018\u201e\u00ab\u00bb\u300c]', after)
    tokens = split_words(after[: opening.start()] if opening else after, rules)
    while tokens and tokens[0] in ",;:\u2014\u2013-":
        tokens.pop(0)
    for index, token in enumerate(tokens[:7]):
        if token == ",":
            continue
        if not token[0].isalnum():
            return None
        if is_verb(token, rules) and not (index and tokens[index - 1].lower() in rules.determiners):
            if short and sum(t[0].isalnum() for t in tokens) > 5:
                return None  # a new sentence reporting other speech, not an attribution
            inverted = all(t.lower() in rules.auxiliaries for t in tokens[:index] if t != ",")  # 'a déclaré X'
            return _name_after(tokens[index + 1 :], rules) if inverted else _subject(tokens[:index], rules)
    return None


def _before_phrase(text: str, position: int, rules: Rules = ENGLISH) -> str | None:
    lead = lead_in(text, position, rules)
    if not re.search(r"\w", lead):
        lead = lead_in(text, max(0, position - len(lead) - 1), rules) if position > len(lead) else ""
    tokens = split_words(lead, rules)
    according = _according_to(tokens, rules)
    if according:
        return according
    for index in range(len(tokens) - 1, -1, -1):
        if is_verb(tokens[index], rules) and not (index and tokens[index - 1].lower() in rules.determiners):
            return (
                _subject(tokens[:index], rules)
                or _proper_name_after(tokens[index + 1 :], rules)
                or first_name_in(tokens, rules)
            )
    if tokens and tokens[-1] == ":":
        return (_subject(tokens[:-1], rules) if len(tokens) <= 6 else None) or first_name_in(tokens, rules)
    return None


def _proper_name_after(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    """'... said Ann Lee: "...' (a name, not the start of reported speech)."""
    name = _name_after(tokens, rules)
    return name if name and all(w[0].isupper() or w in rules.connectors for w in name.split()) else None


def _according_to(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    lowered = [t.lower() for t in tokens]
    for phrase in rules.according:
        for index in range(len(lowered) - len(phrase) + 1):
            if tuple(lowered[index : index + len(phrase)]) == phrase:
                return _name_after(tokens[index + len(phrase) :], rules)
    return None


def _subject(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    """The words just before a speech verb, back to the last clause break."""
    words: list[str] = []
    while tokens and tokens[-1].lower() in rules.auxiliaries:
        tokens = tokens[:-1]  # 'Marie Dubois a déclaré'
    if tokens and tokens[-1] == ",":
        tokens = tokens[:-1]  # 'The chief executive, Sara Quinn, said'
    for token in reversed(tokens):
        if not token[0].isalnum():
            break
        words.insert(0, token)
    while (words and words[-1].lower() in rules.adverbs) or (
        words and words[-1].endswith("ly") and words[-1][0].islower()
    ):
        words.pop()
    if len(words) > 5 or any(w.lower() in rules.not_in_subject | rules.conjunctions for w in words):
        words = _trailing_capitals(words, rules)
    if words and words[0].lower() in rules.determiners:
        named = _name_before_appositive(tokens[: len(tokens) - len(words)], rules)
        if named:
            return named  # 'Kim Lee, the owner, told us'
    if len(words) == 1 and words[0].lower() in rules.name_stop - rules.pronouns:
        return None
    return " ".join(words) or None


def _name_before_appositive(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    if len(tokens) < 2 or tokens[-1] != ",":
        return None
    run = _trailing_capitals(tokens[:-1][-5:], rules)
    return " ".join(run) if run and run[0].lower() not in rules.name_stop else None


NAME_ENDS = {"of", "who", "from", "at", "on", "in", "whose", "for"}


def _name_after(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
    words: list[str] = []
    for token in tokens:
        if not token[0].isalnum() or token.lower() in NAME_ENDS or token.lower() in rules.not_in_subject:
            break
        words.append(token)
    words = words[:5]
    return " ".join(words).rstrip(".") or None


def _trailing_capitals(words: list[str], rules: Rules = ENGLISH) -> list[str]:
    run: list[str] = []
    for word in reversed(words):
        if word[0].isupper() or (run and word.lower() in rules.connectors):
            run.insert(0, word)
        else:
            break
    return run


def clean_name(phrase: str, rules: Rules = ENGLISH) -> str:
    """'Councillor Amir Haddad' -> 'Amir Haddad'; 'Lyft driver Ross Rogers' -> 'Ross Rogers'."""
    words = [w.rstrip(",") for w in phrase.split()]
    if words and words[-1].endswith(".") and words[-1].lower().rstrip(".") not in rules.titles:
        words[-1] = words[-1].rstrip(".")
    if words and words[-1][:1].isupper():
        run = _trailing_capitals(words, rules)
        articles = {"the", "a", "an"} if rules is ENGLISH else rules.determiners
        if len(run) < len(words) and words[0].lower() not in articles:
            words = run
        titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in rules.titles]
        if titles:
            words = words[titles[-1] + 1 :]
    return " ".join(words)


class _People:
    """Names met so far, in reading order, to resolve 'he' and short names."""

    def __init__(self, texts: list[str | None], rules: Rules = ENGLISH) -> None:
        self.rules = rules
        self.mentions = sorted(_mentions(texts, rules))
        self.keys = [(block, pos) for block, pos, _, _ in self.mentions]
        self.full_names: dict[str, str] = {}  # first or last name -> the latest full name with it
        self.last: str | None = None
        self.cursor = 0

    def advance(self, block: int, position: int) -> None:
        stop = bisect_left(self.keys, (block, position))
        for _, _, name, subject in self.mentions[self.cursor : stop]:
            if subject:
                self.said(name)
            elif len(name.split()) >= 2:
                self._remember(name)
        self.cursor = max(self.cursor, stop)

    def said(self, name: str) -> None:
        self.last = self._full(name) if " " not in name else name
        if len(name.split()) >= 2 and name[0].isupper():
            self._remember(name)

    def _remember(self, full: str) -> None:
        parts = full.split()
        self.full_names[parts[0]] = self.full_names[parts[-1]] = full

    def resolve(self, phrase: str) -> str | None:
        if phrase.lower() in self.rules.pronouns:
            return self.last
        if phrase.lower() in ("i", "we", "you", "it", "this", "that", "there"):
            return None
        return self._full(clean_name(phrase, self.rules)) or None

    def _full(self, name: str) -> str:
        """'Hogan-Howe' -> 'Bernard Hogan-Howe' when the full name came earlier."""
        if " " in name or not name[:1].isupper():
            return name
        return self.full_names.get(name, name)


def _mentions(texts: list[str | None], rules: Rules = ENGLISH):
    """People named as the subject of a sentence or clause: 'Joe Smith decided', 'Mannery looked'."""
    not_name_starts = rules.name_stop | rules.titles
    for block, text in enumerate(texts):
        if text is None:
            continue
        for match in rules.capital_run.finditer(text):
            words = match.group().split()
            while words and words[0].lower().rstrip(".") in not_name_starts:
                words.pop(0)
            if not words:
                continue
            follow = text[match.end() : match.end() + 30]
            verb = re.match(r"\s+([a-z]\w*)" if rules is ENGLISH else r"\s+((?![\d_])\w+)", follow)
            if verb and not verb.group(1)[0].islower():
                verb = None
            appositive = re.match(r",\s+(who|a|an|the)\b", follow)
            name = clean_name(" ".join(words), rules)
            if not name:
                continue
            several = " " in name
            subject = _clause_start(text, match.start()) and bool(
                appositive
                or (several and follow.startswith(","))
                or (verb and (several or re.search(r"(ed|s)$", verb.group(1))))
            )
            yield block, match.start(), name, subject


def _clause_start(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position]
    return position == 0 or bool(re.search(r"(^|[.!?,;:\"\u201d\u201c]\s*)\s*$", before))
