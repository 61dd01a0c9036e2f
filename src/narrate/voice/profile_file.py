"""Reading and checking a voice profile's TOML file: every key known, every voice a table its
backend accepts, quote and pool voices distinct from the narrator, every voice speaking the
language of its table; each problem a VoiceError naming the file.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from narrate.errors import VoiceError
from narrate.models import Voice
from narrate.voice.profile import Profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILE_KEYS = {"description", "narrator", "quote", "pool", "lexicon", "cast", "language", "languages"}
LANGUAGE_KEYS = {"narrator", "quote", "pool", "lexicon", "cast"}
SHARED_ROLE = "narrator"  # `quote = "narrator"`: one voice for everything, said explicitly


def parse_profile(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VoiceError(f"{path}: cannot read voice profile: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VoiceError(f"{path}: not valid TOML: {exc}") from exc
    return _build(path, data)


def _build(path: Path, data: dict) -> Profile:
    from narrate.read.language import normalise_tag

    def fail(problem: str) -> NoReturn:
        raise VoiceError(f"{path}: {problem}")

    for key in data.keys() - PROFILE_KEYS:
        fail(f"unknown key {key!r} (allowed: {', '.join(sorted(PROFILE_KEYS))})")
    description = data.get("description", "")
    if not isinstance(description, str):
        fail("'description' must be a string")
    declared = data.get("language")
    if declared is not None and (not isinstance(declared, str) or not normalise_tag(declared)):
        fail(f'\'language\' must be a language tag like "en" or "pt-BR", not {declared!r}')
    profile = _roles(path, data, fail, path.stem, description, declared)
    languages_data = data.get("languages", {})
    if not isinstance(languages_data, dict):
        fail("'languages' must be a table of languages, e.g. [languages.pt]")
    languages = {}
    for tag, table in languages_data.items():
        code = normalise_tag(tag)
        if code is None or "-" in code or not isinstance(table, dict):
            fail(f"[languages.{tag}] must be named by a language (pt, de, ja ...) and hold narrator and quote")
        for key in table.keys() - LANGUAGE_KEYS:
            fail(f"[languages.{tag}]: unknown key {key!r} (allowed: {', '.join(sorted(LANGUAGE_KEYS))})")

        def fail_in(problem: str, tag=tag) -> NoReturn:
            fail(f"[languages.{tag}] {problem}")

        languages[code] = _roles(path, table, fail_in, path.stem, description, code)
    if profile.language in languages:
        fail(f"[languages.{profile.language}] repeats the language of [narrator]")
    return replace(profile, languages=languages)


def _roles(path: Path, data: dict, fail, profile_name: str, description: str, language: str | None) -> Profile:
    """narrator, quote, pool and lexicon of one language; every voice must speak that language."""
    from narrate.read.language import language_name, primary

    if "narrator" not in data:
        fail("missing [narrator] voice")
    lexicon = _lexicon(data.get("lexicon", {}), fail)
    narrator = _voice("narrator", data["narrator"], lexicon, fail, path.parent)
    quote_data = data.get("quote")
    if quote_data is None:
        fail('missing [quote] voice (write quote = "narrator" to read quotes in the narrator\'s voice)')
    if quote_data == SHARED_ROLE:
        quote = narrator
    else:
        quote = _voice("quote", quote_data, lexicon, fail, path.parent)
        if _same_sound(quote, narrator):
            fail('[quote] sounds exactly like [narrator] (write quote = "narrator" if that is meant)')
    pool_data = data.get("pool", {})
    if not isinstance(pool_data, dict):
        fail("'pool' must be a table of named voices, e.g. [pool.deep]")
    pool = []
    for name, settings in pool_data.items():
        voice = _voice(f"pool.{name}", settings, lexicon, fail, path.parent, name=name)
        if _same_sound(voice, narrator):
            fail(f"[pool.{name}] sounds exactly like [narrator]; the narrator's voice is never used for quotes")
        if name in ("narrator", "quote"):
            fail(f"[pool.{name}]: a pool voice cannot be called {name!r}")
        pool.append(voice)
    pins = _pins(data.get("cast", {}), {"quote", *(v.name for v in pool)}, fail)
    spoken = language or _spoken_by(narrator) or "en"
    for role, voice in [("narrator", narrator), ("quote", quote), *((f"pool.{v.name}", v) for v in pool)]:
        says = _spoken_by(voice)
        if says and primary(says) != primary(spoken):
            fail(
                f"[{role}] speaks {language_name(says)} ({says}), not {language_name(spoken)}: a voice never "
                f"reads a language it was not trained on"
            )
    voices = {id(v): replace(v, language=spoken) for v in (narrator, quote, *pool)}
    return Profile(
        name=profile_name,
        narrator=voices[id(narrator)],
        quote=voices[id(quote)],
        pool=tuple(voices[id(v)] for v in pool),
        lexicon=lexicon,
        description=description,
        source=path,
        pins=pins,
        language=spoken,
    )


def _spoken_by(voice: Voice) -> str | None:
    from narrate.backends import get_backend

    return get_backend(voice.backend).language(voice)


def _pins(data, voices: set[str], fail) -> dict:
    """[cast] "Tom Carver" = "baritone": that speaker always gets that voice (a pool voice, or quote)."""
    from narrate.voice.casting import normalise_name

    if not isinstance(data, dict):
        fail('\'cast\' must be a table of "Speaker Name" = "voice"')
    pins = {}
    for speaker, voice in data.items():
        if not isinstance(voice, str) or voice not in voices:
            fail(
                f"[cast] {speaker!r} = {voice!r}: not a voice of this profile (choose from: "
                f"{', '.join(sorted(voices))})"
            )
        if not normalise_name(speaker):
            fail(f"[cast] {speaker!r}: not a name")
        pins[normalise_name(speaker)] = voice
    return pins


def _voice(where: str, data, lexicon: dict, fail, base: Path, name: str | None = None) -> Voice:
    from narrate.backends import backend_class, parse_settings

    if not isinstance(data, dict):
        fail(f"'{where}' must be a table of voice settings with a 'backend'")
    settings = dict(data)
    backend = settings.pop("backend", None)
    if not isinstance(backend, str):
        fail(f'[{where}] needs backend = "piper" (or another installed backend)')
    try:
        engine = backend_class(backend)
    except VoiceError as exc:
        fail(f"[{where}]: {exc}")
    try:
        parse_settings(engine, settings, f"[{where}]")
    except VoiceError as exc:
        fail(str(exc))
    for key in engine.path_settings:
        value = settings.get(key)
        if isinstance(value, str) and not Path(value).expanduser().is_absolute() and (base / value).exists():
            settings[key] = str(base / value)
    return Voice(name or where, backend, settings, dict(lexicon))


def _lexicon(data, fail) -> dict:
    if not isinstance(data, dict):
        fail("'lexicon' must be a table of word = \"spoken form\"")
    for word, spoken in data.items():
        if not isinstance(spoken, str):
            fail(f"[lexicon] {word!r} must map to a string, not {type(spoken).__name__}")
        if not word.strip():
            fail("[lexicon] has an empty word")
    return dict(data)


def _same_sound(a: Voice, b: Voice) -> bool:
    return a.backend == b.backend and a.settings == b.settings
