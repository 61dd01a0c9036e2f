"""PDFs generated here with fpdf2: metadata title, running headers and footers, page numbers, hyphenation,
two columns, a scan without a text layer."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from PIL import Image

from narrate.errors import InputError
from narrate.sources.pdf import read_pdf
from sources_fixtures import LEFT, RIGHT, make_paper


def test_text_pdf_becomes_an_article():
    article = read_pdf(make_paper(), "survey.pdf")
    assert article.meta.title == "Tidal Survey of the Harbour Mouth"
    assert article.meta.author == "Iona Reef"
    assert article.paragraphs == (LEFT + RIGHT) * 2, "columns in reading order, hyphenation joined"
    text = " ".join(article.paragraphs)
    assert "Harbour Survey Report" not in text, "running header dropped"
    assert not any(p.strip().isdigit() for p in article.paragraphs), "page numbers dropped"


def test_title_from_first_heading_when_metadata_has_none():
    article = read_pdf(make_paper(title_in_metadata=False), "survey.pdf")
    assert article.meta.title == "Tidal Survey of the Harbour Mouth"
    assert article.paragraphs[0] == LEFT[0]


def test_scanned_pdf_is_refused_in_one_line(tmp_path):
    picture = tmp_path / "scan.png"
    Image.new("L", (400, 560), 235).save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=0, y=0, w=210)
    with pytest.raises(InputError, match=r"^scan\.pdf: a scanned PDF with no text layer; narrate reads text PDFs only"):
        read_pdf(bytes(pdf.output()), "scan.pdf")


def test_broken_pdf_is_one_line_error():
    with pytest.raises(InputError, match=r"^broken\.pdf: not a readable PDF"):
        read_pdf(b"%PDF-1.4\n" + b"garbage " * 50, "broken.pdf")
    with pytest.raises(InputError, match=r"^notes\.pdf: not a PDF file$"):
        read_pdf(io.BytesIO(b"plain words").read(), "notes.pdf")
