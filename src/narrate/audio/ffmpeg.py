"""Locate the ffmpeg binary bundled by imageio-ffmpeg and run it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from narrate.errors import AudioError


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


class Background:
    """ffmpeg running beside Python (fed through stdin, or reading another process's output).

    Its log goes to an unnamed temporary file, not a pipe, so however much it prints it never blocks.
    """

    def __init__(self, args: list[str], *, what: str, stdin=None, stdout=subprocess.DEVNULL) -> None:
        self.what = what
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the process's life, closed in wait()
        self.process = subprocess.Popen(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *args], stdin=stdin, stdout=stdout, stderr=self.log
        )

    def write(self, data: bytes) -> None:
        try:
            assert self.process.stdin is not None  # opened with stdin=PIPE
            self.process.stdin.write(data)
        except BrokenPipeError:
            raise AudioError(f"{self.what}: ffmpeg stopped reading: {self._last_line()}") from None

    def finish(self) -> str:
        """Close its input, wait for it and return its log; AudioError with its last line on failure."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
        except BrokenPipeError:
            pass
        code = self.process.wait()
        if code != 0:
            raise AudioError(f"{self.what}: ffmpeg failed: {self._last_line() or 'exit ' + str(code)}")
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Kill it if still running (after a failure elsewhere) and release its log."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        self.log.close()

    def _last_line(self) -> str:
        self.process.wait()
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""


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
