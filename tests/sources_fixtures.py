"""Feeds, pages and articles written for the source tests (our own text), and a collect() runner."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

from fpdf import FPDF

from narrate.sources import Settings
from narrate.sources.collect import collect
from narrate.sources.store import Store

SENTENCES = [
    "The harbour board met on Tuesday to discuss the winter timetable for the ferries.",
    "Fishermen asked for an earlier crossing so the morning catch reaches the market in time.",
    "The board agreed to trial a six o'clock departure for the first three weeks of December.",
    "A survey of passengers found that most travel before eight and return after five.",
    "The chair said the trial would be reviewed in January with figures from the ticket office.",
    "Repairs to the north pier will close one berth until the end of the month.",
]


def body_text(topic: str, paragraphs: int = 2) -> list[str]:
    return [f"{topic}: " + " ".join(SENTENCES[i % 6 : (i % 6) + 3]) for i in range(paragraphs)]


def page(title: str, topic: str, canonical: str | None = None, author: str | None = None) -> bytes:
    head = f"<title>{escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{escape(canonical)}">'
    if author:
        head += f'<meta name="author" content="{escape(author)}">'
    paras = "".join(f"<p>{escape(p)}</p>" for p in body_text(topic))
    return (
        f"<!doctype html><html><head>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{escape(title)}</h1>{paras}</article><footer>Harbour Gazette</footer></body></html>"
    ).encode()


def when(days_ago: int) -> datetime:
    return datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc) - timedelta(days=days_ago)


def rss2(base: str, entries: list[tuple[str, str, int]], full_text: bool = True) -> bytes:
    """entries: (slug, title, days ago)."""
    items = []
    for slug, title, days in entries:
        content = ""
        if full_text:
            html = "".join(f"<p>{escape(p)}</p>" for p in body_text(title))
            content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
        items.append(
            f"<item><title>{escape(title)}</title><link>{base}/posts/{slug}</link>"
            f"<guid isPermaLink='false'>harbour-{slug}</guid><dc:creator>Ada Quay</dc:creator>"
            f"<pubDate>{format_datetime(when(days))}</pubDate><description>Short teaser.</description>"
            f"{content}</item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
        "xmlns:content='http://purl.org/rss/1.0/modules/content/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        f"<channel><title>Harbour Gazette</title><link>{base}/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def atom(base: str, entries: list[tuple[str, str, int]]) -> bytes:
    """A link-only Atom feed (summaries): each entry's page is fetched."""
    items = "".join(
        f"<entry><title>{escape(title)}</title><id>tag:gazette.example,2026:{slug}</id>"
        f"<link href='{base}/posts/{slug}'/><updated>{when(days).isoformat()}</updated>"
        f"<author><name>Bo Tide</name></author><summary>A teaser.</summary></entry>"
        for slug, title, days in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Tide Notes</title><id>tag:gazette.example,2026:feed</id><updated>{when(0).isoformat()}</updated>"
        + items
        + "</feed>"
    ).encode("utf-8")


def rdf(base: str, entries: list[tuple[str, str, int]]) -> bytes:
    items = "".join(
        f"<item rdf:about='{base}/posts/{slug}'><title>{escape(title)}</title><link>{base}/posts/{slug}</link>"
        f"<dc:date>{when(days).isoformat()}</dc:date><description>A teaser.</description></item>"
        for slug, title, days in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
        "xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        f"<channel rdf:about='{base}/rdf'><title>Quay Digest</title><link>{base}/</link>"
        "<description>Digest</description></channel>" + items + "</rdf:RDF>"
    ).encode("utf-8")


class Runner:
    """collect() against one state database and snapshot folder, as the build runs it."""

    def __init__(self, folder: Path, **settings):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.db = sqlite3.connect(folder / "state.db", isolation_level=None)
        self.store = Store(self.db)
        self.settings = Settings(**{"min_words": 20, **settings})

    def run(self, mark_built: bool = True, http=None, **settings):
        """One build's collect; mark_built=False is a build killed before it voiced anything."""
        settings = {**vars(self.settings), **settings}
        found = collect(Settings(**settings), self.store, self.folder / "snapshots", http=http)
        if mark_built:
            for ready in found.ready:
                self.store.set_status(ready.item, "built")
        return found


# A two-page, two-column paper with a running header and page numbers (tests of sources/pdf.py).
LEFT = [
    "The tidal survey measured the height of the water at the harbour mouth every ten minutes for a whole year.",
    "Readings were taken by a float gauge in a stilling well beside the lifeboat slip.",
]
RIGHT = [
    "The results show the spring tides rising almost a metre higher than the charts predicted.",
    "The survey team recommends raising the sea wall before the next equinox.",
]


class Paper(FPDF):
    def header(self):
        self.set_font("Helvetica", size=8)
        self.set_y(8)
        self.cell(0, 5, "Harbour Survey Report 2026", align="C")

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, str(self.page_no()), align="C")


def paragraph(pdf: FPDF, x: float, lines: list[str]) -> None:
    """Explicit lines, so the test decides where the words break (and which are hyphenated)."""
    for line in lines:
        pdf.set_x(x)
        pdf.cell(80, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def make_paper(title_in_metadata: bool = True) -> bytes:
    pdf = Paper(format="A4")
    if title_in_metadata:
        pdf.set_title("Tidal Survey of the Harbour Mouth")
    pdf.set_author("Iona Reef")
    pdf.set_auto_page_break(False)
    for number in range(2):
        pdf.add_page()
        pdf.set_y(25)
        if number == 0:
            pdf.set_font("Helvetica", "B", size=20)
            pdf.cell(0, 10, "Tidal Survey of the Harbour Mouth", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        top = pdf.get_y()
        paragraph(
            pdf,
            10,
            [
                "The tidal survey measured the height of the",
                "water at the harbour mouth every ten min-",
                "utes for a whole year.",
            ],
        )
        paragraph(pdf, 10, ["Readings were taken by a float gauge in a", "stilling well beside the lifeboat slip."])
        pdf.set_y(top)
        paragraph(
            pdf,
            110,
            ["The results show the spring tides rising al-", "most a metre higher than the charts", "predicted."],
        )
        pdf.set_x(110)
        paragraph(pdf, 110, ["The survey team recommends raising the sea", "wall before the next equinox."])
    return bytes(pdf.output())
