"""What a web page says about itself, checked before it is announced.

Title: the page's <h1> when og:title, the JSON-LD headline or <title> (with " | Site name" suffixes cut)
confirms it; else the JSON-LD headline; else og:title or <title> less its suffix; else a lone <h1>. A
candidate that is the site's own name (og:site_name, the publisher, the home link) is never the title.

Author: JSON-LD NewsArticle/Article author names first, then <meta name=author>, then what the extraction
library found. A name must look like a person's or an organisation's: not a UI word ("Sign in"), a date, a
bare @handle, a URL, the site's name, or letters of another script than the article. When in doubt: no author.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field

from narrate.read.header import date_of

TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00b7:\u2022-]\s+")
COLON = re.compile(r":\s+")  # "Blog name: Title", only when a heading on the page confirms the part
AUTHOR_MARK = re.compile(r"\bauthor\b|\bfn\b|byline-name|author-name", re.IGNORECASE)
HEADLINE_CLASS = re.compile(r"title|headline|heading", re.IGNORECASE)
BY_PREFIX = re.compile(r"^(?:by|words by|written by|posted by)[:\s]+", re.IGNORECASE)
UI_WORDS = {
    "sign in",
    "sign up",
    "log in",
    "login",
    "log out",
    "register",
    "subscribe",
    "share",
    "follow",
    "menu",
    "search",
    "home",
    "admin",
    "administrator",
    "author",
    "authors",
    "by",
    "posted by",
    "written by",
    "staff",
    "guest",
    "anonymous",
    "unknown",
    "user",
    "comments",
    "comment",
    "read more",
    "contact",
    "about",
    "email",
    "print",
    "close",
    "more",
    "news",
    "editor",
    "editors",
    "team",
    "webmaster",
    "null",
    "none",
    "undefined",
}
ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
}
MAX_AUTHORS = 4


@dataclass
class PageFacts:
    """The page's own claims, gathered in one pass over its tree."""

    h1: list[str] = field(default_factory=list)
    title_tag: str | None = None
    og_title: str | None = None
    headline: str | None = None  # JSON-LD
    ld_authors: list[str] = field(default_factory=list)
    meta_author: str | None = None
    marked_authors: list[str] = field(default_factory=list)  # rel=author, itemprop=author, class "author"/"fn"
    site_names: set[str] = field(default_factory=set)
    article_typed: bool = False  # JSON-LD or og:type says this page is one article
    teasers: int = 0  # headings that are links: the shape of an index page
    prose_run: int = 0  # most paragraphs of 8 words or more under one parent: an article's body has several


def page_facts(root) -> PageFacts:
    """Gather titles, authors, site names and teaser counts from an lxml tree."""
    facts = PageFacts()
    facts.h1 = [_text(h) for h in root.iter("h1", "h2", "h3") if _text(h) and _is_headline(h)]
    facts.title_tag = next((html.unescape(_text(t)) for t in root.iter("title") if _text(t)), None)  # "&amp;#8211;"
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        value = " ".join((meta.get("content") or "").split())
        if not value:
            continue
        if key in ("og:title", "twitter:title") and facts.og_title is None:
            facts.og_title = html.unescape(value)
        elif key == "author" and facts.meta_author is None:
            facts.meta_author = value
        elif key in ("og:site_name", "application-name", "publisher"):
            facts.site_names.add(value)
        elif key == "og:type" and value.lower() == "article":
            facts.article_typed = True
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            _read_json_ld(script.text, facts)
    for link in root.iter("a"):
        if (link.get("href") or "").strip() in ("/", "./", "index.html") and _text(link):
            facts.site_names.add(_text(link))
    facts.teasers = sum(
        1
        for h in root.iter("h2", "h3", "h4")
        if h.find(".//a") is not None or any(a.tag == "a" for a in h.iterancestors())
    )
    for element in root.iter("a", "span", "div", "p", "address"):
        marks = " ".join(filter(None, (element.get("class"), element.get("rel"), element.get("itemprop"))))
        if AUTHOR_MARK.search(marks) and 0 < len(_text(element).split()) <= 6 and len(facts.marked_authors) < 5:
            facts.marked_authors.append(_text(element))
    runs: dict = {}
    for paragraph in root.iter("p"):
        if len(paragraph.text_content().split()) >= 8:
            runs[paragraph.getparent()] = runs.get(paragraph.getparent(), 0) + 1
    facts.prose_run = max(runs.values(), default=0)
    return facts


def choose_title(facts: PageFacts) -> str | None:
    """The page's own claims only: the extraction library's title is one of them, read less carefully."""
    sites = {_norm(s) for s in facts.site_names}
    claims = [c for c in (facts.og_title, facts.headline, facts.title_tag) if c]
    variants = [v for c in claims for v in _title_variants(c) + _title_variants(c, COLON) if _norm(v) not in sites]
    for heading in facts.h1:
        if _norm(heading) in {_norm(v) for v in variants}:
            return heading
    if facts.headline and _norm(facts.headline) not in sites:
        return facts.headline
    for claim in (facts.og_title, facts.title_tag):
        first = _title_variants(claim)[1] if claim else None
        if first and _norm(first) not in sites and len(first.split()) >= 2:
            return first
    if len(facts.h1) == 1 and _norm(facts.h1[0]) not in sites:
        return facts.h1[0]
    return None


def choose_author(facts: PageFacts, found: str | None, body: str) -> str | None:
    script = dominant_script(body)
    for candidate in ([" and ".join(facts.ld_authors[:MAX_AUTHORS])] if facts.ld_authors else []) + [
        facts.meta_author,
        found,
        *facts.marked_authors,
    ]:
        names = [n for n in re.split(r"\s*(?:;|,| and | & )\s*", BY_PREFIX.sub("", candidate or "")) if n]
        if names and all(plausible_author(n, facts.site_names, script) for n in names):
            return " and ".join(names)
    return None


def plausible_author(name: str, sites: set[str], script: str | None) -> bool:
    """A person's or organisation's name: not a UI word, date, handle, URL, site name or foreign script."""
    name = name.strip()
    words = name.split()
    if not words or len(words) > 8 or len(name) > 80 or name.lower() in UI_WORDS:
        return False
    if name.startswith("@") or "://" in name or "/" in name or "www." in name.lower() or "@" in name:
        return False
    if sum(c.isdigit() for c in name) >= 2 or date_of(name):
        return False
    if not any(c.isalpha() for c in name) or _norm(name) in {_norm(s) for s in sites}:
        return False
    return script is None or dominant_script(name) == script


def dominant_script(text: str) -> str | None:
    """LATIN, CYRILLIC, CJK, ARABIC...: the script of most letters in the first 2000 characters."""
    counts: dict[str, int] = {}
    for char in text[:2000]:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _title_variants(claim: str, separators: re.Pattern = TITLE_SEPARATORS) -> list[str]:
    """The claim itself, its first part and its longest part, split at " | ", " - ", " \u2013 " (so
    "Title | Section | Site" and "Site | Title" both give the title, never the section name)."""
    parts = [p.strip() for p in separators.split(claim) if p.strip()] or [claim]
    return [claim, parts[0], max(parts, key=len)]


def _read_json_ld(text: str, facts: PageFacts) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        return
    for item in _ld_items(data):
        kinds = item.get("@type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        if not kinds & ARTICLE_TYPES:
            if kinds & {"WebSite", "Organization", "NewsMediaOrganization"} and isinstance(item.get("name"), str):
                facts.site_names.add(item["name"])
            continue
        facts.article_typed = True
        if isinstance(item.get("headline"), str) and facts.headline is None:
            facts.headline = " ".join(item["headline"].split())
        for author in item.get("author") if isinstance(item.get("author"), list) else [item.get("author")]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip() and name.strip() not in facts.ld_authors:
                facts.ld_authors.append(" ".join(name.split()))
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            facts.site_names.add(publisher["name"])


def _ld_items(data):
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _ld_items(data["@graph"])


def _is_headline(heading) -> bool:
    """Every <h1>; an <h2> or <h3> only when marked as the headline (Blogger's "post-title")."""
    if heading.tag == "h1":
        return True
    marks = " ".join(filter(None, (heading.get("class"), heading.get("itemprop"), heading.get("id"))))
    return bool(HEADLINE_CLASS.search(marks))


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
