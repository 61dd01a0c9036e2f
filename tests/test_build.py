"""`narrate build` end to end: real Piper, ffmpeg, SQLite and files, on one- or two-sentence articles."""

from __future__ import annotations

import fcntl
import hashlib
import io
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import podcastparser
import pytest
from mutagen.mp3 import MP3

from helpers import read_all
from narrate.publish.build import build
from narrate.publish.config_file import load_config
from narrate.publish.feed import ITUNES
from narrate.publish.state import EpisodeRow, episode_guid

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


BASE = "https://casts.example.org/harbour/"
CONFIG = """[podcast]
title = "Harbour Notes"
author = "Harbour Desk"
owner_name = "Ida Marsh"
owner_email = "ida@example.org"
language = "en-GB"
category = "News"
subcategory = "Daily News"
base_url = "http://wrong.example.org/"
"""
ARTICLES = {
    "ferry.md": "# Night ferry returns\n\nThe night ferry sails again from Monday.\n",
    "notes/market.txt": "Market day moves\n\nThe Saturday market moves to the quay.\n",
}


def make_project(root: Path, articles: dict[str, str], config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "narrate.toml").write_text(config, encoding="utf-8")
    for name, text in articles.items():
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    return root


def narrate(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args], cwd=project, capture_output=True, text=True, timeout=timeout
    )


def feed_items(project: Path) -> list[ET.Element]:
    return ET.parse(project / "output" / "feed.xml").getroot().find("channel").findall("item")


def output_files(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "output").iterdir() if p.is_file()}


def load(project: Path, **retention):
    return load_config(project / "narrate.toml", {"podcast": {"base_url": BASE}, "retention": retention})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("project"), ARTICLES)
    started = datetime.now(timezone.utc).replace(microsecond=0)
    result = narrate(project, "build", "--base-url", BASE)
    finished = datetime.now(timezone.utc)
    return project, result, started, finished


def test_first_build_is_quiet_and_succeeds(built):
    _, result, _, _ = built
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_feed_parses_cleanly_with_both_parsers(built):
    project = built[0]
    data = (project / "output" / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 2
    podcast = podcastparser.parse(BASE + "feed.xml", io.BytesIO(data))
    assert len(podcast["episodes"]) == 2
    for episode in podcast["episodes"]:
        assert episode["enclosures"] and episode["total_time"] > 0


def test_cli_base_url_overrides_the_config(built):
    project = built[0]
    for item in feed_items(project):
        assert item.find("enclosure").get("url").startswith(BASE)
    assert b"wrong.example.org" not in (project / "output" / "feed.xml").read_bytes()


def test_enclosures_match_the_files_exactly(built):
    project = built[0]
    for item in feed_items(project):
        enclosure = item.find("enclosure")
        mp3 = project / "output" / enclosure.get("url").removeprefix(BASE)
        assert int(enclosure.get("length")) == mp3.stat().st_size
        assert enclosure.get("type") == "audio/mpeg"
        assert item.findtext(f"{{{ITUNES}}}duration") == str(round(MP3(mp3).info.length))


def test_guids_come_from_the_article_path(built):
    project = built[0]
    guids = {item.findtext("title"): item.findtext("guid") for item in feed_items(project)}
    assert guids == {
        "Night ferry returns": episode_guid("ferry.md"),
        "Market day moves": episode_guid("notes/market.txt"),
    }


def test_pubdate_is_first_build_time_without_an_article_date(built):
    project, _, started, finished = built
    for item in feed_items(project):
        assert started <= parsedate_to_datetime(item.findtext("pubDate")) <= finished


def test_state_records_every_episode(built):
    project = built[0]
    db = sqlite3.connect(project / "output" / ".narrate" / "state.db")
    rows = db.execute("SELECT source, content_hash, file_name, byte_length, episode_number FROM episodes").fetchall()
    assert sorted(r[4] for r in rows) == [1, 2]
    for source, digest, file_name, length, _ in rows:
        assert digest == hashlib.sha256((project / "articles" / source).read_bytes()).hexdigest()
        assert (project / "output" / file_name).stat().st_size == length


def test_unchanged_inbox_rebuilds_nothing_and_loads_no_voice(built):
    project = built[0]
    before = output_files(project)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (project / "output").iterdir() if p.is_file()}
    code = (
        "import sys; from narrate.publish.build import build; from narrate.publish.config_file import load_config;"
        f"r = build(load_config(overrides={{'podcast': {{'base_url': {BASE!r}}}}}));"
        "print(len(r.built), r.unchanged, r.feed_written, 'onnxruntime' in sys.modules, 'piper' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "2", "False", "False", "False"], result.stderr
    assert output_files(project) == before
    assert {p.name: p.stat().st_mtime_ns for p in (project / "output").iterdir() if p.is_file()} == mtimes


def test_second_run_while_one_holds_the_lock_exits_clearly(built):
    project = built[0]
    before = output_files(project)
    with open(project / "output" / ".narrate" / "build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = narrate(project, "build", "--base-url", BASE, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "another `narrate build` is running" in result.stderr
    assert output_files(project) == before


def test_changed_article_keeps_guid_and_number_and_replaces_its_file(tmp_path):
    project = make_project(tmp_path, {"ferry.md": ARTICLES["ferry.md"]})
    config = load(project)
    build(config)
    [old] = feed_items(project)
    old_file = old.find("enclosure").get("url").removeprefix(BASE)
    (project / "articles" / "ferry.md").write_text("# Night ferry returns\n\nThe ferry now sails on Sundays too.\n")
    report = build(config)
    assert report.built == ["ferry.md"]
    [new] = feed_items(project)
    assert new.findtext("guid") == old.findtext("guid") == episode_guid("ferry.md")
    assert new.findtext(f"{{{ITUNES}}}episode") == old.findtext(f"{{{ITUNES}}}episode") == "1"
    assert new.findtext("pubDate") == old.findtext("pubDate")
    assert "Sundays" in new.findtext("description")
    new_file = new.find("enclosure").get("url").removeprefix(BASE)
    assert new_file != old_file
    assert not (project / "output" / old_file).exists()
    assert int(new.find("enclosure").get("length")) == (project / "output" / new_file).stat().st_size


def test_bad_articles_fail_alone_with_reasons_and_are_retried(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Private notes\n\nThese must never be published.\n")
    project = make_project(
        tmp_path / "p",
        {
            "good.txt": "Good news\n\nThe pier reopened today.\n",
            "empty.txt": "   \n",
            "hostile/\u202e\U0001f600\x01 name.txt": (
                "../../etc/passwd \U0001f600 \u0645\u0631\u062d\u0628\u0627\n\nA title full of slashes and emoji.\n"
            ),
            "rtl.md": "# \u0645\u0631\u062d\u0628\u0627 \U0001f30a\n\nA title with no Latin letters at all.\n",
        },
    )
    (project / "articles" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (project / "articles" / "leak.txt").symlink_to(outside)
    (project / "articles" / "leak-dir").symlink_to(tmp_path)
    result = narrate(project, "build", "--base-url", BASE)
    assert result.returncode == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("narrate: failed: ")]
    assert len(failed) == 4
    assert any("leak-dir: symlinked folder points outside the inbox" in line for line in failed)
    assert any(line.endswith("articles/empty.txt: the article is empty") for line in failed)
    assert any("binary.txt: " in line and "binary" in line.split("binary.txt: ", 1)[1] for line in failed)
    assert any("leak.txt: symlink points outside the inbox" in line for line in failed)
    assert "4 article(s) failed" in result.stderr.splitlines()[-1]

    output = (project / "output").resolve()
    files = sorted(p.name for p in output.iterdir() if p.suffix == ".mp3")
    assert len(files) == 3
    assert all(p.resolve().parent == output for p in output.rglob("*") if ".narrate" not in p.parts)
    assert all(name.isascii() and "/" not in name and not name.startswith(".") for name in files)
    assert "etc-passwd.mp3" in files
    assert any(name.startswith("episode-") for name in files)  # the RTL-only title falls back to a safe name
    assert b"never be published" not in (project / "output" / "feed.xml").read_bytes()
    assert len(feed_items(project)) == 3

    (project / "articles" / "empty.txt").write_text("Empty no more\n\nIt has a sentence now.\n")
    (project / "articles" / "binary.txt").unlink()
    (project / "articles" / "leak.txt").unlink()
    (project / "articles" / "leak-dir").unlink()
    result = narrate(project, "build", "--base-url", BASE, "-v")
    assert result.returncode == 0, result.stderr
    assert "built 1, unchanged 3, failed 0" in result.stdout
    assert len(feed_items(project)) == 4


def test_retention_keep_last_removes_items_and_files_together(tmp_path):
    project = make_project(tmp_path, {f"a{n}.txt": f"Story {n}\n\nShort story number {n}.\n" for n in (1, 2, 3)})
    build(load(project))
    numbers = {
        i.findtext(f"{{{ITUNES}}}episode"): i.find("enclosure").get("url").removeprefix(BASE)
        for i in feed_items(project)
    }
    report = build(load(project, keep_last=2))
    assert len(report.retired) == 1
    kept = {i.findtext(f"{{{ITUNES}}}episode") for i in feed_items(project)}
    assert kept == {"2", "3"}
    assert not (project / "output" / numbers["1"]).exists()
    assert (project / "output" / numbers["2"]).exists() and (project / "output" / numbers["3"]).exists()
    again = build(load(project, keep_last=2))  # a retired article stays retired: no rebuild
    assert (again.built, again.unchanged) == ([], 3)


def test_retention_max_age_drops_old_episodes(tmp_path):
    project = make_project(tmp_path, {"old.txt": "Old story\n\nThis happened long ago.\n"})
    build(load(project))
    [item] = feed_items(project)
    mp3 = project / "output" / item.find("enclosure").get("url").removeprefix(BASE)
    forty_days_ago = (datetime.now(timezone.utc) - timedelta(days=40)).isoformat()
    with sqlite3.connect(project / "output" / ".narrate" / "state.db") as db:  # let 40 days pass
        db.execute("UPDATE episodes SET first_built = ?", (forty_days_ago,))
    build(load(project, max_age_days=60))
    assert len(feed_items(project)) == 1
    report = build(load(project, max_age_days=30))
    assert report.retired == ["old.txt"]
    assert feed_items(project) == [] and not mp3.exists()


def test_pub_date_prefers_the_article_date():
    row = EpisodeRow(
        guid="g",
        source="a.txt",
        content_hash="h",
        title="t",
        description="",
        link=None,
        date="2024-05-01",
        file_name="a.mp3",
        byte_length=1,
        duration=1.0,
        episode_number=1,
        first_built="2026-01-02T03:04:05+00:00",
        built="2026-01-02T03:04:05+00:00",
    )
    assert row.pub_date == datetime(2024, 5, 1, tzinfo=timezone.utc)
    assert EpisodeRow(**{**row.__dict__, "date": "2024-05-01T08:30:00+02:00"}).pub_date == datetime(
        2024, 5, 1, 6, 30, tzinfo=timezone.utc
    )
    for unusable in (None, "", "last Tuesday"):
        assert EpisodeRow(**{**row.__dict__, "date": unusable}).pub_date == datetime(
            2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc
        )


def test_damaged_database_is_moved_aside_and_recovered_once(tmp_path):
    project = make_project(tmp_path, {"ferry.md": ARTICLES["ferry.md"]})
    build(load(project))
    [before] = feed_items(project)
    db = project / "output" / ".narrate" / "state.db"
    db.write_bytes(b"this is not a database at all" * 100)
    result = narrate(project, "build", "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if line.startswith("narrate: warning:")]
    assert len(warning) == 1 and "damaged state database" in warning[0] and "recovered 1 episodes" in warning[0]
    assert list(db.parent.glob("state.db.damaged-*"))
    [after] = feed_items(project)
    assert after.findtext("guid") == before.findtext("guid")
    assert after.findtext(f"{{{ITUNES}}}episode") == before.findtext(f"{{{ITUNES}}}episode")
    assert after.findtext("pubDate") == before.findtext("pubDate")
    assert len(list((project / "output").glob("*.mp3"))) == 1
    result = narrate(project, "build", "--base-url", BASE, "-v")  # healthy again: no warning, no rebuild
    assert result.returncode == 0 and "warning" not in result.stderr
    assert "built 0, unchanged 1" in result.stdout


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\x10\x60\xa0"))
        + chunk(b"IEND", b"")
    )


def test_configured_cover_is_copied_into_output_and_named_in_the_feed(tmp_path):
    project = make_project(tmp_path, {}, CONFIG + 'cover = "art/cover.png"\n')
    (project / "art").mkdir()
    (project / "art" / "cover.png").write_bytes(tiny_png())
    build(load(project))
    assert (project / "output" / "cover.png").read_bytes() == tiny_png()
    channel = ET.parse(project / "output" / "feed.xml").getroot().find("channel")
    assert channel.find(f"{{{ITUNES}}}image").get("href") == BASE + "cover.png"
    assert channel.find("image").findtext("url") == BASE + "cover.png"
    assert feedparser.parse(project / "output" / "feed.xml").bozo == 0


def test_missing_cover_is_one_clear_error(tmp_path):
    project = make_project(tmp_path, {}, CONFIG + 'cover = "art/missing.png"\n')
    result = narrate(project, "build", timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "narrate: error: narrate.toml: podcast.cover art/missing.png: no such file"
    ]
    assert not (project / "output" / "feed.xml").exists()


def test_cli_paths_override_the_config_relative_to_the_current_folder(tmp_path):
    project = make_project(tmp_path / "project", {}, CONFIG + "[retention]\nkeep_last = 5\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "bad.txt").write_text("")
    result = narrate(
        tmp_path,
        "build",
        "-c",
        "project/narrate.toml",
        "--inbox",
        "elsewhere",
        "--output",
        "published",
        "--title",
        "Overridden",
        "--keep-last",
        "0",
        "-v",
        timeout=60,
    )
    assert result.returncode == 1  # the one (empty) article fails, so the inbox override was used
    assert "elsewhere/bad.txt" in result.stderr
    feed = ET.parse(tmp_path / "published" / "feed.xml").getroot().find("channel")
    assert feed.findtext("title") == "Overridden"
    assert not (project / "output").exists()
    result = narrate(tmp_path, "build", "-c", "project/narrate.toml", "--keep-last", "-1", timeout=60)
    assert result.returncode == 2 and "--keep-last" in result.stderr  # a usage error, as click reports it


def test_progress_is_shown_on_a_terminal(tmp_path):
    import os
    import pty

    project = make_project(tmp_path, {"broken.txt": ""})
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    process.wait(timeout=60)
    output = read_all(controller)
    assert "[1/1] broken.txt" in output
    assert process.returncode == 1


def test_episodes_are_mono_at_minus_19_lufs_for_the_configs_podcast_norm(built):
    """audio.loudness states the podcast norm as for stereo (-16 by default, as every existing narrate.toml
    says); a mono episode plays on both speakers, so it is made 3 LU quieter (AES TD1004)."""
    from audio_checks import loudness

    project = built[0]
    assert load(project).audio.loudness == -16.0
    for mp3 in (project / "output").glob("*.mp3"):
        integrated, true_peak = loudness(mp3)
        assert MP3(mp3).info.channels == 1
        assert -20.0 <= integrated <= -18.0 and true_peak <= -1.0, mp3.name
