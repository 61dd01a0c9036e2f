"""What a build tells its caller: its errors, the report of a run and the plan of a dry run."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, field

from narrate.errors import NarrateError

# Errors that mean the output folder cannot be written at all: stop the run instead of failing each article.
FATAL_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


class BuildError(NarrateError):
    """The build as a whole cannot run or cannot write its output."""


class BuildLocked(BuildError):
    """Another build holds the lock."""


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feed_written: bool = False
    skipped: list[str] = field(default_factory=list)  # inbox files that are not articles (e.g. notes.docx)
    in_feed: int = 0  # episodes in the feed after the run


@dataclass
class BuildPlan:
    """What a build would do now (`narrate build --dry-run`); nothing is written to find out."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    retire: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)  # files in the output folder
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


Say = Callable[[str], None]  # one line of news for the user (verbose mode)
