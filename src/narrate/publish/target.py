"""Publish targets: one small interface, kinds found through the `narrate.publishers` entry-point group.

`publish.target` picks the kind by its scheme: `s3://bucket/prefix` is the `s3` plugin, a plain path (or
`file://`) is `folder`, and `NAME://...` any plugin a package declares in its pyproject.toml, as narrate
declares its own two:

    [project.entry-points."narrate.publishers"]
    mykind = "my_package.module:MyTarget"

A target lists, writes and deletes objects by key (a POSIX path relative to the target's root); the order,
the manifest and the checks live in narrate.publish.sync, so a new kind is only these three operations.
"""

from __future__ import annotations

import ipaddress
from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from narrate.errors import NarrateError
from narrate.publish.config import Publish

ENTRY_POINT_GROUP = "narrate.publishers"


class PublishError(NarrateError):
    """A publish cannot start or a target refused an operation; nothing already published was changed."""


@dataclass(frozen=True)
class LocalFile:
    key: str  # POSIX path relative to the output folder (and the target's root)
    path: Path
    size: int
    sha256: str
    md5: str  # S3 reports it as the ETag of a single-part upload: lets a lost manifest be rebuilt
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class RemoteObject:
    size: int
    md5: str | None = None  # when the target knows it cheaply


class Target(ABC):
    """Where a show is published. `location` is publish.target as written in narrate.toml."""

    name: ClassVar[str]
    # Served by someone else to the world (a bucket): a loopback base_url cannot be right there.
    remote: ClassVar[bool] = True
    install_hint: ClassVar[str] = ""

    def __init__(self, location: str, settings: Publish):
        self.location = location
        self.settings = settings

    @abstractmethod
    def list(self) -> dict[str, RemoteObject]:
        """Every object under the target's root, by key."""

    @abstractmethod
    def put(self, file: LocalFile) -> None:
        """Write one file under file.key, whole or not at all, with its content type and cache policy."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove one object; a missing one is not an error."""


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def target_names() -> list[str]:
    return sorted({ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)})


def scheme_of(location: str) -> str:
    scheme, sep, _ = location.partition("://")
    return scheme.lower() if sep and scheme.isascii() and scheme.replace("+", "").isalnum() else "folder"


def open_target(settings: Publish) -> Target:
    location = settings.target.strip()
    if not location:
        raise PublishError(
            'publish.target is not set in narrate.toml (e.g. "s3://my-bucket/podcast" or "/var/www/podcast")'
        )
    name = "folder" if scheme_of(location) == "file" else scheme_of(location)
    return target_class(name, location)(location, settings)


def target_class(name: str, location: str) -> type[Target]:
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            try:
                return ep.load()
            except ImportError as exc:
                raise PublishError(
                    f"{location}: publish target {name!r} is registered by {ep.value} but cannot be imported ({exc})"
                ) from None
    raise PublishError(
        f"{location}: no publish target for {name}:// (installed: {', '.join(target_names())}); "
        f"targets are plugins in the {ENTRY_POINT_GROUP!r} entry-point group"
    )
