"""Markdown to listenable text: headings become section headings; links, emphasis, images, code and inline
HTML are rendered as a listener should hear them, never read out as syntax."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from narrate.models import Block
from narrate.read.structure import (
    AUDIO_NOTE,
    FORMULA_NOTE,
    VIDEO_NOTE,
    code_note,
    is_display_math,
    prose_paragraphs,
    table_phrases,
)

HIDDEN_TAG = re.compile(r"</?(?:script|style|template)\b", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,5000}?)\n---[ \t]*\n", re.DOTALL)
SEPARATOR = "* * *"
FOOTNOTE_DEFINITION = re.compile(
    r"^\[\^[^\]\s]+\]:[ \t]*(?P<body>.*(?:\n(?:[ \t]{2,}.*|[ \t]*(?=\n[ \t]{2,})))*)", re.MULTILINE
)
FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")
PLAYER_TAG = re.compile(r"<(video|audio|iframe|amp-video|amp-youtube|amp-audio)\b", re.IGNORECASE)
URL_TEXT = re.compile(r"^(?:https?://|www\.)([^/\s]+)")


@dataclass
class MarkdownDoc:
    blocks: list[Block]
    meta: dict[str, str]
    image: str | None
    skipped: Counter = field(default_factory=Counter)  # code examples, formulas, tables spoken as a short note


def markdown_to_blocks(text: str) -> MarkdownDoc:
    """Markdown -> blocks: headings, paragraphs, list items as sentences, tables as phrases, indented prose
    read; code, formulas and players as a short spoken note; footnotes read at the end under "Notes"."""
    from markdown_it import MarkdownIt

    meta, text = _front_matter(text)
    text, notes = _footnotes(text)
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    blocks: list[Block] = []
    images: list[str] = []
    skipped: Counter = Counter()
    heading = False
    lists = 0  # depth of list nesting
    table: list[list[str]] | None = None
    header: list[str] | None = None
    for token in parser.parse(text):
        kind = token.type
        if kind == "table_open":
            table, header = [], None
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "inline" and table is not None:
            table[-1].append(_inline_text(token.children or [], images))
        elif kind == "thead_close" and table:
            header = table.pop()
        elif kind == "table_close" and table is not None:
            phrases = table_phrases(header, table)
            if phrases and phrases[0].startswith("A table of"):
                skipped["table"] += 1
            blocks.extend(Block(phrase) for phrase in phrases)
            table = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "hr":
            blocks.append(Block(SEPARATOR))  # a thematic break: the segmenter makes it a section pause
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind in ("code_block", "fence"):
            blocks.extend(_code(token.content, token.info if kind == "fence" else "", skipped))
        elif kind == "inline":
            spoken = _inline_text(token.children or [], images)
            if spoken and not heading and is_display_math(token.content):  # the source: "\\[" is "[" once rendered
                skipped["formula"] += 1
                blocks.append(Block(FORMULA_NOTE))
            elif spoken:
                blocks.append(Block(spoken, heading=heading, item=bool(lists) and not heading))
        elif kind == "html_block":
            blocks.extend(_html_block(token.content, skipped))
    if notes:
        blocks.append(Block("Notes", heading=True))
        blocks.extend(Block(note) for note in notes)
    return MarkdownDoc(
        blocks=blocks, meta=meta, image=meta.get("image") or (images[0] if images else None), skipped=skipped
    )


def _code(content: str, info: str, skipped: Counter) -> list[Block]:
    """An indented or fenced block: prose is read; code or a formula becomes a short note."""
    note = code_note(content, info)
    if note is None:
        return [Block(paragraph) for paragraph in prose_paragraphs(content)]
    skipped["formula" if note == FORMULA_NOTE else "code"] += 1
    return [Block(note)]


def _html_block(content: str, skipped: Counter) -> list[Block]:
    player = PLAYER_TAG.search(content)
    if player:
        kind = "audio" if player.group(1).lower() == "audio" else "video"
        skipped[kind] += 1
        return [Block(AUDIO_NOTE if kind == "audio" else VIDEO_NOTE)]
    spoken = _plain(html_words(content))
    return [Block(spoken)] if spoken else []


def _footnotes(text: str) -> tuple[str, list[str]]:
    """Text less its footnote marks ("[^1]") and definitions; the notes, in the order they are defined."""
    if "[^" not in text:
        return text, []
    notes: list[str] = []

    def keep(match: re.Match) -> str:
        body = " ".join(match.group("body").split())
        if body:
            notes.append(body)
        return ""

    text = FOOTNOTE_DEFINITION.sub(keep, text)
    return FOOTNOTE_MARK.sub("", text), notes


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
        if sep and key.strip().lower() in ("title", "author", "date", "image", "source", "url", "lang", "language"):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]
