"""Text for the ear: what a TTS engine should be given instead of what the page shows.

`for_the_ear(text, lexicon)` applies the profile's pronunciation lexicon, then the rules that
engines get wrong on their own: URLs and e-mail addresses, figures of every kind (spoken_calendar.py,
spoken_numbers.py and the modules it draws on: money, units, dates, times, ranges, scores, regnal
numbers...), abbreviations and initialisms, dashes, ellipses and bracketed asides (spoken as pauses).
No other word is ever dropped. The transcript keeps the original text; only the audio hears this.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from narrate.voice.spoken_calendar import CALENDAR_RULES
from narrate.voice.spoken_numbers import NUMBER_RULES, plain_numbers


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
        host = url_host(url)
        return (spoken_domain(host) if host else "link") + tail

    return re.sub(r"\b(?:https?://|www\.)[^\s<>]+", say, text, flags=re.IGNORECASE)


def url_host(url: str) -> str | None:
    """The host of a URL as written in prose (scheme optional); None when it has none or is malformed
    (`http://[draft]/` is text, not an error)."""
    try:
        return urlsplit(url if "://" in url else f"http://{url}").hostname
    except ValueError:
        return None


TITLES = {
    "Dr": "Doctor",
    "St": "Saint",
    "Prof": "Professor",
    "Mt": "Mount",
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Lt": "Lieutenant",
    "Gen": "General",
    "Col": "Colonel",
    "Capt": "Captain",
    "Sgt": "Sergeant",
    "Cllr": "Councillor",
    "Rev": "Reverend",
    "Det": "Detective",
    "Insp": "Inspector",
    "Supt": "Superintendent",
    "Cpl": "Corporal",
    "Pres": "President",
    "Atty": "Attorney",
    "Adm": "Admiral",
    "Maj": "Major",
    "Fr": "Father",
}
# Said letter by letter: TTS engines read some of these as words ("UN" as "un", "MPs" as "mups"). Not CEO:
# Piper spells it well, and tiny.en heard "C E O" as "CE-EODO" (benchmarks/bench_spoken.py).
INITIALISMS = [
    "UN",
    "UK",
    "US",
    "USA",
    "EU",
    "MP",
    "MPs",
    "MSP",
    "MSPs",
    "MEP",
    "MEPs",
    "NHS",
    "BBC",
    "ITV",
    "GDP",
    "IMF",
    "FBI",
    "CIA",
    "ECB",
    "IPO",
    "AI",
    "TV",
    "SNP",
    "DUP",
    "TUC",
    "CBI",
    "GOP",
    "NFL",
    "NBA",
    "NHL",
    "MLB",
    "EV",
    "EVs",
    "HMRC",
    "DWP",
    "ONS",
    "OBR",
    "IFS",
    "NYPD",
    "LAPD",
    "WHO",
    "UAE",
    "ICU",
    "GP",
    "GPs",
    "QC",
    "KC",
    "VAT",
    "NGO",
    "NGOs",
    "ANC",
]
STREETS = {"St": "Street", "Rd": "Road", "Ave": "Avenue", "Dr": "Drive"}
ABBREVIATIONS = [  # (pattern, spoken); a capital first letter carries over
    (r"\be\.\s?g\.", "for example"),
    (r"\bi\.\s?e\.", "that is"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bapprox\.", "approximately"),
]


def _abbreviations(text: str) -> str:
    for pattern, spoken in ABBREVIATIONS:
        text = re.sub(pattern, functools.partial(_said_as, spoken), text, flags=re.IGNORECASE)
    text = re.sub(r"\bNo(s?)\.(?=\s?\d)", r"number\1", text)
    text = re.sub(r"\bNo (?=\d)", "Number ", text)  # "No 10 said": Downing Street
    text = re.sub(
        r"(?<=[A-Za-z]),? (Jr|Sr)\b(\.?)(?=(\s+[a-z,;:]|[,;:]))?",
        lambda m: f" {'Junior' if m.group(1) == 'Jr' else 'Senior'}{'' if m.group(3) else m.group(2)}",
        text,
    )
    text = re.sub(r"\b(?:the|a|an|The|A|An|ex-|former|Former) PM\b", lambda m: m.group(0)[:-2] + "Prime Minister", text)
    text = re.sub(r"\b(" + "|".join(INITIALISMS) + r")\b(?!\.\w)", _letters, text)
    text = re.sub(r"\betc\.(?=\s*$|\s+[A-Z])", "et cetera.", text)
    text = re.sub(r"\betc\.?", "et cetera", text)
    # "Mill St", "Quay Rd.": a street after a capitalised word, when no capitalised word follows.
    text = re.sub(
        r"\b([A-Z][a-z]+) (" + "|".join(STREETS) + r")\b(?!\.?\s+[A-Z])(\.?)",
        lambda m: f"{m.group(1)} {STREETS[m.group(2)]}{m.group(3)}",
        text,
    )
    text = re.sub(r"\b(Mr|Mrs|Ms)\b\.?", lambda m: TITLES[m.group(1)], text)  # never words of their own
    # "Dr Haddad", "St Ives": a title before a capitalised word.
    # Not before a lone capital: "Gen Z" is a generation, not a general.
    return re.sub(
        r"\b(" + "|".join(TITLES) + r")\.?(?=\s+[A-Z](?:[a-z.]|['’][A-Z]))", lambda m: TITLES[m.group(1)], text
    )


def _letters(match: re.Match) -> str:
    """ "NHS" -> "N H S", "MPs" -> "M P's"; left alone in a run of capitals ("WHO WON"), which is shouting."""
    before, after = match.string[: match.start()], match.string[match.end() :]
    if re.search(r"\b[A-Z]{2,}\W*$", before) or re.match(r"\W*[A-Z]{2,}\b", after):
        return match.group(0)
    word = match.group(1)
    plural = word.endswith("s")
    letters = " ".join(word[:-1] if plural else word)
    return letters + ("'s" if plural else "")


def _said_as(spoken: str, match: re.Match) -> str:
    return _same_case(match.group(0), spoken)


def _same_case(original: str, spoken: str) -> str:
    return spoken[0].upper() + spoken[1:] if original[:1].isupper() else spoken


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


RULES: list[Callable[[str], str]] = [
    _emails,
    _urls,
    *CALENDAR_RULES,
    *NUMBER_RULES,
    _abbreviations,
    _dashes,
    plain_numbers,
    _ellipses,
    _brackets,
]
