"""The loudness passes of a mix: the joined parts stream through a compressor (optional) and an
EBU R128 meter into a float32 file, so their loudness is known when the last part is in; then one
pass gains that file to the target loudness, limits its true peaks and encodes the MP3 while a
second ffmpeg decodes the MP3 as it is written and measures it (encoding again, with a corrected
gain, only when it missed).
"""

from __future__ import annotations

import logging
import re
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.audio.ffmpeg import Background
from narrate.errors import AudioError

if TYPE_CHECKING:
    from narrate.audio.mixer import MixSettings

log = logging.getLogger("narrate.audio.mixer")  # the logger README names for the encoding passes

# The limiter runs at 2x the output rate. Voices are synthesised at 22.05 kHz, so nothing in the
# episode lies above 11 kHz: at 88.2 kHz that is 8 samples a cycle, and the limiter sees the
# inter-sample (true) peaks. (4x cost 1.3 s more per 20 minutes and peaked the same: -1.4 dBTP.)
LIMITER_OVERSAMPLING = 2
# Of a gain raised before the limiter, about this fraction comes out as loudness (the rest is limited away).
LIMITER_PASS_THROUGH = 0.7


@contextmanager
def compress_and_measure(rate: int, compressed: Path, compressor: str | None):
    """A background ffmpeg writing the PCM written to it into `compressed` (float32, so the gain
    applied later adds no rounding noise), through the compressor if there is one, and measuring its
    loudness on the way (ebur128 passes the audio through unchanged)."""
    chain = ",".join(f for f in (compressor, meter(true_peak=False)) if f)
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


def encode_to_loudness(
    compressed: Path, rate: int, measured: float, mp3: Path, settings: MixSettings
) -> tuple[float, float]:
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
    compressed: Path, rate: int, mp3: Path, settings: MixSettings, gain: float, ceiling: float, trim: float
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
        ["-f", "mp3", "-i", "pipe:0", "-af", meter(true_peak=True), "-f", "null", "-"],
        what=f"loudness check of {mp3.name}",
        stdin=encoder.process.stdout,
    )
    assert encoder.process.stdout is not None  # opened with stdout=PIPE
    encoder.process.stdout.close()  # the checker holds the pipe now: it sees the end when the encoder exits
    try:
        encoder.finish()
        return parse_loudness(checker.finish(), checker.what, true_peak=True)
    finally:
        encoder.stop()
        checker.stop()


def _tee_escape(path: Path) -> str:
    """A path as one slave of ffmpeg's tee muxer, where | [ ] \\ ' and : have meanings. Absolute, so
    a relative name like "file:x" is never read as a protocol."""
    return re.sub(r"([|\[\]\\':])", r"\\\1", str(path.absolute()))


def meter(true_peak: bool) -> str:
    """ffmpeg's EBU R128 meter. framelog=verbose keeps its ten-lines-a-second log out of the output.
    The true peak needs 4x oversampling, the costliest part of a measurement: skip it when unused."""
    return f"ebur128=peak={'true' if true_peak else 'none'}:framelog=verbose"


def parse_loudness(log_text: str, what: str, true_peak: bool) -> tuple[float, float]:
    summary = log_text[log_text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or (true_peak and not peak):
        raise AudioError(f"{what}: ffmpeg printed no loudness summary")
    return float(integrated.group(1)), float(peak.group(1)) if peak else float("-inf")
