"""Who the people of an English article are, in reading order: names met so far, the roles and organisations
they stand for, so that 'he', 'Hogan-Howe', 'the former foreman' and 'the statement' resolve to a speaker."""

from __future__ import annotations

import re
from bisect import bisect_left, insort

from narrate.script import names
from narrate.script.names import ARTICLES, DOCUMENTS, NOT_SPEAKERS, PRONOUNS, TITLES, head_word, is_organisation
from narrate.script.quotes import Unit
from narrate.script.sentences import is_verb, lead_in
from narrate.script.subjects import PREPOSITIONS, clean_name, titled
from narrate.script.wordlists import CONNECTORS, NAME_STOP

NOT_NAME_STARTS = NAME_STOP | TITLES
# 'of' joins a run ('Bank of Canada Governor Luc Tremblay'); a run never ends with it.
CAPITAL_RUN = re.compile(
    r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|(?:de|van|von|der|da|di|del|la|le|of)\b)){0,6}"
)

ROLE_SPEECH = r"(?:said|says|told|tells|added|adds|wrote|writes|posted|posts|insisted|explained|argued|warned|replied)"
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
TITLE_THEN_NAME = re.compile(rf"\b([A-Z][a-z]+)\.?\s+({NAME})")  # 'Mayor Rosa Delgado', 'Gov. Maria Castellano'
# Pattern 'age as role': 'Sharon Bligh, 46,' is 'the 46-year-old' anywhere later.
NAME_AGE = re.compile(rf"({NAME}),\s+(\d{{1,3}}),")
# 'Marcus Whitby, who became council leader in 2023,': a role taken on, with or without its article.
NAME_BECAME_ROLE = re.compile(
    rf"({NAME}),\s+who\s+(?:became|has\s+become|had\s+become|becomes)\s+((?:the\s+|an?\s+)?[a-z][^,.;:\"\u201c\u201d]{{1,50}}?)"
    r"(?:\s+in\s+\d{4})?[,.]"
)
# Pattern 'unnamed role': 'A spokeswoman for the hotel group said' is a speaker of its own, consistently.
UNNAMED_ROLE = re.compile(
    rf"(?:^|[.!?]\s+|[;:]\s+)(?:An\s+|A\s+|(?=One of the))([^,.;:\"\u201c\u201d]{{2,60}}?)"
    # 'A surgeon at a London teaching hospital, who asked not to be named, said'
    rf"(?:,\s+(?:who|speaking|writing)\b[^,.;:\"\u201c\u201d]{{0,80}},)?\s+{ROLE_SPEECH}\b"
)
DEFINITE_ROLE = re.compile(
    # 'But the chief executive of the Patients Alliance charity said': a conjunction may open the sentence
    rf"(?:^|[.!?]\s+|[,;:]\s+)(?:(?:But|And|Yet)\s+)?(?:The|the)\s+"
    rf"((?:[A-Z][\w'\u2019-]*\s+)*[a-z][^,.;:\"\u201c\u201d]{{1,60}}?)"
    # 'The cathedral's surveyor, who has inspected the roof since 2009, said'; 'The minister, speaking in Leeds, said'
    rf"(?:,\s+(?:who|speaking|writing)\b[^,.;:\"\u201c\u201d]{{0,80}},)?\s+{ROLE_SPEECH}\b"
)
ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'\u2019&.-]*\s+)+(?:(?:city|county|district|borough|town|state|federal|national)\s+)?)"
    rf"((?i:{'|'.join(sorted(names.ORGANISATIONS))}))\b(?:\s+\d+\b|\s+of\s+(?:[A-Z][\w'\u2019&.-]*\s*)+)?"
)
ORGANISATION_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|of|for|and|&))*"
# 'The World Gold Council said in a report' owns 'the report said' as 'said in a statement' owns 'the statement said'.
STATEMENT = re.compile(
    rf"({ORGANISATION_NAME})\s+said\s+in\s+an?\s+(?:\w+\s+)?(?:statement|report|letter|filing|memo|editorial)"
)
ONE_OF = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:Two|Three|Four|Five|Several|Some|Many|Both|Dozens of|Hundreds of)\s+)?"
    r"((?:[a-z]+\s+)?[A-Za-z]+s)\s+[a-z]+"
)


# Pattern 'named right after': a sentence opening 'The director, Dr Priya Nandakumar,' / 'The Republican, Sen. Dale
# Crockett of Kansas,' names the role a quote was just given to ('"...," the medical director said.').
NAMING = re.compile(
    r"(?:^|[.!?][\"'\u201d\u2019]?\s+)(?:The|That|This)\s+([A-Za-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*){0,3}),\s+"
    # 'The chair, retired teacher Colin Hebden,': lowercase title words may describe the name (checked in TITLES)
    rf"((?:[a-z]+\s+){{0,3}})({NAME})"
)
NAMING_REACH = 2  # paragraphs after the quote searched for its speaker's name

COURTESY_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+([A-Z][\w'\u2019-]+)\b")

BOOK_REACH = 50  # entries looked at on each side: a long article's hundredth spokesman is not this one
LOOK_BACK = (
    1500  # characters searched for a statement's owner, a group's plural or a naming, so long paragraphs stay linear
)


def _key(role: str) -> str:
    """A role's head word, spelt out: 'Gov.' and 'the governor' are one role."""
    head = head_word(role).rstrip(".")
    return names.ABBREVIATED.get(head, head)


class _Book:
    """Who or what a role or organisation stood for, by position: the nearest fitting entry before, else after.

    An entry fits when its role has every word of the one asked for: 'the mayor's chief of staff' fits
    "Delgado's chief of staff", 'the former director' does not fit 'the theatre's new artistic director'.
    """

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[int, int, str, frozenset[str], bool]]] = {}

    def add(self, role: str, block: int, position: int, value: str, back_reference: bool = False) -> None:
        entry = (block, position, value, names.role_words(role), back_reference)
        insort(self.entries.setdefault(_key(role), []), entry)

    def find(self, role: str, block: int, position: int, indefinite: bool = False) -> str | None:
        entries = self.entries.get(_key(role), [])
        index = bisect_left(entries, (block, position, ""))
        wanted = names.role_words(role)
        if indefinite:  # 'a senior official said' ... 'That official, Harriet Bloom,' names them later
            return next((e[2] for e in entries[index : index + BOOK_REACH] if e[4]), None)
        nearest_first = [*reversed(entries[max(0, index - BOOK_REACH) : index]), *entries[index : index + BOOK_REACH]]
        return next((entry[2] for entry in nearest_first if wanted <= entry[3]), None)


class People:
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
            for match in NAME_AGE.finditer(text):
                self._add_role(f"{match.group(2)}-year-old", match.group(1), block, match.start())
            for match in NAME_BECAME_ROLE.finditer(text):
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
            elif kind == "unnamed":  # 'A WHO official ... said' may be 'That official, Dr Grace Banda' later
                self.said(self.roles.find(name, m_block, m_position, indefinite=True) or name, m_block)
            elif kind == "subject":
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
            return self._titled_here(block, position) or self.last
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
        named_after = None if indefinite else self._named_right_after(role, block, position)
        if named_after:
            return named_after
        known = self.roles.find(role, block, position, indefinite)
        if known:
            return known
        if self._introduced_here(head, block, position):
            indefinite = True  # 'The civil protection minister, speaking at a briefing, said ...' is someone new
        # Pattern 'its role': 'its managing director said' is the organisation's person, never the last one named.
        owned = role.split()[0].lower() in ("its", "their")  # 'their boss' is not the last one person named
        if not indefinite and not owned and self.last and self.last_block >= block - 1 and head not in names.NOT_PEOPLE:
            return self.last  # 'Stan Booth ... "It was dying," the former foreman said'
        if register:
            self.roles.add(role, block, position, role)
        return role

    def _titled_here(self, block: int, position: int) -> str | None:
        """Pattern 'titled person in the paragraph': in 'Residents cheered Mrs Olu. "...," she told them.' the
        pronoun is the known person the paragraph names with a courtesy title, not the speaker of a paragraph
        before. Only when the last speaker was named before this paragraph."""
        if self.last_block >= block:
            return None
        found = list(COURTESY_NAME.finditer(self.texts[block] or "", max(0, position - LOOK_BACK), position))
        if not found:
            return None
        surname = found[-1].group(1)
        return self.full_names.get(surname)

    def _introduced_here(self, head: str, block: int, position: int) -> bool:
        """Pattern 'role introduced in the paragraph': a sentence earlier in this paragraph opens with 'The ...
        minister', so 'the minister said' is that new, unnamed person, not the last person named."""
        text = self.texts[block] or ""
        opening = re.compile(rf"(?:^|[.!?][\"'\u201d\u2019]?\s+)The\s+(?:[a-z][\w-]*\s+){{0,3}}{re.escape(head)}\b")
        sentence_start = position + 1 - len(lead_in(text, position + 1))  # one character on: '. “We' ends a sentence
        window = opening.finditer(text, max(0, sentence_start - LOOK_BACK), sentence_start)
        return bool(head) and any(m.end() <= sentence_start for m in window)

    def _named_right_after(self, role: str, block: int, position: int) -> str | None:
        """Pattern 'named right after': the first 'The X, Name' sentence in this paragraph or the next two, when X
        shares a word with the role or the name's title is the role ('the senator' ... 'Sen. Dale Crockett')."""
        wanted = names.role_words(role)
        for index in range(block, min(len(self.texts), block + NAMING_REACH + 1)):
            text = self.texts[index]
            if text is None:
                continue
            begin = position if index == block else 0
            for match in NAMING.finditer(text, begin, begin + LOOK_BACK):
                if any(w not in TITLES and not names.JOB_SHAPE.match(w.title()) for w in match.group(2).split()):
                    continue  # 'The chair, who founded Oxfam' names no one
                title = names.role_words(match.group(3).split()[0])
                if names.role_words(match.group(1)) & wanted or title & wanted or _owner_leads(match.group(1), wanted):
                    person = clean_name(match.group(3))
                    return person if person[:1].isupper() and not is_organisation(person) else None
        return None

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


LEADERS = frozenset({"leader", "chief", "head", "boss"})


def _owner_leads(naming: str, wanted: frozenset[str]) -> bool:
    """Pattern 'owner leads': 'the general secretary of the University and College Union' is named by 'The union's
    leader, Dr Jo Grady': the naming's owner is a word of the role and its head is a leading role."""
    words = naming.lower().split()
    owners = {names.POSSESSIVE.sub("", w) for w in words if names.POSSESSIVE.search(w)}
    return words[-1] in LEADERS and bool(owners & wanted)


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
            subject = (
                bool(acts)
                and not possessive
                and not after_preposition
                and _clause_start(text, match.start())
                and not REPORTED_APPOSITIVE.search(text, max(0, match.start() - 60), match.start())
            )
            yield block, match.start(), name, "subject" if subject else "name"
        for match in DEFINITE_ROLE.finditer(text):
            yield block, match.start(1), match.group(1), "role"
        for match in UNNAMED_ROLE.finditer(text):
            if not is_organisation(match.group(1)):
                yield block, match.start(1), match.group(1), "unnamed"


# Pattern 'reported appositive': in 'Fiona Keating said her client, Oliver Strand, would appeal' the client is
# talked about, not the next 'she'.
REPORTED_APPOSITIVE = re.compile(
    rf"\b{ROLE_SPEECH}\s+(?:her|his|their|its|the)\s+[a-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*){{0,2}},\s+$"
)
VERB_NEXT = re.compile(r"\s+([a-z]\w*)")
VERB_AFTER_COMMA = re.compile(r",\s+([a-z]\w*)")
APPOSITIVE_NEXT = re.compile(r",\s+(who|a|an|the)\b")
CLAUSE_BREAK_BEFORE = re.compile(r"(^|[.!?,;:\"\u201d\u201c]\s*)\s*$")
CLAUSE_LEAD = re.compile(r"(?:^|[.!?,;:\"\u201d\u201c]\s+)((?:[\w.-]+\s+){1,3})$")
SINGLE_NAME_VERBS = {"was", "is", "has", "had", "would", "will", "could", "did", "does", "herself", "himself"}


def _acts(word: str) -> bool:
    """'Mannery looked', 'Osei was asked': a verb after a lone capitalised word ('Waiting lists' is no subject)."""
    return word.endswith("ed") or word in SINGLE_NAME_VERBS or is_verb(word)


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
    return all(w.lower().rstrip(".") in TITLES or w[:1].isupper() for w in words) or titled([*words, "Name"])
