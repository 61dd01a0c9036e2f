"""Quantities for the ear: money ("£2.5m" is "two point five million pounds"), percentages and
units of measure ("6ft 2in" is "six feet two inches", "5m people" is "five million people").
"""

from __future__ import annotations

import re

from narrate.voice.number_words import NUMBER, RANGE, cardinal, is_one, number_or_range

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
        return f"{number_or_range(low, high)} {MAGNITUDES[magnitude.lower()]} {many}"
    if high:
        return f"{number_or_range(low, high)} {many}"
    whole, _, fraction = low.replace(",", "").partition(".")
    if len(fraction) != 2:
        return f"{cardinal(low)} {one if low == '1' else many}"
    if whole in ("", "0"):
        return f"{cardinal(fraction.lstrip('0') or '0')} {hundredth}"
    unit = one if whole == "1" else many
    return f"{cardinal(whole)} {unit}" + ("" if fraction == "00" else f" {cardinal(fraction.lstrip('0'))}")


def read_money(text: str) -> str:
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


def read_percentages(text: str) -> str:
    return re.sub(
        rf"(?<![\w.])(-)?({NUMBER})(?:{RANGE}({NUMBER}))?\s?(?:%|per ?cent\b|pc\b)",
        lambda m: ("minus " if m.group(1) else "") + f"{number_or_range(m.group(2), m.group(3))} percent",
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


def read_units(text: str) -> str:
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
            return f"{number_or_range(low, high)} million"  # "5m people": millions, not metres
        one, many = UNITS[unit]
        minus = "minus " if match.group("minus") else ""
        square = "square " if match.group("square") else ""
        return f"{minus}{number_or_range(low, high)} {square}{one if is_one(low, high) else many}"

    return UNIT.sub(say, text)
