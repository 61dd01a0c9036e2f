"""Progress display: a bar on a real terminal (a pty), plain lines or silence elsewhere."""

from __future__ import annotations

import io
import os

import pytest

from helpers import read_all
from narrate.progress import ArticleProgress


def drive(progress: ArticleProgress, total: int) -> None:
    progress.start()
    for done in range(1, total + 1):
        progress(done, total)
    progress.finish()


def test_not_a_terminal_is_silent_by_default():
    stream = io.StringIO()
    drive(ArticleProgress("story.md", 1, 1, stream=stream), 40)
    assert stream.getvalue() == ""


def test_verbose_off_a_terminal_gives_a_few_plain_lines():
    stream = io.StringIO()
    drive(ArticleProgress("story.md", 2, 3, stream=stream, mode="verbose"), 40)
    lines = stream.getvalue().splitlines()
    assert lines == [
        "narrate: [2/3] voicing story.md",
        "narrate: [2/3] voiced 25% of story.md (10/40 segments)",
        "narrate: [2/3] voiced 50% of story.md (20/40 segments)",
        "narrate: [2/3] voiced 75% of story.md (30/40 segments)",
        "narrate: [2/3] voiced 100% of story.md (40/40 segments)",
        "narrate: [2/3] mixed and tagged story.md",
    ]
    assert "\r" not in stream.getvalue() and "\033" not in stream.getvalue()


@pytest.mark.slow
def test_a_terminal_gets_a_bar_redrawn_in_place():
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as tty:
        progress = ArticleProgress("story.md", 1, 2, stream=tty)
        drive(progress, 5)
    output = read_all(leader)
    assert "\r" in output and "\n" not in output.replace("\r\n", "")
    assert "[1/2] story.md [" in output
    assert "5/5 segments" in output  # the last state is always drawn
    assert output.endswith("\r\033[K")  # and cleared when the article is done
