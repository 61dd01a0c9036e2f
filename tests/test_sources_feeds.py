"""Feeds and the reading list against a real HTTP server on 127.0.0.1 (collect(), no synthesis)."""

from __future__ import annotations

import time

import pytest

from narrate import __version__
from narrate.sources.identity import canonical_url
from site_server import Route, Site, start
from sources_fixtures import Runner, atom, make_paper, page, rdf, rss2

ENTRIES = [
    ("ferry-times", "Ferry times change", 1),
    ("pier-repairs", "Pier repairs begin", 3),
    ("market-moves", "Market moves to the quay", 5),
]


@pytest.fixture
def site():
    site = Site()
    server = start(site)
    yield site
    server.shutdown()
    server.server_close()


def serve_posts(site: Site, entries=ENTRIES) -> None:
    for slug, title, _ in entries:
        site.routes[f"/posts/{slug}"] = Route(page(title, title))


def test_full_text_rss2_first_fetch_limit_then_conditional_get(site, tmp_path):
    site.routes["/feed.xml"] = Route(rss2(site.base, ENTRIES), "application/rss+xml")
    runner = Runner(tmp_path, feeds=(site.url("/feed.xml"),), first_fetch_limit=2)
    found = runner.run()
    assert not found.failures
    assert [r.article.meta.title for r in found.ready] == ["Ferry times change", "Pier repairs begin"]
    first = found.ready[0]
    assert first.identity == "harbour-ferry-times"  # the entry's guid, not its link
    assert first.article.meta.author == "Ada Quay" and first.article.meta.date == "2026-11-19T09:00:00"
    assert "winter timetable" in " ".join(first.article.paragraphs)
    assert not any(p.startswith("/posts/") for p, _ in site.log), "full-text entries need no page fetch"
    assert site.requests("/feed.xml")[0]["user-agent"].startswith(f"narrate/{__version__}")

    sent = site.sent
    again = runner.run()
    assert not again.ready and not again.failures
    conditional = site.requests("/feed.xml")[-1]
    assert conditional["if-none-match"] and conditional["if-modified-since"]
    assert site.sent == sent, "a 304 sends no body"

    # A new entry appears: only it is taken (the back catalogue beyond the limit never is).
    site.routes["/feed.xml"] = Route(rss2(site.base, [("new-crane", "A new crane arrives", 0), *ENTRIES]))
    newer = runner.run()
    assert [r.article.meta.title for r in newer.ready] == ["A new crane arrives"]


def test_link_only_atom_fetches_pages_with_entry_fallbacks(site, tmp_path):
    site.routes["/atom"] = Route(atom(site.base, ENTRIES[:2]), "application/atom+xml")
    serve_posts(site)
    found = Runner(tmp_path, feeds=(site.url("/atom"),)).run()
    assert not found.failures
    by_title = {r.article.meta.title: r for r in found.ready}
    assert set(by_title) == {"Ferry times change", "Pier repairs begin"}
    ready = by_title["Ferry times change"]
    assert ready.identity == "tag:gazette.example,2026:ferry-times"
    assert ready.article.meta.author == "Bo Tide"  # the page names no author: the entry's
    assert ready.article.meta.date.startswith("2026-11-19")
    assert "Fishermen asked" in " ".join(ready.article.paragraphs)
    assert ready.link == site.url("/posts/ferry-times")
    assert "text/html" in site.requests("/posts/ferry-times")[0]["accept"]


def test_rss1_rdf_feed(site, tmp_path):
    site.routes["/rdf"] = Route(rdf(site.base, ENTRIES[:1]), "application/rdf+xml")
    serve_posts(site)
    found = Runner(tmp_path, feeds=(site.url("/rdf"),)).run()
    assert not found.failures
    assert [r.article.meta.title for r in found.ready] == ["Ferry times change"]


def test_failing_feeds_fail_alone_and_back_off(site, tmp_path):
    site.routes["/feed.xml"] = Route(rss2(site.base, ENTRIES[:1]), "application/rss+xml")
    site.routes["/down"] = Route(b"oops", "text/plain", status=500)
    site.routes["/garbage"] = Route(b"<html><body>this is not a feed at all</body></html>", "text/html")
    runner = Runner(tmp_path, feeds=(site.url("/down"), site.url("/feed.xml"), site.url("/garbage")))
    found = runner.run()
    assert len(found.ready) == 1
    reasons = dict(found.failures)
    assert reasons[site.url("/down")] == "the server answered HTTP 500 Internal Server Error"
    assert reasons[site.url("/garbage")].startswith("not an RSS or Atom feed")
    status = runner.store.location(site.url("/down"))
    assert status.failures == 1 and status.next_try and status.error.startswith("the server answered")

    asked = len(site.requests("/down"))
    later = runner.run()
    assert later.waiting == 2 and not later.failures, "failed feeds wait (backoff) instead of failing every run"
    assert len(site.requests("/down")) == asked

    site.routes["/down"] = Route(rss2(site.base, ENTRIES[1:2]), "application/rss+xml")
    runner.db.execute("UPDATE source_status SET next_try = '2000-01-01T00:00:00+00:00'")  # the backoff has passed
    healed = runner.run()
    assert [r.article.meta.title for r in healed.ready] == ["Pier repairs begin"]
    assert runner.store.location(site.url("/down")).failures == 0


def test_permanent_redirect_is_remembered_temporary_is_not(site, tmp_path):
    site.routes["/old-feed"] = Route(location="/new-feed", status=301)
    site.routes["/new-feed"] = Route(rss2(site.base, ENTRIES[:1]), "application/rss+xml")
    site.routes["/moving"] = Route(location="/new-feed", status=302)
    runner = Runner(tmp_path, feeds=(site.url("/old-feed"), site.url("/moving")))
    found = runner.run()
    assert not found.failures and len(found.ready) == 1  # one article through both feeds
    assert runner.store.location(site.url("/old-feed")).moved_to == site.url("/new-feed")
    assert runner.store.location(site.url("/moving")).moved_to is None
    runner.run()
    assert len(site.requests("/old-feed")) == 1, "the second poll goes straight to where it moved"
    assert len(site.requests("/moving")) == 2


def test_same_article_through_feed_and_reading_list_is_one(site, tmp_path):
    site.routes["/atom"] = Route(atom(site.base, ENTRIES[:1]), "application/atom+xml")
    serve_posts(site)
    reading = tmp_path / "reading-list.txt"
    reading.write_text(
        f"# saved\n{site.url('/posts/ferry-times')}?utm_source=news&utm_medium=mail&fbclid=x1#top\n"
        f"{site.url('/posts/pier-repairs')}?gclid=abc&page=2\n",
        encoding="utf-8",
    )
    runner = Runner(tmp_path / "state", feeds=(site.url("/atom"),), reading_list=reading)
    found = runner.run()
    assert not found.failures
    assert sorted(r.article.meta.title for r in found.ready) == ["Ferry times change", "Pier repairs begin"]
    pier = next(r for r in found.ready if r.article.meta.title == "Pier repairs begin")
    assert pier.identity == site.url("/posts/pier-repairs") + "?page=2"
    assert len(site.requests("/posts/ferry-times")) == 1
    assert not runner.run().ready


def test_reading_list_identity_is_the_pages_canonical_url(site, tmp_path):
    site.routes["/share/abc"] = Route(page("Crane arrives", "Crane", canonical="https://gazette.example/crane"))
    reading = tmp_path / "list.txt"
    reading.write_text(site.url("/share/abc") + "\n", encoding="utf-8")
    found = Runner(tmp_path / "state", reading_list=reading).run()
    assert [r.identity for r in found.ready] == ["https://gazette.example/crane"]


def test_near_empty_page_is_refused_as_paywall(site, tmp_path):
    site.routes["/locked"] = Route(
        b"<html><head><title>Members only</title></head><body><article><h1>Members only"
        b"</h1><p>Log in to read the rest of this story.</p></article></body></html>"
    )
    reading = tmp_path / "list.txt"
    reading.write_text(site.url("/locked") + "\n", encoding="utf-8")
    runner = Runner(tmp_path / "state", reading_list=reading)
    found = runner.run()
    assert not found.ready
    [(where, reason)] = found.failures
    assert where == site.url("/locked")
    assert reason.startswith("only ") and reason.endswith(" words extracted: login or paywall?")
    for _ in range(2):
        runner.run()
    assert runner.store.counts()[str(reading)] == {"gave_up": 1}, "given up after three tries"


def test_huge_feed_first_poll_takes_only_the_newest(site, tmp_path):
    entries = [(f"note-{n}", f"Harbour note {n}", n) for n in range(4000)]
    site.routes["/huge"] = Route(rss2(site.base, entries, full_text=False), "application/rss+xml")
    serve_posts(site, entries[:3])
    runner = Runner(tmp_path, feeds=(site.url("/huge"),), first_fetch_limit=3)
    started = time.process_time()
    found = runner.run()
    assert time.process_time() - started < 20
    assert [r.article.meta.title for r in found.ready] == ["Harbour note 0", "Harbour note 1", "Harbour note 2"]
    assert runner.store.counts()[site.url("/huge")] == {"built": 3, "skipped": 3997}


def test_feed_over_the_size_limit_is_refused(site, tmp_path):
    site.routes["/enormous"] = Route(b"<rss>" + b" " * (11 * 1024 * 1024) + b"</rss>", "application/rss+xml")
    found = Runner(tmp_path, feeds=(site.url("/enormous"),)).run()
    assert found.failures == [(site.url("/enormous"), "the page is larger than 10 MB")]


def test_at_most_two_requests_per_host(site, tmp_path):
    site.delay = 0.2
    feeds = []
    for n in range(6):
        site.routes[f"/f{n}"] = Route(rss2(site.base, [(f"p{n}", f"Post {n}", n)]), "application/rss+xml")
        feeds.append(site.url(f"/f{n}"))
    found = Runner(tmp_path, feeds=tuple(feeds)).run()
    assert len(found.ready) == 6
    assert site.most_at_once == 2


def test_a_feed_that_does_not_answer_times_out_alone(site, tmp_path):
    from narrate.sources.http import Http

    site.routes["/slow"] = Route(rss2(site.base, ENTRIES[:1]), "application/rss+xml", delay=3)
    site.routes["/feed.xml"] = Route(rss2(site.base, ENTRIES[1:2]), "application/rss+xml")
    started = time.monotonic()
    found = Runner(tmp_path, feeds=(site.url("/slow"), site.url("/feed.xml"))).run(http=Http(timeout=0.5))
    assert time.monotonic() - started < 3
    assert found.failures == [(site.url("/slow"), "no answer within 0.5 s")]
    assert [r.article.meta.title for r in found.ready] == ["Pier repairs begin"]


def test_snapshot_means_no_network_after_an_interrupted_build(site, tmp_path):
    site.routes["/atom"] = Route(atom(site.base, ENTRIES[:1]), "application/atom+xml")
    serve_posts(site)
    runner = Runner(tmp_path, feeds=(site.url("/atom"),))
    first = runner.run(mark_built=False)  # killed before voicing
    [ready] = first.ready
    del site.routes["/posts/ferry-times"]  # the page is gone
    asked = len(site.log)
    [again] = runner.run().ready
    assert (again.identity, again.digest, again.article) == (ready.identity, ready.digest, ready.article)
    assert [p for p, _ in site.log[asked:]] == ["/atom"], "the article came from its snapshot"


def test_pdf_in_the_reading_list_is_read_as_a_pdf(site, tmp_path):
    site.routes["/papers/tides.pdf"] = Route(make_paper(), "application/pdf")
    reading = tmp_path / "list.txt"
    reading.write_text(site.url("/papers/tides.pdf") + "\n", encoding="utf-8")
    [ready] = Runner(tmp_path / "state", reading_list=reading).run().ready
    assert ready.article.meta.title == "Tidal Survey of the Harbour Mouth"
    assert "application/pdf" in site.requests("/papers/tides.pdf")[0]["accept"]


def test_gzip_responses_are_unpacked_and_counted_as_sent(site, tmp_path):
    from narrate.sources.http import Http

    body = rss2(site.base, ENTRIES)
    site.routes["/feed.xml"] = Route(body, "application/rss+xml", gzip=True)
    http = Http()
    found = Runner(tmp_path, feeds=(site.url("/feed.xml"),)).run(http=http)
    assert len(found.ready) == 3
    assert http.downloaded == site.sent < len(body) / 2


def test_unsubscribed_feeds_pending_articles_are_left_alone(site, tmp_path):
    site.routes["/atom"] = Route(atom(site.base, ENTRIES[:1]), "application/atom+xml")
    site.routes["/posts/ferry-times"] = Route(b"busy", "text/plain", status=503)
    runner = Runner(tmp_path, feeds=(site.url("/atom"),))
    assert runner.run().failures == [
        (site.url("/posts/ferry-times"), "the server answered HTTP 503 Service Unavailable")
    ]
    asked = len(site.log)
    assert not runner.run(feeds=()).failures
    assert len(site.log) == asked


def test_canonical_url_rules():
    assert (
        canonical_url("HTTPS://Example.ORG:443/a/b?utm_source=x&id=3&fbclid=1&gclid=2#frag")
        == "https://example.org/a/b?id=3"
    )
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x?UTM_Campaign=y") == "http://example.org:8080/x"


def test_built_in_kinds_come_from_entry_points_and_a_plugin_kind_is_polled(tmp_path, monkeypatch):
    from narrate.sources import kind_origin, kinds

    assert kind_origin("feeds") == "narrate.sources.feeds:FeedSource"
    assert kind_origin("mail") == "narrate.sources.mail:MailSource"
    plugin = tmp_path / "plugin"
    (plugin / "tide_kind-0.1.dist-info").mkdir(parents=True)
    (plugin / "tide_kind-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tide-kind\nVersion: 0.1\n"
    )
    (plugin / "tide_kind-0.1.dist-info" / "entry_points.txt").write_text(
        "[narrate.sources]\ntides = tide_kind:TideKind\n"
    )
    (plugin / "tide_kind.py").write_text(
        "from narrate.models import Article, ArticleMeta, Block\n"
        "from narrate.sources import Entry, Poll, SourceKind\n"
        "class TideKind(SourceKind):\n"
        "    name = 'tides'\n"
        "    def locations(self, settings):\n"
        "        return ['tides:harbour']\n"
        "    def poll(self, location, ctx):\n"
        "        text = 'High water at the harbour mouth is at noon today, and low water follows at six.'\n"
        "        article = Article((Block(text),), ArticleMeta(title='Tide times'))\n"
        "        return Poll(entries=(Entry(keys=('tides:2026-11-20',), load=lambda: article),))\n"
    )
    monkeypatch.syspath_prepend(str(plugin))
    kinds.cache_clear()
    try:
        assert "tides" in kinds().by_name
        found = Runner(tmp_path / "state", min_words=5).run()
        assert [(r.identity, r.article.meta.title) for r in found.ready] == [("tides:2026-11-20", "Tide times")]
    finally:
        kinds.cache_clear()


def test_reading_list_file_append_and_comments(tmp_path):
    from narrate.sources import SourceError
    from narrate.sources.reading_list import append_url, read_urls

    path = tmp_path / "list.txt"
    path.write_text("# saved for the weekend\nhttps://gazette.example/a#part-2  # the long one\n", encoding="utf-8")
    assert append_url(path, "https://gazette.example/b?utm_campaign=x")
    assert not append_url(path, "https://Gazette.example/b"), "the same page, tracking parameters aside"
    assert read_urls(path) == ["https://gazette.example/a#part-2", "https://gazette.example/b?utm_campaign=x"]
    with pytest.raises(SourceError, match=r"^.*/missing/list\.txt: cannot write the reading list: "):
        append_url(tmp_path / "missing" / "list.txt", "https://gazette.example/c")
