"""`narrate convert` with several articles: unique names, no silent overwrite, every article tried, -o FILE.mp3.

Real Piper on two-sentence articles; nothing of narrate is mocked.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from mutagen.id3 import ID3

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


def narrate(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def album_of(mp3) -> str:
    return str(ID3(mp3)["TALB"])


def test_same_titles_in_one_run_get_distinct_names(tmp_path, write_article):
    first = write_article("Weekly update\n\nThe bell rang twice at noon.", "u1.txt")
    second = write_article("Weekly update\n\nThe market opened late.", "u2.txt")
    out = tmp_path / "dup"
    result = narrate("convert", first, second, "-o", out)
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        str(out / "weekly-update.mp3"),
        str(out / "weekly-update-2.mp3"),
    ]
    texts = {p.name: p.read_text() for p in out.glob("*.vtt")}
    assert "The bell rang" in texts["weekly-update.vtt"] and "The market" in texts["weekly-update-2.vtt"]


def test_an_earlier_episode_of_another_article_is_never_overwritten(tmp_path, write_article):
    out = tmp_path / "out"
    first = write_article("Weekly update\n\nThe bell rang twice at noon.", "u1.txt")
    assert narrate("convert", first, "-o", out, "--album", "First run").returncode == 0
    other = write_article("Weekly update\n\nThe market opened late.", "u2.txt")
    result = narrate("convert", other, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(out / "weekly-update-2.mp3"))
    assert album_of(out / "weekly-update.mp3") == "First run"  # the first article's episode is intact
    # Converting the first article again replaces its own episode: no third file.
    again = narrate("convert", first, "-o", out, "--album", "Second run")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(str(out / "weekly-update.mp3"))
    assert album_of(out / "weekly-update.mp3") == "Second run"
    assert sorted(p.name for p in out.glob("*.mp3")) == ["weekly-update-2.mp3", "weekly-update.mp3"]


def test_every_good_article_is_converted_and_each_failure_is_one_line(tmp_path, write_article):
    good_a = write_article("First note\n\nThe bell rang twice at noon.", "a.txt")
    good_b = write_article("# Second note\n\nThe market opened late.", "b.md")
    folder = tmp_path / "drafts"
    folder.mkdir()
    out = tmp_path / "out"
    result = narrate("convert", good_a, tmp_path / "missing.md", folder, good_b, "-o", out)
    assert result.returncode == 1
    assert sorted(p.name for p in out.glob("*.mp3")) == ["first-note.mp3", "second-note.mp3"]
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"narrate: error: {tmp_path / 'missing.md'}: no such file",
        f"narrate: error: {folder}: is a directory, not an article file (give the files in it, e.g. {folder}/*.md)",
        "narrate: error: 2 of 4 articles failed",
    ]
    assert "Traceback" not in result.stderr and "(none)" not in result.stderr


def test_an_article_that_fails_while_reading_does_not_stop_the_next(tmp_path, write_article):
    empty = write_article("  \n\n", "empty.txt")
    good = write_article("Harbour note\n\nThe ferry left on time.", "good.txt")
    result = narrate("convert", empty, good, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert (tmp_path / "out" / "harbour-note.mp3").is_file()
    assert result.stderr.splitlines()[0] == f"narrate: error: {empty}: the article is empty"


def test_output_file_name_for_one_article(tmp_path, write_article):
    article = write_article("Weekly update\n\nThe bell rang twice at noon.", "u1.txt")
    target = tmp_path / "shows" / "episode.mp3"
    result = narrate("convert", article, "-o", target)
    assert result.returncode == 0, result.stderr
    assert target.is_file() and not (target / "weekly-update.mp3").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "cover.png",
        "episode.chapters.json",
        "episode.mp3",
        "episode.vtt",
    ]


def test_output_file_name_for_several_articles_is_a_usage_error(tmp_path, write_article):
    a = write_article("One\n\nThe bell rang.", "a.txt")
    b = write_article("Two\n\nThe bell rang again.", "b.txt")
    result = narrate("convert", a, b, "-o", tmp_path / "x.mp3")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"narrate: error: -o {tmp_path / 'x.mp3'}: one file name for 2 articles; "
        f"give a folder (e.g. -o {tmp_path / 'x'}) or convert them one at a time"
    )
    wav = narrate("convert", a, "-o", tmp_path / "x.wav")
    assert wav.returncode == 2 and "convert writes MP3 episodes" in wav.stderr
    assert not list(tmp_path.glob("x*"))
