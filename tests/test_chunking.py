"""Long texts reach the engine in bounded chunks: cut at sentence ends, then clauses, then words;
no word lost, audio joined without gaps, one cache entry per segment."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from audio_checks import pcm_to_float
from helpers import calls
from narrate.models import Segment, Voice
from narrate.voice.cache import SynthesisCache
from narrate.voice.chunking import MAX_CHUNK_CHARS, split_for_engine
from narrate.voice.pool import shutdown_workers
from narrate.voice.voicing import voice_segments

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


def squeeze(text: str) -> str:
    return "".join(text.split())


words = st.text(st.characters(blacklist_categories=("Cs", "Z", "Cc")), min_size=1, max_size=30)
separators = st.sampled_from([" ", "  ", "\n", ", ", "; ", ": ", " — ", "–", ". ", "? ", '." ', "! ", "\t"])
texts = st.lists(st.tuples(words, separators), max_size=80).map(lambda pairs: "".join(w + s for w, s in pairs))


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=5, max_value=120))
@example("a" * 50 + " bc", 20)
@example("one, two; three: four — five – six. seven? eight!", 9)
def test_chunks_keep_every_word_and_stay_within_the_limit(text, limit):
    chunks = split_for_engine(text, limit)
    assert squeeze("".join(chunks)) == squeeze(text)  # nothing but whitespace lost, order kept
    assert all(chunk and chunk == chunk.strip() and len(chunk) <= limit for chunk in chunks)
    if all(len(word) <= limit for word in text.split()):  # no word needed cutting: none is cut or glued
        assert " ".join(chunks).split() == text.split()


def test_a_text_within_the_limit_is_left_whole():
    sentence = "The ferry left at dawn, the gulls followed it, and the town slowly woke up."
    assert split_for_engine(sentence, len(sentence)) == [sentence]
    assert split_for_engine("  \n ", 10) == []


def test_cuts_prefer_sentence_ends_then_clauses_then_words():
    text = (
        "The first sentence is short. The second one runs on, and on, with clause after clause; "
        "it never seems to stop — until now."
    )
    assert split_for_engine(text, 60) == [
        "The first sentence is short.",
        "The second one runs on, and on, with clause after clause;",
        "it never seems to stop — until now.",
    ]
    assert split_for_engine("alpha beta gamma delta epsilon", 12) == ["alpha beta", "gamma delta", "epsilon"]
    assert split_for_engine("numbers like 1,000,000 stay whole", 14) == ["numbers like", "1,000,000", "stay whole"]


def no_punctuation_sentence(chars: int, seed: int) -> str:
    rng = random.Random(seed)
    pool = [
        "lantern",
        "meadow",
        "harbour",
        "quietly",
        "orange",
        "window",
        "tunnel",
        "silver",
        "market",
        "evening",
        "bicycle",
        "thunder",
        "garden",
        "ribbon",
        "ladder",
    ]
    text = ""
    while len(text) < chars:
        text += rng.choice(pool) + " "
    return text.strip()


def test_a_long_segment_is_spoken_in_chunks_and_cached_whole(plugins):
    log = plugins / "calls.log"
    long_text = no_punctuation_sentence(3 * MAX_CHUNK_CHARS + 50, seed=3)
    segments = [
        Segment("narration", "A short opening line.", paragraph=0),
        Segment("narration", long_text, paragraph=1),
    ]
    voice = Voice("narrator", "counting", {"log": str(log)})
    cache = SynthesisCache(plugins / "cache")
    try:
        voiced = list(voice_segments(segments, lambda s: voice, jobs=2, cache=cache))
        seen = calls(log)
        assert "A short opening line." in seen  # under the limit: one call, untouched
        chunks = [call for call in seen if call != "A short opening line."]  # one worker, in order
        assert len(chunks) == 4 and all(len(chunk) <= MAX_CHUNK_CHARS for chunk in chunks)
        assert " ".join(chunks).split() == long_text.split()

        speech = pcm_to_float(voiced[1].audio.pcm)
        rate = voiced[1].audio.sample_rate
        assert longest_silence(speech, rate) < 0.45  # the joins sound like a breath, not a gap

        log.unlink()
        again = list(voice_segments(segments, lambda s: voice, jobs=2, cache=cache))
        assert calls(log) == []  # one entry per segment, holding the joined audio
        assert again[1].audio == voiced[1].audio
    finally:
        shutdown_workers()


def longest_silence(samples: np.ndarray, rate: int, window_s: float = 0.01) -> float:
    """Longest run of windows 40 dB below the loudest, in seconds, ignoring the two ends."""
    size = int(rate * window_s)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)) + 1e-9
    quiet = 20 * np.log10(rms / rms.max()) < -40
    loud = np.flatnonzero(~quiet)
    longest = run = 0
    for flag in quiet[loud[0] : loud[-1] + 1]:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest * window_s


def test_convert_speaks_a_huge_sentence_without_punctuation(tmp_path):
    from mutagen.mp3 import MP3

    text = no_punctuation_sentence(6000, seed=8)
    article = tmp_path / "run-on.txt"
    article.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "convert", str(article), "-o", str(tmp_path / "out"), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    [mp3] = (tmp_path / "out").glob("*.mp3")
    minutes = MP3(mp3).info.length / 60
    words_per_minute = len(text.split()) / minutes
    assert 120 < words_per_minute < 260  # every word spoken at the voice's pace (it reads about 180 a minute)
