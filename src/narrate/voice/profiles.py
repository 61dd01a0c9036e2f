"""Voice profiles: TOML files that cast the roles (narrator, quote, a pool for named speakers).

A profile is found by name in ./voices/, then the user config directory
($XDG_CONFIG_HOME/narrate/voices, default ~/.config/narrate/voices), then the profiles that ship
inside the package; or it is given as a path to a .toml file. See README "Voice profiles".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from narrate.errors import VoiceError
from narrate.models import Segment, Voice

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILE_KEYS = {"description", "narrator", "quote", "pool", "lexicon", "cast"}
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
        if name in ("narrator", "quote"):
            return getattr(self, name)
        try:
            return self.voices()[name]
        except KeyError:
            raise VoiceError(f"profile {self.name!r} has no voice {name!r} "
                             f"(it has: {', '.join(self.voices())})") from None


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
    raise VoiceError(f"unknown voice profile {name!r} (available: {', '.join(profile_names()) or 'none'}; "
                     f"add {name}.toml to ./voices or {user_profile_dir()})")


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
            raise VoiceError(f"--backend {backend!r} has no shipped profile (choose from "
                             f"{', '.join(BACKEND_PROFILES)}, or use --voices with a profile for it)")
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
            return Voice(spec, name, settings)
        engine_voices += [v.name for v in engine.installed_voices()]
    raise VoiceError(f"unknown voice {spec!r}: give PROFILE:ROLE (e.g. default:quote), a role of the default "
                     f"profile ({', '.join(default.voices())}), a profile ({', '.join(profile_names())}) "
                     f"or an installed engine voice ({', '.join(engine_voices) or 'none installed'})")


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
    def fail(problem: str):
        raise VoiceError(f"{path}: {problem}")

    for key in data.keys() - PROFILE_KEYS:
        fail(f"unknown key {key!r} (allowed: {', '.join(sorted(PROFILE_KEYS))})")
    if "narrator" not in data:
        fail("missing [narrator] voice")
    description = data.get("description", "")
    if not isinstance(description, str):
        fail("'description' must be a string")
    lexicon = _lexicon(data.get("lexicon", {}), fail)
    narrator = _voice("narrator", data["narrator"], lexicon, fail, path.parent)
    quote_data = data.get("quote")
    if quote_data is None:
        fail("missing [quote] voice (write quote = \"narrator\" to read quotes in the narrator's voice)")
    if quote_data == SHARED_ROLE:
        quote = narrator
    else:
        quote = _voice("quote", quote_data, lexicon, fail, path.parent)
        if _same_sound(quote, narrator):
            fail("[quote] sounds exactly like [narrator] (write quote = \"narrator\" if that is meant)")
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
    return Profile(name=path.stem, narrator=narrator, quote=quote, pool=tuple(pool), lexicon=lexicon,
                   description=description, source=path, pins=pins)


def _pins(data, voices: set[str], fail) -> dict:
    """[cast] "Tom Carver" = "baritone": that speaker always gets that voice (a pool voice, or quote)."""
    from narrate.voice.casting import normalise_name

    if not isinstance(data, dict):
        fail("'cast' must be a table of \"Speaker Name\" = \"voice\"")
    pins = {}
    for speaker, voice in data.items():
        if not isinstance(voice, str) or voice not in voices:
            fail(f"[cast] {speaker!r} = {voice!r}: not a voice of this profile (choose from: "
                 f"{', '.join(sorted(voices))})")
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
        fail(f"[{where}] needs backend = \"piper\" (or another installed backend)")
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
