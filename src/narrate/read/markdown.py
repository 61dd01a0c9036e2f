"""Markdown to listenable text: headings become section headings; links, emphasis, images, code and inline
HTML are rendered as a listener should hear them, never read out as syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from narrate.models import Block

HIDDEN_TAG = re.compile(r"</?(?:script|style|template)\b", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,5000}?)\n---[ \t]*\n", re.DOTALL)
SEPARATOR = "* * *"
URL_TEXT = re.compile(r"^(?:https?://|www\.)([^/\s]+)")


@dataclass
class MarkdownDoc:
    blocks: list[Block]
    meta: dict[str, str]
    image: str | None


def markdown_to_blocks(text: str) -> MarkdownDoc:
    from markdown_it import MarkdownIt

    meta, text = _front_matter(text)
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = parser.parse(text)
    blocks: list[Block] = []
    images: list[str] = []
    heading = False
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                blocks.append(Block(", ".join(cell for cell in row if cell) + "."))
            row = None
        elif token.type == "inline" and row is not None:
            row.append(_inline_text(token.children or [], images))
        elif token.type == "hr":
            blocks.append(Block(SEPARATOR))  # a thematic break: the segmenter makes it a section pause
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            spoken = _inline_text(token.children or [], images)
            if spoken:
                blocks.append(Block(spoken, heading=heading))
        elif token.type == "html_block":
            spoken = _plain(html_words(token.content))
            if spoken:
                blocks.append(Block(spoken))
    return MarkdownDoc(blocks=blocks, meta=meta, image=meta.get("image") or (images[0] if images else None))


def _inline_text(children, images: list[str]) -> str:
    parts: list[str] = []
    link_text_start: list[int] = []
    hidden = False  # inside an inline <script> or <style>
    for child in children:
        kind = child.type
        if kind == "html_inline" and HIDDEN_TAG.match(child.content):
            hidden = not child.content.startswith("</")
        elif hidden:
            continue
        elif kind == "image":
            images.append(child.attrs.get("src", ""))  # alt text is a caption, not article text
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            parts.append(" " if child.content.lower().startswith(("<br", "<p", "</p")) else "")
        elif kind == "link_open":
            link_text_start.append(len(parts))
        elif kind == "link_close" and link_text_start:
            start = link_text_start.pop()
            parts[start:] = [_link_words("".join(parts[start:]))]
    return _plain("".join(parts))


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style", "template")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "template") and self.hidden > 0
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_words(html: str) -> str:
    """The visible words of an HTML fragment: tags, scripts and styles dropped."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _link_words(text: str) -> str:
    """A bare URL as link text is read as its site name ('example.com'), not character by character."""
    match = URL_TEXT.match(text.strip())
    return match.group(1).removeprefix("www.") if match else text


def _plain(text: str) -> str:
    return " ".join(text.split())


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("title", "author", "date", "image", "source", "url"):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]
