"""The synthesis cache on a real folder: keys, atomic entries, corruption, LRU eviction, the CLI."""

from __future__ import annotations

import logging
import os
import time

import pytest
from typer.testing import CliRunner

from narrate.cli import app
from narrate.models import Audio, Voice
from narrate.voice.cache import SynthesisCache, cache_key, default_cache_dir

VOICE = Voice("narrator", "piper", {"model": "en_US-joe-medium"})


def tone(seconds: float = 0.5, rate: int = 22050, level: int = 1000) -> Audio:
    samples = int(seconds * rate)
    pcm = b"".join(((level if (i // 50) % 2 else -level) & 0xFFFF).to_bytes(2, "little") for i in range(samples))
    return Audio(pcm=pcm, sample_rate=rate)


def entry_files(cache: SynthesisCache):
    return sorted((cache.root / "entries").glob("*/*.pcm"))


def test_key_changes_with_everything_that_changes_the_sound():
    base = cache_key("piper", "piper-tts 1.3", VOICE, "Hello there.")
    variants = [
        cache_key("gtts", "piper-tts 1.3", VOICE, "Hello there."),
        cache_key("piper", "piper-tts 1.4", VOICE, "Hello there."),
        cache_key(
            "piper",
            "piper-tts 1.3",
            Voice("narrator", "piper", {"model": "en_US-joe-medium", "pitch": 0.9}),
            "Hello there.",
        ),
        cache_key("piper", "piper-tts 1.3", Voice("quote", "piper", {"model": "en_US-joe-medium"}), "Hello there."),
        cache_key("piper", "piper-tts 1.3", VOICE, "Hello there!"),
    ]
    assert len({base, *variants}) == len(variants) + 1
    # Setting order does not matter: the key is canonical.
    a = Voice("v", "piper", {"model": "m", "pitch": 0.84})
    b = Voice("v", "piper", {"pitch": 0.84, "model": "m"})
    assert cache_key("piper", "1", a, "x") == cache_key("piper", "1", b, "x")


def test_round_trip_and_miss(tmp_path):
    cache = SynthesisCache(tmp_path / "c")
    audio = tone()
    assert cache.get("ab" * 32) is None
    cache.put("ab" * 32, audio)
    assert cache.get("ab" * 32) == audio
    info = cache.info()
    assert (info.path, info.entries) == (tmp_path / "c", 1)
    assert info.size > len(audio.pcm)


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_corrupt_entry_is_removed_and_reported_at_debug_level(tmp_path, caplog, damage):
    cache = SynthesisCache(tmp_path)
    key = "cd" * 32
    cache.put(key, tone())
    [path] = entry_files(cache)
    data = path.read_bytes()
    damaged = {
        "truncate": data[: len(data) // 2],  # a crash mid-write that was somehow renamed
        "flip": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],  # bit rot in the PCM
        "empty": b"",
        "garbage": os.urandom(len(data)),
    }[damage]
    path.write_bytes(damaged)
    with caplog.at_level(logging.DEBUG, logger="narrate.voice.cache"):
        assert cache.get(key) is None
    assert not path.exists()
    assert any("corrupt" in r.getMessage() and r.levelno == logging.DEBUG for r in caplog.records)
    cache.put(key, tone())  # the segment is synthesised again and stored afresh
    assert cache.get(key) == tone()


def test_a_stray_temp_file_from_a_crash_is_never_served(tmp_path):
    cache = SynthesisCache(tmp_path)
    key = "ef" * 32
    folder = tmp_path / "entries" / key[:2]
    folder.mkdir(parents=True)
    (folder / f".{key[:8]}-crash.tmp").write_bytes(b"NRC1 half written")
    assert cache.get(key) is None
    assert cache.info().entries == 0


def test_lru_eviction_keeps_the_recently_used(tmp_path):
    one = tone(0.5)
    entry_size = len(one.pcm) + 48
    cache = SynthesisCache(tmp_path, cap_bytes=int(entry_size * 3.5))
    keys = [f"{i:02d}" * 32 for i in range(3)]
    for offset, key in enumerate(keys):
        cache.put(key, one)
        past = time.time() - 100 + offset
        os.utime(cache.root / "entries" / key[:2] / f"{key}.pcm", (past, past))
    assert cache.get(keys[0]) == one  # touched: now the most recently used
    cache.put("99" * 32, one)  # over the cap: the least recently used (keys[1]) goes first
    assert cache.info().size <= cache.cap
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) == one
    assert cache.get("99" * 32) == one


def test_default_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("NARRATE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "narrate"
    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert SynthesisCache().root == tmp_path / "mine"


def test_unwritable_cache_costs_only_the_cache(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = SynthesisCache(blocker)
    cache.put("aa" * 32, tone())  # no exception: the run goes on uncached
    assert cache.get("aa" * 32) is None


@pytest.mark.slow
def test_cli_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path))
    cache = SynthesisCache()
    for i in range(3):
        cache.put(f"{i:02d}" * 32, tone(0.2))
    runner = CliRunner()
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0, info.output
    assert f"path:    {tmp_path}" in info.output
    assert "entries: 3" in info.output
    assert "cap:" in info.output
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert "removed 3 entries" in cleared.output
    assert cache.info().entries == 0
    other = tmp_path / "other"
    SynthesisCache(other).put("11" * 32, tone(0.2))
    assert "entries: 1" in runner.invoke(app, ["cache", "info", "--cache-dir", str(other)]).output


def test_mix_entries_round_trip_and_corruption_is_a_miss(tmp_path):
    cache = SynthesisCache(tmp_path / "c")
    mp3 = tmp_path / "mix.mp3"
    mp3.write_bytes(b"ID3-less fake frames " * 100)
    timeline = {"duration": 12.5, "cues": [{"start": 0.0, "end": 1.0, "text": "Hi.", "speaker": None}]}
    cache.put_mix("77" * 32, mp3, timeline)
    out = tmp_path / "out.mp3"
    assert cache.get_mix("77" * 32, out) == timeline
    assert out.read_bytes() == mp3.read_bytes()
    [entry] = (tmp_path / "c" / "entries").glob("*/*.mix")
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    assert cache.get_mix("77" * 32, tmp_path / "again.mp3") is None
    assert not entry.exists()
    assert not (tmp_path / "again.mp3").exists()


# -- derived model files follow the chosen cache folder ------------------------------------------


@pytest.mark.slow
def test_no_cache_with_a_cache_dir_keeps_the_model_copy_there_and_only_there(tmp_path):
    """--cache-dir D --no-cache: the fixed-noise model copy goes to D/models, not the default cache;
    no audio is cached; `cache info` counts the copy and `cache clear` removes it."""
    from helpers import run_cli

    article = tmp_path / "pier.txt"
    article.write_text("Pier\n\nThe pier opens at nine.\n")
    chosen, default = tmp_path / "chosen", tmp_path / "default"
    env = {"NARRATE_CACHE_DIR": str(default)}
    result = run_cli("convert", article, "-o", tmp_path / "out", "--cache-dir", chosen, "--no-cache", env=env)
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in (chosen / "models").iterdir())  # Piper's fixed-noise copy, the language model
    assert [name.endswith(".onnx") for name in made] == [True, False] and made[1].startswith("py3langid-")
    assert not (chosen / "entries").exists() and not default.exists()
    info = run_cli("cache", "info", "--cache-dir", chosen, env=env).stdout
    assert "models:  2 derived model files" in info
    run_cli("cache", "clear", "--cache-dir", chosen, env=env)
    assert not (chosen / "models").exists()


@pytest.mark.slow
def test_two_installs_of_the_same_voice_share_one_model_copy(tmp_path):
    from narrate.backends.piper.model import with_fixed_noise
    from narrate.backends.piper.voices import resolve_model

    shipped = resolve_model(None)
    copies = []
    for place in ("a", "b"):
        (tmp_path / place).mkdir()
        copy = tmp_path / place / shipped.name
        copy.write_bytes(shipped.read_bytes())
        copies.append(copy)
    folder = tmp_path / "models"
    assert with_fixed_noise(copies[0], folder) == with_fixed_noise(copies[1], folder)
    assert len(list(folder.iterdir())) == 1


def test_the_language_models_unpacked_copy_is_a_derived_model_file(tmp_path, monkeypatch):
    """The language detector's arrays live with the other derived model files: counted, and cleared."""
    from narrate.read.language import _identifier, detect_language

    monkeypatch.setenv("NARRATE_CACHE_DIR", str(tmp_path / "cache"))
    _identifier.cache_clear()  # loaded once per process: load it again from this cache folder
    detect_language("The council met on Tuesday evening to discuss the harbour budget and the new ferry timetable.")
    cache = SynthesisCache(tmp_path / "cache")
    assert [p.name.startswith("py3langid-") for p in cache.models_dir.iterdir()] == [True]
    assert cache.info().models == 1 and cache.info().models_size > 10_000_000
    cache.clear()
    assert not cache.models_dir.exists()
    _identifier.cache_clear()
