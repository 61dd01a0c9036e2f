"""Loading a Piper model into onnxruntime: once per process, with fixed noise, sharing the cores."""

from __future__ import annotations

import functools
from pathlib import Path

from narrate.errors import VoiceError


@functools.cache
def load_model(model_path: Path, threads: int | None = None, models_dir: Path | None = None):
    """Load a voice once per process. `threads` caps onnxruntime's intra-op threads (None: every
    core), so parallel voicing workers share the cores instead of oversubscribing them. With a
    `models_dir` the model is loaded with fixed noise (see noise.py); without one, as shipped."""
    import json

    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise VoiceError(
            f"the piper backend needs the piper-tts package ({exc}); install it with `pip install piper-tts`"
        ) from exc

    config_path = Path(f"{model_path}.json")
    if not config_path.is_file():
        raise VoiceError(f"Piper voice config missing: {config_path} (it must sit beside the .onnx file)")
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
        loaded = with_fixed_noise(model_path, models_dir) if models_dir else model_path
        session = onnxruntime.InferenceSession(str(loaded), sess_options=options, providers=["CPUExecutionProvider"])
        return PiperVoice(config=config, session=session)
    except Exception as exc:  # onnxruntime raises its own types for a corrupt model
        raise VoiceError(f"Piper model {model_path} cannot be loaded: {str(exc).splitlines()[0]}") from exc


def with_fixed_noise(model_path: Path, folder: Path) -> Path:
    """The model's fixed-noise copy in `folder`, made once per model content (two installs of the
    same voice share one copy); the model itself when it has no noise nodes to replace or when no
    copy can be written (a read-only or full disk costs reproducibility across workers, not the run)."""
    from narrate.backends.piper.noise import VERSION, write_with_fixed_noise
    from narrate.files import atomic_path

    fixed = folder / f"{model_path.stem}-{_content_digest(model_path, f'fixed noise {VERSION}')[:16]}.onnx"
    if fixed.is_file():
        return fixed
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(fixed, ".tmp") as tmp, open(tmp, "wb") as out:
            if not write_with_fixed_noise(model_path, out):
                raise _NothingToFix
    except _NothingToFix:
        return model_path
    except OSError:
        return model_path
    return fixed


class _NothingToFix(Exception):
    """The model has no noise nodes: it is deterministic as shipped."""


def _content_digest(path: Path, salt: str) -> str:
    stat = path.stat()
    return _digest(path.resolve(), stat.st_size, stat.st_mtime_ns, salt)


@functools.cache
def _digest(path: Path, size: int, mtime_ns: int, salt: str) -> str:
    """SHA-256 of the file's bytes and salt, once per process per file version (~0.1 s for 65 MB)."""
    import hashlib

    digest = hashlib.sha256(salt.encode())
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shrink_arena(piper_voice) -> None:
    import numpy as np
    import onnxruntime

    options = onnxruntime.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    config = piper_voice.config
    feed = {
        "input": np.array([[1, 2]], dtype=np.int64),
        "input_lengths": np.array([2], dtype=np.int64),
        "scales": np.array([config.noise_scale, config.length_scale, config.noise_w_scale], dtype=np.float32),
    }
    if config.num_speakers > 1:
        feed["sid"] = np.array([0], dtype=np.int64)
    piper_voice.session.run(None, feed, options)
