"""Measurements of real audio used by the tests: decoding, duration, pitch, loudness."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from narrate.audio.ffmpeg import decode_file_to_pcm, run_ffmpeg

RATE = 16000


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """Decode with the real ffmpeg to float samples in [-1, 1]."""
    return np.frombuffer(decode_file_to_pcm(path, rate), dtype="<i2").astype(np.float32) / 32768


def pcm_to_float(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768


def median_pitch(samples: np.ndarray, rate: int) -> float:
    """Median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation."""
    frame = int(0.04 * rate)
    lo, hi = int(rate / 400), int(rate / 60)  # 60..400 Hz
    pitches = []
    for start in range(0, len(samples) - frame, frame // 2):
        x = samples[start : start + frame] - samples[start : start + frame].mean()
        energy = float(np.dot(x, x))
        if energy < 1e-3 * frame * 0.01:
            continue
        ac = np.correlate(x, x, mode="full")[frame - 1 :]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] > 0.5:  # clearly periodic: voiced speech
            pitches.append(rate / lag)
    return float(np.median(pitches)) if pitches else 0.0


def spectral_centroid(samples: np.ndarray, rate: int) -> float:
    """Power-weighted mean frequency (Hz): moves down when a voice's formants move down."""
    power = np.abs(np.fft.rfft(samples)) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float((power * freqs).sum() / power.sum())


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) measured by ffmpeg's ebur128 filter."""
    err = run_ffmpeg(["-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"]).stderr.decode()
    summary = err[err.rfind("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.inf]+) dBFS", summary).group(1))
    return integrated, peak


def word_errors(reference: list[str], heard: list[str]) -> int:
    """Word-level edit distance: substitutions, insertions and deletions that turn one into the other."""
    previous = list(range(len(heard) + 1))
    for i, word in enumerate(reference, 1):
        current = [i]
        for j, other in enumerate(heard, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]
