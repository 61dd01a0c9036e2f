"""PDFs generated here with fpdf2: metadata title, running headers and footers, page numbers, hyphenation,
two columns, a scan without a text layer."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from PIL import Image

from narrate.errors import InputError
from narrate.sources.pdf import read_pdf

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
