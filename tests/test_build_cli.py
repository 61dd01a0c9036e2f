"""`narrate build` on a terminal and from anywhere in a project: config checked up front, skipped files listed,
a one-line summary, --dry-run, `narrate episodes`, and published MP3s that never change bytes."""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import read_all

CONFIG = """[podcast]
title = "Harbour Notes"
base_url = "http://127.0.0.1:8000/"
"""
ARTICLES = {
    "ferry.txt": "Ferry returns\n\nThe night ferry sails again from Monday.\n",
    "market.md": "# Market opens late\n\nThe fish market opened an hour late today.\n",
}


def narrate(project: Path, *args, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], cwd=project, capture_output=True, text=True, timeout=timeout
    )


def make_project(root: Path, articles: dict[str, str], config: str = CONFIG) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "narrate.toml").write_text(config)
    for name, text in articles.items():
        (root / "articles" / name).write_text(text)
    return root


def on_a_terminal(project: Path, *args) -> tuple[int, str]:
    """Run narrate with stdout on a pseudo-terminal; its exit code and what it printed there."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", *args],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    output = read_all(controller)
    return process.wait(timeout=300), output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("project"), ARTICLES)
    (project / "articles" / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    result = narrate(project, "build", "-v")
    assert result.returncode == 0, result.stderr
    return project, result


def test_verbose_lists_skipped_files_once(built):
    _, result = built
    assert result.stdout.count("skipped notes.docx (not a kind of article narrate reads)") == 1
    assert "built 2, unchanged 0, failed 0, retired 0; 2 episodes in the feed" in result.stdout


def test_nothing_new_is_one_line_on_a_terminal_and_silent_for_cron(built):
    project, _ = built
    code, shown = on_a_terminal(project, "build")
    assert code == 0
    assert shown.strip() == f"nothing new; 2 episodes in the feed ({Path('output') / 'feed.xml'})"
    assert narrate(project, "build").stdout == ""  # not a terminal: cron mail stays empty


def test_config_is_found_in_a_parent_folder(built):
    project, _ = built
    result = narrate(project / "articles", "episodes")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == f"2 episodes in {Path('..') / 'output' / 'feed.xml'}"
    assert "Ferry returns  (ferry-returns.mp3)" in lines[0] and lines[0].split()[0] == "1"
    assert "Market opens late  (market-opens-late.mp3)" in lines[1]
    assert narrate(project / "articles", "build", "--dry-run").stdout.startswith("dry run: 0 to build")


def test_dry_run_says_what_would_change_and_changes_nothing(built, tmp_path):
    project, _ = built
    (project / "articles" / "storm.txt").write_text("Storm closes coast road\n\nThe coast road closed at noon.\n")
    (project / "articles" / "ferry.txt").write_text("Ferry returns\n\nThe night ferry sails again from Tuesday.\n")
    before = {p.name: digest(p) for p in (project / "output").rglob("*") if p.is_file()}
    try:
        result = narrate(project, "build", "--dry-run", "--keep-last", "2")
        after = {p.name: digest(p) for p in (project / "output").rglob("*") if p.is_file()}
    finally:
        (project / "articles" / "storm.txt").unlink()
        (project / "articles" / "ferry.txt").write_text(ARTICLES["ferry.txt"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "would build storm.txt (new)",
        "would rebuild ferry.txt (changed)",
        "would retire ferry.txt",  # older than market.md, built after it
        "would delete ferry-returns.mp3",
        "dry run: 2 to build, 1 unchanged, 1 to retire, 1 file to delete; nothing was changed",
    ]
    assert after == before


def test_dry_run_before_the_first_build_writes_nothing(tmp_path):
    project = make_project(tmp_path / "fresh", ARTICLES)
    result = narrate(project, "build", "-n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["would build ferry.txt (new)", "would build market.md (new)"]
    assert not (project / "output").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["build", "--dry-run"],
        ["serve", "--port", "0"],
        ["episodes"],
        ["sources"],
        ["add", "https://example.org/a"],
    ],
)
def test_a_misspelt_profile_fails_every_command_even_with_nothing_new(tmp_path, command):
    project = make_project(tmp_path / "p", {}, CONFIG + '[voices]\nprofile = "defualt"\n')
    (project / "output").mkdir()
    result = narrate(project, *command, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "narrate: error: narrate.toml: voices.profile: unknown voice profile 'defualt' (available: "
        + result.stderr.split("(available: ", 1)[1].strip()
    ]
    assert not (project / "output" / "feed.xml").exists()


def test_a_cover_that_is_not_an_image_fails_before_building(tmp_path):
    project = make_project(tmp_path / "p", ARTICLES, CONFIG + 'cover = "cover.png"\n')
    (project / "cover.png").write_text("not a picture")
    result = narrate(project, "build", timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "narrate: error: narrate.toml: podcast.cover cover.png: not a JPEG or PNG "
        "image (the file cannot be decoded as one)"
    )
    assert not (project / "output" / "feed.xml").exists()


def test_published_mp3s_keep_their_bytes_when_the_podcast_is_renamed(built):
    """README: an episode's MP3 never changes behind its URL; the feed carries the new title and URL."""
    project, _ = built
    mp3s = {p.name: digest(p) for p in (project / "output").glob("*.mp3")}
    result = narrate(project, "build", "--title", "Harbour Evenings", "--base-url", "http://10.0.0.7:8000/")
    try:
        assert result.returncode == 0, result.stderr
        assert {p.name: digest(p) for p in (project / "output").glob("*.mp3")} == mp3s
        channel = ET.parse(project / "output" / "feed.xml").getroot().find("channel")
        assert channel.findtext("title") == "Harbour Evenings"
        assert all(e.get("url").startswith("http://10.0.0.7:8000/") for e in channel.iter("enclosure"))
    finally:
        assert narrate(project, "build").returncode == 0  # the feed as the config has it, for the other tests
