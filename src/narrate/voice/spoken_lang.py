"""Text for the ear in languages other than English: numbers, percentages, currency and abbreviations said
in the article's language (number words from num2words), URLs and e-mail addresses, dashes, ellipses and
brackets as pauses. English stays in narrate.voice.spoken."""

from __future__ import annotations

import re

from narrate.voice.spoken import _brackets, _ellipses, tidy

# Per language: the words for ".", "@", "percent", "to" (in 2010-2015), and the currencies (singular, plural).
WORDS: dict[str, dict] = {
    "de": {
        "dot": "Punkt",
        "at": "at",
        "percent": "Prozent",
        "€": ("Euro", "Euro"),
        "$": ("Dollar", "Dollar"),
        "£": ("Pfund", "Pfund"),
        "to": "bis",
    },
    "fr": {
        "dot": "point",
        "at": "arobase",
        "percent": "pour cent",
        "€": ("euro", "euros"),
        "$": ("dollar", "dollars"),
        "£": ("livre", "livres"),
        "to": "à",
    },
    "es": {
        "dot": "punto",
        "at": "arroba",
        "percent": "por ciento",
        "€": ("euro", "euros"),
        "$": ("dólar", "dólares"),
        "£": ("libra", "libras"),
        "to": "a",
    },
    "pt": {
        "dot": "ponto",
        "at": "arroba",
        "percent": "por cento",
        "€": ("euro", "euros"),
        "$": ("dólar", "dólares"),
        "£": ("libra", "libras"),
        "R$": ("real", "reais"),
        "to": "a",
    },
    "it": {
        "dot": "punto",
        "at": "chiocciola",
        "percent": "per cento",
        "€": ("euro", "euro"),
        "$": ("dollaro", "dollari"),
        "£": ("sterlina", "sterline"),
        "to": "a",
    },
    "nl": {
        "dot": "punt",
        "at": "apenstaartje",
        "percent": "procent",
        "€": ("euro", "euro"),
        "$": ("dollar", "dollar"),
        "£": ("pond", "pond"),
        "to": "tot",
    },
    "pl": {
        "dot": "kropka",
        "at": "małpa",
        "percent": "procent",
        "€": ("euro", "euro"),
        "$": ("dolar", "dolarów"),
        "zł": ("złoty", "złotych"),
        "to": "do",
    },
    "sv": {
        "dot": "punkt",
        "at": "snabel-a",
        "percent": "procent",
        "€": ("euro", "euro"),
        "kr": ("krona", "kronor"),
        "to": "till",
    },
    "da": {
        "dot": "punktum",
        "at": "snabel-a",
        "percent": "procent",
        "€": ("euro", "euro"),
        "kr": ("krone", "kroner"),
        "to": "til",
    },
    "no": {
        "dot": "punktum",
        "at": "krøllalfa",
        "percent": "prosent",
        "€": ("euro", "euro"),
        "kr": ("krone", "kroner"),
        "to": "til",
    },
}
# Abbreviations said in full, per language (the English ones live in spoken.py).
ABBREVIATIONS = {
    "de": {
        "z.B.": "zum Beispiel",
        "d.h.": "das heißt",
        "usw.": "und so weiter",
        "bzw.": "beziehungsweise",
        "ca.": "circa",
        "Nr.": "Nummer",
        "Dr.": "Doktor",
        "Prof.": "Professor",
        "Hr.": "Herr",
        "Fr.": "Frau",
    },
    "fr": {
        "p. ex.": "par exemple",
        "c.-à-d.": "c'est-à-dire",
        "etc.": "et cetera",
        "M.": "Monsieur",
        "Mme": "Madame",
        "Mlle": "Mademoiselle",
        "Dr": "Docteur",
        "n°": "numéro",
    },
    "es": {
        "p. ej.": "por ejemplo",
        "etc.": "etcétera",
        "Sr.": "señor",
        "Sra.": "señora",
        "Dr.": "doctor",
        "Dra.": "doctora",
        "núm.": "número",
        "EE. UU.": "Estados Unidos",
    },
    "pt": {
        "p. ex.": "por exemplo",
        "etc.": "et cetera",
        "Sr.": "senhor",
        "Sra.": "senhora",
        "Dr.": "doutor",
        "Dra.": "doutora",
        "nº": "número",
    },
    "it": {
        "ad es.": "ad esempio",
        "ecc.": "eccetera",
        "Sig.": "signor",
        "Sig.ra": "signora",
        "Dott.": "dottor",
        "n.": "numero",
    },
    "nl": {
        "bijv.": "bijvoorbeeld",
        "d.w.z.": "dat wil zeggen",
        "enz.": "enzovoort",
        "dhr.": "de heer",
        "mevr.": "mevrouw",
    },
    "pl": {"np.": "na przykład", "tzn.": "to znaczy", "itd.": "i tak dalej", "dr": "doktor", "prof.": "profesor"},
    "sv": {"t.ex.": "till exempel", "bl.a.": "bland annat", "osv.": "och så vidare", "ca": "cirka"},
    "da": {"f.eks.": "for eksempel", "bl.a.": "blandt andet", "osv.": "og så videre", "ca.": "cirka"},
    "no": {"f.eks.": "for eksempel", "bl.a.": "blant annet", "osv.": "og så videre", "ca.": "cirka"},
}
# Languages whose numbers write 1.000,5 (thousands with dots, decimals with a comma); the rest write 1,000.5
# or 1 000,5 (a space: read as a thousands mark by every rule below).
DECIMAL_COMMA = {
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "pl",
    "sv",
    "da",
    "no",
    "cs",
    "sk",
    "ru",
    "uk",
    "fi",
    "tr",
    "ro",
    "hu",
    "id",
    "ca",
    "el",
    "hr",
    "sl",
    "lt",
    "lv",
    "et",
    "bg",
    "sr",
}
NUM2WORDS = {"no": "no", "pt": "pt_BR"}


def normalise_in(text: str, language: str) -> str:
    code = language.split("-")[0].lower()
    words = WORDS.get(code, {})
    for rule in (_emails, _urls):
        text = rule(text, words.get("dot", "."), words.get("at", "@"))
    text = _abbreviations(text, ABBREVIATIONS.get(code, {}))
    text = _currency(text, words)
    text = _percentages(text, words.get("percent"))
    text = _ranges(text, words.get("to"))
    text = _numbers(text, code, _num2words_lang(language))
    text = _dashes(text)
    return tidy(_brackets(_ellipses(text)))


def _emails(text: str, dot: str, at: str) -> str:
    def say(match: re.Match) -> str:
        return f" {dot} ".join(match.group(1).split(".")) + f" {at} " + f" {dot} ".join(match.group(2).split("."))

    return re.sub(r"(?<![\w.+-])([\w+-]+(?:\.[\w+-]+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", say, text)


def _urls(text: str, dot: str, at: str) -> str:
    from narrate.voice.spoken import url_host

    def say(match: re.Match) -> str:
        url, tail = match.group(0), ""
        while url and url[-1] in ".,;:!?)]'\"\u2019\u201d\u00bb":
            url, tail = url[:-1], url[-1] + tail
        host = url_host(url) or ""
        return f" {dot} ".join(p for p in host.removeprefix("www.").split(".") if p) + tail

    return re.sub(r"\b(?:https?://|www\.)[^\s<>]+", say, text, flags=re.IGNORECASE)


def _abbreviations(text: str, table: dict[str, str]) -> str:
    for short in sorted(table, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(short)}(?!\w)", table[short], text)
    return text


NUMBER = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


def _currency(text: str, words: dict) -> str:
    """€ 5, 5 €, R$ 20, 30 kr: the amount, then the currency's name (singular for exactly one)."""
    symbols = [key for key in words if key not in ("dot", "at", "percent", "to")]
    if not symbols:
        return text
    names = "|".join(map(re.escape, sorted(symbols, key=len, reverse=True)))
    text = re.sub(rf"(?<!\w)({names})\s?({NUMBER})(?!\w)", lambda m: _money(m.group(2), words[m.group(1)]), text)
    return re.sub(rf"(?<![\w.,])({NUMBER})\s?({names})(?!\w)", lambda m: _money(m.group(1), words[m.group(2)]), text)


def _money(amount: str, names: tuple[str, str]) -> str:
    one, many = names
    return f"{amount} {one if re.fullmatch(r'1(?:[.,]0+)?', amount) else many}"


def _percentages(text: str, percent: str | None) -> str:
    return re.sub(rf"({NUMBER})\s?%", rf"\1 {percent}", text) if percent else text


def _ranges(text: str, to: str | None) -> str:
    return re.sub(r"(\d)\s?[\u2013\u2014]\s?(?=\d)", rf"\1 {to} ", text) if to else text


def _dashes(text: str) -> str:
    text = re.sub(r"(?<=\w)\u2013(?=\w)", "-", text)
    return re.sub(r"\s*(?:\u2014|\u2013|--)\s*|\s+-\s+", ", ", text)


def _num2words_lang(language: str) -> str | None:
    code = language.replace("-", "_").split("_")[0].lower()
    try:
        from num2words import CONVERTER_CLASSES
    except ImportError:
        return None
    for candidate in (language.replace("-", "_"), NUM2WORDS.get(code, code)):
        if candidate in CONVERTER_CLASSES:
            return candidate
    return None


def _numbers(text: str, code: str, lang: str | None) -> str:
    """Digits as words in the language (years and ordinals as num2words reads them); left as digits when
    num2words does not know the language, so the engine's own reading applies."""
    if lang is None:
        return text
    from num2words import num2words

    comma_decimal = code in DECIMAL_COMMA

    def say(match: re.Match) -> str:
        digits = match.group(0)
        value = _value(digits, comma_decimal)
        if value is None:
            return digits
        try:
            return num2words(value, lang=lang)
        except (NotImplementedError, OverflowError, ValueError, TypeError):
            return digits

    return re.sub(rf"(?<![\w.,]){NUMBER}(?![\w])", say, text)


def _value(digits: str, comma_decimal: bool):
    from decimal import Decimal, InvalidOperation

    thousands, decimal = (".", ",") if comma_decimal else (",", ".")
    cleaned = re.sub(r"[\u00a0\u202f ]", "", digits)
    if re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?", cleaned):
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(decimal, ".")
    if cleaned.count(".") > 1:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() and "." not in cleaned else number
