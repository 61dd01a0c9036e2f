"""Find the quoted speech in an article's paragraphs: which quote marks open and close a quote.

One left-to-right pass over the quote marks of each paragraph, with a stack for nesting, so the
work is linear in the text's length. Apostrophes (don't, Jones' car, the '90s, rock 'n' roll) are
told apart from single quote marks by the characters around them.

Other languages' marks are told by the same context, so one table serves them all: German „…“ and »…«,
French « … », Polish „…”, Swedish ”…” (a mark after a space opens, one before punctuation closes);
„ ‚ 「 『 always open and 」 』 always close. Where dashes open dialogue (Spanish, Portuguese...), a
paragraph that starts with a dash is speech up to a dash that starts the narrator's words (—dijo ella).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE, SINGLE, CORNER, WHITE_CORNER = "D", "S", "C", "W"
FAMILY = {
    '"': DOUBLE,
    "\u201c": DOUBLE,
    "\u201d": DOUBLE,
    "\u00ab": DOUBLE,
    "\u00bb": DOUBLE,
    "\u201e": DOUBLE,
    "'": SINGLE,
    "\u2018": SINGLE,
    "\u2019": SINGLE,
    "\u2039": SINGLE,
    "\u203a": SINGLE,
    "\u201a": SINGLE,
    "\u300c": CORNER,
    "\u300d": CORNER,
    "\u300e": WHITE_CORNER,
    "\u300f": WHITE_CORNER,
}
GLYPH_OPEN = set("\u201c\u00ab\u2018\u2039\u201e\u201a\u300c\u300e")
GLYPH_CLOSE = set("\u201d\u00bb\u2019\u203a\u300d\u300f")
GUILLEMETS = set("\u00ab\u00bb\u2039\u203a")
ALWAYS = {"\u201e": True, "\u201a": True, "\u300c": True, "\u300e": True, "\u300d": False, "\u300f": False}
QUOTE_MARKS = re.compile("[\"'\u201c\u201d\u00ab\u00bb\u2018\u2019\u2039\u203a\u201e\u201a\u300c-\u300f]+")
DIALOGUE_DASH = re.compile(r"\u2014|\u2015|\u2013|--")
SPEECH_START = re.compile(r"[.,;:]?\s*")
OPENING_CONTEXT = set("([{<\u2014\u2013-/")
CLOSING_CONTEXT = set(".,;:!?)]}>\u2014\u2013-/\u2026")
# Words that start with an apostrophe standing for dropped letters: 'tis, 'em, 'cause.
ELISIONS = {
    "tis",
    "twas",
    "twere",
    "twill",
    "im",
    "em",
    "er",
    "cause",
    "cos",
    "coz",
    "til",
    "bout",
    "n",
    "nuff",
    "ere",
    "ave",
    "ow",
    "alf",
    "ello",
    "scuse",
    "sup",
    "round",
    "neath",
    "ole",
    "ol",
}
# Words that may follow a closing quote directly: a closing mark before them is not a possessive.
AFTER_QUOTE = {
    "said",
    "says",
    "say",
    "asked",
    "asks",
    "added",
    "adds",
    "told",
    "tells",
    "he",
    "she",
    "they",
    "i",
    "we",
    "you",
    "it",
    "replied",
    "and",
    "or",
    "but",
    "is",
    "was",
    "were",
    "are",
    "the",
    "a",
    "an",
    "to",
    "as",
    "in",
    "on",
    "for",
    "from",
    "that",
    "which",
    "who",
    "wrote",
    "writes",
    "at",
}
WORD_AT = re.compile(r"\w+")


@dataclass
class Unit:
    """One top-level quote, possibly running over several paragraphs."""

    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (block, start, end) of the content
    marks: list[tuple[int, int]] = field(default_factory=list)  # (block, position) of delimiting marks
    speech: bool = True
    speaker: str | None = None
    dialogue: bool = False  # opened by a dash: speech whatever words are near


def find_quotes(texts: list[str | None], dash_dialogue: bool = False) -> list[Unit]:
    """Top-level quotes in a list of paragraph texts (headings given as None are skipped);
    `dash_dialogue`: a paragraph that opens with a dash is speech (the convention of the article's language)."""
    scanner = _Scanner()
    for index, text in enumerate(texts):
        if text is None:
            continue
        if dash_dialogue and scanner.unit is None and DIALOGUE_DASH.match(text.lstrip()):
            scanner.units.extend(dialogue_units(index, text))
        else:
            scanner.paragraph(index, text, _next_text(texts, index))
    return scanner.units


def dialogue_units(block: int, text: str) -> list[Unit]:
    """'—Vamos —dijo Javier—. Hay que salir.': speech, the narrator's words, speech again. A dash inside
    speech followed by a lower-case word starts the narrator's words; the next dash ends them."""
    units: list[Unit] = []
    first = DIALOGUE_DASH.search(text)
    if first is None:
        return units
    unit: Unit | None = Unit(marks=[(block, first.start())], dialogue=True)
    start = _speech_start(text, first.end())
    for dash in DIALOGUE_DASH.finditer(text, first.end()):
        if unit is not None and text[dash.end() :].lstrip()[:1].islower():
            unit.spans.append((block, start, dash.start()))
            unit.marks.append((block, dash.start()))
            units.append(unit)
            unit = None
        elif unit is None and (text[dash.start() - 1 : dash.start()].isspace() or text[dash.end() :][:1] in ".,;: "):
            if re.search(r"\w", text[dash.end() :]):
                unit = Unit(marks=[(block, dash.start())], dialogue=True)
                start = _speech_start(text, dash.end())
            else:
                units[-1].marks.append((block, dash.start()))  # the narrator's words end the paragraph
    if unit is not None:
        unit.spans.append((block, start, len(text)))
        units.append(unit)
    return units


def _speech_start(text: str, position: int) -> int:
    """Past the punctuation that ends the narrator's words ('—. Hay que salir') and the spaces after a dash."""
    return SPEECH_START.match(text, position).end()  # type: ignore[union-attr]  # it matches the empty string


def _next_text(texts: list[str | None], index: int) -> str:
    """The next paragraph's text; a heading (None) ends any open quote."""
    following = texts[index + 1] if index + 1 < len(texts) else None
    return following or ""


class _Scanner:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.stack: list[str] = []
        self.unit: Unit | None = None
        self.start = 0  # where the open unit's content begins in the current paragraph
        self.skip_first = False  # the paragraph opens by re-opening a continued quote

    def paragraph(self, block: int, text: str, following: str) -> None:
        self.start = 0
        for match in QUOTE_MARKS.finditer(text):
            if self.skip_first and match.start() == 0:
                self._continue_mark(block, match)
                continue
            self._run(block, text, match)
        self.skip_first = False
        if self.unit is None:
            return
        self.unit.spans.append((block, self.start, len(text)))
        if self._reopens(following):
            self.stack = self.stack[:1]
            self.skip_first = True
        else:
            self._end_unit()

    def _continue_mark(self, block: int, match: re.Match) -> None:
        assert self.unit is not None  # only called while a quote runs on into this paragraph
        self.unit.marks.append((block, match.start()))
        self.start = match.start() + 1
        self.skip_first = False
        rest = match.group()[1:]
        for offset, mark in enumerate(rest, start=match.start() + 1):
            self._open(block, offset, mark)

    def _reopens(self, following: str) -> bool:
        first = following[:1]
        if not first or FAMILY.get(first) != self.stack[0]:
            return False
        return first in GLYPH_OPEN or first in "\"'" or first == "\u2019"

    def _run(self, block: int, text: str, match: re.Match) -> None:
        start, end = match.span()
        before = text[start - 1] if start else None
        after = text[end] if end < len(text) else None
        opens = before is None or before.isspace() or before in OPENING_CONTEXT
        closes = after is None or after.isspace() or after in CLOSING_CONTEXT
        if opens and closes and after is not None and after in "\u2014\u2013-" and text[end + 1 : end + 2].isalnum():
            closes = False  # "-Wish- you success!" opens with a dash
        run = match.group()
        for offset, mark in enumerate(run, start=start):
            if mark in ALWAYS:
                (self._open if ALWAYS[mark] else self._close)(block, offset, mark)
            elif opens and not closes:
                if mark == run[-1] and offset == end - 1 and self._elided(mark, text, end):
                    continue
                self._open(block, offset, mark)
            elif closes and not opens:
                if self._possessive(mark, before, text, end):
                    continue
                self._close(block, offset, mark)
            elif not opens and not closes:
                self._inside_word(block, offset, mark)
            elif mark in GUILLEMETS:
                (self._open if mark in GLYPH_OPEN else self._close)(block, offset, mark)

    def _elided(self, mark: str, text: str, end: int) -> bool:
        """An apostrophe opening a word: 'tis, 'em, the '90s, rock 'n' roll."""
        if FAMILY[mark] != SINGLE:
            return False
        if text[end : end + 1].isdigit():
            return True
        word = WORD_AT.match(text, end)
        return word is not None and word.group().lower() in ELISIONS

    def _possessive(self, mark: str, before: str | None, text: str, end: int) -> bool:
        """Jones' car, the horses' carrots: a closing-shaped single mark that ends a word."""
        if FAMILY[mark] != SINGLE:
            return False
        if SINGLE not in self.stack:
            return True
        if before in ("n", "N") and end >= 3 and text[end - 3] in "'\u2019" and text[end - 2] in "nN":
            return True  # rock 'n' roll
        if before not in ("s", "S") or text[end : end + 1] != " ":
            return False
        word = WORD_AT.match(text, end + 1)
        return word is not None and word.group()[0].islower() and word.group().lower() not in AFTER_QUOTE

    def _inside_word(self, block: int, offset: int, mark: str) -> None:
        if FAMILY[mark] == SINGLE:
            return  # don't, dog's, Hogan-Howe's
        if mark in GLYPH_OPEN or (mark == '"' and DOUBLE not in self.stack):
            self._open(block, offset, mark)
        else:
            self._close(block, offset, mark)

    def _open(self, block: int, offset: int, mark: str) -> None:
        if not self.stack:
            self.unit = Unit(marks=[(block, offset)])
            self.start = offset + 1
        self.stack.append(FAMILY[mark])

    def _close(self, block: int, offset: int, mark: str) -> None:
        family = FAMILY[mark]
        if family not in self.stack:
            return  # a stray closing mark
        while self.stack.pop() != family:
            pass
        if not self.stack:
            assert self.unit is not None  # the stack was not empty, so a unit is open
            self.unit.spans.append((block, self.start, offset))
            self.unit.marks.append((block, offset))
            self._end_unit()

    def _end_unit(self) -> None:
        assert self.unit is not None
        self.units.append(self.unit)
        self.unit = None
        self.stack = []
