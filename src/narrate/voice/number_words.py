"""Words for figures, shared by every rule that reads numbers aloud (num2words says them in English).

"180,000" is "one hundred and eighty thousand", "007" is "zero zero seven", 1998 as a year is
"nineteen ninety-eight". NUMBER and RANGE are the patterns the rules use to find figures.
"""

from __future__ import annotations

NUMBER = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
RANGE = r"(?:\s?(?:-|–|to)\s?)"  # 10-12, 10–12, 10 to 12


def n2w(value, **kwargs) -> str:
    from num2words import num2words  # imported here: narrate --help stays instant

    return num2words(value, lang="en", **kwargs).replace(",", "")


def cardinal(figure: str) -> str:
    """ "180,000" -> "one hundred and eighty thousand"; "2.5" -> "two point five"; "007" -> "zero zero seven"."""
    figure = figure.replace(",", "")
    whole, _, fraction = figure.partition(".")
    if len(whole) > 1 and whole.startswith("0"):
        words = digits(whole)
    else:
        words = n2w(int(whole or "0"))
    if fraction:
        words += " point " + digits(fraction)
    return words


def digits(figure: str) -> str:
    return " ".join(n2w(int(d)) for d in figure if d.isdigit())


def ordinal(number: int) -> str:
    return n2w(number, to="ordinal")


def year(number: int) -> str:
    """1998 -> "nineteen ninety-eight", 2015 -> "twenty fifteen", 2005 -> "two thousand and five"."""
    if 2000 <= number <= 2009:
        return n2w(number)
    return n2w(number, to="year")


def number_or_range(low: str, high: str | None) -> str:
    return cardinal(low) if not high else f"{cardinal(low)} to {cardinal(high)}"


def is_one(low: str, high: str | None) -> bool:
    return not high and low.replace(",", "") == "1"


def plural(words: str) -> str:
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + ("es" if words.endswith(("x", "s")) else "s")
