"""The project config, narrate.toml: its sections and their defaults, validation of a parsed document into a
Config, and the check of what it references (voice profile, voices, cover)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.publish.config_rules import APPLE_CATEGORIES, MIN_SECRET, check_value, type_name, typed

CONFIG_NAME = "narrate.toml"


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
class AudioSection:
    """[audio]: the episode files' format and loudness norm (the mixer's MixSettings are made from it)."""

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
    audio: AudioSection = field(default_factory=AudioSection)
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
    "audio": AudioSection,
    "retention": Retention,
    "paths": Paths,
    "sources": Sources,
    "publish": Publish,
    "cluster": Cluster,
}


class ConfigError(NarrateError):
    """narrate.toml is missing, malformed or holds a bad value."""


def _build_section(name: str, values: dict, source: str):
    cls = SECTIONS[name]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        dotted = f"{name}.{key}"
        if key not in fields:
            raise ConfigError(f"{source}: unknown key {dotted!r} (known in [{name}]: {', '.join(fields)})")
        try:
            value = typed(dotted, _field_type(cls, key), value)
            check_value(dotted, value)
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
            raise ConfigError(f"{source}: {name} must be a table ([{name}]), not {type_name(type(values))}")
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
