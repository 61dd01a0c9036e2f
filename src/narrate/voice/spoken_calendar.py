"""Dates, times, quarters and fiscal years for the ear, as a newsreader says them: "1 Jan 2025" is
"the first of January twenty twenty-five", "Jan 31" is "January thirty-first", "9.30am" is "nine
thirty a.m.", "Q3" is "the third quarter", "FY2024" is "fiscal year twenty twenty-four".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from narrate.voice.number_words import cardinal, n2w, ordinal, year

# -- times ------------------------------------------------------------------------------------------


def clock(hour: int, minute: int) -> str:
    if minute == 0:
        return n2w(hour)
    return f"{n2w(hour)} {'oh ' + n2w(minute) if minute < 10 else n2w(minute)}"


def _times(text: str) -> str:
    def twelve(match: re.Match) -> str:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        # "a.m." with its stops: Piper says "A M" as "a m" and "AM" as "am" (tiny.en heard "9.38mm").
        return f"{clock(hour, minute)} {'a.m.' if match.group(3).lower() == 'a' else 'p.m.'}"

    def twenty_four(match: re.Match) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        if minute:
            return clock(hour, minute)
        return f"{n2w(hour)} hundred" if hour > 12 else f"{n2w(hour)} o'clock"

    text = re.sub(r"(\d\s?[apAP]\.?[mM]\.?)\s?[-–]\s?(?=\d)", r"\1 to ", text)  # 9am-5pm
    text = re.sub(r"(?<![\w.:])(1[0-2]|0?[1-9])(?:[.:]([0-5]\d))?\s?([apAP])\.?[mM]\b\.?", twelve, text)
    return re.sub(r"(?<![\w.:])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])", twenty_four, text)


# -- dates ------------------------------------------------------------------------------------------

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_NAMES = {m.lower(): m for m in MONTHS} | {m[:3].lower(): m for m in MONTHS} | {"sept": "September"}
_MONTH = r"(?P<month>" + "|".join(sorted({m.title() for m in MONTH_NAMES}, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s(?P<year>1\d{3}|20\d{2})\b)?"
BRITISH_DATE = re.compile(rf"(?<![\w.]){_DAY}\s{_MONTH}(?!\w){_YEAR}")
AMERICAN_DATE = re.compile(rf"\b{_MONTH}\s{_DAY}(?![\w:.]\d|\w){_YEAR}")
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s(?P<year>1\d{{3}}|20\d{{2}})\b")
ISO_DATE = re.compile(r"\b(1\d{3}|20\d{2})-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b")
NUMERIC_DATE = re.compile(r"(?<![\w/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")


def keep_stop(spoken: str, match: re.Match) -> str:
    """A match that swallowed an abbreviation's full stop gives it back where it also ended the sentence."""
    rest = match.string[match.end() :]
    ends = match.group(0).endswith(".") and re.match(r"\s+[A-Z]|\s*$", rest)
    return spoken + "." if ends else spoken


def _month(name: str) -> str:
    return MONTH_NAMES[name.lower().rstrip(".")]


def _year_suffix(match: re.Match, sep: str = " ") -> str:
    return f"{sep}{year(int(match.group('year')))}" if match.group("year") else ""


def _dates(text: str) -> str:
    text = ISO_DATE.sub(
        lambda m: f"{MONTHS[int(m.group(2)) - 1]} {ordinal(int(m.group(3)))}, {year(int(m.group(1)))}", text
    )

    def numeric(match: re.Match) -> str:
        first, second, yr = int(match.group(1)), int(match.group(2)), match.group(3)
        full = int(yr) if len(yr) == 4 else 2000 + int(yr)
        if second > 12 and 1 <= first <= 12:  # only American order fits
            return f"{MONTHS[first - 1]} {ordinal(second)}, {year(full)}"
        if 1 <= second <= 12 and 1 <= first <= 31:
            return f"the {ordinal(first)} of {MONTHS[second - 1]} {year(full)}"
        return match.group(0)

    text = NUMERIC_DATE.sub(numeric, text)
    text = BRITISH_DATE.sub(
        lambda m: keep_stop(f"the {ordinal(int(m.group('day')))} of {_month(m.group('month'))}" + _year_suffix(m), m),
        text,
    )
    text = AMERICAN_DATE.sub(
        lambda m: f"{_month(m.group('month'))} {ordinal(int(m.group('day')))}" + _year_suffix(m, ", "), text
    )
    return MONTH_YEAR.sub(lambda m: f"{_month(m.group('month'))} {year(int(m.group('year')))}", text)


# -- quarters, halves and fiscal years ----------------------------------------------------------------

NEEDS_THE = {
    "in",
    "for",
    "during",
    "of",
    "by",
    "since",
    "from",
    "until",
    "over",
    "through",
    "to",
    "between",
    "and",
    "or",
    "after",
    "before",
    "into",
    "on",
    "than",
}


def _periods(text: str) -> str:
    def period(match: re.Match) -> str:
        kind, number, yr = match.group(1), int(match.group(2)), match.group(3)
        words = f"{ordinal(number)} {'quarter' if kind == 'Q' else 'half'}"
        if yr:
            words += f" of {year(int(yr))}"
        before = re.search(r"(\w+)\s$", text[: match.start()])
        the = "the " if before and before.group(1).lower() in NEEDS_THE else ""
        return the + words

    text = re.sub(
        r"\b([QH])([1-4])\b(?:\s(1\d{3}|20\d{2})\b)?",
        lambda m: period(m) if m.group(1) == "Q" or int(m.group(2)) <= 2 else m.group(0),
        text,
    )

    def fiscal(match: re.Match) -> str:
        yr = match.group(1)
        spoken = year(int(yr)) if len(yr) == 4 else cardinal(yr)
        if match.group(2):
            spoken += f" to {cardinal(match.group(2)[-2:])}"
        return f"fiscal year {spoken}"

    return re.sub(r"\bFY\s?'?(\d{4}|\d{2})(?:[/-](\d{2}|\d{4}))?\b", fiscal, text)


CALENDAR_RULES: list[Callable[[str], str]] = [_dates, _times, _periods]
