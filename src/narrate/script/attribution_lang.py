"""Who said each quote in an article not in English: "X sagte", "a déclaré X", "dit-il", "según X", "X: ...",
pronouns and short names resolved.

The same rules as narrate's first English attribution, with every word list taken from the article's
language (narrate.script.languages) through a `Rules` object. English articles use attribution.py, which has
since grown rules that are English through and through (roles, statements, phrasal verbs).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

from narrate.script.names import word_set
from narrate.script.quotes import Unit

SPEECH_VERBS = word_set("""
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
""")
PRONOUNS = {"he", "she", "they", "him", "her"}
TITLES = word_set("""
mr mrs ms miss mx dr doctor sir dame lord lady prof professor officer councillor councilor councilman
councilwoman alderman senator sen rep representative president vice chief inspector detective det sergeant sgt
captain capt judge justice mayor governor gov minister secretary commissioner rev reverend father sister brother
lt lieutenant col colonel gen general maj major superintendent supt constable pc chancellor coach deputy
ambassador bishop rabbi imam chair chairman chairwoman chairperson director spokesman spokeswoman spokesperson
resident residents witness neighbour neighbor farmer teacher nurse driver pastor striker manager author artist
student shopkeeper owner founder chef economist analyst lawyer attorney headteacher headmaster principal
engineer researcher scientist historian actor actress singer musician campaigner activist volunteer
harbourmaster firefighter paramedic surgeon pilot captain skipper landlord landlady tenant customer
""")
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
CAPITAL_RUN = re.compile(
    r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|(?:de|van|von|der|da|di|del|la|le)\b)){0,6}"
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
# Capital letters of the Latin, Greek and Cyrillic alphabets, for the rules of languages other than English.
UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
PARTICLES = r"de|van|von|der|da|di|del|la|le|dos|das|do|du|des|y|e|zu|af"
ANY_SENTENCE_END = re.compile(
    rf"[.!?\u2026][\"'\u201d\u2019\u201c\u00bb\u00ab)\u300d\u300f]*\s+"
    rf"(?=[\"'\u201c\u2018\u201e\u201a\u00ab\u00bb(\u00bf\u00a1\u2014\u2013-]?\s?[{UPPER}0-9]|$)|[\u3002\uff01\uff1f]"
)
ANY_CAPITAL_RUN = re.compile(rf"\b[{UPPER}][\w'\u2019.-]*(?:\s+(?:[{UPPER}][\w'\u2019.-]*|(?:{PARTICLES})\b)){{0,6}}")


@dataclass(frozen=True)
class Rules:
    """The words attribution reads by, for one language (English's by default)."""

    verbs: frozenset[str]
    pronouns: frozenset[str]
    adverbs: frozenset[str]
    auxiliaries: frozenset[str]
    determiners: frozenset[str]
    conjunctions: frozenset[str]
    not_in_subject: frozenset[str]
    name_stop: frozenset[str]
    titles: frozenset[str]
    abbreviations: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    connectors: frozenset[str]
    sentence_end: re.Pattern
    capital_run: re.Pattern


ENGLISH = Rules(
    frozenset(SPEECH_VERBS),
    frozenset(PRONOUNS),
    frozenset(ADVERBS),
    frozenset(),
    frozenset(DETERMINERS),
    frozenset(CONJUNCTIONS),
    frozenset(NOT_IN_SUBJECT),
    frozenset(NAME_STOP),
    frozenset(TITLES),
    frozenset(ABBREVIATIONS),
    (("according", "to"),),
    frozenset(CONNECTORS),
    SENTENCE_END,
    CAPITAL_RUN,
)


@functools.cache
def rules_for(language: str | None) -> Rules:
    """English's rules, or another language's (see narrate.script.languages); names, titles and
    abbreviations add to the English ones, the other lists replace them."""
    from narrate.script.languages import words_for

    words = words_for(language)
    if words is None:
        return ENGLISH
    particles = frozenset(PARTICLES.split("|"))
    return Rules(
        words.verbs,
        words.pronouns,
        words.auxiliaries,
        words.auxiliaries,
        words.determiners,
        words.conjunctions,
        words.not_in_subject,
        ENGLISH.name_stop | words.name_stop,
        ENGLISH.titles | words.titles,
        ENGLISH.abbreviations | words.abbreviations,
        words.according,
        ENGLISH.connectors | particles,
        ANY_SENTENCE_END,
        ANY_CAPITAL_RUN,
    )


def _sentence_ends(text: str, rules: Rules = ENGLISH):
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
    for match in _sentence_ends(before, rules):
        last = match
    return before[last.end() :] if last else before


def lead_out(text: str, position: int, rules: Rules = ENGLISH) -> str:
    """The rest of the sentence after position."""
    after = text[position : position + WINDOW]
    end = next(_sentence_ends(after, rules), None)
    return after[: end.start() + 1] if end else after


def _words(text: str, rules: Rules = ENGLISH) -> list[str]:
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


def _is_verb(token: str, rules: Rules = ENGLISH) -> bool:
    return token.lower().strip(".'\u2019-\u2014\u2013") in rules.verbs


def speech_verb_near(lead: str, after: str, rules: Rules = ENGLISH) -> bool:
    """A speech verb just before a quote ('say', 'told them'), or just after it in the same sentence."""
    before: list[str] = []
    for token in reversed([t for t in _words(lead, rules) if t.strip("'\u2019")[:1].isalnum()][-4:]):
        if token.lower() in rules.determiners:
            break  # 'said the so-called "plan"': the quote is a noun phrase, not speech
        before.append(token)
    following = []
    for token in _words(after[:80], rules):
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
        any(_is_verb(t, rules) for t in before)
        or any(_is_verb(t, rules) for t in following)
        or (lead.rstrip().endswith(":") and 0 < len(before) <= 4)
    )


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
                _is_verb(t, rules) for t in _words(between, rules)
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
    tokens = _words(after[: opening.start()] if opening else after, rules)
    while tokens and tokens[0] in ",;:\u2014\u2013-":
        tokens.pop(0)
    for index, token in enumerate(tokens[:7]):
        if token == ",":
            continue
        if not token[0].isalnum():
            return None
        if _is_verb(token, rules) and not (index and tokens[index - 1].lower() in rules.determiners):
            if short and sum(t[0].isalnum() for t in tokens) > 5:
                return None  # a new sentence reporting other speech, not an attribution
            inverted = all(t.lower() in rules.auxiliaries for t in tokens[:index] if t != ",")  # 'a déclaré X'
            return _name_after(tokens[index + 1 :], rules) if inverted else _subject(tokens[:index], rules)
    return None


def _before_phrase(text: str, position: int, rules: Rules = ENGLISH) -> str | None:
    lead = lead_in(text, position, rules)
    if not re.search(r"\w", lead):
        lead = lead_in(text, max(0, position - len(lead) - 1), rules) if position > len(lead) else ""
    tokens = _words(lead, rules)
    according = _according_to(tokens, rules)
    if according:
        return according
    for index in range(len(tokens) - 1, -1, -1):
        if _is_verb(tokens[index], rules) and not (index and tokens[index - 1].lower() in rules.determiners):
            return (
                _subject(tokens[:index], rules)
                or _proper_name_after(tokens[index + 1 :], rules)
                or _first_name_in(tokens, rules)
            )
    if tokens and tokens[-1] == ":":
        return (_subject(tokens[:-1], rules) if len(tokens) <= 6 else None) or _first_name_in(tokens, rules)
    return None


def _first_name_in(tokens: list[str], rules: Rules = ENGLISH) -> str | None:
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
