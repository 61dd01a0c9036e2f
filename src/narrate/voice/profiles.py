"""Finding voice profiles (TOML files that cast the roles: narrator, quote, a pool for named speakers)
and loading them; resolving a voice spec (PROFILE:ROLE, a role, a profile, an engine's own voice name).

A profile is found by name in ./voices/, then the user config directory
($XDG_CONFIG_HOME/narrate/voices, default ~/.config/narrate/voices), then the profiles that ship
inside the package; or it is given as a path to a .toml file. See README "Voice profiles".
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from narrate.errors import VoiceError
from narrate.models import Voice
from narrate.voice.profile import Profile
from narrate.voice.profile_file import parse_profile

BACKEND_PROFILES = {"piper": "default", "gtts": "gtts"}  # what `--backend NAME` means


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
