"""The words attribution reads by: English's lists, and the `Rules` that carry one language's lists.

English attribution (attribution.py) reads these lists directly; attribution in other languages
(attribution_lang.py) reads them through a `Rules` object, whose lists come from narrate.script.languages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from narrate.script.names import PRONOUNS, word_set

SPEECH_VERBS = word_set(
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
# The titles of narrate's first English attribution, which the rules of other languages still add to theirs
# (English attribution now reads names.TITLES).
FIRST_TITLES = word_set(
    """
mr mrs ms miss mx dr doctor sir dame lord lady prof professor officer councillor councilor councilman
councilwoman alderman senator sen rep representative president vice chief inspector detective det sergeant sgt
captain capt judge justice mayor governor gov minister secretary commissioner rev reverend father sister brother
lt lieutenant col colonel gen general maj major superintendent supt constable pc chancellor coach deputy
ambassador bishop rabbi imam chair chairman chairwoman chairperson director spokesman spokeswoman spokesperson
resident residents witness neighbour neighbor farmer teacher nurse driver pastor striker manager author artist
student shopkeeper owner founder chef economist analyst lawyer attorney headteacher headmaster principal
engineer researcher scientist historian actor actress singer musician campaigner activist volunteer
harbourmaster firefighter paramedic surgeon pilot captain skipper landlord landlady tenant customer
"""
)
ADVERBS = word_set(
    """
also later then again once previously had has have would will quickly simply just only often even still
recently did does
"""
)
NAME_STOP = word_set(
    """
the a an he she it they we i you in on at this that then but and one there when after before as if so for his
her their our my its what why how who while though although yes no now today yesterday some many most all both
each these those since until with from by to of not however meanwhile still mr mrs ms dr sir
"""
)
DETERMINERS = word_set(
    """
the a an so-called this that these those his her its their our my your some any
"""
)
CONJUNCTIONS = {"and", "but", "or", "then", "before", "after", "while", "which", "that", "so", "because"}
NOT_IN_SUBJECT = word_set(
    """
who whose whom which to is was are were be been that of it there if
"""
)
CONNECTORS = {"and", "de", "van", "von", "der", "da", "di", "del", "bin", "al", "la", "le"}
ABBREVIATIONS = word_set(
    """
mr mrs ms dr prof st sen rep gov gen lt col sgt capt insp det supt rev jr sr no vs etc mt ft cllr hon maj
"""
)
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9]|$)")
# Runs of capitalised words, as the rules of other languages started from (English's own, in people.py, joins 'of').
CAPITAL_RUN = re.compile(
    r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|(?:de|van|von|der|da|di|del|la|le)\b)){0,6}"
)
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
    frozenset(FIRST_TITLES),
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
