"""Publishing to a folder (a web server's document root), private feeds, and `narrate serve --auth`."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

import pytest

from narrate.publish.config import Publish
from narrate.publish.config_file import tomllib
from narrate.publish.target import PublishError, open_target, target_names
from showkit import advance, copy_show, http, narrate, serving


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def docroot(tmp_path) -> Path:
    root = tmp_path / "www" / "podcast"
    root.mkdir(parents=True)
    return root


def test_both_targets_are_plugins_of_the_entry_point_group():
    assert {"folder", "s3"} <= set(target_names())
    assert type(open_target(Publish(target="/srv/podcast"))).__name__ == "FolderTarget"
    assert type(open_target(Publish(target="file:///srv/podcast"))).__name__ == "FolderTarget"
    assert type(open_target(Publish(target="s3://bucket/podcast"))).__name__ == "S3Target"
    with pytest.raises(PublishError, match=r"gopher://x: no publish target for gopher://"):
        open_target(Publish(target="gopher://x"))


def test_folder_publish_copies_the_show_then_nothing_then_retires(built_show, later_show, tmp_path, docroot):
    project = copy_show(built_show, tmp_path, "https://pod.example.org/quay/", target=str(docroot))
    first = narrate(project, "publish")
    assert first.returncode == 0, first.stderr
    out = project / "output"
    assert tree(docroot) == {k: v for k, v in tree(out).items() if not k.startswith(".narrate/")}
    assert "uploaded 0, deleted 0" in narrate(project, "publish").stdout
    advance(project, later_show)
    third = narrate(project, "publish")
    assert third.returncode == 0 and "deleted 3" in third.stdout
    assert tree(docroot) == {k: v for k, v in tree(out).items() if not k.startswith(".narrate/")}
    assert not list(docroot.glob(".*"))  # no temp files left beside the published ones


def test_a_missing_folder_is_one_line(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "https://pod.example.org/quay/", target=str(tmp_path / "nowhere"))
    result = narrate(project, "publish")
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"narrate: error: {tmp_path / 'nowhere'}: no such folder (create it, or fix "
        f"publish.target)"
    )


def test_a_non_https_base_url_is_a_warning(built_show, tmp_path, docroot):
    project = copy_show(built_show, tmp_path, "http://pod.example.org/quay/", target=str(docroot))
    result = narrate(project, "publish")
    assert result.returncode == 0
    assert "narrate: warning:" in result.stderr and "is not HTTPS" in result.stderr


def test_init_private_makes_an_unguessable_base_url_and_a_blocked_feed(built_show, tmp_path):
    first = narrate(tmp_path, "init", "a", "--private", "--base-url", "https://pod.example.org/quay/")
    second = narrate(tmp_path, "init", "b", "--private", "--base-url", "https://pod.example.org/quay/")
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    urls = [tomllib.loads((tmp_path / name / "narrate.toml").read_text())["podcast"]["base_url"] for name in "ab"]
    secrets = [re.fullmatch(r"https://pod\.example\.org/quay/([A-Za-z0-9_-]{24})/", url).group(1) for url in urls]
    assert secrets[0] != secrets[1]
    project = copy_show(built_show, tmp_path / "show", urls[0], private=True)
    feed = (project / "output" / "feed.xml").read_text()
    assert "<itunes:block>Yes</itunes:block>" in feed and "<podcast:block>yes</podcast:block>" in feed
    assert (
        '<meta name="robots" content="noindex, nofollow, noarchive">' in (project / "output" / "index.html").read_text()
    )


def test_rotating_the_secret_moves_the_show_and_removes_the_old_path(built_show, tmp_path, docroot):
    project = copy_show(
        built_show,
        tmp_path,
        "https://pod.example.org/podcast/Old-Secret-0123456789abcd/",
        target=str(docroot),
        private=True,
    )
    assert narrate(project, "publish").returncode == 0
    assert (docroot / "Old-Secret-0123456789abcd" / "feed.xml").is_file()
    result = narrate(project, "publish", "--rotate-secret")
    assert result.returncode == 0, result.stderr
    new_url = result.stdout.strip().splitlines()[-1].split(": ", 1)[1]
    secret = re.fullmatch(r"https://pod\.example\.org/podcast/([A-Za-z0-9_-]{24})/feed\.xml", new_url).group(1)
    assert sorted(p.name for p in docroot.iterdir()) == [secret]  # the old path is gone, folder and all
    feed = (docroot / secret / "feed.xml").read_text()
    assert new_url in feed and "Old-Secret" not in feed
    assert f'base_url = "https://pod.example.org/podcast/{secret}/"' in (project / "narrate.toml").read_text()


def test_serve_auth_asks_for_basic_credentials(built_show, tmp_path):
    output = tmp_path / "project" / "output"
    with serving(output, prefix="S3cret-path-0123456789", auth="listener:tide tables") as url:
        project = copy_show(built_show, tmp_path, url + "S3cret-path-0123456789/", private=True)
        good = {"Authorization": "Basic " + base64.b64encode(b"listener:tide tables").decode()}
        bad = {"Authorization": "Basic " + base64.b64encode(b"listener:tide").decode()}
        status, headers, _ = http(url + "S3cret-path-0123456789/feed.xml")
        assert status == 401 and headers["www-authenticate"].startswith("Basic ")
        assert http(url + "S3cret-path-0123456789/feed.xml", headers=bad)[0] == 401
        status, _, body = http(url + "S3cret-path-0123456789/feed.xml", headers=good)
        assert status == 200 and body == (project / "output" / "feed.xml").read_bytes()
        assert http(url + "feed.xml", headers=good)[0] == 404  # only under the secret path
        status, _, page = http(url + "S3cret-path-0123456789/", headers=good)
        assert status == 200 and b"<!doctype html>" in page
        assert http(url + "S3cret-path-0123456789", headers=good)[0] == 200  # redirected to the folder, then the page
        result = narrate(project, "check", "--auth", "listener:tide tables", url + "S3cret-path-0123456789/feed.xml")
        assert result.returncode == 0, result.stdout


def test_serve_command_with_auth_prints_the_private_feed_url(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "http://127.0.0.1:8000/S3cret-path-0123456789/", private=True)
    assert narrate(project, "serve", "--auth", "no-colon").returncode == 2
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "serve", "--port", "0", "-q", "--auth", "ann:pw"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        feed_line = [process.stdout.readline() for _ in range(2)][1].strip()
        feed_url = feed_line.removeprefix("Feed: ")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/S3cret-path-0123456789/feed\.xml", feed_url), feed_line
        assert http(feed_url)[0] == 401
        status, _, body = http(feed_url, headers={"Authorization": "Basic " + base64.b64encode(b"ann:pw").decode()})
        assert status == 200 and body == (project / "output" / "feed.xml").read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_private_needs_a_long_secret_segment(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "https://pod.example.org/quay/Xk3-0123456789abcdef/", private=True)
    text = (project / "narrate.toml").read_text().replace("Xk3-0123456789abcdef/", "")
    (project / "narrate.toml").write_text(text)
    result = narrate(project, "build")
    assert result.returncode == 1
    assert (
        "podcast.private: base_url 'https://pod.example.org/quay/' must end in a secret path segment" in result.stderr
    )


def test_rotating_without_a_target_rewrites_the_feed_for_narrate_serve(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "http://127.0.0.1:8000/Old-Secret-0123456789abcd/", private=True)
    result = narrate(project, "publish", "--rotate-secret")
    assert result.returncode == 0, result.stderr
    new_url = result.stdout.strip().splitlines()[-1].split(": ", 1)[1]
    assert "Old-Secret" not in new_url
    assert new_url.encode() in (project / "output" / "feed.xml").read_bytes()
