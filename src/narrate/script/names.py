"""The words around people's names in news copy, kept in one place: titles, roles, organisations, and the
things that are never speakers (platforms, documents, pronouns)."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """A set of words written as a block of text, one space between them."""
    return frozenset(text.split())


# Honorifics that may lead a name and say nothing about who it is: 'Dr Helen Achebe' is 'Helen Achebe'.
HONORIFICS = word_set(
    """
mr mrs ms miss mx dr prof professor sir dame lord lady rev cllr councillor senator sen rep representative
president mayor judge captain gov governor
"""
)

# Words that may stand before a name as its title, job or description ('harbourmaster Lotte Vinter',
# 'Minority Leader Frank Delaney', tabloid 'Brave Doreen Platt'): everything up to the last of them is dropped.
TITLES = HONORIFICS | word_set(
    """
doctor officer councilor councilman councilwoman alderman vice chief inspector detective det sergeant sgt
capt justice minister secretary commissioner reverend father sister brother lt lieutenant col colonel gen
general maj major superintendent supt constable pc chancellor coach deputy ambassador bishop rabbi imam chair
chairman chairwoman chairperson director spokesman spokeswoman spokesperson resident residents witness
neighbour neighbor farmer teacher nurse driver pastor striker manager author artist student shopkeeper owner
founder chef economist analyst lawyer attorney headteacher headmaster principal engineer researcher scientist
historian actor actress singer musician campaigner activist volunteer harbourmaster firefighter paramedic
surgeon pilot skipper landlord landlady tenant customer leader speaker parent mum dad gran grandad grandmother
grandfather pensioner brave proud heartbroken devastated tragic hero star favourite whip premier
mp mep msp mla former retired veteran player lifeguard holidaymaker worker miner fisherman builder mechanic
plumber electrician carer midwife soldier trainer jockey referee footballer cricketer golfer
runner cyclist swimmer climber photographer journalist reporter editor presenter comedian dancer writer poet
novelist businessman businesswoman entrepreneur investor banker accountant consultant architect designer vet
dentist pharmacist gp mother son daughter husband wife partner fan supporter shopper commuter passenger
motorist pedestrian survivor victim widow widower executive member official boss
overjoyed grateful distraught furious delighted terrified thrilled shocked relieved grieving tearful plucky
stunned elated ecstatic doting bereaved fuming livid horrified regular groom bride patient stubborn defiant angry
coordinator organiser organizer workmate colleague helm coxswain steward pal cellist violinist pianist guitarist
angler rambler hiker birdwatcher
"""
)
# Pattern 'descriptor by shape': a capitalised word in no list before a full name reads as a job or description
# when it is shaped like one ('Fryer Dave Hollins', 'Crofter Duncan Bannatyne', 'Quizmaster Roy Pickles', 'Brazilian
# Joao Silva'), unless it is a first name of that shape ('Peter', 'Julian') or a place ('Leicester', 'Windsor').
JOB_SHAPE = re.compile(
    r"^[A-Z][a-z]{2,}(?:er|or|ist|ian|ier|eer|man|woman|master|mistress|monger|smith|wright|ess|mason)$"
)
# Party members read like descriptors too ('Republican Ed Harlan'), but not before a body ('Republican National
# Committee'), which shaped_like_a_job checks.
PARTY_MEMBERS = word_set("democrat republican conservative liberal tory socialist")
NOT_JOB_SHAPE = re.compile(r"ster$")
SHAPED_FIRST_NAMES = word_set(
    """
peter oliver jennifer heather esther walter roger christopher alexander tyler skyler amber homer spencer jasper
conner asher hunter parker carter cooper baxter dexter lester webster fletcher porter tucker harper piper sawyer
ryder sumner elmer luther gunther dieter reiner werner rainer xavier olivier javier didier gautier amer omer ester
jupiter schuyler kimber summer winter ginger victor connor trevor hector igor taylor eleanor tudor nestor salvador
gregor brian ian julian adrian vivian lillian lilian damian sebastian christian fabian jillian marian gillian dorian
florian maximilian cristian kilian killian tristian norman herman truman coleman sherman freeman jackman
denver vancouver hanover dover andover windsor ecuador bangor jasmin
"""
)


def shaped_like_a_job(word: str, following: list[str]) -> bool:
    """'Fryer' before 'Dave Hollins': a descriptor, not a first name; only before a name of two or three words."""
    return (
        (bool(JOB_SHAPE.match(word)) or word.lower() in PARTY_MEMBERS)
        and (not NOT_JOB_SHAPE.search(word) or word.endswith("master"))
        and word.lower() not in SHAPED_FIRST_NAMES
        and 2 <= len(following) <= 3
        and all(w[:1].isupper() and w.lower().strip(",.") not in ORGANISATIONS for w in following)
    )


# A party and state after a US politician's name ('Sen. Maria Lopez, D-N.M.,') is never a name.
PARTY_TAG = re.compile(r"^[RDI]-[A-Z][\w.]*$")

# Organisations and bodies: 'the council said' is an organisation speaking, not a person.
ORGANISATIONS = word_set(
    """
council ministry department company agency bank party police force authority college university government
campaign union federation group committee commission office court board service airline channel broadcaster
firm regulator paper newspaper club charity trust hospital school foundation institute association
administration house embassy army navy military team league network station website operator
"""
)

# Never a speaker, whatever stands next to a quote: platforms, documents and the media an interview ran on.
NOT_SPEAKERS = word_set(
    """
twitter x facebook instagram tiktok youtube threads bluesky linkedin whatsapp telegram reddit snapchat
interview programme program show podcast broadcast
"""
)
DOCUMENTS = word_set(
    """
transcript transcripts statement report filing filings memo letter documents document records ruling editorial
papers recording minutes
"""
)

PRONOUNS = frozenset({"he", "she", "they", "him", "her"})
ARTICLES = frozenset({"the", "a", "an", "one"})
POSSESSIVE = re.compile(r"['\u2019]s?$")


def is_possessive(word: str) -> bool:
    """A possessive ("Okafor's", "Jones'") is never a speaker's name on its own."""
    return len(word) > 2 and bool(POSSESSIVE.search(word)) and word[0].isupper()


def head_word(phrase: str) -> str:
    """The noun a role or organisation phrase is about: 'the mayor's chief of staff' -> 'chief'."""
    written = phrase.split()
    words = [w.lower() for w in written]
    cut = next(
        (
            i
            for i, w in enumerate(words)
            if w in ("of", "for", "at", "in", "to", "from", "on", "with", "who", "since", "based")
            and not written[i].isupper()  # 'A WHO official': an acronym, not 'who'
        ),
        len(words),
    )
    words = [w for w in words[:cut] if not POSSESSIVE.search(w)]
    return words[-1].strip(",.") if words else ""


def is_organisation(phrase: str) -> bool:
    return head_word(phrase) in ORGANISATIONS


# Heads that never stand for the last person named ('the council said', 'the report said').
NOT_PEOPLE = ORGANISATIONS | DOCUMENTS | NOT_SPEAKERS

# Titles as abbreviated before names, spelt out so that 'the governor' finds 'Gov. Neil Sutter'.
ABBREVIATED = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "supt": "superintendent",
    "det": "detective",
    "insp": "inspector",
    "prof": "professor",
    "cllr": "councillor",
    "sgt": "sergeant",
    "capt": "captain",
    "dr": "doctor",
}
_NOT_ROLE_WORDS = ARTICLES | {"that", "this", "his", "her", "its", "their", "our", "my"}


def role_words(role: str) -> frozenset[str]:
    """The words that tell one role from another: "the mayor's chief of staff" -> {chief, of, staff}."""
    words = [w.lower().strip(",.") for w in role.split() if not POSSESSIVE.search(w)]
    return frozenset(ABBREVIATED.get(w, w) for w in words if w and w not in _NOT_ROLE_WORDS)
