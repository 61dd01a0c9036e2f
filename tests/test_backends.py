"""TTS backends: a third-party plugin found through its entry point, Piper's model handling, and
each error path through the real command line (one line, non-zero exit, nothing written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audio_checks import decode, median_pitch, pcm_to_float
from helpers import assert_clean_failure, run_cli
from narrate.backends import backend_names, get_backend
from narrate.backends.piper import model as piper_model
from narrate.backends.piper.voices import installed_voices, resolve_model
from narrate.errors import VoiceError
from narrate.models import Voice
from narrate.voice.profile_file import parse_profile
from narrate.voice.voicing import synthesize

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

JOE = resolve_model("en_US-joe-medium")

BEEP_MODULE = '''
"""A test TTS engine that hums each word as a tone: narrate must find it through its entry point."""
import array
import math

from dataclasses import dataclass

from narrate.backends import Backend
from narrate.models import Audio


RATE = 16000


@dataclass(frozen=True)
class BeepSettings:
    hz: float = 200.0


class BeepBackend(Backend):
    name = "beep"
    Settings = BeepSettings

    def synthesize(self, text, voice):
        hz = self.settings(voice).hz
        count = int(0.25 * RATE * len(text.split()))
        wave = array.array("h", (int(12000 * math.sin(2 * math.pi * hz * i / RATE)) for i in range(count)))
        return Audio(pcm=wave.tobytes(), sample_rate=RATE)
'''


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    """A real installed distribution on a path entry: a module and a .dist-info with entry points."""
    site = tmp_path_factory.mktemp("site")
    (site / "narrate_beep.py").write_text(BEEP_MODULE)
    (site / "narrate_beep_broken.py").write_text("import kokoro_engine_that_is_not_installed\n")
    info = site / "narrate_beep-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: narrate-beep\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[narrate.backends]\nbeep = narrate_beep:BeepBackend\nbroken = narrate_beep_broken:BrokenBackend\n"
    )
    return site


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text('The night ferry\n\nThe ferry sails again tonight. "We are ready," said Ada Quill.\n')
    return path


def write_profile(folder: Path, narrator: str, quote: str, name: str = "custom.toml") -> Path:
    path = folder / name
    path.write_text(f"[narrator]\n{narrator}\n[quote]\n{quote}\n")
    return path


# -- a third-party backend through the narrate.backends entry-point group -----------------------


def test_plugin_backend_is_discovered_and_speaks(plugin_site, monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(plugin_site))
    assert "beep" in backend_names()
    profile = write_profile(tmp_path, 'backend = "beep"\nhz = 150', 'backend = "beep"\nhz = 300')
    voice = parse_profile(profile).narrator
    audio = synthesize("one two three four", voice)
    assert audio.duration == pytest.approx(1.0)
    assert median_pitch(pcm_to_float(audio.pcm), audio.sample_rate) == pytest.approx(150, rel=0.03)
    assert get_backend("beep") is get_backend("beep")


def test_plugin_settings_are_checked_by_its_schema(plugin_site, monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(plugin_site))
    profile = write_profile(tmp_path, 'backend = "beep"\nvolume = 3', 'backend = "beep"\nhz = 300')
    with pytest.raises(VoiceError, match=r"\[narrator\] unknown beep setting 'volume'"):
        parse_profile(profile)


def test_plugin_backend_makes_an_episode_through_the_cli(plugin_site, tmp_path):
    profile = write_profile(tmp_path, 'backend = "beep"\nhz = 150', 'backend = "beep"\nhz = 300')
    article = tmp_path / "hum.txt"
    article.write_text("A hum\n\nThe tone sounds low for every narrated word of this short text.\n")
    listing = run_cli("voices", "list", extra_path=plugin_site)
    assert "narrate_beep:BeepBackend" in listing.stdout
    result = run_cli("convert", article, "--voices", profile, "-o", tmp_path / "out", extra_path=plugin_site)
    assert result.returncode == 0, result.stderr
    samples = decode(tmp_path / "out" / "a-hum.mp3")
    assert median_pitch(samples, 16000) == pytest.approx(150, rel=0.05)


def test_plugin_that_cannot_be_imported_is_one_clear_line(plugin_site, tmp_path, article):
    profile = write_profile(tmp_path, 'backend = "broken"', 'backend = "broken"')
    out = tmp_path / "out"
    result = run_cli("convert", article, "--voices", profile, "-o", out, extra_path=plugin_site)
    assert_clean_failure(result, out, "custom.toml", "'broken'", "kokoro_engine_that_is_not_installed", "install")


# -- Piper -------------------------------------------------------------------------------------


def test_piper_model_loads_once_per_process():
    piper_model.load_model.cache_clear()
    narrator = Voice("narrator", "piper", {"model": "en_US-joe-medium"})
    quote = Voice("quote", "piper", {"model": str(JOE), "pitch": 0.84})
    for voice in (narrator, quote, narrator):
        synthesize("Once.", voice)
    info = piper_model.load_model.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_piper_voice_by_path_and_by_name_in_a_voices_dir(tmp_path, monkeypatch):
    folder = tmp_path / "piper-voices"
    folder.mkdir()
    (folder / "en_GB-copy-medium.onnx").symlink_to(JOE)
    (folder / "en_GB-copy-medium.onnx.json").symlink_to(f"{JOE}.json")
    monkeypatch.setenv("NARRATE_PIPER_VOICES", str(folder))
    assert resolve_model("en_GB-copy-medium") == folder / "en_GB-copy-medium.onnx"
    assert "en_GB-copy-medium" in installed_voices()
    by_name = synthesize("By name.", Voice("n", "piper", {"model": "en_GB-copy-medium"}))
    by_path = synthesize("By name.", Voice("p", "piper", {"model": str(JOE)}))
    assert by_name.sample_rate == by_path.sample_rate == 22050
    assert 0.5 < by_name.duration < 3


def test_piper_speaker_on_a_single_speaker_model_is_refused():
    with pytest.raises(VoiceError, match="single speaker"):
        synthesize("Hello.", Voice("n", "piper", {"model": "en_US-joe-medium", "speaker": 3}))


def test_missing_piper_model_says_how_to_get_it(tmp_path, article):
    profile = write_profile(
        tmp_path, 'backend = "piper"\nmodel = "en_GB-nobody-medium"', 'backend = "piper"\nmodel = "en_US-joe-medium"'
    )
    out = tmp_path / "out"
    result = run_cli("convert", article, "--voices", profile, "-o", out)
    assert_clean_failure(result, out, "en_GB-nobody-medium", "not installed", "narrate voices download")


def test_missing_piper_model_file(tmp_path, article):
    profile = write_profile(tmp_path, f'backend = "piper"\nmodel = "{tmp_path}/gone.onnx"', 'backend = "piper"')
    out = tmp_path / "out"
    assert_clean_failure(run_cli("convert", article, "--voices", profile, "-o", out), out, "gone.onnx", "not found")


def test_corrupt_piper_model(tmp_path, article):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx model" * 20)
    shutil.copy(f"{JOE}.json", f"{model}.json")
    profile = write_profile(tmp_path, f'backend = "piper"\nmodel = "{model}"', 'backend = "piper"\npitch = 0.9')
    out = tmp_path / "out"
    result = run_cli("convert", article, "--voices", profile, "-o", out)
    assert_clean_failure(result, out, "broken.onnx", "cannot be loaded")


BLOCK_AND_RUN = "import sys; sys.modules[{module!r}] = None; from narrate.cli import app; app(sys.argv[1:])"


@pytest.mark.parametrize(
    "module, args, fragments",
    [
        ("piper", [], ["piper-tts", "pip install piper-tts"]),
        ("gtts", ["--backend", "gtts"], ["gTTS", "pip install gTTS"]),
    ],
)
def test_backend_package_not_installed(tmp_path, article, module, args, fragments):
    """The engine's own package is missing (an import of it fails as it would when uninstalled)."""
    out = tmp_path / "out"
    result = run_cli("convert", article, "-o", out, *args, code=BLOCK_AND_RUN.format(module=module))
    assert_clean_failure(result, out, *fragments)


def test_unknown_backend_in_a_profile(tmp_path, article):
    profile = write_profile(tmp_path, 'backend = "kokoro"', 'backend = "kokoro"')
    out = tmp_path / "out"
    assert_clean_failure(
        run_cli("convert", article, "--voices", profile, "-o", out),
        out,
        "custom.toml",
        "unknown TTS backend 'kokoro'",
        "narrate.backends",
    )


def test_unknown_profile(tmp_path, article):
    out = tmp_path / "out"
    assert_clean_failure(
        run_cli("convert", article, "--voices", "radio", "-o", out), out, "unknown voice profile 'radio'", "default"
    )


def test_voices_and_backend_together_are_refused(tmp_path, article):
    out = tmp_path / "out"
    assert_clean_failure(
        run_cli("convert", article, "--voices", "single", "--backend", "piper", "-o", out),
        out,
        "--profile",
        "--backend",
    )  # --voices is the old name of --profile


def test_convert_with_a_profile_by_name_and_by_path(tmp_path, article):
    result = run_cli("convert", article, "--voices", "single", "-o", tmp_path / "a")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "the-night-ferry.mp3").stat().st_size > 5000
    profile = write_profile(tmp_path, 'backend = "piper"\nlength_scale = 0.9', 'backend = "piper"\npitch = 1.1')
    result = run_cli("convert", article, "--voices", profile, "-o", tmp_path / "b")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "b" / "the-night-ferry.mp3").stat().st_size > 5000


def test_gtts_offline_check_is_reported(is_online):
    if is_online:
        pytest.skip("online: the offline report cannot be shown")
    problem = get_backend("gtts").check(Voice("n", "gtts", {"lang": "en", "tld": "com"}))
    assert problem is not None and "internet" in problem
    assert get_backend("piper").check(Voice("n", "piper", {})) is None
    assert "not installed" in get_backend("piper").check(Voice("n", "piper", {"model": "xx_XX-none-low"}))
