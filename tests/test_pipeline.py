"""The whole pipeline on short texts with the real bundled Piper voice, ffmpeg and mutagen."""

from __future__ import annotations

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audio_checks import RATE, decode, median_pitch, pcm_to_float, spectral_centroid
from narrate.episode.render import ConvertOptions, convert, slugify
from narrate.voice.profiles import load_profile
from narrate.voice.voicing import synthesize

ARTICLE = """# The lighthouse keeper retires

By Jonas Whitfield

After forty years, the last keeper of the Gannet Point light has handed back his keys.

"I will miss the quiet nights," he said. The light itself will keep working.
"""


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    folder = tmp_path_factory.mktemp("episode")
    article = folder / "keeper.md"
    article.write_text(ARTICLE)
    return convert(article, ConvertOptions(out_dir=folder / "output"))


@pytest.mark.slow
def test_episode_file_is_named_from_the_title(episode):
    assert episode.path.name == "the-lighthouse-keeper-retires.mp3"
    assert episode.path.parent.name == "output"


def test_episode_decodes_with_plausible_duration(episode):
    samples = decode(episode.path)
    seconds = len(samples) / RATE
    words = len(ARTICLE.split())
    # Newsreaders speak 130-200 words a minute; pauses add a little.
    assert words / 200 * 60 < seconds < words / 110 * 60 + 8
    assert abs(MP3(episode.path).info.length - seconds) < 0.2
    assert abs(episode.duration - seconds) < 0.3


def test_tags_read_back(episode):
    tags = ID3(episode.path)
    assert tags["TIT2"].text == ["The lighthouse keeper retires"]
    assert tags["TPE1"].text == ["Jonas Whitfield"]
    assert tags["TALB"].text == ["narrate"]
    assert tags["TCON"].text == ["Podcast"]
    assert "keeper.md" in tags.getall("COMM")[0].text[0]


def test_cues_follow_the_script_in_order(episode):
    texts = [c.text for c in episode.cues]
    assert texts[0].startswith("The lighthouse keeper retires. By Jonas Whitfield.")
    assert "I will miss the quiet nights," in texts
    starts = [c.start for c in episode.cues]
    assert starts == sorted(starts)
    assert all(c.end > c.start for c in episode.cues)
    assert episode.cues[-1].end <= episode.duration


SENTENCES = [
    "The harbour was calm this morning, and the boats went out early.",
    "Nobody expected the storm that followed in the afternoon.",
    "By evening the council had opened the old school as a shelter.",
]


@pytest.mark.slow
def test_quotes_use_the_quote_voice_and_it_sounds_different():
    profile = load_profile()
    assert profile.quote != profile.narrator
    narrator = [synthesize(text, profile.narrator) for text in SENTENCES]
    quote = [synthesize(text, profile.quote) for text in SENTENCES]
    rate = narrator[0].sample_rate
    n = np.concatenate([pcm_to_float(a.pcm) for a in narrator])
    q = np.concatenate([pcm_to_float(a.pcm) for a in quote])
    # Formants (the spectral centroid) and pitch both lower: a bigger voice, not the same one.
    # Three sentences each, because Piper's prosody is random and one sentence's pitch is noisy.
    assert spectral_centroid(q, rate) < 0.9 * spectral_centroid(n, rate)
    assert median_pitch(q, rate) < 0.97 * median_pitch(n, rate)
    # Tempo stays close: the pitch shift does not drag the quotes into a drawl.
    assert 0.9 < len(q) / len(n) < 1.25


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Hello, World!", "hello-world"),
        ("../../etc/passwd", "etc-passwd"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("🙂🙂", "episode"),
    ],
)
def test_slugify_is_safe(text, slug):
    assert slugify(text) == slug
