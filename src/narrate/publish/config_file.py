"""narrate.toml on disk: finding it (here or in a parent folder), reading it with the CLI's overrides, and
writing a fresh one (rendered with a comment on each key, validated by reading it back)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from narrate.files import atomic_write
from narrate.publish.config import CONFIG_NAME, SECTIONS, Config, ConfigError, config_from_dict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config(path: Path | None, start: Path | None = None) -> Path:
    """The config named on the command line, else narrate.toml in the current folder or the nearest parent
    folder that has one (as git finds .git), else ./narrate.toml (which does not exist)."""
    if path is not None:
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Path(os.path.relpath(folder / CONFIG_NAME, here)) if start is None else folder / CONFIG_NAME
    return Path(CONFIG_NAME)


def load_config(path: Path | None = None, overrides: dict | None = None) -> Config:
    """Read and validate narrate.toml, then apply CLI overrides {"section": {"key": value}}."""
    path = find_config(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file (create one with `narrate init`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    merged = _merge(data, overrides or {})
    return config_from_dict(merged, str(path), root=path.parent)


def _merge(data: dict, overrides: dict) -> dict:
    merged = {name: dict(values) if isinstance(values, dict) else values for name, values in data.items()}
    for section, values in overrides.items():
        target = merged.setdefault(section, {})
        if isinstance(target, dict):
            target.update({k: v for k, v in values.items() if v is not None})
    return merged


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value) -> str:
    if isinstance(value, (list, tuple)):  # one item a line once there are several (many feeds stay readable)
        if len(value) < 2:
            return "[" + ", ".join(_toml_value(v) for v in value) + "]"
        return "[\n" + "".join(f"    {_toml_value(v)},\n" for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return _toml_string(str(value))


COMMENTS = {
    "podcast.language": "BCP 47 tag: en, en-GB, de-CH ...",
    "podcast.category": "an Apple Podcasts category, e.g. News, Technology, Society & Culture",
    "podcast.subcategory": "optional, must belong to the category, e.g. Tech News under News",
    "podcast.base_url": "where output/ is served; enclosure and feed URLs start with it",
    "podcast.cover": "square JPEG/PNG, 1400-3000 px, relative to this file; empty for none",
    "podcast.feeds_by_language": "true: an episode in another language goes to feed-<lang>.xml, one feed each",
    "voices.profile": "a voice profile name (see `narrate voices list`)",
    "audio.loudness": "LUFS as for stereo (the podcast norm, -16); mono episodes come out 3 LU lower: -19",
    "retention.keep_last": "keep only the newest N episodes; 0 keeps all",
    "retention.max_age_days": "drop episodes older than D days; 0 keeps all",
    "paths.inbox": "articles to publish (.txt, .md, .html, .eml, .pdf), relative to this file",
    "paths.output": "MP3s, sidecars and feed.xml; publish this folder",
    "cluster.scheduler": "Dask scheduler (tcp://host:8786) to voice on; empty builds here (see README)",
    "sources.feeds": "RSS 2.0 / Atom / RSS 1.0 subscriptions (narrate subscribe)",
    "sources.reading_list": "one URL per line, '#' comments, relative to this file (narrate add)",
    "sources.maildir": "a Maildir of newsletters (fetchmail, getmail, mbsync); empty for none",
    "sources.first_fetch_limit": "newest entries taken when a feed is first subscribed",
    "sources.min_words": "pages with fewer words are refused (login or paywall)",
    "podcast.private": "true: base_url ends in a secret segment, the feed asks apps and directories not to list it",
    "publish.target": "s3://bucket/prefix or a folder (a web server's document root); empty: no publishing",
    "publish.endpoint_url": "S3-compatible services: R2, B2, MinIO ...; empty for AWS",
    "publish.profile": "a named AWS profile; credentials come from the AWS chain, never from this file",
    "publish.acl": "public-read where the bucket uses object ACLs; empty: the bucket policy decides",
    "publish.page_template": "a Jinja2 file replacing the shipped index.html template; empty: the shipped one",
}


def render_config(config: Config) -> str:
    lines = ["# narrate project config. Every `narrate build` option overrides the matching key.", ""]
    for name in SECTIONS:
        section = getattr(config, name)
        lines.append(f"[{name}]")
        for key in section.__dataclass_fields__:
            comment = COMMENTS.get(f"{name}.{key}")
            line = f"{key} = {_toml_value(getattr(section, key))}"
            lines.append(f"{line}  # {comment}" if comment else line)
        lines.append("")
    return "\n".join(lines)


def write_config(path: Path, config: Config) -> None:
    """Write narrate.toml atomically; the text is validated by reading it back first."""
    text = render_config(config)
    config_from_dict(tomllib.loads(text), str(path))
    atomic_write(path, text.encode("utf-8"))
