"""HTML to article text and metadata, offline, with trafilatura (main content only; scripts and styles never).

What trafilatura keeps is then checked line by line as plain text is: the title and byline repeated at the top,
captions, "Image 1 of 8", player labels ("Chapters", "subtitles off") and a tail of teaser headlines after the
last paragraph are not read. Title and author are checked against the page's own claims (pagemeta.py).
"""

from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from narrate.models import Block
from narrate.read.header import author_of, date_of, is_caption, is_furniture, read_header
from narrate.read.markdown import markdown_to_blocks
from narrate.read.structure import AUDIO_NOTE, FORMULA_NOTE, VIDEO_NOTE

log = logging.getLogger("narrate.reader")

FALLBACK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "figcaption"}
SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "select",
    "figcaption",
}
TEASER_WORDS = 15  # a heading-shaped line after the last paragraph, this short and unpunctuated, is a teaser
LONG_PARAGRAPH = 25  # words: an index page's teaser blurbs are shorter
AUDIO_TAGS = {"audio", "amp-audio"}
MEDIA_ELEMENT = re.compile(
    r"<(video|audio|amp-video|amp-youtube|amp-vimeo|amp-audio)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
MEDIA_HOSTS = (
    r"(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|dailymotion\.com|player\.|jwplayer|brightcove|"
    r"soundcloud\.com|spotify\.com|podcasts?\.|megaphone\.fm|buzzsprout|anchor\.fm)"
)
MEDIA_IFRAME = re.compile(
    rf"<iframe\b[^>]*\bsrc=[\"'][^\"']*{MEDIA_HOSTS}[^>]*>.*?</iframe\s*>", re.IGNORECASE | re.DOTALL
)
RULE = re.compile(r"<hr\b[^>]*>", re.IGNORECASE)
MATH_ELEMENT = re.compile(r"<math\b[^>]*>.*?</math\s*>", re.IGNORECASE | re.DOTALL)
SENTENCE_END = re.compile(r"[.!?\"\u201d\u2019')]$")


@dataclass
class HtmlDoc:
    blocks: list[Block]
    title: str | None
    author: str | None
    date: str | None
    image: str | None
    url: str | None
    index_page: bool = False  # a section front or list of teasers, not an article
    skipped: Counter = field(default_factory=Counter)  # code examples, formulas, players, tables: a note each
    language: str | None = None  # <html lang>, else og:locale, else Content-Language


HTML_LANG = re.compile(r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([A-Za-z][\w-]*)", re.IGNORECASE)
META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
META_LANGUAGE = re.compile(
    r"(?:property|name|http-equiv)\s*=\s*[\"']?(og:locale|content-language|language)[\"'\s>]", re.IGNORECASE
)
META_CONTENT = re.compile(r"content\s*=\s*[\"']?([A-Za-z][\w-]*)", re.IGNORECASE)


def declared_language(html: str) -> str | None:
    """The language a page says it is in: <html lang>, else og:locale or a Content-Language meta tag."""
    head = html[:50000]
    found = HTML_LANG.search(head)
    if found:
        return found.group(1)
    for tag in META_TAG.findall(head):
        content = META_CONTENT.search(tag)
        if META_LANGUAGE.search(tag) and content:
            return content.group(1)
    return None


def html_to_blocks(html: str, url: str | None = None) -> HtmlDoc:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    from narrate.read.pagemeta import choose_author, choose_title, page_facts

    html, players = _players_as_notes(html)
    markdown = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
    )
    doc = markdown_to_blocks(markdown) if markdown else None
    blocks = doc.blocks if doc else []
    root = _tree(html)
    if not any(not b.heading for b in blocks) and root is not None:
        blocks = _fallback_blocks(root)
    meta = extract_metadata(html, default_url=url) if html.strip() else None
    facts = page_facts(root) if root is not None else None
    title, author = _field(meta, "title"), _field(meta, "author")
    if facts is not None:
        title = choose_title(facts)
        author = choose_author(facts, author, " ".join(b.text for b in blocks[:20]))
    blocks, byline = clean_body(blocks, title)
    if (
        author is None and byline and facts is not None
    ):  # a "By X" line atop the body, when the page's metadata had none
        author = choose_author(replace(facts, ld_authors=[], meta_author=None, marked_authors=[]), byline, byline)
    index = facts is not None and facts.prose_run < 3 and looks_like_index(blocks, facts.teasers, facts.article_typed)
    skipped = (doc.skipped if doc else Counter()) + Counter(
        {kind: sum(1 for b in blocks if b.text == note) for kind, note in players.items()}
    )
    return HtmlDoc(
        blocks=blocks,
        title=title,
        author=author,
        date=_field(meta, "date"),
        image=_field(meta, "image"),
        url=_field(meta, "url") or url,
        index_page=index,
        skipped=skipped,
        language=declared_language(html),
    )


def _players_as_notes(html: str) -> tuple[str, dict[str, str]]:
    """Embedded video and audio players and MathML become a paragraph with their spoken note, so the
    listener hears that something was there; other iframes (ads, tracking) simply go; <hr> is "* * *"."""
    notes = {"video": VIDEO_NOTE, "audio": AUDIO_NOTE, "formula": FORMULA_NOTE}
    if "<" not in html:
        return html, notes
    html = MEDIA_ELEMENT.sub(
        lambda m: f"<p>{notes['audio' if m.group(1).lower() in AUDIO_TAGS else 'video']}</p>", html
    )
    html = MEDIA_IFRAME.sub(f"<p>{VIDEO_NOTE}</p>", html)
    html = RULE.sub("<p>* * *</p>", html)  # a thematic break: the segmenter makes it a section pause
    return MATH_ELEMENT.sub(f"<p>{FORMULA_NOTE}</p>", html), notes


def clean_body(blocks: list[Block], title: str | None) -> tuple[list[Block], str | None]:
    """The body less the title and byline repeated at its top, page furniture, and teasers at its end; and
    the author that byline names."""
    body = list(blocks)
    while body and title and _same(body[0].text, title):
        body.pop(0)
    leading = [b.text for b in body[:12] if not b.heading]
    leading = leading[: next((i for i, b in enumerate(body[:12]) if b.heading), len(leading))]
    header = read_header(leading[:-1] if len(leading) == len(body) else leading)
    dropped = body[: header.used]
    body = body[header.used :]
    near_furniture = False
    kept: list[Block] = []
    for block in body:
        if is_furniture(block.text) or (not block.heading and date_of(block.text)):
            dropped.append(block)
            near_furniture = True
        elif near_furniture and is_caption(block.text) and not author_of(block.text):
            dropped.append(block)
        else:
            kept.append(block)
            near_furniture = False
    while kept and _teaser(kept[-1]) and any(not b.heading and not _teaser(b) for b in kept[:-1]):
        dropped.append(kept.pop())
    if dropped:
        log.debug("narrate: %d line(s) of page furniture not read: %r", len(dropped), [b.text for b in dropped][:12])
    return kept, header.author


def looks_like_index(blocks: list[Block], teasers: int, article_typed: bool) -> bool:
    """Many linked headlines and no run of prose: a section front, tag page or home page."""
    long_paragraphs = sum(1 for b in blocks if not b.heading and len(b.text.split()) >= LONG_PARAGRAPH)
    return not article_typed and teasers >= 4 and long_paragraphs < 2


def _teaser(block: Block) -> bool:
    return len(block.text.split()) <= TEASER_WORDS and not SENTENCE_END.search(block.text.rstrip())


def _same(text: str, title: str) -> bool:
    return " ".join(re.findall(r"\w+", text.lower())) == " ".join(re.findall(r"\w+", title.lower()))


def _tree(html: str):
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _field(meta, name: str) -> str | None:
    value = getattr(meta, name, None) if meta is not None else None
    return " ".join(str(value).split()) or None if value else None


def _fallback_blocks(root) -> list[Block]:
    """Every paragraph-like element outside page furniture, for pages too small for trafilatura."""
    root = copy.deepcopy(root)
    for element in list(root.iter(*SKIP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    blocks: list[Block] = []
    for element in root.iter(*FALLBACK_TAGS):
        if any(ancestor.tag in FALLBACK_TAGS for ancestor in element.iterancestors()):
            continue
        text = " ".join(element.text_content().split())
        if text:
            blocks.append(Block(text, heading=element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")))
    return blocks
