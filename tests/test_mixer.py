"""The mixer on a real short episode: loudness, format, clean decode, pauses, trimming, intro/outro."""

from __future__ import annotations

import itertools
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from audio_checks import decode, loudness, pcm_to_float
from narrate.audio.ffmpeg import ffmpeg_exe, run_ffmpeg
from narrate.audio.mixer import MAX_MUSIC_SECONDS, MixSettings, Pauses, mix
from narrate.dsp import trim_silence
from narrate.episode.render import ConvertOptions, convert
from narrate.errors import AudioError
from narrate.models import NARRATION, QUOTE, Segment, Voice, VoicedSegment
from narrate.voice.profiles import load_profile
from narrate.voice.voicing import synthesize

ARTICLE = """# Tide tables go digital

By Ines Moreau

The harbour office printed its last paper tide table this week. "Nobody asked for paper any more," said the harbourmaster.

## What changes

Skippers can now read the tables on a screen at the quay.
"""


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixer")
    article = folder / "tides.md"
    article.write_text(ARTICLE)
    return convert(article, ConvertOptions(out_dir=folder / "out", audio=MixSettings(bitrate="48k")))


@pytest.mark.slow
def test_loudness_meets_the_podcast_norm(episode):
    integrated, true_peak = loudness(episode.path)
    assert -20.0 <= integrated <= -18.0
    assert true_peak <= -1.0


@pytest.mark.slow
def test_example_article_meets_the_norm_too(tmp_path):
    from conftest import EXAMPLE

    integrated, true_peak = loudness(convert(EXAMPLE, ConvertOptions(out_dir=tmp_path)).path)
    assert -20.0 <= integrated <= -18.0
    assert true_peak <= -1.0


def test_mono_44k_constant_bitrate_as_configured(episode):
    info = MP3(episode.path).info
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 44100, 48000)
    assert info.bitrate_mode == BitrateMode.CBR


def test_ffmpeg_decodes_without_a_single_error(episode):
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-xerror", "-i", str(episode.path), "-f", "null", "-"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout + proc.stderr == ""


@pytest.mark.skipif(shutil.which("mp3val") is None, reason="mp3val is not installed")
def test_mp3val_finds_nothing_to_warn_about(episode):
    out = subprocess.run(["mp3val", str(episode.path)], capture_output=True, text=True).stdout
    assert "MPEG frames" in out
    assert "WARNING" not in out and "ERROR" not in out, out


def test_decoded_length_matches_the_mixed_timeline(episode):
    decoded = len(decode(episode.path, 44100)) / 44100
    assert abs(decoded - episode.duration) < 0.05


def test_pauses_grow_with_the_structure():
    p = Pauses()
    first = Segment(NARRATION, "It rained, and", paragraph=0)
    rest = Segment(NARRATION, "the roads flooded.", paragraph=0)
    quote = Segment(QUOTE, "We were ready.", paragraph=0)
    next_sentence = Segment(NARRATION, "Then it stopped.", paragraph=0)
    new_paragraph = Segment(NARRATION, "Later that week", paragraph=1)
    heading = Segment(NARRATION, "Aftermath", paragraph=2, role="heading")
    title = Segment(NARRATION, "Floods. By A. Writer.", paragraph=-1, role="title")
    within = p.between(first, rest)
    voice = p.between(rest, quote)
    sentence = p.between(quote, next_sentence)
    paragraph = p.between(next_sentence, new_paragraph)
    section = p.between(new_paragraph, heading)
    assert p.between(None, title) == 0
    assert within < voice <= sentence < paragraph < section <= p.between(title, first)
    assert p.between(heading, new_paragraph) > sentence


def test_gaps_in_the_episode_follow_the_structure(episode):
    cues = episode.cues
    gaps = [b.start - a.end for a, b in itertools.pairwise(cues)]
    texts = [c.text for c in cues]
    after_title = gaps[0]
    before_section = gaps[texts.index("What changes") - 1]
    quote_gap = gaps[texts.index("Nobody asked for paper any more,") - 1]
    assert after_title > before_section > quote_gap > 0.2


def test_onsets_in_the_audio_sit_where_the_cues_say(episode):
    """Each cue after a pause starts within 50 ms of where speech begins in the decoded MP3."""
    rate = 44100
    samples = decode(episode.path, rate)
    window = rate // 200  # 5 ms
    frames = samples[: len(samples) // window * window].reshape(-1, window)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    threshold = level.max() - 45
    for previous, cue in zip(episode.cues, episode.cues[1:]):
        search_from = int((previous.end + cue.start) / 2 * 200)
        onset = (search_from + int(np.argmax(level[search_from:] > threshold))) / 200
        assert abs(onset - cue.start) < 0.05, (cue.text, onset, cue.start)


@pytest.fixture(scope="module")
def piper_part():
    return synthesize("Fresh fish sold out before seven.", load_profile().narrator)


@pytest.mark.slow
def test_trimming_leaves_the_same_edges_however_much_silence_there_was(piper_part):
    rate = piper_part.sample_rate
    speech = pcm_to_float(piper_part.pcm)
    window = rate * 5 // 1000  # trim_silence's analysis window; pad whole windows so the grids align
    padded = np.concatenate([np.zeros(100 * window, np.float32), speech, np.zeros(173 * window, np.float32)])
    a, b = trim_silence(speech, rate), trim_silence(padded, rate)
    assert len(a) == len(b)
    assert np.allclose(a, b)
    assert len(a) < len(speech)


def test_trimming_keeps_word_starts_and_ends_whole(piper_part):
    rate = piper_part.sample_rate
    speech = pcm_to_float(piper_part.pcm)
    trimmed = trim_silence(speech, rate, guard_ms=40)
    edge = rate * 40 // 1000
    peak = np.abs(speech).max()
    # The first and last 40 ms are near silence: nothing audible was cut off.
    assert np.abs(trimmed[: edge // 2]).max() < peak * 0.03
    assert np.abs(trimmed[-edge // 2 :]).max() < peak * 0.03
    # The energy of the part is all still there.
    assert np.sum(trimmed**2) > 0.999 * np.sum(speech**2)


@pytest.fixture(scope="module")
def jingle(tmp_path_factory):
    path = tmp_path_factory.mktemp("music") / "jingle.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=523:duration=3", "-ac", "2", "-y", str(path)])
    return path


@pytest.fixture(scope="module")
def with_music(tmp_path_factory, jingle):
    folder = tmp_path_factory.mktemp("music-episode")
    article = folder / "bell.txt"
    article.write_text("The bell\n\nThe old bell rang again today.")
    return convert(article, ConvertOptions(out_dir=folder / "out", intro=jingle, outro=jingle))


@pytest.mark.slow
def test_intro_and_outro_fade_in_and_out_around_the_speech(with_music):
    rate = 44100
    samples = decode(with_music.path, rate)

    def rms(start: float, end: float) -> float:
        chunk = samples[int(start * rate) : int(end * rate)]
        return float(np.sqrt(np.mean(chunk**2)))

    first = with_music.cues[0]
    assert first.start > 3.0  # the whole 3 s intro plays before the title
    intro_start = 0.3  # Pauses.lead
    assert rms(intro_start, intro_start + 0.05) < 0.3 * rms(intro_start + 1.0, intro_start + 1.5)  # fades in
    assert rms(intro_start + 2.9, intro_start + 3.0) < 0.3 * rms(intro_start + 1.0, intro_start + 1.5)  # and out
    last = with_music.cues[-1]
    assert with_music.duration - last.end > 3.0  # the outro follows the last word
    assert rms(last.end + 1.5, last.end + 2.5) > 0.01
    integrated, true_peak = loudness(with_music.path)
    assert -20.0 <= integrated <= -18.0 and true_peak <= -1.0


@pytest.mark.slow
def test_intro_longer_than_the_cap_is_refused_in_one_line(piper_part, tmp_path):
    """Intro and outro music is held in memory whole, so its length is capped."""
    long_intro = tmp_path / "long.wav"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", str(MAX_MUSIC_SECONDS + 5), "-y", str(long_intro)]
    )
    voiced = [
        VoicedSegment(Segment(NARRATION, "Fresh fish sold out before seven."), Voice("narrator", "piper"), piper_part)
    ]
    with pytest.raises(AudioError, match=r"long\.wav: intro/outro music is longer than 10 minutes") as error:
        mix(voiced, tmp_path / "out.mp3", intro=long_intro)
    assert "\n" not in str(error.value)


def test_an_output_path_with_tee_special_characters_still_mixes(piper_part, tmp_path, monkeypatch):
    """The encoder names its file inside ffmpeg's tee muxer syntax, where | [ ] : ' and \\ mean something
    (and "name:" reads as a protocol); the temp folder gets odd characters too."""
    import tempfile

    odd_temp = tmp_path / "te|mp [a]:b'c\\d"
    odd_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(odd_temp))
    monkeypatch.chdir(tmp_path)
    out = Path("file:[odd] o|u:t's\\") / "out.mp3"  # relative, and read as a protocol unless made absolute
    out.parent.mkdir()
    voiced = [
        VoicedSegment(Segment(NARRATION, "Fresh fish sold out before seven."), Voice("narrator", "piper"), piper_part)
    ]
    result = mix(voiced, out)
    head = out.read_bytes()[:400]
    assert b"Info" in head  # the LAME/Xing header, written into the seekable file
    flags, frames = struct.unpack(">II", head[head.index(b"Info") + 4 :][:8])
    assert flags & 1 and abs(frames * 1152 / 44100 - result.duration) < 0.2  # with its frame count filled in
    assert -20.0 <= result.loudness <= -18.0 and result.true_peak <= -1.0
    assert list(odd_temp.iterdir()) == [] and list(out.parent.iterdir()) == [out]  # nothing left behind
