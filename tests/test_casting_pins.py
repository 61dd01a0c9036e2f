"""A profile's [cast] table pins a speaker to a voice; `narrate segment` shows it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from narrate.errors import VoiceError
from narrate.models import QUOTE, Segment
from narrate.voice.profile_file import parse_profile
from narrate.voice.profiles import shipped_profile_dir

PINNED = (
    shipped_profile_dir() / "default.toml"
).read_text() + '\n[cast]\n"Tom Carver" = "baritone"\n"Ana Ruiz" = "quote"\n'


def quote(speaker: str) -> Segment:
    return Segment(QUOTE, "We waited a year.", speaker=speaker)


def test_a_pinned_speaker_gets_that_voice_whoever_else_talks(tmp_path):
    path = tmp_path / "pinned.toml"
    path.write_text(PINNED)
    profile = parse_profile(path)
    others = [quote(f"Speaker {name}") for name in ("Amir", "Bea", "Cal", "Dee")]
    for crowd in ([], others, others[:1]):
        cast = profile.cast([quote("Councillor Tom Carver"), quote("Ana Ruiz"), *crowd])
        assert cast(quote("Tom Carver")).name == "baritone" and cast(quote("ana ruiz")).name == "quote"
        assert all(cast(s).name != "baritone" for s in crowd)  # the rest are cast from the rest of the pool
    assert profile.voice_for(quote("TOM CARVER")).name == "baritone"


@pytest.mark.parametrize(
    "table, fragment",
    [
        ('[cast]\n"Tom Carver" = "tenor"\n', "not a voice of this profile"),
        ('[cast]\n"Tom Carver" = 3\n', "not a voice of this profile"),
        ('cast = "baritone"\n', "'cast' must be a table"),
    ],
)
def test_a_bad_pin_is_one_line_naming_the_file(tmp_path, table, fragment):
    path = tmp_path / "bad.toml"
    default = (shipped_profile_dir() / "default.toml").read_text()
    path.write_text(default + "\n" + table if table.startswith("[") else table + default)
    with pytest.raises(VoiceError, match=fragment) as caught:
        parse_profile(path)
    assert str(caught.value).startswith(str(path))


def test_segment_shows_the_pinned_voice(tmp_path):
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "pinned.toml").write_text(PINNED)
    (tmp_path / "a.txt").write_text("Quay reopens\n\n\u201cWe waited a year,\u201d said Tom Carver.\n")
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "segment", "a.txt", "--profile", "pinned"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "  Tom Carver            baritone" in result.stdout.splitlines()
