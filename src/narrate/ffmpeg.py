"""Locate the ffmpeg binary bundled by imageio-ffmpeg and run it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from .errors import AudioError


@functools.cache
def ffmpeg_exe() -> str:
    """The bundled ffmpeg (no system install needed); NARRATE_FFMPEG or PATH as fallbacks."""
    override = os.environ.get("NARRATE_FFMPEG")
    if override:
        return override
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        found = shutil.which("ffmpeg")
        if found:
            return found
        raise AudioError(f"ffmpeg not found ({exc}); install imageio-ffmpeg") from exc


def run_ffmpeg(args: list[str], *, input: bytes | None = None, what: str = "audio") -> subprocess.CompletedProcess:
    """Run ffmpeg quietly; raise AudioError with ffmpeg's last line on failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    proc = subprocess.run(cmd, input=input, capture_output=True)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"{what}: ffmpeg failed: {lines[-1] if lines else 'exit ' + str(proc.returncode)}")
    return proc


@functools.cache
def configure_pydub() -> None:
    """Point pydub at the bundled ffmpeg without its 'ffmpeg not found' import warning.

    pydub has no ffprobe here; narrate only hands it raw PCM or WAV, which it reads without one.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_exe()


def decode_to_pcm(data: bytes, sample_rate: int, what: str = "audio") -> bytes:
    """Decode any audio ffmpeg understands (MP3, WAV, ...) to mono s16le at sample_rate."""
    proc = run_ffmpeg(
        ["-i", "pipe:0", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"],
        input=data,
        what=what,
    )
    return proc.stdout


def decode_file_to_pcm(path: Path, sample_rate: int) -> bytes:
    proc = run_ffmpeg(
        ["-i", str(path), "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"],
        what=str(path),
    )
    return proc.stdout
