"""`narrate subscribe / add / sources / build` end to end: a real 127.0.0.1 site, real Piper on one-sentence
articles, an .eml and a .pdf in the inbox."""

from __future__ import annotations

import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fpdf import FPDF

from narrate.publish.state import episode_guid
from site_server import Route, Site, start

pytestmark = pytest.mark.slow  # subprocesses and real Piper

CONFIG = """[podcast]
title = "Harbour Notes"
base_url = "https://casts.example.org/harbour/"

[sources]
min_words = 3
"""
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Quay News</title>
<link>{base}/</link><description>News</description>
<item><title>Night ferry returns</title><link>{base}/posts/ferry</link><guid isPermaLink="false">quay-ferry</guid>
<pubDate>Thu, 19 Nov 2026 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The night ferry sails again from Monday.</p>]]>
</content:encoded></item></channel></rss>"""


def narrate(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args], cwd=project, capture_output=True, text=True, timeout=600
    )


def titles(project: Path) -> dict[str, str]:
    channel = ET.parse(project / "output" / "feed.xml").getroot().find("channel")
    return {item.findtext("title"): item.findtext("guid") for item in channel.findall("item")}


@pytest.fixture(scope="module")
def site():
    site = Site()
    server = start(site)
    site.routes["/feed.xml"] = Route(FEED.format(base=site.base).encode(), "application/rss+xml")
    site.routes["/posts/ferry"] = Route(b"<html><body><p>The night ferry sails again from Monday.</p></body></html>")
    site.routes["/down.xml"] = Route(b"busy", "text/plain", status=500)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def project(site, tmp_path_factory):
    root = tmp_path_factory.mktemp("pod")
    (root / "narrate.toml").write_text(CONFIG, encoding="utf-8")
    inbox = root / "articles"
    inbox.mkdir()
    message = EmailMessage()
    message["Subject"] = "Tide letter"
    message["From"] = "Mara Beacon <letter@tides.example>"
    message["Message-ID"] = "<tide-1@tides.example>"
    message.set_content("High tide is at noon on Sunday.")
    message.add_alternative(
        "<p>High tide is at noon on Sunday.</p><p><a href='#'>Unsubscribe</a></p>", subtype="html", cte="base64"
    )
    (inbox / "tide.eml").write_bytes(message.as_bytes())
    pdf = FPDF()
    pdf.set_title("Pier report")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "The north pier reopens next week.")
    (inbox / "pier.pdf").write_bytes(bytes(pdf.output()))
    (root / "subs.opml").write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>feeds</title></head><body>'
        f'<outline text="news"><outline type="rss" text="Quay" xmlUrl="{site.url("/feed.xml")}"/>'
        f'<outline type="rss" text="Down" xmlUrl="{site.url("/down.xml")}"/></outline></body></opml>',
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def first_build(site, project):
    steps = [
        narrate(project, "subscribe", site.url("/feed.xml")),
        narrate(project, "subscribe", "subs.opml"),
        narrate(project, "add", site.url("/posts/ferry") + "?utm_source=mail&fbclid=q#top"),
    ]
    return steps, narrate(project, "build")


def test_subscribe_and_add_write_the_config_and_reading_list(site, project, first_build):
    (one, opml, add), _ = first_build
    assert one.returncode == 0 and "subscribed to 1 new feed(s)" in one.stdout
    assert opml.returncode == 0 and "subscribed to 1 new feed(s) (1 already there); 2 in all" in opml.stdout
    assert add.returncode == 0
    text = (project / "narrate.toml").read_text()
    assert site.url("/feed.xml") in text and site.url("/down.xml") in text
    assert (project / "reading-list.txt").read_text().strip().endswith("fbclid=q#top")


def test_build_voices_every_source_once_and_reports_the_failing_feed(site, project, first_build):
    _, result = first_build
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert f"narrate: failed: {site.url('/down.xml')}: the server answered HTTP 500" in result.stderr
    found = titles(project)
    assert set(found) == {"Night ferry returns", "Tide letter", "Pier report"}, "the reading-list copy is no episode"
    assert found["Night ferry returns"] == episode_guid("quay-ferry")
    snapshots = list((project / "output" / ".narrate" / "snapshots").glob("*.json"))
    assert len(snapshots) == 1 and "night ferry sails" in snapshots[0].read_text()


def test_sources_command_and_quiet_conditional_second_build(site, project, first_build):
    listing = narrate(project, "sources")
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    feed_at = lines.index(f"feed         {site.url('/feed.xml')}  (Quay News)")
    assert "; ok; 1 episode(s)" in lines[feed_at + 1]
    down_at = lines.index(f"feed         {site.url('/down.xml')}")
    assert "failing (1x)" in lines[down_at + 1]
    assert lines[down_at + 2].endswith("last error: the server answered HTTP 500 Internal Server Error")
    assert any(line.startswith("reading_list") for line in lines)

    before = (project / "output" / "feed.xml").read_bytes()
    asked = len(site.log)
    again = narrate(project, "build")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", ""), "silent on success; the down feed waits"
    assert (project / "output" / "feed.xml").read_bytes() == before
    assert [p for p, _ in site.log[asked:]] == ["/feed.xml"], "only the conditional request"
    assert site.requests("/feed.xml")[-1].get("if-none-match")


def test_bad_subscribe_and_add_are_one_line_errors(project):
    for args, message in [
        (("add", "ftp://x.example/a"), "ftp://x.example/a: only http and https URLs"),
        (("subscribe", "nothing.opml"), "nothing.opml: no such file, and not an http(s) feed URL"),
    ]:
        result = narrate(project, *args)
        assert result.returncode == 1
        assert result.stderr.startswith(f"narrate: error: {message}") and result.stderr.count("\n") == 1
