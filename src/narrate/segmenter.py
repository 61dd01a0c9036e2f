"""Split an article's body into narration and quoted speech."""

from __future__ import annotations

import re

from .models import NARRATION, QUOTE, Article, Script, Segment

QUOTE_RUN = re.compile(r'"[^"\n]+"|\u201c[^\u201d\n]+\u201d')


def segment_article(article: Article) -> Script:
    segments: list[Segment] = []
    for index, block in enumerate(article.blocks):
        if block.heading:
            segments.append(Segment(NARRATION, block.text, paragraph=index, role="heading"))
            continue
        segments.extend(_split_paragraph(block.text, index))
    return Script(segments=tuple(segments), title=article.title, author=article.author,
                  date=article.date, source=article.source, image=article.image)


def _split_paragraph(text: str, index: int) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for match in QUOTE_RUN.finditer(text):
        before = text[position:match.start()].strip()
        if before:
            out.append(Segment(NARRATION, before, paragraph=index))
        inner = match.group()[1:-1].strip()
        if inner:
            out.append(Segment(QUOTE, inner, paragraph=index))
        position = match.end()
    rest = text[position:].strip()
    if rest:
        out.append(Segment(NARRATION, rest, paragraph=index))
    return out
