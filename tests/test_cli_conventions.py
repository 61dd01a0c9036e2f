"""What a user can guess about every command: readable --help, exit 2 for usage errors, -V, --debug anywhere,
one --profile option, completion; and `voices preview` / `segment` for choosing voices."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer

from audio_checks import decode, loudness
from narrate.cli import app

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


def narrate(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def all_commands() -> list[list[str]]:
    """Every command path: [], ["convert"], ["voices", "preview"], ..."""

    def walk(command, path: list[str]):
        yield path
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    return list(walk(typer.main.get_command(app), []))


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c) or "narrate")
def test_help_is_plain_text_with_real_metavars(command):
    result = narrate(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert not re.search(r"<(bool|str|int|path|list\[str\]|float)>", result.stdout), result.stdout
    assert not re.search(r"\{[A-Za-z_]+", result.stdout.splitlines()[0]), result.stdout  # no {voice} in usage
    assert "╭" not in result.stdout  # no Rich boxes that drop bracketed text


def test_bracketed_text_and_defaults_survive_in_help():
    preview = " ".join(narrate("voices", "preview", "--help").stdout.split())
    assert "MODEL[#SPEAKER]" in preview and "[default: preview-<voice>.mp3]" in preview
    convert = " ".join(narrate("convert", "--help").stdout.split())
    assert "[default: 64k]" in convert and "[default: piper]" in convert and "[default: output]" in convert
    assert "--voices" not in convert  # the old name works but is not shown


def test_version_short_and_long():
    from narrate import __version__

    assert narrate("-V").stdout.strip() == narrate("--version").stdout.strip() == f"narrate {__version__}"


def test_debug_after_the_command(tmp_path):
    result = narrate("segment", tmp_path / "nope.txt", "--debug")
    assert result.returncode == 1 and "Traceback" in result.stderr
    quiet = narrate("segment", tmp_path / "nope.txt")
    assert quiet.stderr.strip() == f"narrate: error: {tmp_path / 'nope.txt'}: no such file"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["segment", "a.txt", "--format", "xml"], "'xml' is not one of table, json"),
        (["convert", "a.txt", "--profile", "single", "--backend", "gtts"], "give --profile or --backend, not both"),
        (["convert", "a.txt", "--backend", "espeak"], "'espeak' is not one of piper, gtts"),
        (["convert", "a.txt", "--bitrate", "65k"], "'65k' is not an MP3 bitrate"),
        (["convert", "a.txt", "--jobs", "0"], "--jobs"),
        (["voices", "preview", "default:quote", "-o", "q.ogg"], "a preview is written as .mp3 or .wav"),
        (["build", "--keep-last", "-2"], "--keep-last"),
        (["serve", "--port", "70000"], "--port"),
        (["init", "--language", "English"], "narrate init: podcast.language: 'English' is not a language tag"),
        (["build", "--base-url", "ftp://example.org/"], "command line: podcast.base_url: 'ftp://example.org/' is not"),
        (["convert"], "Missing argument"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_errors_exit_2_everywhere(tmp_path, args, fragment):
    (tmp_path / "a.txt").write_text("A title\n\nA body sentence.\n")
    result = narrate(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.ogg")) and not (tmp_path / "output").exists()


def test_profile_option_and_its_old_name(tmp_path, write_article):
    article = write_article("Quay note\n\n\u201cWe waited a year,\u201d said Tom Reid.", "quay.txt")
    for option in ("--profile", "--voices", "-p"):
        result = narrate("convert", article, option, "single", "-o", tmp_path / option.strip("-"))
        assert result.returncode == 0, result.stderr
    missing = narrate("convert", article, "--profile", "defualt", "-o", tmp_path / "none")
    assert missing.returncode == 1 and "unknown voice profile 'defualt'" in missing.stderr


def test_shell_completion_completes_commands_and_options():
    env = {"_NARRATE_COMPLETE": "complete_bash", "COMP_WORDS": "narrate con", "COMP_CWORD": "1"}
    result = narrate(env=env)
    assert result.returncode == 0 and "convert" in result.stdout.split()
    env = {"_NARRATE_COMPLETE": "complete_bash", "COMP_WORDS": "narrate build --dr", "COMP_CWORD": "2"}
    assert "--dry-run" in narrate(env=env).stdout.split()
    assert "--install-completion" in narrate("--help").stdout


def test_segment_shows_the_voice_each_speaker_gets(write_article):
    text = (
        "Quay reopens\n\n\u201cWe waited a year,\u201d said Tom Reid. \u201cIt was worth it,\u201d said Ana Ruiz."
        "\n\nA voice from the crowd: \u201cAbout time.\u201d\n"
    )
    result = narrate("segment", write_article(text))
    assert result.returncode == 0, result.stderr
    cast = voices_shown(result.stdout, "default")
    from narrate.voice.profiles import load_profile

    profile = load_profile("default")
    pool = {v.name for v in profile.pool}
    assert cast["narration"] == "narrator"
    assert cast["Tom Reid"] in pool and cast["Ana Ruiz"] in pool and cast["Tom Reid"] != cast["Ana Ruiz"]
    single = voices_shown(narrate("segment", write_article(text), "--profile", "single").stdout, "single")
    assert set(single) >= {"narration", "Tom Reid", "Ana Ruiz"} and set(single.values()) == {"narrator"}


def voices_shown(table: str, profile: str) -> dict[str, str]:
    lines = table.splitlines()
    start = lines.index(f"voices ({profile} profile):") + 1
    shown = {}
    for line in lines[start:]:
        if re.match(r"\s*-?\d+  ", line):
            break
        who, voice = line.rsplit(None, 1)
        shown[who.strip()] = voice
    return shown


def test_preview_plays_at_episode_loudness(tmp_path):
    out = tmp_path / "quote.mp3"
    result = narrate("voices", "preview", "default:quote", "The harbour ferry leaves at nine, every night.", "-o", out)
    assert result.returncode == 0, result.stderr
    lufs, peak = loudness(out)
    assert abs(lufs - -19) <= 1.0, lufs  # as loud as a (mono) episode (it was about -27 before)
    assert peak <= -0.9


def test_preview_of_every_voice_of_a_profile_in_one_file(tmp_path):
    from narrate.voice.profiles import load_profile

    result = narrate("voices", "preview", "default", "Hello there.", "--all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "preview-default-all.mp3"
    voices = len(load_profile("default").voices())
    seconds = len(decode(path)) / 16000
    one = narrate("voices", "preview", "default:quote", "Hello there.", "-o", tmp_path / "one.mp3")
    assert one.returncode == 0
    single = len(decode(tmp_path / "one.mp3")) / 16000
    assert seconds > voices * (single - 1.2)  # each voice says it, one after another (less lead and tail)
    assert list(tmp_path.glob("*.mp3")) != [] and not list(tmp_path.glob(".*part"))


def test_preview_of_an_offline_gtts_voice_names_no_foreign_option(tmp_path, is_online):
    if is_online:
        pytest.skip("online: the offline message cannot be shown")
    result = narrate("voices", "preview", "gtts:narrator", "-o", tmp_path / "g.mp3")
    assert result.returncode == 1
    assert "internet" in result.stderr and "--backend" not in result.stderr
    assert not (tmp_path / "g.mp3").exists()
