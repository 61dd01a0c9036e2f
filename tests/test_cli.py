"""The command line, through typer's runner and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE
from narrate.cli import app

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


runner = CliRunner()


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize("command", [[], ["convert"], ["segment"]])
def test_help_explains_each_command(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert len(result.output.split()) > 20


def test_convert_example_as_subprocess(tmp_path):
    result = run_cli("convert", EXAMPLE, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    mp3s = list(tmp_path.glob("*.mp3"))
    assert [p.name for p in mp3s] == ["harbour-town-votes-to-bring-back-its-night-ferry.mp3"]
    assert mp3s[0].stat().st_size > 50_000
    assert not list(tmp_path.glob(".*part"))


def test_convert_several_files_to_output_folder(tmp_path, write_article):
    a = write_article("The first note\n\nThe bell rang twice at noon.", "a.txt")
    b = write_article("# Second note\n\nThe market opened late.", "b.md")
    out = tmp_path / "somewhere"
    result = runner.invoke(app, ["convert", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.mp3")) == ["second-note.mp3", "the-first-note.mp3"]


def _assert_clean_failure(result, out_dir, *fragments):
    assert result.returncode != 0
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, line
    assert line.startswith("narrate: error:")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in line
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_missing_file(tmp_path):
    out = tmp_path / "out"
    _assert_clean_failure(run_cli("convert", tmp_path / "nope.txt", "-o", out), out, "nope.txt", "no such file")


def test_unsupported_extension(tmp_path, write_article):
    path = write_article("Some words.", "notes.pdf")
    out = tmp_path / "out"
    _assert_clean_failure(run_cli("convert", path, "-o", out), out, "notes.pdf", "unsupported")


def test_empty_article(tmp_path, write_article):
    path = write_article("  \n\n \t\n", "empty.txt")
    out = tmp_path / "out"
    _assert_clean_failure(run_cli("convert", path, "-o", out), out, "empty.txt", "empty")


def test_unreadable_file(tmp_path, write_article):
    path = write_article("A title\n\nA body.", "locked.txt")
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: a directory with an article's name cannot be read
        path.unlink()
        path.mkdir()
    out = tmp_path / "out"
    _assert_clean_failure(run_cli("convert", path, "-o", out), out, "locked.txt")


def test_debug_shows_traceback(tmp_path):
    result = run_cli("--debug", "convert", tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_gtts_offline_is_one_clear_line(tmp_path, write_article, is_online):
    if is_online:
        pytest.skip("online: the offline error path cannot be shown")
    path = write_article("A title\n\nA body that needs Google.", "online.txt")
    out = tmp_path / "out"
    result = run_cli("convert", path, "-o", out, "--backend", "gtts")
    _assert_clean_failure(result, out, "gtts", "internet", "--backend piper")


@pytest.mark.online
def test_gtts_speaks_when_online(tmp_path, write_article, is_online):
    if not is_online:
        pytest.skip("offline: gTTS needs the internet")
    path = write_article("A title\n\nA short body.", "online.txt")
    result = run_cli("convert", path, "-o", tmp_path, "--backend", "gtts")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a-title.mp3").stat().st_size > 5_000
