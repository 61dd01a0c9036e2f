"""`narrate check`: narrate's own show served on 127.0.0.1 checks clean; deliberately broken shows do not."""

from __future__ import annotations

import re
from http.server import SimpleHTTPRequestHandler

import pytest

from narrate.publish.check import check_feed
from showkit import copy_show, narrate, serving


@pytest.fixture
def served(built_show, tmp_path):
    """narrate's show, its base_url set to the narrate server that serves it."""
    with serving(tmp_path / "project" / "output") as url:
        project = copy_show(built_show, tmp_path, url)
        yield project, url


def findings(url: str) -> list[str]:
    return [f.line() for f in check_feed(url)]


def errors(url: str) -> list[str]:
    return [line for line in findings(url) if line.startswith("error:")]


def test_narrate_s_own_show_is_clean(served):
    project, url = served
    result = narrate(project, "check", url + "feed.xml")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"{url}feed.xml: 0 error(s), {len(lines) - 1} warning(s)"
    # served from this machine over plain HTTP: that is the only thing to say
    assert lines[:-1] and all(line.startswith("warning:") and "HTTPS" in line for line in lines[:-1]), lines


def test_http_only_is_reported_for_the_feed_artwork_and_every_episode(served):
    project, url = served
    lines = findings(url + "feed.xml")
    episodes = len(list((project / "output").glob("*.mp3")))
    assert sum("not served over HTTPS" in line for line in lines) == episodes + 2


def _edit_feed(project, pattern: str, replacement: str, count: int = 1) -> None:
    feed = project / "output" / "feed.xml"
    text, done = re.subn(pattern, replacement, feed.read_text(encoding="utf-8"), count=count)
    assert done == count
    feed.write_text(text, encoding="utf-8")


def test_a_wrong_length_is_an_error_and_exit_1(served):
    project, url = served
    _edit_feed(project, r'length="(\d+)"', 'length="12345"')
    result = narrate(project, "check", url + "feed.xml")
    assert result.returncode == 1
    wrong = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert len(wrong) == 1 and "the feed says 12345 bytes, the server sends" in wrong[0]


def test_a_missing_enclosure_is_an_error(served):
    project, url = served
    mp3 = min((project / "output").glob("*.mp3"))
    mp3.unlink()
    assert errors(url + "feed.xml") == [f"error: {url}{mp3.name}: episode unreachable: HTTP 404"]


def test_a_server_without_range_support_is_an_error(built_show, tmp_path):
    class NoRanges(SimpleHTTPRequestHandler):  # the standard library's file server ignores Range
        def log_message(self, *args):
            pass

    with serving(tmp_path / "project" / "output", NoRanges) as url:
        copy_show(built_show, tmp_path, url)
        found = errors(url + "feed.xml")
    assert found and all("no byte-range support (Range: bytes=0-1 got HTTP 200)" in line for line in found)
    assert len(found) == 2  # one per episode


def test_duplicate_guids_are_an_error(served):
    project, url = served
    guids = re.findall(r"<guid[^>]*>([^<]+)</guid>", (project / "output" / "feed.xml").read_text())
    _edit_feed(project, re.escape(guids[1]), guids[0])
    assert errors(url + "feed.xml") == [
        (f"error: {url}feed.xml: episodes 1 and 2 share the GUID {guids[0]}; apps will show only one")
    ]


def test_a_missing_transcript_and_a_wrong_content_type_are_errors(served):
    project, url = served
    vtt = min((project / "output").glob("*.vtt"))
    vtt.unlink()
    _edit_feed(project, 'type="audio/mpeg"', 'type="audio/x-m4a"')
    found = errors(url + "feed.xml")
    assert any(f"{vtt.name}: transcript of" in line and "HTTP 404" in line for line in found)
    assert any("served as audio/mpeg, the feed says audio/x-m4a" in line for line in found)


def test_a_feed_that_is_not_there_or_not_xml(served):
    project, url = served
    assert errors(url + "nothing.xml") == [f"error: {url}nothing.xml: HTTP 404; apps cannot read the feed"]
    (project / "output" / "broken.xml").write_text("<rss><channel><title>cut short")
    assert errors(url + "broken.xml")[0].startswith(f"error: {url}broken.xml: not well-formed XML")


@pytest.mark.slow
def test_a_bad_url_is_a_usage_error(tmp_path):
    result = narrate(tmp_path, "check", "feed.xml")
    assert result.returncode == 2
    assert "is not an http(s) URL" in result.stderr
