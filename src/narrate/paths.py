"""Where narrate keeps what it can make again: the cache folder, shared by every stage."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """NARRATE_CACHE_DIR, else $XDG_CACHE_HOME/narrate, else ~/.cache/narrate."""
    if os.environ.get("NARRATE_CACHE_DIR"):
        return Path(os.environ["NARRATE_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "narrate"


def derived_models_dir(cache_dir: Path | None = None) -> Path:
    """Files made from installed models (Piper's fixed-noise copies, the language detector's arrays):
    counted by `narrate cache info`, removed by `narrate cache clear`, made again when needed."""
    return (cache_dir if cache_dir is not None else default_cache_dir()) / "models"
