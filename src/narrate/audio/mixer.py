"""Join voiced segments with pauses, level them, and encode one loudness-normalised MP3.

pydub assembles: each part becomes an AudioSegment that is trimmed to its speech, levelled and
written after an AudioSegment.silent pause; intro and outro music is levelled and faded with it.
Parts stream, as they are voiced, into a background ffmpeg that compresses them, measures the
compressed loudness and writes the compressed audio to a file on disk: memory stays bounded
however long the episode, and when the last part is voiced the gain is already known. One pass
then encodes with that gain and a true-peak-aware limiter while a second ffmpeg decodes the MP3
as it is written and measures it (re-encoding with a corrected gain only when it missed): those
loudness passes are in loudness.py.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from narrate.audio.ffmpeg import Background, configure_pydub, run_ffmpeg
from narrate.audio.loudness import compress_and_measure, encode_to_loudness, parse_loudness
from narrate.dsp import resample_pcm, speech_span, to_float
from narrate.errors import AudioError
from narrate.models import Cue, Segment, VoicedSegment

log = logging.getLogger(__name__)
SENTENCE_END = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$")
# Podcast loudness (AES TD1004): -16 LUFS for stereo, -19 LUFS for mono, which plays on both speakers
# and so sounds about 3 LU louder at the same measured loudness.
STEREO_LOUDNESS = -16.0
MONO_OFFSET_LU = 3.0
# The chain before the loudness gain until 2026-11: a fast peak compressor that lifted the noise floor
# between words (DNSMOS P.808 about 0.3 lower than plain loudness normalisation); kept for comparison.
FAST_COMPRESSOR = "acompressor=threshold=-30dB:ratio=4:attack=1:release=50:knee=4:detection=peak"
MAX_MUSIC_SECONDS = 600  # intro/outro music is held in memory whole


@dataclass(frozen=True)
class MixSettings:
    bitrate: str = "64k"  # constant bit rate
    sample_rate: int = 44100
    loudness: float = STEREO_LOUDNESS - MONO_OFFSET_LU  # integrated LUFS of the (mono) MP3: -19
    true_peak: float = -1.0  # dBTP ceiling measured on the finished MP3
    edge_silence_ms: int = 40  # quiet audio kept at each end of a synthesized part's speech
    level_dbfs: float = -20.0  # every part is levelled to this RMS before the joint normalisation
    fade_in_ms: int = 500  # intro and outro music
    fade_out_ms: int = 1500
    loudness_tolerance: float = 0.5  # LU; a miss by more is corrected with one more encode
    peak_margin: float = 0.1  # dB under true_peak: ebur128 prints one decimal, so -1.1 is surely <= -1
    # An ffmpeg filter run before the loudness is measured, or None: at -19 LUFS speech's own crest
    # factor mostly fits under the ceiling, so it is only gained, and limited where a peak would pass.
    compressor: str | None = None


def mono_loudness(norm: float) -> float:
    """The integrated loudness of a mono episode for a podcast loudness norm stated for stereo (-16 -> -19)."""
    return norm - MONO_OFFSET_LU


@dataclass(frozen=True)
class Pauses:
    """Silence, in milliseconds, inserted between two consecutive parts."""

    within_sentence: int = 200  # a sentence split into narration and quote
    voice_change: int = 350
    sentence: int = 450
    paragraph: int = 800
    before_section: int = 1400
    after_section: int = 900  # after a heading is read
    after_title: int = 1500
    around_music: int = 700  # between an intro or outro and speech
    lead: int = 300  # silence at the very start
    tail: int = 800  # silence at the very end

    def between(self, previous: Segment | None, current: Segment) -> int:
        if previous is None:
            return 0
        if previous.role == "title":
            return self.after_title
        if current.role == "heading" or current.after_break:
            return self.before_section
        if previous.role == "heading":
            return self.after_section
        if current.paragraph != previous.paragraph:
            return self.paragraph
        gap = self.sentence if SENTENCE_END.search(previous.text.rstrip()) else self.within_sentence
        if current.kind != previous.kind or current.speaker != previous.speaker:
            gap = max(gap, self.voice_change)
        return gap


@dataclass(frozen=True)
class MixResult:
    duration: float  # seconds of the mixed (and decoded) audio
    cues: tuple[Cue, ...]  # where each segment's speech sits, on the same timeline as the MP3
    segments: tuple[Segment, ...]  # the segment of each cue
    loudness: float  # integrated LUFS of the finished MP3
    true_peak: float  # dBTP of the finished MP3


def mix(
    voiced: Iterable[VoicedSegment],
    out_path: Path,
    settings: MixSettings = MixSettings(),
    pauses: Pauses = Pauses(),
    intro: Path | None = None,
    outro: Path | None = None,
) -> MixResult:
    """Write the finished MP3 to out_path (which should be a temporary name) and return its timeline."""
    with tempfile.TemporaryDirectory(prefix="narrate-mix-") as tmp:
        compressed = Path(tmp) / "compressed.f32"
        rate, cues, segments, measured = _join(voiced, compressed, settings, pauses, intro, outro)
        duration = os.path.getsize(compressed) / 4 / rate
        loudness, peak = encode_to_loudness(compressed, rate, measured, out_path, settings)
    return MixResult(duration, tuple(cues), tuple(segments), loudness, peak)


class _Sink:
    """Mono 16-bit pydub segments streamed, as raw PCM, to the compressor; keeps count of where we are."""

    def __init__(self, compressor: Background, rate: int):
        self.compressor, self.rate, self.samples = compressor, rate, 0

    @property
    def seconds(self) -> float:
        return self.samples / self.rate

    def write(self, segment) -> None:
        data = segment.raw_data
        self.compressor.write(data)
        self.samples += len(data) // 2

    def silence(self, ms: int) -> None:
        from pydub import AudioSegment

        self.write(AudioSegment.silent(duration=ms, frame_rate=self.rate))


def _join(
    voiced: Iterable[VoicedSegment],
    compressed: Path,
    settings: MixSettings,
    pauses: Pauses,
    intro: Path | None,
    outro: Path | None,
) -> tuple[int, list[Cue], list[Segment], float]:
    """Write the episode, compressed, to `compressed` (float32 samples); return its sample rate,
    the cues, and its compressed loudness (LUFS)."""
    parts = iter(voiced)
    first = next(parts, None)
    if first is None:
        raise AudioError("nothing to mix: no segment produced audio")
    configure_pydub()
    rate = first.audio.sample_rate
    cues: list[Cue] = []
    segments: list[Segment] = []
    previous: Segment | None = None
    with compress_and_measure(rate, compressed, settings.compressor) as compressor:
        sink = _Sink(compressor, rate)
        edge = settings.edge_silence_ms / 1000
        sink.silence(pauses.lead)
        if intro:
            sink.write(_music(intro, rate, settings))
            sink.silence(pauses.around_music)
        for part in chain([first], parts):
            speech = _speech(part, rate, settings)
            sink.silence(pauses.between(previous, part.segment))
            start = sink.seconds
            sink.write(speech)
            del speech  # each part's audio is released once it is on disk: memory stays bounded
            # The cue spans the speech itself, without the quiet edges kept around it.
            cues.append(
                Cue(
                    min(start + edge, sink.seconds),
                    max(start, sink.seconds - edge),
                    part.segment.text,
                    part.segment.speaker,
                )
            )
            segments.append(part.segment)
            previous = part.segment
        if outro:
            sink.silence(pauses.around_music)
            sink.write(_music(outro, rate, settings))
        sink.silence(pauses.tail)
        measured, _ = parse_loudness(compressor.finish(), compressor.what, true_peak=False)
    log.debug("joined: %.1f LUFS before the loudness gain", measured)
    return rate, cues, segments, measured


def _speech(part: VoicedSegment, rate: int, settings: MixSettings):
    """The part as a pydub segment at the episode's rate, trimmed to its speech and levelled."""
    from pydub import AudioSegment

    pcm = part.audio.pcm
    if part.audio.sample_rate != rate:
        pcm = resample_pcm(pcm, part.audio.sample_rate, rate)
    segment = AudioSegment(data=pcm, sample_width=2, frame_rate=rate, channels=1)
    return level(trim_to_speech(segment, guard_ms=settings.edge_silence_ms), settings.level_dbfs)


def trim_to_speech(
    segment, guard_ms: int = 40, window_ms: int = 5, below_peak_db: float = 45.0, floor_db: float = -60.0
):
    """Cut a pydub segment's leading and trailing silence: everything outside the first and last
    window whose RMS is within below_peak_db of the part's loudest window. Exactly guard_ms stays on
    each side (padded with silence where the part had less), so soft word onsets (f, h, s) and
    decaying endings are kept whole and every part's edges are the same length.
    """
    from pydub import AudioSegment

    edge = AudioSegment.silent(duration=guard_ms, frame_rate=segment.frame_rate)
    padded = edge + segment + edge
    span = speech_span(
        to_float(padded.raw_data),
        int(edge.frame_count()),
        padded.frame_rate * window_ms // 1000,
        below_peak_db,
        floor_db,
    )
    return padded if span is None else padded.get_sample_slice(*span)


def level(segment, target_dbfs: float, peak_ceiling: float = -1.0):
    """Gain a pydub segment to target_dbfs RMS, or less where its peak would pass peak_ceiling dBFS."""
    if segment.rms == 0:
        return segment
    return segment.apply_gain(min(target_dbfs - segment.dBFS, peak_ceiling - segment.max_dBFS))


def _music(path: Path, rate: int, settings: MixSettings):
    """An intro or outro file as a pydub segment, levelled like the speech and faded in and out.

    ffmpeg decodes it (pydub's from_file would need ffprobe for some formats); the music is held in
    memory whole (a minute is 2.6 MB at 22.05 kHz), so it is capped at MAX_MUSIC_SECONDS.
    """
    from pydub import AudioSegment

    pcm = run_ffmpeg(
        [
            "-i",
            str(path),
            "-map",
            "0:a:0",
            "-t",
            str(MAX_MUSIC_SECONDS + 1),
            "-ac",
            "1",
            "-ar",
            str(rate),
            "-f",
            "s16le",
            "pipe:1",
        ],
        what=f"intro/outro {path}",
    ).stdout
    if len(pcm) < 2:
        raise AudioError(f"{path}: the audio file has no samples")
    music = AudioSegment(data=pcm[: len(pcm) // 2 * 2], sample_width=2, frame_rate=rate, channels=1)
    del pcm
    if music.duration_seconds > MAX_MUSIC_SECONDS:
        raise AudioError(f"{path}: intro/outro music is longer than {MAX_MUSIC_SECONDS // 60} minutes")
    music = level(music, settings.level_dbfs)
    half = len(music) // 2  # a short clip fades over half its length each way, as before
    fade_in, fade_out = min(settings.fade_in_ms, half), min(settings.fade_out_ms, half)
    if fade_in > 0:  # pydub divides by the fade's length
        music = music.fade_in(fade_in)
    if fade_out > 0:
        music = music.fade_out(fade_out)
    return music


def check_audio(path: Path, what: str) -> None:
    """Raise AudioError (one line) unless path is a file ffmpeg can decode audio from."""
    if not path.is_file():
        raise AudioError(f"{what} {path}: no such file")
    try:
        run_ffmpeg(["-v", "error", "-i", str(path), "-map", "0:a:0", "-t", "1", "-f", "null", "-"], what=what)
    except AudioError:
        raise AudioError(f"{what} {path}: not an audio file ffmpeg can read") from None
