"""Join voiced segments with pauses, level them, and encode one loudness-normalised MP3.

Parts stream into a raw PCM file on disk, so memory stays bounded and joining costs one pass,
however long the episode. ffmpeg then measures loudness and encodes in two passes (loudnorm).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import AudioError
from .ffmpeg import configure_pydub, run_ffmpeg
from .models import Cue, Segment, VoicedSegment


@dataclass(frozen=True)
class AudioSettings:
    bitrate: str = "64k"
    sample_rate: int = 44100
    loudness: float = -16.0  # integrated LUFS, the podcast norm
    true_peak: float = -2.0  # dBTP target; leaves headroom for the MP3 encoder's overshoot
    edge_silence_ms: int = 40  # silence kept at each end of a synthesized part
    level_dbfs: float = -20.0  # every part is levelled to this RMS before the joint normalisation


@dataclass(frozen=True)
class Pauses:
    """Silence, in milliseconds, inserted between two consecutive segments."""

    within_sentence: int = 250
    voice_change: int = 400
    paragraph: int = 750
    section: int = 1300
    after_title: int = 1500

    def between(self, previous: Segment | None, current: Segment) -> int:
        if previous is None:
            return 0
        if previous.role == "title":
            return self.after_title
        if current.role == "heading" or previous.role == "heading":
            return self.section
        if current.paragraph != previous.paragraph:
            return self.paragraph
        if current.kind != previous.kind or current.speaker != previous.speaker:
            return self.voice_change
        return self.within_sentence


@dataclass(frozen=True)
class MixResult:
    duration: float
    cues: tuple[Cue, ...]


def mix(voiced: Iterable[VoicedSegment], out_path: Path, settings: AudioSettings = AudioSettings(),
        pauses: Pauses = Pauses()) -> MixResult:
    """Write the finished MP3 to out_path (which should be a temporary name) and return its timeline."""
    with tempfile.TemporaryDirectory(prefix="narrate-mix-") as tmp:
        raw = Path(tmp) / "episode.pcm"
        rate, cues = _join(voiced, raw, settings, pauses)
        if not cues:
            raise AudioError("nothing to mix: no segment produced audio")
        _encode(raw, rate, out_path, settings)
        duration = os.path.getsize(raw) / 2 / rate
    return MixResult(duration=duration, cues=tuple(cues))


def _join(voiced: Iterable[VoicedSegment], raw: Path, settings: AudioSettings,
          pauses: Pauses) -> tuple[int, list[Cue]]:
    configure_pydub()
    from pydub import AudioSegment

    cues: list[Cue] = []
    rate: int | None = None
    written = 0  # samples
    previous: Segment | None = None
    with open(raw, "wb") as sink:
        for part in voiced:
            sound = AudioSegment(data=part.audio.pcm, sample_width=2, frame_rate=part.audio.sample_rate, channels=1)
            rate = rate or part.audio.sample_rate
            if sound.frame_rate != rate:
                sound = sound.set_frame_rate(rate)
            sound = _level(_trim(sound, settings.edge_silence_ms), settings.level_dbfs)
            gap = AudioSegment.silent(duration=pauses.between(previous, part.segment), frame_rate=rate)
            sink.write(gap.raw_data)
            written += len(gap.raw_data) // 2
            start = written / rate
            sink.write(sound.raw_data)
            written += len(sound.raw_data) // 2
            cues.append(Cue(start, written / rate, part.segment.text, part.segment.speaker))
            previous = part.segment
        tail = AudioSegment.silent(duration=pauses.paragraph, frame_rate=rate or 22050)
        sink.write(tail.raw_data)
    return rate or 22050, cues


def _trim(sound, keep_ms: int, threshold_dbfs: float = -50.0):
    from pydub.silence import detect_leading_silence

    start = detect_leading_silence(sound, silence_threshold=threshold_dbfs, chunk_size=5)
    end = len(sound) - detect_leading_silence(sound.reverse(), silence_threshold=threshold_dbfs, chunk_size=5)
    if end <= start:
        return sound
    from pydub import AudioSegment

    pad = AudioSegment.silent(duration=keep_ms, frame_rate=sound.frame_rate)
    return pad + sound[start:end] + pad


def _level(sound, target_dbfs: float, peak_ceiling: float = -1.0):
    if sound.rms == 0:
        return sound
    gain = min(target_dbfs - sound.dBFS, peak_ceiling - sound.max_dBFS)
    return sound.apply_gain(gain)


def _encode(raw: Path, rate: int, out_path: Path, settings: AudioSettings) -> None:
    source = ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", str(raw)]
    target = f"I={settings.loudness}:TP={settings.true_peak}:LRA=11"
    probe = run_ffmpeg([*source, "-af", f"loudnorm={target}:print_format=json", "-f", "null", "-"],
                       what="loudness measurement")
    measured = _last_json(probe.stderr.decode("utf-8", "replace"))
    second = (f"loudnorm={target}:measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
              f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
              f":offset={measured['target_offset']}:linear=true")
    run_ffmpeg([*source, "-af", second, "-ar", str(settings.sample_rate), "-ac", "1",
                "-c:a", "libmp3lame", "-b:a", settings.bitrate, "-write_xing", "1", "-id3v2_version", "0",
                "-f", "mp3", "-y", str(out_path)], what=f"MP3 encoding of {out_path.name}")


def _last_json(text: str) -> dict:
    start = text.rfind("{")
    end = text.rfind("}")
    if start < 0 or end < start:
        raise AudioError("loudness measurement: ffmpeg printed no result")
    return json.loads(text[start:end + 1])
