"""Atomic file writes: a temp file in the target's folder, renamed into place only when complete.

A crash, a full disk or Ctrl-C mid-write leaves the old file (or no file) and at most a stray
`.name-*.part` beside it, never half a file behind a published name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def temp_beside(final: Path, suffix: str = ".part") -> Path:
    """A new, empty temp file in final's folder (so the rename is atomic), named after it."""
    fd, name = tempfile.mkstemp(prefix=f".{final.name}-", suffix=suffix, dir=final.parent)
    os.close(fd)
    return Path(name)


def publish(tmp: Path, final: Path) -> None:
    """Give a finished temp file normal permissions (mkstemp makes it 0600) and move it into place."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, final)


@contextmanager
def atomic_path(final: Path, suffix: str = ".part") -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces `final`, on any error it is removed."""
    tmp = temp_beside(final, suffix)
    try:
        yield tmp
        publish(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], object], *, durable: bool = True) -> None:
    """Write bytes (or whatever `data(handle)` writes) to path atomically; `durable` fsyncs first."""
    with atomic_path(path, ".tmp") as tmp, open(tmp, "wb") as handle:
        if callable(data):
            data(handle)
        else:
            handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
