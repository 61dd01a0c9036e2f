"""Voice profiles: TOML files that cast the roles (narrator, quote, a pool for named speakers).

A profile is found by name in ./voices/, then the user config directory
($XDG_CONFIG_HOME/narrate/voices, default ~/.config/narrate/voices), then the profiles that ship
inside the package; or it is given as a path to a .toml file. See README "Voice profiles".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn

from narrate.errors import VoiceError
from narrate.models import Segment, Voice

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILE_KEYS = {"description", "narrator", "quote", "pool", "lexicon", "cast", "language", "languages"}
LANGUAGE_KEYS = {"narrator", "quote", "pool", "lexicon", "cast"}
SHARED_ROLE = "narrator"  # `quote = "narrator"`: one voice for everything, said explicitly
BACKEND_PROFILES = {"piper": "default", "gtts": "gtts"}  # what `--backend NAME` means


@dataclass(frozen=True)
class Profile:
    name: str
    narrator: Voice
    quote: Voice
    pool: tuple[Voice, ...] = ()
    lexicon: dict = field(default_factory=dict, hash=False, compare=True)
    description: str = ""
    source: Path | None = None
    pins: dict = field(default_factory=dict, hash=False, compare=True)  # [cast]: speaker -> voice name
    language: str = "en"  # what narrator, quote and pool speak
    languages: dict[str, Profile] = field(default_factory=dict, hash=False, compare=True)  # "pt" -> its voices

    def for_language(self, tag: str | None) -> Profile:
        """The voices that speak `tag` (the profile itself for its own language, else its [languages.X]);
        a VoiceError naming the language and the fix when it has none: never a voice trained on another."""
        from narrate.read.language import primary

        code = primary(tag)
        if code is None or code == primary(self.language):
            return self
        if code in self.languages:
            return self.languages[code]
        raise VoiceError(missing_language(self, code))

    def every_voice(self) -> list[Voice]:
        """The voices of every language the profile reads (what a cluster worker must be able to load)."""
        return [voice for voices in self.spoken_languages().values() for voice in voices.voices().values()]

    def spoken_languages(self) -> dict[str, Profile]:
        """Language -> the voices for it: the profile's own language first."""
        from narrate.read.language import primary

        return {primary(self.language) or self.language: self, **self.languages}

    def cast(self, segments: Iterable[Segment]):
        """A Segment -> Voice callable that has seen every speaker of the script (see narrate.casting)."""
        from narrate.voice.casting import Casting

        return Casting(self, segments)

    def voice_for(self, segment: Segment) -> Voice:
        """The voice for one segment, cast without the rest of the script."""
        return self.cast([segment])(segment)

    def voices(self) -> dict[str, Voice]:
        """Every distinct voice by role name: narrator, quote, then the pool's."""
        named = {"narrator": self.narrator}
        if self.quote is not self.narrator:
            named["quote"] = self.quote
        named.update((v.name, v) for v in self.pool)
        return named

    def voice(self, name: str) -> Voice:
        """A role (narrator, quote, a pool voice), or LANG.ROLE for a language table's (pt.narrator)."""
        code, dot, role = name.partition(".")
        if dot and code in self.languages:
            return self.languages[code].voice(role)
        if name in ("narrator", "quote"):
            return getattr(self, name)
        try:
            return self.voices()[name]
        except KeyError:
            raise VoiceError(
                f"profile {self.name!r} has no voice {name!r} (it has: {', '.join(self.voices())})"
            ) from None


# Piper voices to suggest when a profile has none for a language (names as `narrate voices download` takes them).
PIPER_VOICES = {
    "ca": "ca_ES-upc_ona-medium",
    "cs": "cs_CZ-jirka-medium",
    "da": "da_DK-talesyntese-medium",
    "de": "de_DE-thorsten-medium",
    "el": "el_GR-rapunzelina-low",
    "es": "es_ES-davefx-medium",
    "fi": "fi_FI-harri-medium",
    "fr": "fr_FR-siwis-medium",
    "hu": "hu_HU-anna-medium",
    "it": "it_IT-paola-medium",
    "nl": "nl_NL-mls-medium",
    "no": "no_NO-talesyntese-medium",
    "pl": "pl_PL-gosia-medium",
    "pt": "pt_BR-faber-medium",
    "ro": "ro_RO-mihai-medium",
    "ru": "ru_RU-irina-medium",
    "sk": "sk_SK-lili-medium",
    "sv": "sv_SE-nst-medium",
    "tr": "tr_TR-dfki-medium",
    "uk": "uk_UA-ukrainian_tts-medium",
    "vi": "vi_VN-vais1000-medium",
    "zh": "zh_CN-huayan-medium",
}


def missing_language(profile: Profile, code: str) -> str:
    from narrate.read.language import language_name

    name = language_name(code)
    has = ", ".join(language_name(c) for c in profile.spoken_languages())
    piper_voice = PIPER_VOICES.get(code)
    fix = (
        f"`narrate voices download {piper_voice}` and add [languages.{code}] narrator = "
        f'{{ backend = "piper", model = "{piper_voice}" }} to it'
        if piper_voice
        else f"add [languages.{code}] to it with a voice that speaks {name}"
    )
    return (
        f"written in {name} ({code}), and voice profile {profile.name!r} has no {name} voice (it speaks: {has}); "
        f'{fix}, or use a gtts voice (narrator = {{ backend = "gtts", lang = "{code}" }}); '
        f"nothing was written"
    )


# -- where profiles live ------------------------------------------------------------------------


def user_profile_dir() -> Path:
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "narrate" / "voices"


def shipped_profile_dir() -> Path:
    # src/narrate/profiles is a symlink to the top-level voices/ folder; the wheel holds a copy.
    return Path(__file__).resolve().parent.parent / "profiles"


def profile_dirs() -> list[Path]:
    """Where profiles are looked for by name, first match wins."""
    return [Path("voices"), user_profile_dir(), shipped_profile_dir()]


def find_profile(name: str) -> Path:
    if name.endswith(".toml") or os.sep in name or "/" in name:
        path = Path(name).expanduser()
        if not path.is_file():
            raise VoiceError(f"voice profile file not found: {path}")
        return path
    for directory in profile_dirs():
        candidate = directory / f"{name}.toml"
        if candidate.is_file():
            return candidate
    raise VoiceError(
        f"unknown voice profile {name!r} (available: {', '.join(profile_names()) or 'none'}; "
        f"add {name}.toml to ./voices or {user_profile_dir()})"
    )


def profile_names() -> list[str]:
    names: set[str] = set()
    for directory in profile_dirs():
        if directory.is_dir():
            names.update(p.stem for p in directory.glob("*.toml"))
    return sorted(names)


def load_profile(name: str = "default", backend: str | None = None) -> Profile:
    """The profile called `name` (or at path `name`); `backend` picks that backend's shipped profile."""
    if backend is not None:
        if backend not in BACKEND_PROFILES:
            raise VoiceError(
                f"--backend {backend!r} has no shipped profile (choose from "
                f"{', '.join(BACKEND_PROFILES)}, or use --voices with a profile for it)"
            )
        name = BACKEND_PROFILES[backend]
        path = shipped_profile_dir() / f"{name}.toml"
    else:
        path = find_profile(name)
    return parse_profile(path)


def resolve_voice(spec: str) -> Voice:
    """A voice by PROFILE:ROLE, a ROLE of the default profile, a PROFILE (its narrator), or a name in
    an installed engine's own notation (Piper: MODEL[#SPEAKER], a voice name or an .onnx path)."""
    from narrate.backends import backend_names, get_backend

    if ":" in spec and not Path(spec).exists():
        profile_name, _, role = spec.partition(":")
        return load_profile(profile_name).voice(role)
    if spec in profile_names():
        return load_profile(spec).narrator
    default = load_profile()
    if spec in default.voices():
        return default.voice(spec)
    engine_voices = []
    for name in backend_names():
        engine = get_backend(name)
        settings = engine.voice_from_spec(spec)
        if settings is not None:
            voice = Voice(spec, name, settings)
            return replace(voice, language=engine.language(voice))  # read aloud by its language's rules
        engine_voices += [v.name for v in engine.installed_voices()]
    raise VoiceError(
        f"unknown voice {spec!r}: give PROFILE:ROLE (e.g. default:quote), a role of the default "
        f"profile ({', '.join(default.voices())}), a profile ({', '.join(profile_names())}) "
        f"or an installed engine voice ({', '.join(engine_voices) or 'none installed'})"
    )


# -- reading and checking a profile file --------------------------------------------------------


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


# -- preview ------------------------------------------------------------------------------------

PREVIEW_SUFFIXES = (".mp3", ".wav")


def preview(samples: list[tuple[Voice, str]], out_path: Path) -> float:
    """Speak each (voice, text) in turn into one file, mixed exactly like an episode (same pauses,
    chain and -19 LUFS mono loudness), as MP3 or, for a .wav name, WAV; atomically. Returns seconds."""
    import tempfile

    from narrate.audio.ffmpeg import run_ffmpeg
    from narrate.audio.mixer import mix
    from narrate.backends import get_backend
    from narrate.files import atomic_path
    from narrate.models import NARRATION, VoicedSegment
    from narrate.voice.voicing import spoken_text, synthesize

    if out_path.suffix.lower() not in PREVIEW_SUFFIXES:
        raise VoiceError(f"{out_path}: a preview is written as .mp3 or .wav, not {out_path.suffix or 'no extension'!r}")
    for voice, _ in samples:
        problem = get_backend(voice.backend).check(voice)
        if problem:  # the backend's own hint may name options of other commands: keep the reason only
            raise VoiceError(f"voice {voice.name!r} cannot be used: {problem.split('; ')[0]}")
    voiced = []
    for number, (voice, text) in enumerate(samples):
        segment = Segment(NARRATION, text, speaker=voice.name, paragraph=number)
        voiced.append(VoicedSegment(segment, voice, synthesize(spoken_text(segment, voice), voice)))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="narrate-preview-") as tmp, atomic_path(out_path) as final:
        mp3 = Path(tmp) / "preview.mp3"
        result = mix(voiced, mp3 if out_path.suffix.lower() == ".wav" else final)
        if out_path.suffix.lower() == ".wav":
            run_ffmpeg(["-i", str(mp3), "-f", "wav", "-y", str(final)], what=f"preview {out_path.name}")
    return result.duration
