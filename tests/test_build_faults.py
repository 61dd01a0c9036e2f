"""Faults during a real `narrate build`: killed by a signal, disk full, read-only output. Nothing published is lost."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


BASE = "https://casts.example.org/harbour/"
CONFIG = '[podcast]\ntitle = "Harbour Notes"\nbase_url = "https://casts.example.org/harbour/"\n'


def make_project(root: Path, count: int, words: str = "The tide came in slowly over the old stones.") -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "narrate.toml").write_text(CONFIG)
    add_articles(root, range(count), words)
    return root


def add_articles(root: Path, numbers, words: str) -> None:
    for n in numbers:
        (root / "articles" / f"story-{n}.txt").write_text(f"Story {n}\n\n{words} That was story {n}.\n")


def narrate_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", "build", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def start_build(project: Path) -> subprocess.Popen:
    """A real build in the background, with a cold synthesis cache so that it is still speaking when signalled."""
    env = dict(os.environ, NARRATE_CACHE_DIR=str(project.parent / "cold-cache"))
    # A job started in the background of a non-interactive shell inherits SIGINT as ignored; restore the
    # default so that Python turns Ctrl-C into KeyboardInterrupt as it does at a terminal.
    return subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "-v"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def feed_files(project: Path) -> list[str]:
    channel = ET.parse(project / "output" / "feed.xml").getroot().find("channel")
    return [item.find("enclosure").get("url").removeprefix(BASE) for item in channel.findall("item")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_consistent(project: Path) -> None:
    """No temp files; the database, the feed and the MP3s on disk agree."""
    out = project / "output"
    assert not [p.name for p in out.iterdir() if p.name.endswith((".part", ".tmp"))]
    with sqlite3.connect(out / ".narrate" / "state.db") as db:
        recorded = {r[0] for r in db.execute("SELECT file_name FROM episodes WHERE retired = 0")}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    on_disk = {p.name for p in out.glob("*.mp3")}
    assert recorded == on_disk
    assert set(feed_files(project)) <= on_disk


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A project whose one article is built and published."""
    project = make_project(tmp_path_factory.mktemp("seeded") / "project", 1)
    assert narrate_build(project).returncode == 0
    return project


@pytest.fixture
def project(seeded, tmp_path):
    return Path(shutil.copytree(seeded, tmp_path / "project", symlinks=True))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_mid_build_stops_promptly_and_the_next_run_finishes(project, signum):
    good_feed = (project / "output" / "feed.xml").read_bytes()
    add_articles(project, range(1, 3), "The tide came in slowly over the old stones, and the gulls went quiet. " * 8)

    process = start_build(project)
    for line in process.stderr:  # progress lines: kill while the second new article is being spoken
        if line.startswith("[2/2]"):
            break
    time.sleep(0.5)
    sent = time.monotonic()
    process.send_signal(signum)
    process.wait(timeout=30)
    stopped_after = time.monotonic() - sent
    assert process.returncode == 128 + signum
    assert stopped_after < 10
    assert (project / "output" / "feed.xml").read_bytes() == good_feed  # the last good feed is intact
    assert_consistent(project)

    result = narrate_build(project, "-v")
    assert result.returncode == 0, result.stderr
    assert "built 1, unchanged 2" in result.stdout  # the article finished before the signal is kept
    assert len(feed_files(project)) == 3
    assert_consistent(project)


def test_killed_hard_mid_build_is_cleaned_up_by_the_next_run(project):
    good_feed = (project / "output" / "feed.xml").read_bytes()
    add_articles(project, range(1, 3), "The lamps along the quay were lit one by one as night fell. " * 8)
    process = start_build(project)
    for line in process.stderr:
        if line.startswith("[2/2]"):
            break
    time.sleep(0.3)
    process.kill()  # SIGKILL: no cleanup code runs at all
    process.wait(timeout=30)
    assert (project / "output" / "feed.xml").read_bytes() == good_feed
    result = narrate_build(project, "-v")
    assert result.returncode == 0, result.stderr
    assert "built 1, unchanged 2" in result.stdout
    assert len(feed_files(project)) == 3
    assert_consistent(project)


@pytest.fixture
def small_filesystem(tmp_path):
    """A real 3 MiB tmpfs mounted at tmp_path/project/output (needs root or CAP_SYS_ADMIN)."""
    out = tmp_path / "project" / "output"
    out.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield tmp_path / "project"
    subprocess.run(["umount", "-l", str(out)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def published_on(small_filesystem: Path) -> Path:
    """Build and publish one article into the small filesystem; return the project."""
    project = small_filesystem
    (project / "articles").mkdir()
    (project / "narrate.toml").write_text(CONFIG)
    add_articles(project, [0], "The harbour wall held through the storm.")
    assert narrate_build(project).returncode == 0
    return project


def test_disk_full_is_a_clear_error_and_nothing_published_changes(small_filesystem):
    project = published_on(small_filesystem)
    out = project / "output"
    published = snapshot(out)
    add_articles(project, [1], "A second story arrives while the disk is full.")
    filler = fill(out)
    result = narrate_build(project)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr or "disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    assert {k: v for k, v in snapshot(out).items() if k != "filler.bin"} == published
    filler.unlink()
    result = narrate_build(project)
    assert result.returncode == 0, result.stderr
    assert len(feed_files(project)) == 2
    assert_consistent(project)


def test_read_only_output_is_a_clear_error_and_nothing_published_changes(small_filesystem):
    project = published_on(small_filesystem)
    out = project / "output"
    published = snapshot(out)
    add_articles(project, [1], "A second story arrives while the folder is read-only.")
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    try:
        result = narrate_build(project)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(out)], check=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Read-only file system" in lines[0] and "untouched" in lines[0]
    assert snapshot(out) == published
    assert narrate_build(project).returncode == 0
    assert len(feed_files(project)) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_permission_denied_output_is_a_clear_error(project):
    out = project / "output"
    published = snapshot(out)
    add_articles(project, [1], "Another story for a folder nobody may write.")
    out.chmod(0o555)
    try:
        result = narrate_build(project)
    finally:
        out.chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(out) == published
