"""A text PDF (one article, paper or report) -> Article, with pdfminer.six's layout analysis.

Title from the document's metadata, else its first large heading; running headers, footers and page
numbers dropped (text repeated in the page margins); words hyphenated across lines joined; two-column pages
read left column then right column between full-width blocks. A PDF without a text layer (a scan) is refused.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from narrate.errors import InputError
from narrate.models import Article, ArticleMeta, Block
from narrate.sources import SourceKind, need

MARGIN = 0.09  # top and bottom share of the page where running headers and footers sit
MIN_TEXT_CHARS = 10  # fewer characters on all pages together: a scan (maybe a stamped page number), not text
HEADING_RATIO = 1.18  # a block set this much larger than the body text is a heading
MAX_HEADING_WORDS = 20
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?(?:\d+|[ivxlc]+)(?:\s*(?:of|/)\s*\d+)?$|"
    r"^[-\u2013\u2014]\s*\d+\s*[-\u2013\u2014]$",
    re.IGNORECASE,
)
SENTENCE_END = (".", "!", "?", ":", '"', "\u201d", "\u2019", ")")
PLACEHOLDER_TITLES = re.compile(
    r"^(?:untitled|document\d*|microsoft word - .*|.*\.(?:docx?|pdf|tex|odt))$", re.IGNORECASE
)


@dataclass(frozen=True)
class _Box:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: tuple[str, ...]
    size: float  # median font size of its characters
    chars: int

    @property
    def text(self) -> str:
        return join_lines(self.lines)


class PdfSource(SourceKind):
    name = "pdf"
    suffixes = (".pdf",)
    content_types = ("application/pdf",)

    def read_bytes(self, data: bytes, name: str) -> Article:
        return read_pdf(data, name)


def read_pdf(data: bytes, name: str) -> Article:
    if not data.startswith(b"%PDF"):
        raise InputError(f"{name}: not a PDF file")
    pages, info = _layout(data, name)
    boxes = [b for page in pages for b in page]
    if sum(b.chars for b in boxes) < MIN_TEXT_CHARS:
        raise InputError(f"{name}: a scanned PDF with no text layer; narrate reads text PDFs only (run OCR first)")
    body = _drop_running_text(pages)
    body_size = statistics.median([b.size for b in body for _ in range(max(1, b.chars // 50))] or [10.0])
    blocks = _merge_broken_paragraphs([Block(b.text, heading=_is_heading(b, body_size)) for b in body if b.text])
    title = _meta_title(info)
    if title is None and blocks and blocks[0].heading:
        title = blocks.pop(0).text
    elif title is not None and blocks and blocks[0].heading and _same(blocks[0].text, title):
        blocks.pop(0)
    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: the PDF has no body text")
    return Article(
        blocks=tuple(blocks),
        meta=ArticleMeta(
            title=title, author=_info(info, "Author"), date=_pdf_date(_info(info, "CreationDate")), source=name
        ),
    )


def _layout(data: bytes, name: str) -> tuple[list[list[_Box]], dict]:
    need("pdfminer")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        info = document.info[0] if document.info else {}
        pages = []
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            height, width = page.height or 1.0, page.width or 1.0
            boxes = [_box(number, element, width, height) for element in page if isinstance(element, LTTextContainer)]
            pages.append(_reading_order([b for b in boxes if b.lines], width))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types (PDFSyntaxError, PSEOF, KeyError ...) on broken files
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    return pages, info


def _box(page: int, element, width: float, height: float) -> _Box:
    from pdfminer.layout import LTChar, LTTextLine

    lines, sizes = [], []
    for line in element:
        if isinstance(line, LTTextLine):
            text = " ".join(line.get_text().split())
            if text:
                lines.append(text)
            sizes += [round(ch.size, 1) for ch in line if isinstance(ch, LTChar)]
    size = statistics.median(sizes) if sizes else 0.0
    # Positions as shares of the page, so margins and columns compare across page sizes.
    return _Box(
        page,
        element.x0 / width,
        element.y0 / height,
        element.x1 / width,
        element.y1 / height,
        tuple(lines),
        size,
        len(sizes),
    )


def _reading_order(boxes: list[_Box], width: float) -> list[_Box]:
    """Top to bottom; between two full-width blocks, the whole left column before the right one."""
    ordered: list[_Box] = []
    left: list[_Box] = []
    right: list[_Box] = []

    def flush() -> None:
        ordered.extend(sorted(left, key=lambda b: -b.y1) + sorted(right, key=lambda b: -b.y1))
        left.clear()
        right.clear()

    for box in sorted(boxes, key=lambda b: (-b.y1, b.x0)):
        if box.x1 <= 0.53:
            left.append(box)
        elif box.x0 >= 0.47:
            right.append(box)
        else:
            flush()
            ordered.append(box)
    flush()
    return ordered


def _in_margin(box: _Box) -> bool:
    return box.y0 >= 1 - MARGIN or box.y1 <= MARGIN


def _drop_running_text(pages: list[list[_Box]]) -> list[_Box]:
    """Page numbers, and margin text that repeats (digits aside) on at least half the pages."""

    def shape(box: _Box) -> str:
        return re.sub(r"\d+", "#", box.text.lower())

    repeats = Counter(shape(b) for page in pages for b in {shape(x): x for x in page if _in_margin(x)}.values())
    threshold = max(2, (len(pages) + 1) // 2)
    kept = []
    for page in pages:
        for box in page:
            if _in_margin(box) and (PAGE_NUMBER.match(box.text.strip()) or repeats[shape(box)] >= threshold):
                continue
            kept.append(box)
    return kept


def _is_heading(box: _Box, body_size: float) -> bool:
    return (
        box.size >= body_size * HEADING_RATIO
        and len(box.text.split()) <= MAX_HEADING_WORDS
        and not box.text.endswith((".", ","))
    )


def join_lines(lines) -> str:
    """Lines of one paragraph -> its text; 'inter-' + 'national' -> 'international'."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif _hyphenated(text, line):
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _hyphenated(before: str, after: str) -> bool:
    return len(before) > 2 and before.endswith("-") and before[-2].isalpha() and after[:1].islower()


def _merge_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a page or column break: no sentence end before, a lower-case word after."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous
            and not previous.heading
            and not block.heading
            and block.text[:1].islower()
            and not previous.text.endswith(SENTENCE_END)
        ):
            out[-1] = Block(join_lines([previous.text, block.text]))
        else:
            out.append(block)
    return out


def _info(info: dict, key: str) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(info.get(key))
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.replace("\x00", "").split()) or None


def _meta_title(info: dict) -> str | None:
    title = _info(info, "Title")
    return title if title and not PLACEHOLDER_TITLES.match(title) else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _pdf_date(value: str | None) -> str | None:
    """PDF dates look like D:20261103120000Z; the day is enough."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value or "")
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None
