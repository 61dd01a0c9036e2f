"""Numbers for the ear, said the way a newsreader says them: phone numbers, fractions, multipliers,
ranges, scores, ordinals, decades and plain numbers; NUMBER_RULES runs them in order with the rules
for money and units (spoken_quantities.py) and Roman numerals after names (spoken_numerals.py).
Dates, times and quarters are in spoken_calendar.py; the words for figures in number_words.py.

Every rule turns the figures it recognises into words (num2words says the numbers), so the TTS
engine never has to guess: "£2.5m" is "two point five million pounds", "Henry VIII" is "Henry the
Eighth", "6ft 2in" is "six feet two inches". Figures no rule claims are said as plain numbers,
four-digit years as years ("twenty fifteen") where the words around them say they are years.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from narrate.voice.number_words import NUMBER, cardinal, digits, n2w, ordinal, plural, year
from narrate.voice.spoken_numerals import read_regnal_numerals
from narrate.voice.spoken_quantities import read_money, read_percentages, read_units

# -- phone numbers: digit by digit, in their groups -------------------------------------------------

PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,4}(?![\w-])"
    r"|(?<![\w+])(?:\(\d{2,5}\)\s?|0\d{1,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w-])"
    r"|(?<![\w-])\d{3}-\d{3}-\d{4}(?![\w-])"
)


def _phones(text: str) -> str:
    def say(match: re.Match) -> str:
        groups = re.findall(r"\+?\d+", match.group(0))
        spoken = [("plus " if g.startswith("+") else "") + digits(g) for g in groups]
        return ", ".join(spoken)

    return PHONE.sub(say, text)


# -- fractions, multipliers, ranges and scores --------------------------------------------------------

SAID_AS_PAIRS = {"24/7": "twenty-four seven", "9/11": "nine eleven", "7/7": "seven seven", "50/50": "fifty-fifty"}
UNICODE_FRACTIONS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4)}


def fraction(numerator: int, denominator: int) -> str:
    if denominator == 2:
        name = "half" if numerator == 1 else "halves"
    elif denominator == 4:
        name = "quarter" if numerator == 1 else "quarters"
    else:
        name = ordinal(denominator) + ("" if numerator == 1 else "s")
    return f"{'a' if numerator == 1 else n2w(numerator)} {name}" if denominator <= 4 else f"{n2w(numerator)} {name}"


def _fractions(text: str) -> str:
    for written, spoken in SAID_AS_PAIRS.items():
        text = re.sub(rf"(?<![\w/]){re.escape(written)}(?![\w/])", spoken, text)
    for char, (num, den) in UNICODE_FRACTIONS.items():
        spoken = fraction(num, den)
        text = re.sub(rf"(\d+)\s?{char}", lambda m: f"{cardinal(m.group(1))} and {spoken}", text)  # noqa: B023
        text = text.replace(char, spoken)
    text = re.sub(
        r"(?<![\w/.])(\d+) (\d)/(\d)(?![\w/])",
        lambda m: (
            f"{cardinal(m.group(1))} and {fraction(int(m.group(2)), int(m.group(3)))}"
            if int(m.group(2)) < int(m.group(3))
            else m.group(0)
        ),
        text,
    )

    def say(match: re.Match) -> str:
        num, den = int(match.group(1)), int(match.group(2))
        if 0 < num < den <= 10:
            phrase = fraction(num, den)
            return phrase.replace("a ", "one ", 1) if phrase.startswith("a ") else phrase
        if num <= den:
            return f"{n2w(num)} out of {n2w(den)}"
        return match.group(0)

    return re.sub(r"(?<![\w/.])(\d+)/(\d+)(?![\w/])", say, text)


def _multipliers(text: str) -> str:
    text = re.sub(
        r"(?<![\w.])(\d+)\s?[x×]\s?(\d+)(?!\w)", lambda m: f"{cardinal(m.group(1))} by {cardinal(m.group(2))}", text
    )
    return re.sub(rf"(?<![\w.])({NUMBER})\s?[x×](?!\w)", lambda m: f"{cardinal(m.group(1))} times", text)


SCORE_BEFORE = (
    r"(?:won|win|wins|lost|lose|loses|beat|beats|drew|draw|draws|led|lead|leads|trailed|trail|trailing|"
    r"leading|winning|losing|beating|thrashed|edged|ended|finished|drawn|a|an|the)"
)
SCORE_AFTER = r"(?:win|victory|defeat|loss|draw|lead|scoreline|thrashing|home|away|aggregate|at|in|on|against|to|over)"


def goals(figure: str) -> str:
    return "nil" if figure == "0" else cardinal(figure)


def _ranges(text: str) -> str:
    def season(match: re.Match) -> str:
        first, second = int(match.group(1)), match.group(2)
        full = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if full != first + 1 and len(second) == 2:
            return match.group(0)
        return f"{year(first)} to {year(full)}"

    text = re.sub(r"(?<![\w.-])(1\d{3}|20\d{2})[-–/](\d{2}|\d{4})(?![\w%]|[.,-]\d)", season, text)

    def pair(match: re.Match) -> str:
        low, high = match.group(1), match.group(2)
        before, after = text[: match.start()], text[match.end() :]
        is_score = (
            int(low) < 30
            and int(high) < 30
            and (
                re.search(rf"\b(?i:{SCORE_BEFORE})\s(?:[A-Z]\w*\s){{0,3}}$", before[-40:])
                and re.match(rf"\s+{SCORE_AFTER}\b|[.,;!?]|$", after, re.IGNORECASE)
            )
        )
        if is_score:
            return f"{goals(low)} {goals(high)}"
        return f"{cardinal(low)} to {cardinal(high)}"

    return re.sub(r"(?<![\w.-])(\d+)[-–](\d+)(?![\w%]|[.,-]\d)", pair, text)


# -- ordinals, Roman numerals after names, decades, years and plain numbers ---------------------------


def _ordinals(text: str) -> str:
    return re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ordinal(int(m.group(1))), text)


def _decades(text: str) -> str:
    def say(match: re.Match) -> str:
        century, decade = match.group(1), match.group(2)
        words = year(int(century + decade)) if century else n2w(int(decade))
        return words[:-1] + "ies" if words.endswith("y") else words + "s"

    return re.sub(
        r"(?<![\w.])['’]?(1\d|20)?(\d0)s\b", lambda m: say(m) if m.group(1) or m.group(2) != "00" else m.group(0), text
    )


YEAR_BEFORE = (
    r"(?:in|since|by|from|until|till|of|to|year|before|after|early|late|mid|during|through|circa|"
    r"and|summer|winter|spring|autumn|fall|January|February|March|April|May|June|July|August|September|"
    r"October|November|December)"
)


def plain_numbers(text: str) -> str:
    def say(match: re.Match) -> str:
        minus, figure = match.group(1), match.group(2)
        before, after = text[: match.start()], text[match.end() :]
        value = figure.replace(",", "")
        if (
            minus is None
            and re.fullmatch(r"1\d\d\d|20\d\d", figure)
            and (
                re.search(rf"\b{YEAR_BEFORE}[\s-]$", before, re.IGNORECASE)
                or re.match(r"\s*(?:[.,;:!?)]|$|and\b|to\b|was\b|is\b|will\b|saw\b|when\b)", after)
            )
        ):
            return year(int(value))
        if len(value.partition(".")[0]) > 15:
            return digits(value)
        return ("minus " if minus else "") + cardinal(figure)

    text = re.sub(r"(?<![\w.,])(\d+)s\b", lambda m: plural(cardinal(m.group(1))), text)  # "in threes and 4s"
    text = re.sub(rf"(?:(?<![^\s(\[\"'“‘])([-−])(?=\d))?(?<![\w.,])({NUMBER})(?!\w)", say, text)
    # What is left is glued to letters or other figures ("M25", "5G", "v1.2"): said as numbers, apart.
    return re.sub(r"\d+(?:\.\d+)?", lambda m: f" {cardinal(m.group(0))} ", text).replace("  ", " ").strip()


NUMBER_RULES: list[Callable[[str], str]] = [  # after the calendar's rules (spoken_calendar.py)
    _phones,
    read_money,
    read_percentages,
    read_units,
    _fractions,
    _multipliers,
    _ranges,
    _ordinals,
    read_regnal_numerals,
    _decades,
]
