"""Progress on long work: a bar redrawn in place on a terminal, plain log lines otherwise.

On a terminal the bar shows the article (n of N) and its segments. When stderr is not a terminal
(cron, pipes, CI), nothing is drawn unless asked for (`--verbose`), and then only a few plain lines
per article (start, every quarter, done), so cron mail stays short and readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 24


class ArticleProgress:
    """Callable as a voicing progress hook: (segments done, total or None)."""

    def __init__(self, label: str, index: int, count: int, *, stream: TextIO | None = None, mode: str = "auto") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.prefix = f"[{index}/{count}] " if count > 1 else ""
        self.mode = _resolve(mode, self.stream)
        self.last_quarter = -1
        self.last_draw = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        if self.mode == "bar":
            self._draw(done, total)
        elif self.mode == "lines":
            self._line(done, total)

    def start(self) -> None:
        if self.mode == "lines":
            self._write(f"narrate: {self.prefix}voicing {self.label}\n")

    def finish(self) -> None:
        if self.mode == "bar":
            self._write("\r\033[K")
        elif self.mode == "lines":
            self._write(f"narrate: {self.prefix}mixed and tagged {self.label}\n")

    def _draw(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if total is not None and done < total and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        if total:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"{self.prefix}{self.label} [{bar}] {done}/{total} segments"
        else:
            text = f"{self.prefix}{self.label} {done} segments"
        self._write(f"\r\033[K{text}")

    def _line(self, done: int, total: int | None) -> None:
        if not total:
            return
        quarter = 4 * done // total
        if quarter > self.last_quarter and quarter > 0:
            self.last_quarter = quarter
            self._write(f"narrate: {self.prefix}voiced {25 * quarter}% of {self.label} ({done}/{total} segments)\n")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _resolve(mode: str, stream: TextIO) -> str:
    """auto: a bar on a terminal, silence elsewhere; verbose: a bar on a terminal, lines elsewhere."""
    tty = hasattr(stream, "isatty") and stream.isatty()
    if mode in ("bar", "lines", "off"):
        return mode
    if mode == "verbose":
        return "bar" if tty else "lines"
    return "bar" if tty else "off"
