"""Sample arithmetic shared by the engines, the voicing stage and the mixer, written once.

PCM is mono 16-bit little-endian; float samples are float32 in [-1, 1). numpy is imported
inside each function so that importing this module stays free.
"""

from __future__ import annotations

FULL_SCALE = 32768  # int16 full scale: float = int / 32768, so -32768 maps to exactly -1.0


def to_float(pcm: bytes):
    """16-bit PCM -> float32 samples in [-1, 1)."""
    import numpy as np

    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / FULL_SCALE


def to_pcm(samples) -> bytes:
    """Float samples -> 16-bit PCM, rounded to the nearest step and clipped to the int16 range."""
    import numpy as np

    return (
        np.clip(np.round(np.asarray(samples, dtype=np.float64) * FULL_SCALE), -FULL_SCALE, FULL_SCALE - 1)
        .astype("<i2")
        .tobytes()
    )


def resample(samples, new_length: int):
    """Band-limited resampling of a float array to new_length samples (FFT zero-padding/truncation)."""
    import numpy as np

    n = len(samples)
    if n == 0 or new_length == n:
        return samples
    spectrum = np.fft.rfft(samples)
    out_bins = new_length // 2 + 1
    resized = np.zeros(out_bins, dtype=complex)
    keep = min(out_bins, len(spectrum))
    resized[:keep] = spectrum[:keep]
    return np.fft.irfft(resized, n=new_length) * (new_length / n)


def resample_pcm(pcm: bytes, rate: int, new_rate: int) -> bytes:
    """16-bit PCM from rate to new_rate, band-limited. Not audioop.ratecv (pydub's set_frame_rate):
    it interpolates without an anti-aliasing filter, so a 24 kHz gTTS part taken down to 22.05 kHz
    would fold its top band back into the audible range."""
    samples = to_float(pcm)
    return to_pcm(resample(samples, round(len(samples) * new_rate / rate)))


def speech_span(samples, guard: int, window: int, below_peak_db: float = 45.0, floor_db: float = -60.0):
    """(first, last) sample of the speech in float `samples`, widened by `guard` samples each side,
    or None when nothing stands out. Speech is every fixed window of `window` samples whose RMS is
    within below_peak_db of the loudest window (and above floor_db).

    Fixed sample windows, not pydub.silence's millisecond grid: at 22.05 kHz that grid falls
    between samples, so a part's edges would shift with the silence before it; and its thresholds
    are relative to full scale, not to the part's own loudest window.
    """
    import numpy as np

    window = max(1, window)
    count = len(samples) // window
    if count == 0:
        return None
    frames = np.asarray(samples[: count * window], dtype=np.float32).reshape(count, window)
    rms_db = 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)
    threshold = max(floor_db, float(rms_db.max()) - below_peak_db)
    loud = np.flatnonzero(rms_db > threshold)
    if len(loud) == 0:
        return None
    return max(0, int(loud[0]) * window - guard), min(len(samples), (int(loud[-1]) + 1) * window + guard)


def trim_silence(
    samples, rate: int, window_ms: int = 5, below_peak_db: float = 45.0, floor_db: float = -60.0, guard_ms: int = 40
):
    """Float samples cut to their speech plus exactly guard_ms each side (padded with silence where
    the part had less), so soft onsets and decaying endings stay whole and every edge is alike."""
    import numpy as np

    guard = int(rate * guard_ms / 1000)
    quantised = to_float(to_pcm(samples))
    padded = np.concatenate([np.zeros(guard, np.float32), quantised, np.zeros(guard, np.float32)])
    span = speech_span(padded, guard, rate * window_ms // 1000, below_peak_db, floor_db)
    return padded if span is None else padded[span[0] : span[1]]
