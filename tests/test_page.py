"""index.html, the show's page: written by every build, self-contained, parseable HTML5, escaped, overridable."""

from __future__ import annotations

from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import html5lib
import pytest

from narrate.publish.feed import Channel, Item
from narrate.publish.page import PageError, clock, render_page
from showkit import copy_show, narrate


class Resources(HTMLParser):
    """Every URL the page loads by itself (not links a person follows)."""

    LOADS: ClassVar[dict[str, str]] = {
        "img": "src",
        "script": "src",
        "audio": "src",
        "source": "src",
        "track": "src",
        "iframe": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
    }

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.loaded.append(attrs[self.LOADS[tag]])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.loaded.append(attrs.get("href", ""))


def parse(page: bytes) -> Resources:
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error of the WHATWG algorithm
    resources = Resources()
    resources.feed(page.decode("utf-8"))
    return resources


def test_every_build_writes_a_small_self_contained_page(built_show):
    out = built_show / "output"
    page = (out / "index.html").read_bytes()
    resources = parse(page)
    assert len(page) < 12_000
    assert resources.loaded and all("://" not in url for url in resources.loaded if not url.startswith("data:"))
    for url in resources.loaded:
        assert url.startswith("data:") or (out / url).is_file(), url
    tags = resources.tags
    audio = [a for t, a in tags if t == "audio"]
    assert len(audio) == len(list(out.glob("*.mp3"))) == 2
    assert all("controls" in a and a["preload"] == "none" for a in audio)
    tracks = [a for t, a in tags if t == "track"]
    assert [t["kind"] for t in tracks] == ["captions", "captions"] and all(t["src"].endswith(".vtt") for t in tracks)
    assert any(t == "input" and a.get("value") == "https://pod.example.org/quay/feed.xml" for t, a in tags)
    assert any(t == "label" and a.get("for") == "feed-url" for t, a in tags)
    assert all(a.get("alt") for t, a in tags if t == "img")
    assert not any(t == "meta" and a.get("name") == "robots" for t, a in tags)  # a public show may be listed


def test_episodes_newest_first_with_date_duration_and_chapters(built_show):
    page = (built_show / "output" / "index.html").read_text()
    assert page.index("New ropes") < page.index("Harbour lamps")  # ropes.txt was built second
    assert "The keeper</a>" in page  # a chapter of the lamps episode, a link that seeks
    assert 'href="harbour-lamps.mp3#t=0.0" data-start="0.0"' in page


def test_clock():
    assert [clock(s) for s in (0, 9.4, 61, 3599.6, 3723)] == ["0:00", "0:09", "1:01", "1:00:00", "1:02:03"]


def _item(**changes) -> Item:
    values = {
        "guid": "g1",
        "title": "Plain title",
        "description": "About it.",
        "episode": 1,
        "length": 1000,
        "duration": 75.0,
        "pub_date": datetime(2026, 3, 4, tzinfo=timezone.utc),
        "url": "https://p.example/a%20b.mp3",
    }
    values.update(changes)
    return Item(**values)


CHANNEL = Channel(
    title="Show",
    description="Notes.",
    link="https://p.example/",
    feed_url="https://p.example/feed.xml",
    language="en",
    author="A",
    owner_name="O",
    owner_email="",
    category="News",
)


def test_article_text_cannot_add_markup(tmp_path):
    page = render_page(
        CHANNEL,
        [_item(title='Tides <script>alert("x")</script> & "more"', description="<img src=x onerror=alert(1)>")],
        tmp_path,
    )
    parse(page)
    assert b"<script>alert" not in page and b"<img src=x" not in page
    assert b"Tides &lt;script&gt;" in page
    assert b'src="a%20b.mp3"' in page and b"4 March 2026" in page and b"1:15" in page


def test_a_project_template_replaces_the_shipped_one(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "https://pod.example.org/quay/")
    (project / "page.html.j2").write_text(
        "<!doctype html><title>{{ channel.title }}</title>"
        "{% for e in episodes %}<p>{{ e.title }} {{ e.duration }}</p>{% endfor %}\n"
    )
    text = (project / "narrate.toml").read_text() + 'page_template = "page.html.j2"\n'
    (project / "narrate.toml").write_text(text)
    assert narrate(project, "build").returncode == 0
    page = (project / "output" / "index.html").read_text()
    assert page.startswith("<!doctype html><title>Quayside Bulletin</title><p>New ropes 0:")


def test_a_broken_template_is_a_warning_the_old_page_stays_and_the_feed_is_written(built_show, tmp_path):
    project = copy_show(built_show, tmp_path, "https://pod.example.org/quay/")
    old_page = (project / "output" / "index.html").read_bytes()
    (project / "page.html.j2").write_text("{% for e in episodes %}")
    text = (project / "narrate.toml").read_text().replace("pod.example.org/quay/", "cast.example.org/quay/")
    (project / "narrate.toml").write_text(text + 'page_template = "page.html.j2"\n')
    result = narrate(project, "build")
    assert result.returncode == 0
    assert result.stderr.startswith("narrate: warning: page.html.j2: page template error: ")
    assert "index.html was not updated" in result.stderr and len(result.stderr.splitlines()) == 1
    assert (project / "output" / "index.html").read_bytes() == old_page
    assert b"https://cast.example.org/quay/feed.xml" in (project / "output" / "feed.xml").read_bytes()


def test_template_errors_name_the_file(tmp_path):
    template = tmp_path / "page.html.j2"
    template.write_text("{% for e in episodes %}")
    with pytest.raises(PageError, match=r"page.html.j2: page template error: "):
        render_page(CHANNEL, [_item()], tmp_path, template=template)
    with pytest.raises(PageError, match=r"cannot read the page template"):
        render_page(CHANNEL, [], tmp_path, template=Path(tmp_path / "missing.j2"))
