"""The feed builder on its own: every rule of the feed checked with feedparser, podcastparser and raw XML."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

import feedparser
import podcastparser
import pytest

from narrate.publish.feed import (
    ATOM,
    ITUNES,
    PODCAST,
    Channel,
    Item,
    podcast_guid,
    render_feed,
    sidecar_urls,
    truncate_bytes,
)

BASE = "https://casts.example.org/harbour/"
CHANNEL = Channel(
    title='Harbour <Notes> & "Quotes"',
    description="Local stories, read aloud.",
    link=BASE,
    feed_url=BASE + "feed.xml",
    language="en-GB",
    author="Harbour Desk",
    owner_name="Ida Marsh",
    owner_email="ida@example.org",
    category="News",
    subcategory="Daily News",
    image_url=BASE + "cover.png",
)
HOSTILE_TITLE = "Fish & chips </title><script>alert('x')</script> ]]> <![CDATA[ \x07bell"
WHEN = datetime(2026, 3, 1, 7, 30, tzinfo=timezone.utc)


def item(n: int, **changes) -> Item:
    values = {
        "guid": f"guid-{n}",
        "title": f"Episode {n}",
        "description": f"Story number {n}.",
        "pub_date": WHEN + timedelta(days=n),
        "url": f"{BASE}episode-{n}.mp3",
        "length": 1000 + n,
        "duration": 61.6,
        "episode": n,
    }
    values.update(changes)
    return Item(**values)


@pytest.fixture(scope="module")
def feed_bytes():
    items = [
        item(1, title=HOSTILE_TITLE, description="<b>bold</b> & <img src=x onerror=alert(1)> " + "é" * 3000),
        item(
            2,
            image_url=BASE + "episode-2.jpg",
            transcript_url=BASE + "episode-2.vtt",
            chapters_url=BASE + "episode-2.chapters.json",
        ),
    ]
    return render_feed(CHANNEL, items)


@pytest.fixture(scope="module")
def xml(feed_bytes):
    return ET.fromstring(feed_bytes)


def test_feedparser_reads_it_without_complaint(feed_bytes):
    parsed = feedparser.parse(feed_bytes)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == CHANNEL.title
    assert parsed.feed.language == "en-GB"
    assert [e.id for e in parsed.entries] == ["guid-2", "guid-1"]  # newest first


def test_podcastparser_finds_every_episode_enclosure_and_duration(feed_bytes):
    parsed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(feed_bytes))
    episodes = parsed["episodes"]
    assert len(episodes) == 2
    for episode in episodes:
        assert episode["enclosures"][0]["url"].startswith(BASE)
        assert episode["enclosures"][0]["mime_type"] == "audio/mpeg"
        assert episode["total_time"] == 62
    assert {e["enclosures"][0]["file_size"] for e in episodes} == {1001, 1002}
    assert parsed["title"] == CHANNEL.title


def test_channel_has_every_required_element(xml):
    ch = xml.find("channel")
    assert ch.findtext("title") == CHANNEL.title
    assert ch.findtext("link") == BASE
    assert ch.findtext("description") == CHANNEL.description
    assert ch.findtext("language") == "en-GB"
    assert ch.findtext(f"{{{ITUNES}}}author") == "Harbour Desk"
    owner = ch.find(f"{{{ITUNES}}}owner")
    assert owner.findtext(f"{{{ITUNES}}}name") == "Ida Marsh"
    assert owner.findtext(f"{{{ITUNES}}}email") == "ida@example.org"
    assert ch.find(f"{{{ITUNES}}}image").get("href") == BASE + "cover.png"
    category = ch.find(f"{{{ITUNES}}}category")
    assert category.get("text") == "News"
    assert category.find(f"{{{ITUNES}}}category").get("text") == "Daily News"
    assert ch.findtext(f"{{{ITUNES}}}explicit") == "false"
    self_link = ch.find(f"{{{ATOM}}}link")
    assert (self_link.get("rel"), self_link.get("href"), self_link.get("type")) == (
        "self",
        BASE + "feed.xml",
        "application/rss+xml",
    )
    assert ch.findtext(f"{{{PODCAST}}}guid") == podcast_guid(BASE + "feed.xml")
    locked = ch.find(f"{{{PODCAST}}}locked")
    assert (locked.text, locked.get("owner")) == ("yes", "ida@example.org")


def test_items_have_every_required_element(xml):
    newest = xml.find("channel").findall("item")[0]
    assert newest.findtext("title") == "Episode 2"
    guid = newest.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == ("guid-2", "false")
    assert parsedate_to_datetime(newest.findtext("pubDate")) == WHEN + timedelta(days=2)
    enclosure = newest.find("enclosure")
    assert enclosure.attrib == {"url": BASE + "episode-2.mp3", "length": "1002", "type": "audio/mpeg"}
    assert newest.findtext(f"{{{ITUNES}}}duration") == "62"
    assert newest.findtext(f"{{{ITUNES}}}episode") == "2"
    assert newest.find(f"{{{ITUNES}}}image").get("href") == BASE + "episode-2.jpg"
    transcript = newest.find(f"{{{PODCAST}}}transcript")
    assert (transcript.get("url"), transcript.get("type")) == (BASE + "episode-2.vtt", "text/vtt")
    chapters = newest.find(f"{{{PODCAST}}}chapters")
    assert (chapters.get("url"), chapters.get("type")) == (
        BASE + "episode-2.chapters.json",
        "application/json+chapters",
    )


def test_optional_item_elements_are_left_out_when_there_is_nothing(xml):
    oldest = xml.find("channel").findall("item")[1]
    for tag in (f"{{{ITUNES}}}image", f"{{{PODCAST}}}transcript", f"{{{PODCAST}}}chapters"):
        assert oldest.find(tag) is None


def test_article_text_cannot_inject_markup(xml, feed_bytes):
    oldest = xml.find("channel").findall("item")[1]
    # The title comes back as the same text (minus the bell, which XML cannot carry) and adds no elements.
    assert oldest.findtext("title") == HOSTILE_TITLE.replace("\x07", "")
    assert [child.tag for child in oldest if child.tag in ("script", "img", "b")] == []
    assert b"<script>" not in feed_bytes and b"<img" not in feed_bytes
    assert len(xml.findall(".//item")) == 2


def test_description_is_at_most_4000_bytes_cut_on_a_character(xml):
    description = xml.find("channel").findall("item")[1].findtext("description")
    encoded = description.encode("utf-8")
    assert 3990 <= len(encoded) <= 4000
    assert description.endswith("é\u2026")


def test_truncate_bytes_keeps_short_text_and_never_splits_a_character():
    assert truncate_bytes("short") == "short"
    for text in ("a" * 5000, "€" * 2000, "🙂" * 1500, "a" + "🙂" * 1500):
        cut = truncate_bytes(text)
        assert len(cut.encode("utf-8")) <= 4000
        assert text.startswith(cut[:-1])


def test_podcast_guid_matches_published_values():
    # Published podcast:guid values for these feed URLs (Podcast Index entries and the namespace's example).
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://podnews.net/rss/") == podcast_guid("https://podnews.net/rss")


def test_same_input_gives_the_same_bytes():
    assert render_feed(CHANNEL, [item(1), item(2)]) == render_feed(CHANNEL, [item(2), item(1)])


def test_explicit_flag_and_empty_feed():
    explicit = Channel(**{**CHANNEL.__dict__, "explicit": True, "subcategory": "", "owner_email": ""})
    root = ET.fromstring(render_feed(explicit, []))
    ch = root.find("channel")
    assert ch.findtext(f"{{{ITUNES}}}explicit") == "true"
    assert ch.find(f"{{{ITUNES}}}category").find(f"{{{ITUNES}}}category") is None
    assert ch.find(f"{{{PODCAST}}}locked") is None
    assert ch.find(f"{{{ITUNES}}}owner") is None  # an owner without an e-mail is flagged by validators
    assert ch.findtext(f"{{{ITUNES}}}author") == "Harbour Desk"
    assert ch.findall("item") == []
    assert feedparser.parse(render_feed(explicit, [])).bozo == 0


def test_sidecar_urls_follow_the_files_beside_the_mp3(tmp_path):
    mp3 = tmp_path / "night-ferry.mp3"
    mp3.write_bytes(b"")
    assert sidecar_urls(BASE, mp3) == {"image_url": None, "transcript_url": None, "chapters_url": None}
    for name in ("night-ferry.vtt", "night-ferry.chapters.json", "night-ferry.png"):
        (tmp_path / name).write_bytes(b"x")
    assert sidecar_urls(BASE, mp3) == {
        "image_url": BASE + "night-ferry.png",
        "transcript_url": BASE + "night-ferry.vtt",
        "chapters_url": BASE + "night-ferry.chapters.json",
    }
