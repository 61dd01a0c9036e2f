"""WebVTT transcript and Podcasting 2.0 chapters beside a real episode, checked against its audio."""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest

from audio_checks import decode
from narrate.audio.ffmpeg import run_ffmpeg
from narrate.episode.render import ConvertOptions, render_script
from narrate.episode.sidecars import chapters_for, timestamp, webvtt
from narrate.models import NARRATION, QUOTE, ArticleMeta, Cue, Script, Segment

SCRIPT = Script(
    meta=ArticleMeta(title="Night market opens", author="Lena Ortiz"),
    segments=(
        Segment(NARRATION, "The night market opened on the pier at dusk.", paragraph=0),
        Segment(QUOTE, "We sold out of bread by nine,", speaker="Ada Quinn", paragraph=1),
        Segment(NARRATION, "said one baker.", paragraph=1),
        Segment(NARRATION, "Next week", paragraph=2, role="heading"),
        Segment(NARRATION, "It returns on Friday <with> music & lights.", paragraph=3),
    ),
)
CUE_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    folder = tmp_path_factory.mktemp("transcript")
    intro = folder / "intro.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=2", "-y", str(intro)])
    return render_script(
        SCRIPT, folder / "out" / "night-market-opens.mp3", ConvertOptions(out_dir=folder / "out", intro=intro)
    )


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """A strict little WebVTT reader: header, then blocks of id, timing line, payload."""
    blocks = text.strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for block in blocks[1:]:
        ident, timing, *payload = block.split("\n")
        assert ident.isdigit()
        match = CUE_LINE.match(timing)
        assert match, timing
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, match.groups())
        cues.append((h1 * 3600 + m1 * 60 + s1 + ms1 / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000, "\n".join(payload)))
    return cues


@pytest.mark.slow
def test_sidecars_share_the_slug(episode):
    assert episode.transcript == episode.path.with_name("night-market-opens.vtt")
    assert episode.chapters_file == episode.path.with_name("night-market-opens.chapters.json")
    assert episode.transcript.is_file() and episode.chapters_file.is_file()
    assert not list(episode.path.parent.glob(".*part"))


def test_vtt_parses_and_ends_within_the_audio(episode):
    cues = parse_vtt(episode.transcript.read_text(encoding="utf-8"))
    assert len(cues) == len(SCRIPT.segments) + 1  # the title line is read too
    starts = [c[0] for c in cues]
    assert starts == sorted(starts)
    assert all(end > start for start, end, _ in cues)
    decoded = len(decode(episode.path, 44100)) / 44100
    assert cues[-1][1] <= decoded


def test_vtt_names_the_voices_and_escapes_the_text(episode):
    payloads = [c[2] for c in parse_vtt(episode.transcript.read_text(encoding="utf-8"))]
    assert payloads[0] == "<v Narrator>Night market opens. By Lena Ortiz.</v>"
    assert payloads[2] == "<v Ada Quinn>We sold out of bread by nine,</v>"
    assert payloads[-1] == "<v Narrator>It returns on Friday &lt;with&gt; music &amp; lights.</v>"


def test_vtt_cues_start_where_the_speech_starts_in_the_mp3(episode):
    """Onsets found in the decoded MP3 (after the encoder delay is skipped) match the cues within 50 ms."""
    rate = 44100
    samples = decode(episode.path, rate)
    window = rate // 200
    frames = samples[: len(samples) // window * window].reshape(-1, window)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    threshold = level.max() - 45
    cues = parse_vtt(episode.transcript.read_text(encoding="utf-8"))
    for (_, previous_end, _), (start, _, _) in itertools.pairwise(cues):
        search_from = int((previous_end + start) / 2 * 200)
        onset = (search_from + int(np.argmax(level[search_from:] > threshold))) / 200
        assert abs(onset - start) < 0.05


def test_title_cue_follows_the_intro(episode):
    assert episode.cues[0].start > 2.0


def test_json_chapters(episode):
    document = json.loads(episode.chapters_file.read_text(encoding="utf-8"))
    assert document["version"] == "1.2.0"
    chapters = document["chapters"]
    assert [c["title"] for c in chapters] == ["Night market opens", "Next week"]
    assert chapters[0]["startTime"] == 0
    heading = next(c for c in episode.cues if c.text == "Next week")
    assert chapters[1]["startTime"] == pytest.approx(heading.start, abs=0.001)
    assert [c["startTime"] for c in chapters] == pytest.approx([c.start for c in episode.chapters], abs=0.001)


def test_timestamps_format():
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(3723.4567) == "01:02:03.457"


def test_articles_without_headings_get_title_then_body_chapters():
    segments = [
        Segment(NARRATION, "Rain. By Sam.", paragraph=-1, role="title"),
        Segment(NARRATION, "It rained all day on the island and nobody minded.", paragraph=0),
    ]
    cues = [Cue(0.3, 1.5, segments[0].text), Cue(3.0, 6.0, segments[1].text)]
    chapters = chapters_for(cues, segments, 7.0, "Rain")
    assert [(c.start, c.end) for c in chapters] == [(0.0, 3.0), (3.0, 7.0)]
    assert chapters[0].title == "Rain"
    assert chapters[1].title == "It rained all day on the…"


def test_unnamed_quotes_still_get_a_voice_span():
    text = webvtt([Cue(0, 1, "Go now.")], [Segment(QUOTE, "Go now.")])
    assert "<v Speaker>Go now.</v>" in text
