"""Voice profiles (TOML, lookup order, validation) and casting, with the real bundled Piper voice."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from audio_checks import pcm_to_float, spectral_centroid
from conftest import ROOT
from narrate.errors import VoiceError
from narrate.models import NARRATION, QUOTE, Segment
from narrate.voice.casting import normalise_name, preference
from narrate.voice.profile_file import parse_profile
from narrate.voice.profiles import load_profile, profile_names, shipped_profile_dir
from narrate.voice.voicing import synthesize

PIPER_VOICE = 'backend = "piper"\nmodel = "en_US-joe-medium"\n'


def profile_text(narrator_extra: str = "", quote: str = "pitch = 0.84") -> str:
    return f"[narrator]\n{PIPER_VOICE}{narrator_extra}\n[quote]\n{PIPER_VOICE}{quote}\n"


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working directory without ./voices and an empty user config directory."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


# -- shipped profiles ---------------------------------------------------------------------------


def test_shipped_profiles_are_the_top_level_voices_folder():
    assert shipped_profile_dir().resolve() == (ROOT / "voices").resolve()
    assert {"default", "gtts", "single"} <= {p.stem for p in shipped_profile_dir().glob("*.toml")}


def test_default_profile_is_offline_with_a_distinct_quote_and_pool(elsewhere):
    profile = load_profile("default")
    assert profile.source.parent.resolve() == shipped_profile_dir().resolve()
    voices = list(profile.voices().values())
    assert {v.backend for v in voices} == {"piper"}
    assert len(profile.pool) >= 4
    assert profile.quote != profile.narrator
    assert profile.narrator.settings not in [v.settings for v in [profile.quote, *profile.pool]]
    assert len({tuple(sorted(v.settings.items())) for v in voices}) == len(voices)


def test_gtts_profile_gives_narrator_and_quotes_different_accents(elsewhere):
    profile = load_profile("gtts")
    assert profile.narrator.backend == profile.quote.backend == "gtts"
    accents = [v.settings["tld"] for v in profile.voices().values()]
    assert len(set(accents)) == len(accents)


def test_single_profile_reads_everything_in_one_voice(elsewhere):
    profile = load_profile("single")
    cast = profile.cast([Segment(QUOTE, "Yes.", speaker="Ada Quill"), Segment(QUOTE, "No.")])
    assert cast(Segment(QUOTE, "Yes.", speaker="Ada Quill")) == profile.narrator
    assert cast(Segment(QUOTE, "No.")) == profile.narrator


@pytest.mark.parametrize("backend, name", [("piper", "default"), ("gtts", "gtts")])
def test_backend_option_picks_the_shipped_profile(tmp_path, monkeypatch, backend, name):
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / f"{name}.toml").write_text(profile_text(quote="pitch = 0.9"))
    monkeypatch.chdir(tmp_path)
    assert load_profile(backend=backend).source == shipped_profile_dir() / f"{name}.toml"


@pytest.mark.slow
def test_default_pool_voices_sound_different_from_each_other():
    """With only joe installed, every voice of the default profile is a different sound."""
    profile = load_profile("default")
    text = "The harbour was calm this morning, and the boats went out early. Nobody expected the storm."
    centroids = {}
    for name, voice in profile.voices().items():
        audio = synthesize(text, voice)
        centroids[name] = spectral_centroid(pcm_to_float(audio.pcm), audio.sample_rate)
    # Formant positions (the spectral centroid) at least 4% apart for every pair of voices.
    for (a, ca), (b, cb) in itertools.combinations(centroids.items(), 2):
        assert max(ca, cb) / min(ca, cb) > 1.04, (a, b, centroids)


def test_readme_profile_example_loads(tmp_path):
    readme = (ROOT / "README.md").read_text()
    example = readme.split("## Voice profiles", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example)
    profile = parse_profile(path)
    assert list(profile.voices()) == ["narrator", "quote", "bright"]
    assert profile.lexicon == {"kestrel": "kess trel", "NHS": "N H S"}


# -- where profiles are found -------------------------------------------------------------------


def test_lookup_order_cwd_then_user_config_then_shipped(elsewhere):
    cwd_dir = Path("voices")
    user_dir = elsewhere / "config" / "narrate" / "voices"
    assert load_profile("default").source.parent == shipped_profile_dir()

    user_dir.mkdir(parents=True)
    (user_dir / "default.toml").write_text(profile_text(quote="pitch = 0.8"))
    assert load_profile("default").source == user_dir / "default.toml"
    assert load_profile("default").quote.settings["pitch"] == 0.8

    cwd_dir.mkdir()
    (cwd_dir / "default.toml").write_text(profile_text(quote="pitch = 0.9"))
    assert load_profile("default").source == cwd_dir / "default.toml"
    assert load_profile("default").quote.settings["pitch"] == 0.9


def test_user_config_defaults_to_dot_config(elsewhere, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(elsewhere / "home"))
    user_dir = elsewhere / "home" / ".config" / "narrate" / "voices"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text(profile_text())
    assert load_profile("mine").source == user_dir / "mine.toml"
    assert "mine" in profile_names()


def test_profile_by_path(elsewhere):
    path = elsewhere / "studio.toml"
    path.write_text(profile_text() + '[lexicon]\nKestrel = "Kess trel"\n')
    profile = load_profile(str(path))
    assert profile.name == "studio"
    assert profile.narrator.lexicon == {"Kestrel": "Kess trel"}


def test_unknown_profile_names_the_choices(elsewhere):
    with pytest.raises(VoiceError, match=r"unknown voice profile 'radio'.*default.*gtts.*single"):
        load_profile("radio")


# -- validation: one clear line naming the file and the key ------------------------------------

BAD_PROFILES = [
    ("colour = 'blue'\n" + profile_text(), "unknown key 'colour'"),
    (profile_text(quote="pitch = 'low'"), "pitch must be float"),
    (profile_text(quote="pitch = true"), "pitch must be float"),
    (profile_text(narrator_extra="speed = 1.2\n"), "unknown piper setting 'speed'"),
    (profile_text(narrator_extra="speaker = 1.5\n"), "speaker must be int or str"),
    ("[quote]\n" + PIPER_VOICE, "missing [narrator]"),
    (f"[narrator]\n{PIPER_VOICE}", "missing [quote]"),
    ('[narrator]\nmodel = "x"\n[quote]\nmodel = "y"\n', "[narrator] needs backend"),
    ('[narrator]\nbackend = "kokoro"\n[quote]\nbackend = "kokoro"\n', "unknown TTS backend 'kokoro'"),
    (profile_text(quote=""), "[quote] sounds exactly like [narrator]"),
    (profile_text() + "[pool.same]\n" + PIPER_VOICE, "[pool.same] sounds exactly like [narrator]"),
    ("pool = 3\n" + profile_text(), "'pool' must be a table"),
    ("narrator = 'joe'\n[quote]\n" + PIPER_VOICE, "'narrator' must be a table"),
    (profile_text() + "[lexicon]\nKestrel = 3\n", "[lexicon] 'Kestrel' must map to a string"),
    (profile_text() + "[lexicon\n", "not valid TOML"),
    ('[narrator]\nbackend = "gtts"\ntld = 7\n[quote]\nbackend = "gtts"\n', "tld must be str"),
]


@pytest.mark.parametrize("text, problem", BAD_PROFILES)
def test_bad_profile_is_one_line_naming_file_and_key(tmp_path, text, problem):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(VoiceError) as caught:
        parse_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


# -- casting ------------------------------------------------------------------------------------


def script(*speakers: str | None) -> list[Segment]:
    out = [Segment(NARRATION, "The council met on Tuesday.")]
    for number, speaker in enumerate(speakers):
        out.append(Segment(QUOTE, f"Quote number {number}.", speaker=speaker))
    return out


def cast_names(segments: list[Segment], profile=None) -> dict[str, str]:
    profile = profile or load_profile("default")
    cast = profile.cast(segments)
    return {s.speaker: cast(s).name for s in segments if s.kind == QUOTE and s.speaker}


def test_each_speaker_keeps_one_voice_and_speakers_differ():
    profile = load_profile("default")
    segments = script("Amir Haddad", "Ruth Okafor", "Amir Haddad", "Lena Brook", "Ruth Okafor")
    cast = profile.cast(segments)
    by_speaker: dict[str, set] = {}
    for segment in segments[1:]:
        by_speaker.setdefault(segment.speaker, set()).add(cast(segment))
    assert all(len(voices) == 1 for voices in by_speaker.values())
    chosen = [next(iter(v)) for v in by_speaker.values()]
    assert len({v.name for v in chosen}) == 3
    assert profile.narrator not in chosen and profile.quote not in chosen


def test_distinct_while_the_pool_allows_then_shared():
    profile = load_profile("default")
    size = len(profile.pool)
    names = [f"Speaker {letter}" for letter in "ABCDEFGHIJ"]
    assert len(set(cast_names(script(*names[:size]), profile).values())) == size
    crowded = cast_names(script(*names), profile)
    assert set(crowded.values()) == {v.name for v in profile.pool}


def test_narration_is_the_narrators_and_unattributed_quotes_the_quote_voice():
    profile = load_profile("default")
    segments = script(None, "Ruth Okafor")
    cast = profile.cast(segments)
    assert cast(segments[0]) == profile.narrator
    assert cast(Segment(NARRATION, "A heading.", role="heading")) == profile.narrator
    assert cast(segments[1]) == profile.quote
    assert cast(segments[2]) in profile.pool


def test_casting_is_the_same_in_two_separate_episodes():
    first = cast_names(script("Amir Haddad", "Ruth Okafor", "Lena Brook"))
    # Another episode: other quotes, other order, the speaker named with a title and other case.
    second = cast_names(script("Lena Brook", "councillor ruth okafor", "Amir Haddad", "Amir Haddad"))
    assert first["Amir Haddad"] == second["Amir Haddad"]
    assert first["Lena Brook"] == second["Lena Brook"]
    assert first["Ruth Okafor"] == second["councillor ruth okafor"]


@pytest.mark.slow
def test_casting_is_the_same_in_another_process():
    code = textwrap.dedent("""
        from narrate.models import QUOTE, Segment
        from narrate.voice.profiles import load_profile
        segments = [Segment(QUOTE, "Hello.", speaker=s) for s in ("Amir Haddad", "Ruth Okafor", "Lena Brook")]
        cast = load_profile("default").cast(segments)
        print(",".join(cast(s).name for s in segments))
    """)
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    segments = script("Amir Haddad", "Ruth Okafor", "Lena Brook")
    names = cast_names(segments)
    assert runs.pop().strip() == ",".join(names[s] for s in ("Amir Haddad", "Ruth Okafor", "Lena Brook"))


def test_a_speaker_alone_gets_their_first_choice():
    profile = load_profile("default")
    for name in ("Amir Haddad", "Ruth Okafor", "Lena Brook", "Tomasz Wren"):
        first_choice = preference(normalise_name(name), profile.pool)[0]
        assert cast_names(script(name), profile)[name] == first_choice.name
        assert profile.voice_for(Segment(QUOTE, "Hi.", speaker=name)) == first_choice


@pytest.mark.parametrize(
    "a, b",
    [
        ("Ruth Okafor", "ruth okafor"),
        ("Ruth Okafor", "Councillor Ruth Okafor"),
        ("Ruth Okafor", "Dr. Ruth Okafor"),
        ("Ruth  Okafor.", "Ruth Okafor"),
        ("Zoë Adèle", "Zoe Adele"),
    ],
)
def test_speaker_names_are_normalised(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", [("Ruth Okafor", "Ruth Okafors"), ("Dr", "Mr"), ("Amir", "Amira")])
def test_different_names_stay_different(a, b):
    assert normalise_name(a) != normalise_name(b)


@pytest.mark.slow
def test_a_relative_model_path_is_taken_from_the_profiles_folder(elsewhere):
    from narrate.backends.piper import resolve_model

    joe = resolve_model("en_US-joe-medium")
    models = elsewhere / "studio" / "models"
    models.mkdir(parents=True)
    (models / "mine.onnx").symlink_to(joe)
    (models / "mine.onnx.json").symlink_to(f"{joe}.json")
    path = elsewhere / "studio" / "studio.toml"
    path.write_text('quote = "narrator"\n[narrator]\nbackend = "piper"\nmodel = "models/mine.onnx"\n')
    narrator = load_profile(str(path)).narrator
    assert narrator.settings["model"] == str(models / "mine.onnx")
    assert synthesize("Found it.", narrator).duration > 0.3
