"""Text for the ear: what a TTS engine should be given instead of what the page shows.

`for_the_ear(text, lexicon)` applies the profile's pronunciation lexicon, then the rules that
engines get wrong on their own: URLs and e-mail addresses, abbreviations, currency, percentages,
dashes, ellipses and bracketed asides (spoken as pauses). No other word is ever dropped.
The transcript keeps the original text; only the audio hears this.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit


def for_the_ear(text: str, lexicon: Mapping[str, str] | None = None, language: str | None = None) -> str:
    if lexicon:
        text = apply_lexicon(text, lexicon)
    if language and language.split("-")[0] != "en":  # the rules below are English words: see spoken_lang
        from narrate.voice.spoken_lang import normalise_in

        return normalise_in(text, language)
    return normalise(text)


def normalise(text: str) -> str:
    for rule in RULES:
        text = rule(text)
    return tidy(text)


# -- lexicon ------------------------------------------------------------------------------------

def apply_lexicon(text: str, lexicon: Mapping[str, str]) -> str:
    """Replace whole words. A lower-case key matches any case (a capital first letter carries
    over to the spoken form); a key with capitals matches only that exact spelling."""
    pattern, exact, folded = _compiled(tuple(sorted(lexicon.items())))

    def replace(match: re.Match) -> str:
        word = match.group(0)
        if word in exact:
            return exact[word]
        spoken = folded.get(word.casefold())
        if spoken is None:
            return word
        if word[:1].isupper() and spoken[:1].islower():
            spoken = spoken[0].upper() + spoken[1:]
        return spoken

    return pattern.sub(replace, text)


@functools.lru_cache(maxsize=32)
def _compiled(items: tuple[tuple[str, str], ...]):
    exact = {word: spoken for word, spoken in items if word != word.lower()}
    folded = {word.casefold(): spoken for word, spoken in items if word == word.lower()}
    keys = sorted((word for word, _ in items), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)", re.IGNORECASE)
    return pattern, exact, folded


# -- rules --------------------------------------------------------------------------------------

TRAILING_PUNCTUATION = ".,;:!?)]'\"\u2019\u201d"


def spoken_domain(host: str) -> str:
    host = host.lower().removeprefix("www.")
    return " dot ".join(part for part in host.split(".") if part)


def _emails(text: str) -> str:
    def say(match: re.Match) -> str:
        user = " dot ".join(match.group(1).split("."))
        return f"{user} at {spoken_domain(match.group(2))}"

    return re.sub(r"(?<![\w.+-])([\w+-]+(?:\.[\w+-]+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", say, text)


def _urls(text: str) -> str:
    def say(match: re.Match) -> str:
        url = match.group(0)
        tail = ""
        while url and url[-1] in TRAILING_PUNCTUATION:
            url, tail = url[:-1], url[-1] + tail
        host = urlsplit(url if "://" in url else f"http://{url}").hostname
        return (spoken_domain(host) if host else "link") + tail

    return re.sub(r"\b(?:https?://|www\.)[^\s<>]+", say, text, flags=re.IGNORECASE)


TITLES = {"Dr": "Doctor", "St": "Saint", "Prof": "Professor", "Mt": "Mount", "Mr": "Mister", "Mrs": "Missus"}
STREETS = {"St": "Street", "Rd": "Road", "Ave": "Avenue", "Dr": "Drive"}
ABBREVIATIONS = [  # (pattern, spoken); a capital first letter carries over
    (r"\be\.\s?g\.", "for example"),
    (r"\bi\.\s?e\.", "that is"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bapprox\.", "approximately"),
]


def _abbreviations(text: str) -> str:
    for pattern, spoken in ABBREVIATIONS:
        text = re.sub(pattern, lambda m, s=spoken: _same_case(m.group(0), s), text, flags=re.IGNORECASE)
    text = re.sub(r"\bNo(s?)\.(?=\s?\d)", r"number\1", text)
    text = re.sub(r"\betc\.(?=\s*$|\s+[A-Z])", "et cetera.", text)
    text = re.sub(r"\betc\.?", "et cetera", text)
    # "Mill St", "Quay Rd.": a street after a capitalised word, when no capitalised word follows.
    text = re.sub(r"\b([A-Z][a-z]+) (" + "|".join(STREETS) + r")\b(?!\.?\s+[A-Z])(\.?)",
                  lambda m: f"{m.group(1)} {STREETS[m.group(2)]}{m.group(3)}", text)
    # "Dr Haddad", "St Ives": a title before a capitalised word.
    return re.sub(r"\b(" + "|".join(TITLES) + r")\.?(?=\s+[A-Z])", lambda m: TITLES[m.group(1)], text)


def _same_case(original: str, spoken: str) -> str:
    return spoken[0].upper() + spoken[1:] if original[:1].isupper() else spoken


CURRENCIES = {"£": ("pound", "pounds", "pence"), "$": ("dollar", "dollars", "cents"),
              "€": ("euro", "euros", "cents"), "¥": ("yen", "yen", "sen")}
MULTIPLIERS = {"k": "thousand", "thousand": "thousand", "m": "million", "mn": "million",
               "million": "million", "bn": "billion", "b": "billion", "billion": "billion",
               "tn": "trillion", "trillion": "trillion"}
NUMBER = r"\d(?:[\d,]*\d)?(?:\.\d+)?"


def _currency(text: str) -> str:
    def say(match: re.Match) -> str:
        one, many, cents = CURRENCIES[match.group("symbol")]
        amount, multiplier = match.group("amount"), match.group("multiplier")
        if multiplier:
            return f"{amount} {MULTIPLIERS[multiplier.lower()]} {many}"
        whole, _, fraction = amount.partition(".")
        unit = one if whole == "1" else many
        if len(fraction) == 2:
            if whole == "0":
                return f"{int(fraction)} {cents}"
            return f"{whole} {unit} {fraction}" if fraction != "00" else f"{whole} {unit}"
        return f"{amount} {many if amount != '1' else one}"

    symbols = "".join(map(re.escape, CURRENCIES))
    multipliers = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
    pattern = (rf"(?P<symbol>[{symbols}])\s?(?P<amount>{NUMBER})"
               rf"(?:\s?(?P<multiplier>{multipliers})\b)?")
    return re.sub(pattern, say, text, flags=re.IGNORECASE)


def _percentages(text: str) -> str:
    return re.sub(rf"({NUMBER})\s?%", r"\1 percent", text)


def _dashes(text: str) -> str:
    text = re.sub(r"(\d)\s?[–—]\s?(?=\d)", r"\1 to ", text)  # 2010–2015, pages 4—6
    text = re.sub(r"(?<=\w)–(?=\w)", "-", text)  # north–south: an en dash used as a hyphen
    return re.sub(r"\s*(?:—|–|--)\s*|\s+-\s+", ", ", text)


def _ellipses(text: str) -> str:
    text = re.sub(r"\s*(?:\.{3}|…)\s*$", ".", text)
    return re.sub(r"\s*(?:\.{3}|…)\s*", ", ", text)


def _brackets(text: str) -> str:
    return re.sub(r"\s*[(\[]\s*([^()\[\]]*?)\s*[)\]]", r", \1, ", text)


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",+(?=[,.;:!?])", "", text)  # "aside,." -> "aside."
    text = re.sub(r"([.;:!?]),", r"\1", text)  # "said., Then" -> "said. Then"
    text = re.sub(r",(?=[^\s\d])", ", ", text)
    text = re.sub(r"^[,\s]+", "", text)
    return re.sub(r"[,\s]+$", "", text)


RULES: list[Callable[[str], str]] = [_emails, _urls, _currency, _percentages, _abbreviations, _dashes,
                                     _ellipses, _brackets]
