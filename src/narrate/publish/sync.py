"""`narrate publish`: put the output folder where podcast apps can reach it, changed files only, feed last.

The order keeps listeners safe at every moment, so a publish killed anywhere leaves the previously
published feed valid and every URL it names present; the next publish finishes the job:

1. new media and sidecars (MP3, VTT, chapters, images), under names no published feed uses yet;
2. index.html, then feed.xml;
3. only then the objects the new feed no longer names (retired episodes, a rotated-away secret path).

What was published (key, size, SHA-256) is kept per target in output/.narrate/publish.json, updated after
every object, and checked against the target's listing: a file is sent when the manifest or the target
disagrees with the output folder. Nothing under a dot-folder (.narrate/ holds the state) is ever sent.
Deletions are limited to objects this manifest recorded, so files of other origin beside the show stay.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from narrate.files import atomic_write
from narrate.publish.build import STATE_DIR
from narrate.publish.config import Config
from narrate.publish.feed_output import FEED_NAME
from narrate.publish.page import PAGE_NAME
from narrate.publish.serve import content_type
from narrate.publish.target import LocalFile, PublishError, RemoteObject, Target, is_loopback, open_target

MANIFEST = "publish.json"
DIGESTS = "digests.json"
SHORT_CACHE = "public, max-age=300"  # the feed and page change with every new episode
COVER_CACHE = "public, max-age=3600"  # the show's cover keeps its name when replaced
# Episode files never change behind their URL (an edited article gets a new file name).
MEDIA_CACHE = "public, max-age=31536000, immutable"

Say = Callable[[str], None]


@dataclass
class PublishReport:
    target: str
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass(frozen=True)
class Plan:
    uploads: tuple[LocalFile, ...]  # in safe order: media and sidecars, the page, the feed
    deletions: tuple[str, ...]
    unchanged: int


def cache_control(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if name in (FEED_NAME, PAGE_NAME):
        return SHORT_CACHE
    if name.startswith("cover."):
        return COVER_CACHE
    return MEDIA_CACHE


def upload_rank(key: str) -> int:
    name = key.rsplit("/", 1)[-1]
    return {PAGE_NAME: 1, FEED_NAME: 2}.get(name, 0)


def _digests(path: Path) -> tuple[str, str]:
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
            md5.update(chunk)
    return sha.hexdigest(), md5.hexdigest()


class DigestCache:
    """SHA-256 and MD5 of the output's files by (size, mtime): hashing a 1 GB show costs ~5 s a publish here
    (200 MB/s); episode files never change in place, and the feed and page are replaced whole (new mtime)."""

    def __init__(self, path: Path):
        self.path = path
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            self.entries: dict[str, list] = entries if isinstance(entries, dict) else {}
        except (OSError, ValueError):
            self.entries = {}
        self.used: dict[str, list] = {}

    def digests(self, name: str, path: Path) -> tuple[int, str, str]:
        stat = path.stat()
        entry = self.entries.get(name)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:2] == [stat.st_size, stat.st_mtime_ns]):
            entry = [stat.st_size, stat.st_mtime_ns, *_digests(path)]
        self.used[name] = entry
        return entry[0], entry[2], entry[3]

    def save(self) -> None:
        if self.used != self.entries:
            atomic_write(self.path, json.dumps(self.used, sort_keys=True).encode("utf-8"), durable=False)


def local_files(out: Path, prefix: str = "", cache: DigestCache | None = None) -> list[LocalFile]:
    """The files to publish: everything in the output folder except dot-files and dot-folders."""
    if not (out / FEED_NAME).is_file():
        raise PublishError(f"{out / FEED_NAME}: no feed to publish (run `narrate build` first)")
    cache = cache or DigestCache(out / STATE_DIR / DIGESTS)
    files = []
    for folder, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or not path.is_file():
                continue
            relative = path.relative_to(out).as_posix()
            key = prefix + relative
            if not key.isascii():
                raise PublishError(
                    f"{path}: file name is not ASCII; podcast apps and CDNs mishandle such URLs "
                    f"(rename it); nothing was published"
                )
            size, sha, md5 = cache.digests(relative, path)
            files.append(
                LocalFile(
                    key=key,
                    path=path,
                    size=size,
                    sha256=sha,
                    md5=md5,
                    content_type=content_type(name),
                    cache_control=cache_control(key),
                )
            )
    return files


def make_plan(files: list[LocalFile], remote: dict[str, RemoteObject], published: dict[str, dict]) -> Plan:
    uploads = []
    for file in files:
        there = remote.get(file.key)
        recorded = published.get(file.key)
        same_record = (
            recorded is not None and recorded.get("size") == file.size and recorded.get("sha256") == file.sha256
        )
        same_remote = there is not None and there.size == file.size and (same_record or there.md5 == file.md5)
        if not same_remote:
            uploads.append(file)
    keys = {f.key for f in files}
    uploads.sort(key=lambda f: (upload_rank(f.key), f.key))
    deletions = tuple(sorted(k for k in published if k not in keys))
    return Plan(tuple(uploads), deletions, len(files) - len(uploads))


class Manifest:
    """What was published to each target, saved after every change (a kill loses at most one step)."""

    def __init__(self, path: Path, target: str):
        self.path, self.target = path, target
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            self.targets: dict = document["targets"] if isinstance(document.get("targets"), dict) else {}
        except (OSError, ValueError, AttributeError):
            self.targets = {}  # none yet, or unreadable: the target's own listing decides
        self.objects: dict[str, dict] = self.targets.setdefault(target, {})

    def record(self, file: LocalFile) -> None:
        self.objects[file.key] = {"size": file.size, "sha256": file.sha256}
        self.save()

    def forget(self, key: str) -> None:
        self.objects.pop(key, None)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "targets": self.targets}, indent=1, sort_keys=True)
        atomic_write(self.path, text.encode("utf-8"), durable=False)


def check_urls(config: Config, target: Target) -> list[str]:
    """Refuse a base_url apps cannot reach; warnings for the ones Apple rejects."""
    base = config.podcast.base_url
    if is_loopback(base):
        if target.remote:
            raise PublishError(
                f"{target.location}: podcast.base_url is {base}, an address on this machine; "
                f"apps would find nothing there. Set it to where the target is served "
                f"(e.g. https://pod.example.org/) and run `narrate build` again"
            )
        return [
            (
                f"{target.location}: podcast.base_url {base} is an address on this machine; only apps on it "
                f"can reach the feed"
            )
        ]
    if urlsplit(base).scheme != "https":
        return [
            (
                f"{target.location}: podcast.base_url {base} is not HTTPS; Apple Podcasts and some other apps "
                f"require HTTPS"
            )
        ]
    return []


def publish(config: Config, dry_run: bool = False, say: Say | None = None) -> PublishReport:
    say = say or (lambda message: None)
    target = open_target(config.publish)
    report = PublishReport(target=target.location, dry_run=dry_run)
    report.warnings += check_urls(config, target)
    _check_feed_url(config, target)
    out = config.output
    prefix = f"{config.secret}/" if config.secret else ""
    digests = DigestCache(out / STATE_DIR / DIGESTS)
    files = local_files(out, prefix, digests)
    manifest = Manifest(out / STATE_DIR / MANIFEST, target.location)
    plan = make_plan(files, target.list(), manifest.objects)
    report.unchanged = plan.unchanged
    if dry_run:
        report.uploaded = [f.key for f in plan.uploads]
        report.deleted = list(plan.deletions)
        return report
    digests.save()
    for file in plan.uploads:
        target.put(file)
        manifest.record(file)
        report.uploaded.append(file.key)
        say(f"uploaded {file.key}")
    for file in files:  # already there (found by listing) but not yet recorded: record, send nothing
        if file.key not in manifest.objects or manifest.objects[file.key].get("sha256") != file.sha256:
            manifest.record(file)
    for key in plan.deletions:  # only now is the feed that no longer names them live
        target.delete(key)
        manifest.forget(key)
        report.deleted.append(key)
        say(f"deleted {key}")
    return report


def _check_feed_url(config: Config, target: Target) -> None:
    """The feed file must carry the base_url in force (a changed base_url needs a build first)."""
    feed = config.output / FEED_NAME
    try:
        data = feed.read_bytes()
    except OSError:
        return  # local_files() reports the missing feed
    if f'href="{config.feed_url}"'.encode() not in data:
        raise PublishError(
            f"{feed}: built for another podcast.base_url than {config.podcast.base_url}; run "
            f"`narrate build` first so every URL in it is where {target.location} is served"
        )
