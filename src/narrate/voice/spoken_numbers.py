"""Numbers for the ear, said the way a newsreader says them: money, units, ranges, scores,
fractions, ordinals, phone numbers and Roman numerals after names (dates, times and quarters are
in spoken_calendar.py).

Every rule turns the figures it recognises into words (num2words says the numbers), so the TTS
engine never has to guess: "£2.5m" is "two point five million pounds", "Henry VIII" is "Henry the
Eighth", "6ft 2in" is "six feet two inches". Figures no rule claims are said as plain numbers,
four-digit years as years ("twenty fifteen") where the words around them say they are years.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NUMBER = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
RANGE = r"(?:\s?(?:-|–|to)\s?)"  # 10-12, 10–12, 10 to 12


# -- words for numbers ----------------------------------------------------------------------------


def _n2w(value, **kwargs) -> str:
    from num2words import num2words  # imported here: narrate --help stays instant

    return num2words(value, lang="en", **kwargs).replace(",", "")


def cardinal(figure: str) -> str:
    """ "180,000" -> "one hundred and eighty thousand"; "2.5" -> "two point five"; "007" -> "zero zero seven"."""
    figure = figure.replace(",", "")
    whole, _, fraction = figure.partition(".")
    if len(whole) > 1 and whole.startswith("0"):
        words = digits(whole)
    else:
        words = _n2w(int(whole or "0"))
    if fraction:
        words += " point " + digits(fraction)
    return words


def digits(figure: str) -> str:
    return " ".join(_n2w(int(d)) for d in figure if d.isdigit())


def ordinal(number: int) -> str:
    return _n2w(number, to="ordinal")


def year(number: int) -> str:
    """1998 -> "nineteen ninety-eight", 2015 -> "twenty fifteen", 2005 -> "two thousand and five"."""
    if 2000 <= number <= 2009:
        return _n2w(number)
    return _n2w(number, to="year")


def _number_or_range(low: str, high: str | None) -> str:
    return cardinal(low) if not high else f"{cardinal(low)} to {cardinal(high)}"


def _is_one(low: str, high: str | None) -> bool:
    return not high and low.replace(",", "") == "1"


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


# -- money ------------------------------------------------------------------------------------------

CURRENCIES = {  # symbol or code -> (one, many, hundredth)
    "£": ("pound", "pounds", "pence"),
    "$": ("dollar", "dollars", "cents"),
    "€": ("euro", "euros", "cents"),
    "¥": ("yen", "yen", "sen"),
    "US$": ("US dollar", "US dollars", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cents"),
    "GBP": ("pound", "pounds", "pence"),
    "USD": ("US dollar", "US dollars", "cents"),
    "EUR": ("euro", "euros", "cents"),
    "JPY": ("yen", "yen", "sen"),
}
CURRENCY_WORDS = {
    "pound": CURRENCIES["£"],
    "pounds": CURRENCIES["£"],
    "dollar": CURRENCIES["$"],
    "dollars": CURRENCIES["$"],
    "euro": CURRENCIES["€"],
    "euros": CURRENCIES["€"],
}
MAGNITUDES = {
    "k": "thousand",
    "thousand": "thousand",
    "m": "million",
    "mn": "million",
    "million": "million",
    "bn": "billion",
    "b": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}
_SYMBOLS = "|".join(re.escape(s) for s in sorted(CURRENCIES, key=len, reverse=True))
_MAGNITUDES = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
MONEY_BEFORE = re.compile(
    rf"(?<![\w$])(?P<symbol>{_SYMBOLS})\s?(?P<low>{NUMBER})"
    rf"(?:{RANGE}(?:{_SYMBOLS})?\s?(?P<high>{NUMBER}))?"
    rf"(?:\s?(?P<magnitude>(?i:{_MAGNITUDES}))\b)?"
)
MONEY_AFTER = re.compile(
    rf"(?<![\w.])(?P<low>{NUMBER})(?:{RANGE}(?P<high>{NUMBER}))?"
    rf"(?:\s?(?P<magnitude>(?i:{_MAGNITUDES}))\b)?\s?(?P<symbol>€|£|EUR|GBP|USD|JPY)(?!\w)"
    rf"|(?<![\w.])(?P<low2>\d+\.\d\d) (?P<word>pounds?|dollars?|euros?)\b"
)
SMALL_CHANGE = re.compile(r"(?<![\w.])(\d{1,2})(p|c)\b(?!\.\w)")


def say_money(names: tuple[str, str, str], low: str, high: str | None = None, magnitude: str | None = None) -> str:
    one, many, hundredth = names
    if magnitude:
        return f"{_number_or_range(low, high)} {MAGNITUDES[magnitude.lower()]} {many}"
    if high:
        return f"{_number_or_range(low, high)} {many}"
    whole, _, fraction = low.replace(",", "").partition(".")
    if len(fraction) != 2:
        return f"{cardinal(low)} {one if low == '1' else many}"
    if whole in ("", "0"):
        return f"{cardinal(fraction.lstrip('0') or '0')} {hundredth}"
    unit = one if whole == "1" else many
    return f"{cardinal(whole)} {unit}" + ("" if fraction == "00" else f" {cardinal(fraction.lstrip('0'))}")


def _money(text: str) -> str:
    def before(match: re.Match) -> str:
        return say_money(
            CURRENCIES[match.group("symbol")], match.group("low"), match.group("high"), match.group("magnitude")
        )

    def after(match: re.Match) -> str:
        if match.group("word"):
            return say_money(CURRENCY_WORDS[match.group("word")], match.group("low2"))
        return say_money(
            CURRENCIES[match.group("symbol")], match.group("low"), match.group("high"), match.group("magnitude")
        )

    text = MONEY_BEFORE.sub(before, text)
    text = MONEY_AFTER.sub(after, text)
    return SMALL_CHANGE.sub(lambda m: f"{cardinal(m.group(1))} {'pence' if m.group(2) == 'p' else 'cents'}", text)


def _percentages(text: str) -> str:
    return re.sub(
        rf"(?<![\w.])(-)?({NUMBER})(?:{RANGE}({NUMBER}))?\s?(?:%|per ?cent\b|pc\b)",
        lambda m: ("minus " if m.group(1) else "") + f"{_number_or_range(m.group(2), m.group(3))} percent",
        text,
    )


# -- units --------------------------------------------------------------------------------------------

UNITS = {  # symbol -> (one, many)
    "km": ("kilometer", "kilometers"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "m": ("meter", "meters"),
    "mi": ("mile", "miles"),
    "ft": ("foot", "feet"),
    "in": ("inch", "inches"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ml": ("milliliter", "milliliters"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "mpg": ("mile per gallon", "miles per gallon"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "ºC": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "ºF": ("degree Fahrenheit", "degrees Fahrenheit"),
    "C": ("degree Celsius", "degrees Celsius"),
    "F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "KB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"),
    "GHz": ("gigahertz", "gigahertz"),
    "MHz": ("megahertz", "megahertz"),
    "mins": ("minute", "minutes"),
    "min": ("minute", "minutes"),
    "hrs": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "sq km": ("square kilometer", "square kilometers"),
    "sq ft": ("square foot", "square feet"),
    "sq m": ("square meter", "square meters"),
}
ATTACHED_ONLY = {"in", "C", "F", "m", "g", "mi", "min"}  # "6in", "-5C": a word of their own otherwise
LENGTH_WORDS = r"(?:tall|high|long|wide|deep|away|above|below|across|in|of|from|under|over|short)"
_UNITS = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
UNIT = re.compile(
    rf"(?<![\w.])(?P<minus>[-−])?(?P<low>{NUMBER})(?:{RANGE}(?P<high>{NUMBER}))?"
    rf"(?P<space>\s?)(?P<unit>{_UNITS})(?P<square>²)?(?![\w/²])"
)
FEET_INCHES = re.compile(r"(?<![\w.])(\d+)\s?(?:ft|foot|feet|')\s?(\d+)\s?(?:in|inches|\"|″)?(?!\w)")


def _units(text: str) -> str:
    text = FEET_INCHES.sub(
        lambda m: (
            f"{cardinal(m.group(1))} {'foot' if m.group(1) == '1' else 'feet'} "
            f"{cardinal(m.group(2))} {'inch' if m.group(2) == '1' else 'inches'}"
        ),
        text,
    )

    def say(match: re.Match) -> str:
        unit, low, high = match.group("unit"), match.group("low"), match.group("high")
        if unit in ATTACHED_ONLY and match.group("space"):
            return match.group(0)
        after = text[match.end() :]
        if unit == "m" and re.match(r"\s+[a-z]", after) and not re.match(rf"\s+{LENGTH_WORDS}\b", after):
            return f"{_number_or_range(low, high)} million"  # "5m people": millions, not metres
        one, many = UNITS[unit]
        minus = "minus " if match.group("minus") else ""
        square = "square " if match.group("square") else ""
        return f"{minus}{_number_or_range(low, high)} {square}{one if _is_one(low, high) else many}"

    return UNIT.sub(say, text)


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
    return f"{'a' if numerator == 1 else _n2w(numerator)} {name}" if denominator <= 4 else f"{_n2w(numerator)} {name}"


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
            return f"{_n2w(num)} out of {_n2w(den)}"
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


ROMAN = re.compile(r"(?=[IVXL])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
COUNTED = {  # after these a Roman numeral is a plain number: "World War Two", "Super Bowl fifty-eight"
    "War",
    "Bowl",
    "Phase",
    "Part",
    "Chapter",
    "Act",
    "Scene",
    "Volume",
    "Vol",
    "Book",
    "Episode",
    "Apollo",
    "Vatican",
    "Title",
    "Type",
    "Class",
    "Category",
    "Grade",
    "Stage",
    "Article",
    "Schedule",
    "Section",
    "Level",
    "Tier",
    "Mark",
    "Mk",
    "Series",
    "Appendix",
    "Annex",
    "Round",
    "Division",
    "Formula",
    "Gemini",
    "Saturn",
}
MONARCHS = {  # names a single "I" may follow as a regnal number ("Elizabeth I"); otherwise "I" is the pronoun
    "Elizabeth",
    "Charles",
    "James",
    "Henry",
    "Edward",
    "George",
    "William",
    "Mary",
    "Richard",
    "John",
    "Louis",
    "Peter",
    "Catherine",
    "Napoleon",
    "Philip",
    "Alexander",
    "Nicholas",
    "Frederick",
    "Francis",
    "Leo",
    "Pius",
    "Benedict",
    "Gregory",
    "Paul",
    "Victor",
    "Wilhelm",
    "Ferdinand",
    "Isabella",
    "Juan",
    "Carlos",
    "Felipe",
    "Harald",
    "Olav",
    "Gustav",
    "Haakon",
    "Constantine",
    "Justinian",
    "Robert",
    "David",
    "Anne",
}
NOT_NAMES = {  # capitalised at the start of a sentence, but never the name a numeral belongs to ("An IV drip")
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Then",
    "When",
    "If",
    "And",
    "But",
    "Or",
    "So",
    "Did",
    "Do",
    "Was",
    "Is",
    "Are",
    "As",
    "At",
    "In",
    "On",
    "Of",
    "For",
    "To",
    "By",
    "With",
    "My",
    "His",
    "Her",
    "Its",
    "Our",
    "Their",
    "Your",
    "Each",
    "Every",
    "No",
    "One",
    "Some",
    "Any",
    "Had",
    "Has",
    "Have",
    "Can",
    "Could",
    "Would",
}
TITLED = r"(?:King|Queen|Pope|Emperor|Empress|Tsar|Czar|Kaiser|Pharaoh|Prince|Princess|Sultan)"


def roman_value(numeral: str) -> int:
    values = [ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _regnal(text: str) -> str:
    def say(match: re.Match) -> str:
        name, numeral = match.group(1), match.group(2)
        if not ROMAN.fullmatch(numeral) or name in NOT_NAMES:
            return match.group(0)
        if len(numeral) == 1 and name not in MONARCHS | COUNTED:
            return match.group(0)  # "Malcolm X", "Model X", "Vitamin ..." : a letter, not a number
        if numeral == "I" and not (
            name in COUNTED
            or (
                name in MONARCHS
                and (
                    re.search(rf"{TITLED}\s+{name}\s+I$", text[: match.end()])
                    or re.match(
                        r"(?:'s\b|\s+(?:of|was|died|reigned|ruled|became|and|who)\b|\s*[,.;:)!?]|\s*$)",
                        text[match.end() :],
                    )
                )
            )
        ):
            return match.group(0)  # the pronoun: "Then I went", "Henry I said"
        value = roman_value(numeral)
        if name in COUNTED:
            return f"{name} {_n2w(value)}"
        return f"{name} the {ordinal(value).capitalize()}"

    return re.sub(r"\b([A-Z][a-z]+)\s([IVXL]{1,7})(?![\w-])", say, text)


def _decades(text: str) -> str:
    def say(match: re.Match) -> str:
        century, decade = match.group(1), match.group(2)
        words = year(int(century + decade)) if century else _n2w(int(decade))
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


def plural(words: str) -> str:
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + ("es" if words.endswith(("x", "s")) else "s")


NUMBER_RULES: list[Callable[[str], str]] = [  # after the calendar's rules (spoken_calendar.py)
    _phones,
    _money,
    _percentages,
    _units,
    _fractions,
    _multipliers,
    _ranges,
    _ordinals,
    _regnal,
    _decades,
]
