"""Private feeds: the base URL ends in a secret path segment only the listeners are given.

Rotating the secret writes the new base_url into narrate.toml (only that value: the file's comments and
layout stay), rewrites the feed and page, and lets the next publish send everything under the new path
and then remove the old one.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from narrate.files import atomic_write
from narrate.publish.config import Config, ConfigError
from narrate.publish.config_file import load_config

SECRET_BYTES = 18  # 144 random bits, 24 URL-safe characters


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def with_new_secret(base_url: str, replace_last: bool) -> str:
    """base_url with a fresh secret as its last path segment (replacing the current one if asked)."""
    parts = urlsplit(base_url)
    segments = [s for s in parts.path.split("/") if s]
    if replace_last and segments:
        segments.pop()
    path = "/" + "/".join([*segments, new_secret()]) + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def rotate_secret(config_path: Path, config: Config) -> Config:
    """Write a new secret into narrate.toml's base_url; return the config as now loaded."""
    if not config.podcast.private:
        raise ConfigError(f"{config_path}: podcast.private is not true; there is no secret to rotate")
    old, new = config.podcast.base_url, with_new_secret(config.podcast.base_url, replace_last=True)
    text = config_path.read_text(encoding="utf-8")
    pattern = re.compile(r'^(\s*base_url\s*=\s*)(["\'])' + re.escape(old) + r"\2", re.MULTILINE)
    updated, count = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}{new}{m.group(2)}", text, count=1)
    if count != 1:
        raise ConfigError(f'{config_path}: cannot find `base_url = "{old}"` to rotate its secret; edit it by hand')
    atomic_write(config_path, updated.encode("utf-8"))
    return load_config(config_path)
