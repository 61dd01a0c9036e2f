"""Plain text to paragraphs, title, author and date.

Paragraphs are separated by blank lines; inside one blank-line block, each line break is judged on its own:
a hard-wrapped paragraph joins, but a byline, a follow prompt, a caption, a credit or a date on its own line
is not glued to its neighbours (scraped pages put them on consecutive lines). Text pasted from the web with
one paragraph per line (most lines end a sentence, lengths vary) keeps each line as a paragraph.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from narrate.models import Block
from narrate.read.cruft import remove_cruft
from narrate.read.header import (
    SENTENCE_END,
    author_of,
    date_of,
    is_caption,
    is_credited_caption,
    is_furniture,
    read_header,
)

log = logging.getLogger("narrate.reader")

BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
TITLE_ENDINGS = (".", ",", ";", ":", "!", '"', "'", "\u201d", "\u2019")
LINE_ENDINGS = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")", ":")
WRAP_SHARE = 0.6  # a line shorter than this share of its block's longest line ended its paragraph
MIN_WRAP_WIDTH = 30
SHORT_LINE = 60
HARD_WRAP_MAX = 80  # lines this short may be metadata even inside a long block


@dataclass(frozen=True)
class PlainText:
    paragraphs: list[str]
    title: str | None
    author: str | None
    date: str | None


def parse_plain_text(text: str) -> PlainText:
    """Paragraphs less page furniture, and the title, byline and date found at the top."""
    lines = [piece for block in BLANK_LINE.split(text) for piece in split_block(block)]
    lines = [line for line in lines if not is_credited_caption(line)]  # before its credit is cut off below
    pieces = [b.text for b in remove_cruft([Block(line) for line in lines])]
    title = author = date = None
    if len(pieces) > 1 and is_title(pieces[0]):
        title = pieces.pop(0)
        header = read_header(pieces[:-1])  # at least one paragraph stays body
        author, date = header.author, header.date
        if header.used:
            log.debug("narrate: %d header line(s) after the title not read: %r", header.used, pieces[: header.used])
        del pieces[: header.used]
    return PlainText([piece for piece in pieces if not _furniture_line(piece)], title, author, date)


def split_block(block: str) -> list[str]:
    """One blank-line block -> its paragraphs, judging every line break on its own."""
    lines = [" ".join(line.split()) for line in block.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return lines
    standalone = [_standalone(line) for line in lines]
    prose = [line for line, alone in zip(lines, standalone, strict=True) if not alone]
    width = max(len(line) for line in prose) if prose else 0
    per_line = _one_paragraph_per_line(prose, width)
    paragraphs = [lines[0]]
    for i in range(1, len(lines)):
        if standalone[i - 1] or standalone[i] or not _joins(lines[i - 1], lines[i], width, per_line):
            paragraphs.append(lines[i])
        else:
            paragraphs[-1] += " " + lines[i]
    if any(alone and is_furniture(line) for line, alone in zip(lines, standalone, strict=True)):
        # beside "Image 2 of 8" or a credit, a Title Case line is that picture's caption
        paragraphs = [p for p in paragraphs if not is_caption(p) or author_of(p)]
    return paragraphs


def _one_paragraph_per_line(lines: list[str], width: int) -> bool:
    """Most lines end a sentence and are not hard-wrapped to one width (hard-wrapped text stays within 80
    columns): web text with one paragraph a line."""
    ended = sum(line.endswith(LINE_ENDINGS) for line in lines)
    if len(lines) < 2 or ended < 0.6 * len(lines):
        return False
    wrapped = sum(len(line) >= 0.75 * width for line in lines[:-1])
    return width > HARD_WRAP_MAX or wrapped < 0.7 * (len(lines) - 1)


def _joins(previous: str, line: str, width: int, per_line: bool) -> bool:
    if per_line and previous.endswith(LINE_ENDINGS):
        return False
    ended_short = width >= MIN_WRAP_WIDTH and len(previous) < WRAP_SHARE * width
    return not (ended_short and previous.endswith(SENTENCE_END))


def _standalone(line: str) -> bool:
    """A line that is never part of a wrapped paragraph: metadata, furniture or a caption."""
    if len(line) > 240:
        return False
    if is_furniture(line) or is_caption(line) or date_of(line):
        return True
    return len(line) <= SHORT_LINE and author_of(line) is not None


def _furniture_line(piece: str) -> bool:
    """A paragraph of page furniture in the body: only shapes that are never prose ("Image 1 of 8")."""
    return len(piece) <= 240 and is_furniture(piece)


def is_title(line: str) -> bool:
    if len(line) > 150 or len(line.split()) > 20 or line.endswith(TITLE_ENDINGS):
        return False
    return line.count('"') % 2 == 0 and line.count("\u201c") == line.count("\u201d")
