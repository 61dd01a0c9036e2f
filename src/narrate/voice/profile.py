"""A voice profile: the voices that read each role (narrator, quote, a pool for named speakers), in
the profile's own language and in each of its [languages.X] tables, with its lexicon and [cast] pins.
Profiles are found by name in profiles.py and read from their TOML files in profile_file.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from narrate.errors import VoiceError
from narrate.models import Segment, Voice


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
