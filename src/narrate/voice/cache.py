"""Content-addressed synthesis cache: the same text, voice and engine are never synthesised twice.

An entry is one file, entries/<2 hex>/<key>.pcm: a fixed header (magic, sample rate, PCM length,
SHA-256 of the PCM) followed by mono 16-bit PCM. It is written to a temporary name in the same
folder and renamed into place, so a crash mid-write leaves at most a stray temp file, never a
half entry under a real name; an entry whose checksum does not match is removed and synthesised
again. Reading an entry touches its modification time, which is what least-recently-used eviction
sorts by once the cache grows past its cap.

A second kind of entry, <recipe>.mix, holds a finished (untagged) mix: the MP3 and its timeline,
keyed by every segment's key plus the mix settings and the mixer's own code, so re-running an
unchanged article skips mixing and loudness normalisation too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from narrate.files import atomic_write
from narrate.models import Audio, Voice
from narrate.paths import default_cache_dir, derived_models_dir

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # bump when the key recipe or the entry layout changes
MAGIC = b"NRC1"
_HEADER = struct.Struct("<4sIQ32s")  # magic, sample rate, PCM bytes, sha256(PCM)
BLOCK = 1 << 20  # mix entries are copied in blocks of this many bytes
MIX_MAGIC = b"NRM1"
_MIX_HEADER = struct.Struct("<4sIQ32s")  # magic, JSON bytes, MP3 bytes, sha256(JSON + MP3)
DEFAULT_CAP_BYTES = 2 * 1024**3
SUFFIX = ".pcm"
MIX_SUFFIX = ".mix"


def default_cap_bytes() -> int:
    """NARRATE_CACHE_MAX_MB (megabytes) or 2 GiB."""
    value = os.environ.get("NARRATE_CACHE_MAX_MB")
    return int(float(value) * 1024**2) if value else DEFAULT_CAP_BYTES


def cache_key(backend: str, backend_version: str, voice: Voice, text: str) -> str:
    """A digest of everything that decides how the audio sounds."""
    recipe = {
        "format": FORMAT_VERSION,
        "backend": backend,
        "backend_version": backend_version,
        "voice": voice.name,
        "settings": voice.settings,
        "text": text,
    }
    canonical = json.dumps(recipe, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    size: int
    cap: int
    models: int = 0  # engines' derived model files (Piper's fixed-noise copies), outside the cap
    models_size: int = 0


class SynthesisCache:
    """The cache folder. `root=None` resolves the default folder each time it is used.

    A disabled cache (`--no-cache`) stores and serves no audio, but its folder still holds the
    engines' derived model files (`models/`), so those follow the chosen cache folder too.
    """

    def __init__(self, root: Path | str | None = None, cap_bytes: int | None = None, enabled: bool = True) -> None:
        self._root = Path(root).expanduser() if root is not None else None
        self._cap = cap_bytes
        self._size: int | None = None  # running total, scanned once per process
        self.enabled = enabled

    @property
    def models_dir(self) -> Path:
        """Where engines keep files derived from their models (kept apart from the capped entries)."""
        return derived_models_dir(self.root)

    @property
    def root(self) -> Path:
        return self._root if self._root is not None else default_cache_dir()

    @property
    def cap(self) -> int:
        return self._cap if self._cap is not None else default_cap_bytes()

    def _path(self, key: str, suffix: str = SUFFIX) -> Path:
        return self.root / "entries" / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> Audio | None:
        return self._read(self._path(key), _decode) if self.enabled else None

    def put(self, key: str, audio: Audio) -> None:
        """Store audio atomically; a full or read-only disk only costs the cache, never the run."""
        if self.enabled:
            self._write(self._path(key), _encode(audio))

    def has_mix(self, recipe: str) -> bool:
        """Whether a finished mix is stored for recipe (not checked: get_mix checks as it copies)."""
        return self.enabled and self._path(recipe, MIX_SUFFIX).is_file()

    def get_mix(self, recipe: str, dest: Path) -> dict | None:
        """Write a stored mix's MP3 to dest and return its timeline (JSON), or None on a miss.
        The MP3 is copied in blocks (a two-hour episode is ~60 MB) and checked as it goes."""
        if not self.enabled:
            return None
        path = self._path(recipe, MIX_SUFFIX)
        try:
            with open(path, "rb") as entry:
                timeline = _read_mix(entry, dest)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            log.debug("cache entry %s unreadable (%s); mixing again", path, exc)
            dest.unlink(missing_ok=True)
            return None
        if timeline is None:
            log.debug("cache entry %s is corrupt; removed, mixing again", path)
            dest.unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            self._size = None
            return None
        _touch(path)
        return timeline

    def put_mix(self, recipe: str, mp3: Path, timeline: dict) -> None:
        if not self.enabled:
            return
        meta = json.dumps(timeline, ensure_ascii=False).encode("utf-8")
        digest = hashlib.sha256(meta)
        with open(mp3, "rb") as source:
            for block in iter(lambda: source.read(BLOCK), b""):
                digest.update(block)
        size = mp3.stat().st_size
        header = _MIX_HEADER.pack(MIX_MAGIC, len(meta), size, digest.digest()) + meta

        def write(out) -> None:
            out.write(header)
            with open(mp3, "rb") as source:
                for block in iter(lambda: source.read(BLOCK), b""):
                    out.write(block)

        self._write(self._path(recipe, MIX_SUFFIX), write, len(header) + size)

    def _read(self, path: Path, decode):
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            log.debug("cache entry %s unreadable (%s); synthesising again", path, exc)
            return None
        value = decode(data)
        if value is None:
            log.debug("cache entry %s is corrupt; removed, synthesising again", path)
            path.unlink(missing_ok=True)
            self._size = None
            return None
        _touch(path)
        return value

    def _write(self, path: Path, blob: bytes | Callable, size: int | None = None) -> None:
        """Store an entry atomically: blob is the bytes, or a function writing them to a file."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob, durable=False)  # a cache entry lost in a crash is just a miss
        except OSError as exc:
            log.debug("cache write to %s failed (%s); continuing without caching", path, exc)
            return
        self._grow(size if size is not None else len(blob) if isinstance(blob, bytes) else 0)

    def _grow(self, added: int) -> None:
        if self._size is None:
            self._size = self.info().size
        else:
            self._size += added
        if self._size > self.cap:
            self.evict()

    def _files(self) -> list[Path]:
        entries = self.root / "entries"
        if not entries.is_dir():
            return []
        return [p for p in entries.glob("*/*") if p.suffix in (SUFFIX, MIX_SUFFIX)]

    def evict(self, target: int | None = None) -> int:
        """Remove least-recently-used entries until the cache is at most `target` bytes (default 90% of cap)."""
        target = int(self.cap * 0.9) if target is None else target
        stats = []
        for path in self._files():
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            stats.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in stats)
        removed = 0
        for _, size, path in sorted(stats):
            if total <= target:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        self._size = total
        return removed

    def info(self) -> CacheInfo:
        sizes = []
        for path in self._files():
            try:
                sizes.append(path.stat().st_size)
            except FileNotFoundError:
                pass
        models = list(self.models_dir.iterdir()) if self.models_dir.is_dir() else []
        return CacheInfo(
            path=self.root,
            entries=len(sizes),
            size=sum(sizes),
            cap=self.cap,
            models=len(models),
            models_size=sum(f.stat().st_size for f in self.models_dir.rglob("*") if f.is_file()) if models else 0,
        )

    def clear(self) -> int:
        """Remove every entry, every derived model file and stray temp files; return how many entries
        were removed (model files are made again, once, when next needed)."""
        import shutil

        count = len(self._files())
        shutil.rmtree(self.root / "entries", ignore_errors=True)
        shutil.rmtree(self.models_dir, ignore_errors=True)
        self._size = 0
        return count


def _encode(audio: Audio) -> bytes:
    digest = hashlib.sha256(audio.pcm).digest()
    return _HEADER.pack(MAGIC, audio.sample_rate, len(audio.pcm), digest) + audio.pcm


def _decode(data: bytes) -> Audio | None:
    if len(data) < _HEADER.size:
        return None
    magic, rate, length, digest = _HEADER.unpack_from(data)
    pcm = data[_HEADER.size :]
    if magic != MAGIC or length != len(pcm) or rate <= 0 or not pcm or hashlib.sha256(pcm).digest() != digest:
        return None
    return Audio(pcm=pcm, sample_rate=rate)


def _read_mix(entry, dest: Path) -> dict | None:
    """Copy a mix entry's MP3 to dest block by block; its timeline, or None when the entry is corrupt."""
    header = entry.read(_MIX_HEADER.size)
    if len(header) < _MIX_HEADER.size:
        return None
    magic, meta_length, mp3_length, digest = _MIX_HEADER.unpack(header)
    if magic != MIX_MAGIC:
        return None
    meta = entry.read(meta_length)
    check = hashlib.sha256(meta)
    copied = 0
    with open(dest, "wb") as out:
        for block in iter(lambda: entry.read(BLOCK), b""):
            check.update(block)
            out.write(block)
            copied += len(block)
    if len(meta) != meta_length or copied != mp3_length or check.digest() != digest:
        return None
    try:
        return json.loads(meta)
    except ValueError:
        return None


def _touch(path: Path) -> None:
    """Mark an entry as recently used (eviction goes by modification time)."""
    try:
        os.utime(path)
    except OSError:
        pass
