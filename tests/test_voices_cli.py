"""`narrate voices list | preview | download` as real subprocesses."""

from __future__ import annotations

import json

import pytest

from audio_checks import decode
from helpers import assert_clean_failure, run_cli

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

LIGHT_IMPORTS = """
import sys
from narrate.cli import app

try:
    app(["voices", "list"])
except SystemExit:
    pass
heavy = sorted(m for m in ("onnxruntime", "numpy", "pydub", "piper", "gtts") if m in sys.modules)
print("HEAVY:", ",".join(heavy))
"""


def test_list_shows_profiles_backends_and_installed_voices(tmp_path):
    result = run_cli("voices", "list", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in (
        "default",
        "gtts",
        "single",
        "narrator",
        "quote",
        "pitch=0.84",
        "narrate.backends.piper:PiperBackend",
        "narrate.backends.gtts:GTTSBackend",
        "en_US-joe-medium",
    ):
        assert expected in out
    piper_rows = [line for line in out.splitlines() if line.startswith("    ") and line.split()[1] == "piper"]
    assert piper_rows and all(line.rstrip().endswith("ready") for line in piper_rows)


def test_list_is_offline_aware(tmp_path, is_online):
    if is_online:
        pytest.skip("online: gTTS voices are usable")
    result = run_cli("voices", "list", cwd=tmp_path)
    gtts_rows = [line for line in result.stdout.splitlines() if line.startswith("    ") and line.split()[1] == "gtts"]
    assert gtts_rows and all("not usable" in line and "internet" in line for line in gtts_rows)


def test_list_shows_user_profiles_and_reports_a_broken_one(tmp_path):
    user = tmp_path / "config" / "narrate" / "voices"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text('quote = "narrator"\n[narrator]\nbackend = "piper"\nlength_scale = 1.1\n')
    (user / "wrong.toml").write_text('[narrator]\nbackend = "piper"\nspeed = 2\n')
    result = run_cli("voices", "list", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.returncode == 0, result.stderr
    assert str(user / "mine.toml") in result.stdout
    assert "unusable" in result.stdout and "unknown piper setting 'speed'" in result.stdout


def test_list_shows_the_speakers_of_a_multi_speaker_voice(tmp_path):
    folder = tmp_path / "piper-voices"
    folder.mkdir()
    (folder / "en_GB-trio-medium.onnx").write_bytes(b"model bytes are not read by the listing")
    config = {"num_speakers": 3, "speaker_id_map": {"mara": 0, "ivo": 1, "tess": 2}, "audio": {"sample_rate": 22050}}
    (folder / "en_GB-trio-medium.onnx.json").write_text(json.dumps(config))
    result = run_cli("voices", "list", env={"NARRATE_PIPER_VOICES": str(folder)})
    row = next(line for line in result.stdout.splitlines() if "en_GB-trio-medium" in line)
    assert "3 speakers: mara, ivo, tess" in row


def test_list_does_not_import_the_engines(tmp_path):
    result = run_cli(cwd=tmp_path, code=LIGHT_IMPORTS)
    assert "HEAVY: \n" in result.stdout or result.stdout.rstrip().endswith("HEAVY:"), result.stdout


@pytest.mark.parametrize("voice", ["default:quote", "low", "en_US-joe-medium"])
def test_preview_writes_a_short_sample(tmp_path, voice):
    out = tmp_path / "sample.wav"
    result = run_cli("voices", "preview", voice, "Two short words.", "-o", out)
    assert result.returncode == 0, result.stderr
    seconds = len(decode(out)) / 16000
    assert 0.5 < seconds < 4
    assert not list(tmp_path.glob(".*part"))


def test_preview_defaults_to_an_mp3_named_after_the_voice(tmp_path):
    result = run_cli("voices", "preview", "default:brisk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "preview-default-brisk.mp3"
    assert 2 < len(decode(path)) / 16000 < 12


@pytest.mark.parametrize(
    "voice, fragments",
    [
        ("nobody", ["unknown voice 'nobody'", "default:quote"]),
        ("default:nobody", ["profile 'default' has no voice 'nobody'"]),
        ("radio:quote", ["unknown voice profile 'radio'"]),
        ("en_GB-nobody-medium", ["not installed", "narrate voices download en_GB-nobody-medium"]),
    ],
)
def test_preview_of_an_unknown_voice_writes_nothing(tmp_path, voice, fragments):
    out = tmp_path / "out"
    result = run_cli("voices", "preview", voice, "-o", out / "x.mp3", cwd=tmp_path)
    assert_clean_failure(result, out, *fragments)


def test_download_offline_is_one_clear_line(tmp_path):
    # A proxy that refuses connections makes the download fail the way no network does.
    offline = {"HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}
    target = tmp_path / "voices"
    result = run_cli("voices", "download", "en_GB-alba-medium", "--dir", target, env=offline)
    assert_clean_failure(result, target, "en_GB-alba-medium", "needs the internet")


def test_download_rejects_a_name_that_is_not_a_piper_voice(tmp_path):
    target = tmp_path / "voices"
    result = run_cli("voices", "download", "joe", "--dir", target)
    assert_clean_failure(result, target, "'joe' is not a Piper voice name")


def test_a_broken_local_profile_does_not_block_the_others(tmp_path):
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "default.toml").write_text("[narrator]\nbackend = 'piper'\npitch = 'deep'\n")
    listing = run_cli("voices", "list", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "unusable: voices/default.toml: [narrator] pitch must be float" in listing.stdout
    result = run_cli("voices", "preview", "single:quote", "Still here.", "-o", "ok.wav", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ok.wav").stat().st_size > 10_000
    imported = run_cli(cwd=tmp_path, code="import narrate.episode.render; print('imported')")
    assert imported.stdout.strip() == "imported", imported.stderr


@pytest.mark.parametrize("command", [["voices"], ["voices", "list"], ["voices", "preview"], ["voices", "download"]])
def test_voices_help(command):
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout and len(result.stdout.split()) > 15


def test_download_of_a_voice_already_there_needs_no_network(tmp_path):
    from narrate.backends.piper import resolve_model

    target = tmp_path / "voices"
    target.mkdir()
    joe = resolve_model("en_US-joe-medium")
    (target / "en_GB-copy-medium.onnx").symlink_to(joe)
    (target / "en_GB-copy-medium.onnx.json").symlink_to(f"{joe}.json")
    offline = {"HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    result = run_cli("voices", "download", "en_GB-copy-medium", "--dir", target, env=offline)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target / "en_GB-copy-medium.onnx")
