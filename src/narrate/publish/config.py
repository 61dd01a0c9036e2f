"""The project config, narrate.toml: load, validate, apply CLI overrides, and write a fresh one."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.files import atomic_write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAME = "narrate.toml"

# Apple Podcasts categories and their subcategories (the list Apple has published since 2019).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

# BCP 47, the common shapes: language, optional script, optional region (en, en-GB, zh-Hant-TW, es-419).
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BITRATE = re.compile(r"^[0-9]{2,3}k$")
SCHEDULER = re.compile(r"^([a-z][a-z0-9+.-]*://)?(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(:[0-9]{1,5})?/?$")
MIN_SECRET = 16  # characters in a private feed's secret path segment (narrate makes 24: 144 random bits)


@dataclass(frozen=True)
class Podcast:
    title: str = "My narrated articles"
    description: str = "Articles, read aloud by narrate."
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    language: str = "en"
    category: str = "News"
    subcategory: str = ""
    explicit: bool = False
    base_url: str = "http://127.0.0.1:8000/"
    cover: str = ""  # image file, relative to the config's folder
    private: bool = False  # base_url ends in a secret path segment; feed and page ask not to be listed
    feeds_by_language: bool = False  # episodes in another language than `language` go to feed-<lang>.xml


@dataclass(frozen=True)
class Voices:
    profile: str = "default"


@dataclass(frozen=True)
class Audio:
    bitrate: str = "64k"
    sample_rate: int = 44100
    loudness: float = -16.0  # the podcast norm as stated for stereo; mono episodes are made 3 LU quieter


@dataclass(frozen=True)
class Retention:
    keep_last: int = 0  # 0: keep every episode
    max_age_days: int = 0  # 0: no age limit


@dataclass(frozen=True)
class Paths:
    inbox: str = "articles"
    output: str = "output"


@dataclass(frozen=True)
class Cluster:
    scheduler: str = ""  # a Dask scheduler address (tcp://host:8786, tls://...); empty: build locally


@dataclass(frozen=True)
class Sources:
    feeds: tuple[str, ...] = ()  # RSS 2.0 / Atom / RSS 1.0 subscriptions (`narrate subscribe`)
    reading_list: str = "reading-list.txt"  # one URL a line (`narrate add`), relative to the config's folder
    maildir: str = ""  # a Maildir of newsletters, relative to the config's folder; empty for none
    first_fetch_limit: int = 5
    min_words: int = 80


@dataclass(frozen=True)
class Publish:
    target: str = ""  # s3://bucket/prefix, a folder, or scheme://... of a narrate.publishers plugin
    endpoint_url: str = ""  # S3-compatible services: R2, B2, MinIO ...
    region: str = ""
    profile: str = ""  # a named AWS profile; credentials never live in narrate.toml
    acl: str = ""  # e.g. "public-read" where the bucket uses object ACLs; empty: the bucket policy decides
    page_template: str = ""  # a Jinja2 file replacing the shipped index.html template, relative to this file


@dataclass(frozen=True)
class Config:
    podcast: Podcast = field(default_factory=Podcast)
    voices: Voices = field(default_factory=Voices)
    audio: Audio = field(default_factory=Audio)
    retention: Retention = field(default_factory=Retention)
    paths: Paths = field(default_factory=Paths)
    cluster: Cluster = field(default_factory=Cluster)
    sources: Sources = field(default_factory=Sources)
    publish: Publish = field(default_factory=Publish)
    root: Path = Path(".")  # the folder relative paths are resolved against
    source: str = CONFIG_NAME  # where it was read from, for messages

    @property
    def inbox(self) -> Path:
        return self.root / self.paths.inbox

    @property
    def output(self) -> Path:
        return self.root / self.paths.output

    @property
    def cover(self) -> Path | None:
        return self.root / self.podcast.cover if self.podcast.cover else None

    @property
    def reading_list(self) -> Path | None:
        return self.root / self.sources.reading_list if self.sources.reading_list else None

    @property
    def maildir(self) -> Path | None:
        return self.root / self.sources.maildir if self.sources.maildir else None

    @property
    def feed_url(self) -> str:
        return self.podcast.base_url.rstrip("/") + "/feed.xml"

    @property
    def page_template(self) -> Path | None:
        return self.root / self.publish.page_template if self.publish.page_template else None

    @property
    def secret(self) -> str | None:
        """A private feed's secret: the last path segment of base_url."""
        if not self.podcast.private:
            return None
        return urlsplit(self.podcast.base_url).path.rstrip("/").rsplit("/", 1)[-1] or None


SECTIONS = {
    "podcast": Podcast,
    "voices": Voices,
    "audio": Audio,
    "retention": Retention,
    "paths": Paths,
    "sources": Sources,
    "publish": Publish,
    "cluster": Cluster,
}


class ConfigError(NarrateError):
    """narrate.toml is missing, malformed or holds a bad value."""


def _check_value(key: str, value) -> None:
    """Rules beyond the type; raises ValueError with the reason."""
    if key == "podcast.language" and not LANGUAGE.match(value):
        raise ValueError(f"{value!r} is not a language tag like 'en' or 'en-GB'")
    if key == "podcast.category" and value not in APPLE_CATEGORIES:
        examples = ", ".join(list(APPLE_CATEGORIES)[:4])
        raise ValueError(f"{value!r} is not an Apple Podcasts category (e.g. {examples}, ...)")
    if key == "podcast.owner_email" and value and not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    if key == "podcast.base_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL")
    if key == "podcast.title" and not value.strip():
        raise ValueError("must not be empty")
    if key == "audio.bitrate" and not BITRATE.match(value):
        raise ValueError(f"{value!r} is not a bitrate like '64k'")
    if key == "audio.sample_rate" and value not in (22050, 24000, 32000, 44100, 48000):
        raise ValueError(f"{value} is not one of 22050, 24000, 32000, 44100, 48000")
    if key in ("retention.keep_last", "retention.max_age_days") and value < 0:
        raise ValueError("must be 0 (no limit) or more")
    if key in ("paths.inbox", "paths.output") and not value.strip():
        raise ValueError("must not be empty")
    if key == "cluster.scheduler" and value and not SCHEDULER.match(value):
        raise ValueError(f"{value!r} is not a Dask scheduler address like 'tcp://host:8786' or 'tls://host:8786'")
    if key in ("sources.first_fetch_limit", "sources.min_words") and value < 0:
        raise ValueError("must be 0 or more")
    if key == "sources.feeds":
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"{url!r} is not an http(s) URL")
    if key == "publish.endpoint_url" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL")


def _typed(key: str, expected: type, value):
    if expected is tuple:  # a TOML array of strings
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be an array of strings, not {_type_name(type(value))}")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
        raise ValueError(f"must be {_type_name(expected)}, not {_type_name(type(value))}")
    return value


def _type_name(kind: type) -> str:
    return {
        str: "a string",
        bool: "true or false",
        int: "an integer",
        float: "a number",
        dict: "a table",
        list: "an array",
        tuple: "an array",
    }.get(kind, kind.__name__)


def _build_section(name: str, values: dict, source: str):
    cls = SECTIONS[name]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        dotted = f"{name}.{key}"
        if key not in fields:
            raise ConfigError(f"{source}: unknown key {dotted!r} (known in [{name}]: {', '.join(fields)})")
        try:
            value = _typed(dotted, _field_type(cls, key), value)
            _check_value(dotted, value)
        except ValueError as exc:
            raise ConfigError(f"{source}: {dotted}: {exc}") from None
        kwargs[key] = value
    return cls(**kwargs)


def _field_type(cls, key: str) -> type:
    return type(getattr(cls(), key))


def config_from_dict(data: dict, source: str = CONFIG_NAME, root: Path = Path(".")) -> Config:
    """Validate a parsed TOML document (or overrides in the same shape) into a Config."""
    sections = {}
    for name, values in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"{source}: unknown section or key {name!r} (known: {', '.join(SECTIONS)})")
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: {name} must be a table ([{name}]), not {_type_name(type(values))}")
        sections[name] = _build_section(name, values, source)
    config = Config(**sections, root=root, source=source)
    _check_category_pair(config.podcast, source)
    if config.podcast.private and len(config.secret or "") < MIN_SECRET:
        raise ConfigError(
            f"{source}: podcast.private: base_url {config.podcast.base_url!r} must end in a secret "
            f"path segment of {MIN_SECRET} or more characters (`narrate init --private` makes one)"
        )
    return config


def _check_category_pair(podcast: Podcast, source: str) -> None:
    subs = APPLE_CATEGORIES[podcast.category]
    if podcast.subcategory and podcast.subcategory not in subs:
        choices = ", ".join(subs) if subs else "none"
        raise ConfigError(
            f"{source}: podcast.subcategory: {podcast.subcategory!r} is not a subcategory of "
            f"{podcast.category!r} (choose from: {choices})"
        )


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


def check_references(config: Config) -> None:
    """Resolve what the config names, so a typo fails every command at once rather than the night an article
    arrives: the voice profile and each of its offline voices (model installed), and the cover image."""
    from narrate.backends import backend_class, get_backend
    from narrate.voice.profiles import load_profile

    try:
        profile = load_profile(config.voices.profile)
    except NarrateError as exc:
        raise ConfigError(f"{config.source}: voices.profile: {exc}") from None
    for role, voice in profile.voices().items():
        if backend_class(voice.backend).needs_network:
            continue  # checked when used: a config check must not need the internet
        problem = get_backend(voice.backend).check(voice)
        if problem:
            raise ConfigError(f"{config.source}: voices.profile {profile.name!r}: voice {role!r}: {problem}")
    if config.cover is not None:
        from narrate.episode.cover import check_image

        try:
            check_image(config.cover, "podcast.cover")
        except NarrateError as exc:
            raise ConfigError(f"{config.source}: {exc}") from None


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
