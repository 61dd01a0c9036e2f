"""HTML to article text and metadata, offline, with trafilatura (main content only; scripts and styles never)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrate.read.markdown import markdown_to_blocks
from narrate.models import Block

FALLBACK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "figcaption"}
SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
             "svg", "iframe", "select", "figcaption"}


@dataclass
class HtmlDoc:
    blocks: list[Block]
    title: str | None
    author: str | None
    date: str | None
    image: str | None
    url: str | None
    language: str | None = None  # <html lang>, else og:locale, else Content-Language


HTML_LANG = re.compile(r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([A-Za-z][\w-]*)", re.IGNORECASE)
META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
META_LANGUAGE = re.compile(r"(?:property|name|http-equiv)\s*=\s*[\"']?(og:locale|content-language|language)[\"'\s>]",
                           re.IGNORECASE)
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

    markdown = trafilatura.extract(html, url=url, output_format="markdown", include_comments=False,
                                   include_images=False, include_links=False, include_tables=True,
                                   favor_recall=True, deduplicate=False)
    blocks = markdown_to_blocks(markdown).blocks if markdown else []
    if not any(not b.heading for b in blocks):
        blocks = _fallback_blocks(html)
    meta = extract_metadata(html, default_url=url) if html.strip() else None
    return HtmlDoc(blocks=blocks, title=_field(meta, "title"), author=_field(meta, "author"),
                   date=_field(meta, "date"), image=_field(meta, "image"), url=_field(meta, "url") or url,
                   language=declared_language(html))


def _field(meta, name: str) -> str | None:
    value = getattr(meta, name, None) if meta is not None else None
    return " ".join(str(value).split()) or None if value else None


def _fallback_blocks(html: str) -> list[Block]:
    """Every paragraph-like element outside page furniture, for pages too small for trafilatura."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
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
