"""Which language an article is written in: what it says about itself, else what its text looks like.

Detection is offline, with py3langid's model (a naive Bayes model over byte n-grams that ships in its 4.6 MB
wheel), scored without numpy by narrate.read.langid_model. Measured on the team's own texts in 16 languages (benchmarks/language_detection.py):
py3langid and lingua both got 15/16 one-sentence texts, 16/16 paragraphs and 5/5 texts with English
names and quotes inside; py3langid loads in 0.9 s and takes 0.2 ms a text, lingua 8.6 s and 2 ms (and
a 96 MB wheel). Both called the one-sentence Norwegian text Nynorsk: Bokmal and Nynorsk are one
language here ("no"), as they are for voices.
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger("narrate.reader")

# Below this confidence (py3langid's normalised probability) a guess is not trusted: the caller's default
# (podcast.language, else English) is used. English one-liners from the test suite score >= 0.9x.
MIN_CONFIDENCE = 0.80
# The body's first characters are enough: the result no longer changes past a few paragraphs.
SAMPLE_CHARS = 3000
SAME_LANGUAGE = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi"}
TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[-_.@].*)?$")
NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "lb": "Luxembourgish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "ms": "Malay",
    "mt": "Maltese",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


# ISO 639-2 codes, as ID3 wants them (TLAN, and the language of COMM and USLT frames).
ISO_639_2 = {
    "ar": "ara",
    "bg": "bul",
    "ca": "cat",
    "cs": "ces",
    "cy": "cym",
    "da": "dan",
    "de": "deu",
    "el": "ell",
    "en": "eng",
    "es": "spa",
    "et": "est",
    "eu": "eus",
    "fa": "fas",
    "fi": "fin",
    "fr": "fra",
    "ga": "gle",
    "gl": "glg",
    "he": "heb",
    "hi": "hin",
    "hr": "hrv",
    "hu": "hun",
    "id": "ind",
    "is": "isl",
    "it": "ita",
    "ja": "jpn",
    "ka": "kat",
    "kk": "kaz",
    "ko": "kor",
    "lb": "ltz",
    "lt": "lit",
    "lv": "lav",
    "ms": "msa",
    "mt": "mlt",
    "nl": "nld",
    "no": "nor",
    "pl": "pol",
    "pt": "por",
    "ro": "ron",
    "ru": "rus",
    "sk": "slk",
    "sl": "slv",
    "sr": "srp",
    "sv": "swe",
    "sw": "swa",
    "th": "tha",
    "tr": "tur",
    "uk": "ukr",
    "ur": "urd",
    "vi": "vie",
    "zh": "zho",
}


def iso_639_2(tag: str | None) -> str:
    """The three-letter code ID3 frames take; 'und' (undetermined) when unknown."""
    return ISO_639_2.get(primary(tag) or "", "und")


def normalise_tag(tag: str | None) -> str | None:
    """A BCP 47 tag in its usual spelling ('pt_br' -> 'pt-BR', 'en-us' -> 'en-US'); None when not a tag."""
    match = TAG.match((tag or "").strip())
    if not match:
        return None
    language, script, region = match.groups()
    language = SAME_LANGUAGE.get(language.lower(), language.lower())
    return "-".join(filter(None, [language, script and script.title(), region and region.upper()]))


def primary(tag: str | None) -> str | None:
    """The language without script or region: what decides which voices may read it ('pt-BR' -> 'pt')."""
    normal = normalise_tag(tag)
    return normal.split("-")[0] if normal else None


def language_name(tag: str | None) -> str:
    code = primary(tag) or "?"
    return NAMES.get(code, code)


def detect_language(text: str) -> str | None:
    """The language of `text` as a primary subtag, or None when the guess is not confident."""
    guess, confidence = guess_language(text)
    return guess if confidence >= MIN_CONFIDENCE else None


def guess_language(text: str) -> tuple[str | None, float]:
    sample = text[:SAMPLE_CHARS]
    if not re.search(r"\w", sample):
        return None, 0.0
    totals: dict[str, float] = {}
    for code, probability in _identifier().rank(sample):  # Bokmal and Nynorsk add up to Norwegian
        language = primary(code) or code
        totals[language] = totals.get(language, 0.0) + probability
    best = max(totals, key=totals.__getitem__)
    return best, totals[best]


@functools.cache
def _identifier():
    """py3langid's model read without numpy (narrate.read.langid_model), else py3langid's own loader."""
    try:
        return _unpacked_model()
    except Exception as exc:  # a py3langid whose layout changed, an unwritable cache: the slower shipped path
        log.debug("language model cache not used: %s", exc)
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpacked_model():
    import importlib.util
    from importlib.metadata import version
    from pathlib import Path

    from narrate.paths import derived_models_dir
    from narrate.read.langid_model import LangidModel, unpack

    folder = derived_models_dir() / f"py3langid-{version('py3langid')}-model"
    if not folder.is_dir():
        spec = importlib.util.find_spec("py3langid")  # its location only: importing it would import numpy
        if spec is None or spec.origin is None:
            raise ImportError("py3langid is not installed")
        unpack(Path(spec.origin).parent / "data" / "model.npz.xz", folder)
    return LangidModel(folder)


def article_language(declared: str | None, body: str, name: str) -> str | None:
    """The language an article says it is in (<html lang>, og:locale, front matter), else the detected one.

    A declaration that confident detection contradicts is kept (pages know their language better than a
    model knows short texts) but warned about, since templates sometimes say 'en' for every page."""
    declared = normalise_tag(declared)
    if declared:
        detected, confidence = guess_language(body)
        if detected and confidence >= 0.99 and len(body) > 400 and detected != primary(declared):
            log.warning(
                "narrate: warning: %s: says it is in %s but reads as %s; reading it as %s (--language overrides)",
                name,
                language_name(declared),
                language_name(detected),
                language_name(declared),
            )
        return declared
    return detect_language(body)
