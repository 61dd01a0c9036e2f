"""Join voiced segments with pauses, level them, and encode one loudness-normalised MP3.

pydub assembles: each part becomes an AudioSegment that is trimmed to its speech, levelled and
written after an AudioSegment.silent pause; intro and outro music is levelled and faded with it.
Parts stream, as they are voiced, into a background ffmpeg that compresses them, measures the
compressed loudness and writes the compressed audio to a file on disk: memory stays bounded
however long the episode, and when the last part is voiced the gain is already known. One pass
then encodes with that gain and a true-peak-aware limiter while a second ffmpeg decodes the MP3
as it is written and measures it (re-encoding with a corrected gain only when it missed).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from narrate.audio.ffmpeg import Background, configure_pydub, run_ffmpeg
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
# The limiter runs at 2x the output rate. Voices are synthesised at 22.05 kHz, so nothing in the
# episode lies above 11 kHz: at 88.2 kHz that is 8 samples a cycle, and the limiter sees the
# inter-sample (true) peaks. (4x cost 1.3 s more per 20 minutes and peaked the same: -1.4 dBTP.)
LIMITER_OVERSAMPLING = 2
# Of a gain raised before the limiter, about this fraction comes out as loudness (the rest is limited away).
LIMITER_PASS_THROUGH = 0.7
MAX_MUSIC_SECONDS = 600  # intro/outro music is held in memory whole


@dataclass(frozen=True)
class AudioSettings:
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
    settings: AudioSettings = AudioSettings(),
    pauses: Pauses = Pauses(),
    intro: Path | None = None,
    outro: Path | None = None,
) -> MixResult:
    """Write the finished MP3 to out_path (which should be a temporary name) and return its timeline."""
    with tempfile.TemporaryDirectory(prefix="narrate-mix-") as tmp:
        compressed = Path(tmp) / "compressed.f32"
        rate, cues, segments, measured = _join(voiced, compressed, settings, pauses, intro, outro)
        duration = os.path.getsize(compressed) / 4 / rate
        loudness, peak = _encode(compressed, rate, measured, out_path, settings)
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
    settings: AudioSettings,
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
    with _compressor(rate, compressed, settings.compressor) as compressor:
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
        measured, _ = _parse_loudness(compressor.finish(), compressor.what, true_peak=False)
    log.debug("joined: %.1f LUFS before the loudness gain", measured)
    return rate, cues, segments, measured


@contextmanager
def _compressor(rate: int, compressed: Path, compressor: str | None):
    """A background ffmpeg writing the PCM written to it into `compressed` (float32, so the gain
    applied later adds no rounding noise), through the compressor if there is one, and measuring its
    loudness on the way (ebur128 passes the audio through unchanged)."""
    chain = ",".join(f for f in (compressor, _meter(true_peak=False)) if f)
    process = Background(
        [
            "-f",
            "s16le",
            "-ar",
            str(rate),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            "-af",
            chain,
            "-c:a",
            "pcm_f32le",
            "-f",
            "f32le",
            "-y",
            str(compressed),
        ],
        what="compression and loudness measurement",
        stdin=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        process.stop()


def _speech(part: VoicedSegment, rate: int, settings: AudioSettings):
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


def _music(path: Path, rate: int, settings: AudioSettings):
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


def _encode(compressed: Path, rate: int, measured: float, mp3: Path, settings: AudioSettings) -> tuple[float, float]:
    """Encode the compressed float32 audio to mp3 at the target loudness (measured: its loudness);
    return the MP3's own (LUFS, dBTP)."""
    gain = settings.loudness - measured + 0.5  # the limiter usually takes about half a dB
    # At 64 kbit/s the encoder adds up to ~1 dB to the limited peaks (more, rarely, in long episodes).
    ceiling = settings.true_peak - 1.5
    trim = 0.0  # gain after the limiter, in dB: scales the encoder's overshoot too
    attempts = 4
    for attempt in range(1, attempts + 1):
        loudness, peak = _encode_once(compressed, rate, mp3, settings, gain, ceiling, trim)
        log.debug(
            "encode %d: gain %.2f dB, ceiling %.2f dBFS, trim %.2f dB -> %.1f LUFS, %.1f dBTP",
            attempt,
            gain,
            ceiling,
            trim,
            loudness,
            peak,
        )
        last = attempt == attempts  # then the norm's own tolerances are enough
        tolerance = 1.0 if last else settings.loudness_tolerance
        peak_limit = settings.true_peak if last else settings.true_peak - settings.peak_margin
        if abs(loudness - settings.loudness) <= tolerance and peak <= peak_limit:
            return loudness, peak
        excess = max(0.0, peak - (settings.true_peak - settings.peak_margin))
        # The limiter holds the samples; what is left over is the encoder's overshoot, which a lower
        # ceiling hardly moves. Scaling the limited signal down moves it one for one, and the
        # loudness with it: the gain before the limiter makes up for that at its pass-through rate.
        trim_change = -(excess + 0.1) if excess else 0.0
        gain += (settings.loudness - loudness - trim_change) / (LIMITER_PASS_THROUGH if excess else 1.0)
        trim += trim_change
    raise AudioError(
        f"{mp3.name}: could not reach {settings.loudness} LUFS with true peak "
        f"<= {settings.true_peak} dBTP (got {loudness:.1f} LUFS, {peak:.1f} dBTP)"
    )


def _encode_once(
    compressed: Path, rate: int, mp3: Path, settings: AudioSettings, gain: float, ceiling: float, trim: float
) -> tuple[float, float]:
    """One encoding pass. ffmpeg's tee muxer writes the MP3 both to the file (seekable, so its Info
    header gets the frame count) and to a pipe, where a second ffmpeg decodes and measures it at the
    same time: the check costs no extra pass."""
    limiter = (
        f"aresample={settings.sample_rate * LIMITER_OVERSAMPLING},"
        f"alimiter=limit={10 ** (ceiling / 20):.4f}:attack=3:release=50:level=false:latency=true,"
        f"aresample={settings.sample_rate},volume={trim:.2f}dB"
    )
    encoder = Background(
        [
            "-f",
            "f32le",
            "-ar",
            str(rate),
            "-ac",
            "1",
            "-i",
            str(compressed),
            "-af",
            f"volume={gain:.2f}dB,{limiter}",
            "-map",
            "0:a",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-b:a",
            settings.bitrate,
            "-f",
            "tee",
            f"[f=mp3:write_xing=1:id3v2_version=0]{_tee_escape(mp3)}|[f=mp3:id3v2_version=0]pipe:1",
        ],
        what=f"MP3 encoding of {mp3.name}",
        stdout=subprocess.PIPE,
    )
    checker = Background(
        ["-f", "mp3", "-i", "pipe:0", "-af", _meter(true_peak=True), "-f", "null", "-"],
        what=f"loudness check of {mp3.name}",
        stdin=encoder.process.stdout,
    )
    assert encoder.process.stdout is not None  # opened with stdout=PIPE
    encoder.process.stdout.close()  # the checker holds the pipe now: it sees the end when the encoder exits
    try:
        encoder.finish()
        return _parse_loudness(checker.finish(), checker.what, true_peak=True)
    finally:
        encoder.stop()
        checker.stop()


def _tee_escape(path: Path) -> str:
    """A path as one slave of ffmpeg's tee muxer, where | [ ] \\ ' and : have meanings. Absolute, so
    a relative name like "file:x" is never read as a protocol."""
    return re.sub(r"([|\[\]\\':])", r"\\\1", str(path.absolute()))


def _meter(true_peak: bool) -> str:
    """ffmpeg's EBU R128 meter. framelog=verbose keeps its ten-lines-a-second log out of the output.
    The true peak needs 4x oversampling, the costliest part of a measurement: skip it when unused."""
    return f"ebur128=peak={'true' if true_peak else 'none'}:framelog=verbose"


def _parse_loudness(log_text: str, what: str, true_peak: bool) -> tuple[float, float]:
    summary = log_text[log_text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or (true_peak and not peak):
        raise AudioError(f"{what}: ffmpeg printed no loudness summary")
    return float(integrated.group(1)), float(peak.group(1)) if peak else float("-inf")


def check_audio(path: Path, what: str) -> None:
    """Raise AudioError (one line) unless path is a file ffmpeg can decode audio from."""
    if not path.is_file():
        raise AudioError(f"{what} {path}: no such file")
    try:
        run_ffmpeg(["-v", "error", "-i", str(path), "-map", "0:a:0", "-t", "1", "-f", "null", "-"], what=what)
    except AudioError:
        raise AudioError(f"{what} {path}: not an audio file ffmpeg can read") from None
