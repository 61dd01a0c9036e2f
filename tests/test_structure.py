"""Nothing silently lost (issue 12, part 4): indented prose is read; code, formulas and players become a short
spoken note counted in the verbose log; footnotes are read at the end under "Notes"; tables are read as
header-and-cell phrases (or summarised when big); list items are sentences."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from narrate.read.article import parse_bytes
from narrate.read.structure import CODE_NOTE, FORMULA_NOTE, VIDEO_NOTE, is_prose, table_phrases


def md(text: str):
    return parse_bytes(text.encode(), "a.md", "markdown")


def test_indented_prose_is_read_not_dropped_as_code():
    article = md(
        "# Harbour\n\nThe board met.\n\n    The harbourmaster, who indents her letters, wrote that the crane\n"
        "    would be replaced in spring. Nobody objected.\n\nThe end.\n"
    )
    assert article.paragraphs == [
        "The board met.",
        "The harbourmaster, who indents her letters, wrote that the crane "
        "would be replaced in spring. Nobody objected.",
        "The end.",
    ]


@pytest.mark.parametrize(
    "block",
    [
        "    def crane(load):\n        return load * 2\n",
        "```python\nprint('hello')\n```\n",
        "```\nfor (i = 0; i < n; i++) { x[i] = 0; }\n```\n",
        "```\n$ pip install narrate\n```\n",
        '    <div class="x">{{ value }}</div>\n',
    ],
)
def test_a_code_block_becomes_a_short_note_counted_in_the_log(block, caplog):
    with caplog.at_level(logging.INFO, logger="narrate.reader"):
        article = md(f"# Harbour\n\nThe board met.\n\n{block}\nThe end.\n")
    assert article.paragraphs == ["The board met.", CODE_NOTE, "The end."]
    assert "spoken as a short note instead of read: 1 code example" in caplog.text


@pytest.mark.parametrize("block", ["$$E = mc^2$$", "```math\nx^2 + y^2 = z^2\n```", "\\[ a + b \\]"])
def test_a_formula_becomes_a_short_note(block):
    assert md(f"# Sums\n\nBefore.\n\n{block}\n\nAfter.\n").paragraphs == ["Before.", FORMULA_NOTE, "After."]


def test_an_embedded_player_in_markdown_becomes_a_short_note():
    text = '# Clip\n\nBefore.\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n\nAfter.\n'
    assert md(text).paragraphs == ["Before.", VIDEO_NOTE, "After."]


def test_footnotes_are_read_at_the_end_under_notes_and_their_marks_are_not():
    article = md(
        "# Budget\n\nThe budget rose.[^1] It was late.[^late]\n\nThe end.\n\n"
        "[^1]: From the annual report.\n[^late]: Two weeks late,\n    as every year.\n"
    )
    assert [(b.text, b.heading) for b in article.blocks] == [
        ("The budget rose. It was late.", False),
        ("The end.", False),
        ("Notes", True),
        ("From the annual report.", False),
        ("Two weeks late, as every year.", False),
    ]


def test_a_table_is_read_as_header_and_cell_phrases():
    article = md(
        "# Spending\n\nThe figures:\n\n| Item | 2024 | 2025 |\n|---|---|---|\n"
        "| Roads | 1.2 million pounds | 1.4 million pounds |\n| Parks | 0.3 million pounds | |\n"
    )
    assert article.paragraphs[1:] == [
        "Roads: 2024, 1.2 million pounds; 2025, 1.4 million pounds.",
        "Parks: 2024, 0.3 million pounds.",
    ]


def test_a_big_table_is_summarised():
    rows = [[f"Road {i}", f"{i} km"] for i in range(30)]
    assert table_phrases(["Name", "Length"], rows) == ["A table of 30 rows is skipped here."]


def test_a_table_without_a_header_reads_its_rows():
    assert table_phrases(None, [["Roads", "1.2"], ["Parks", ""]]) == ["Roads, 1.2.", "Parks."]


def test_list_items_are_sentences():
    article = md("# Shopping\n\nWe need:\n\n- Milk\n- Bread!\n- Eggs, six\n\n1. First\n2. Second\n")
    assert article.paragraphs == ["We need:", "Milk.", "Bread!", "Eggs, six.", "First.", "Second."]


def test_html_code_table_list_math_and_players_in_place():
    page = """<html><head><title>Works</title></head><body><article><h1>Works</h1>
<p>The first paragraph of the piece is long enough for the extractor to keep it as text.</p>
<table><tr><th>Item</th><th>2024</th></tr><tr><td>Roads</td><td>1.2 million pounds</td></tr></table>
<pre><code>def f(x):
    return x * 2</code></pre><ul><li>Milk</li><li>Bread</li></ul>
<video controls src="/clip.mp4"><p>Your browser does not support HTML5 video.</p></video>
<p>The second paragraph of the piece is long enough for the extractor to keep it as text.</p>
<math><mi>x</mi><mo>=</mo><mn>2</mn></math><audio controls src="/a.mp3"></audio>
<p>The last paragraph of the piece is long enough for the extractor to keep it as text.</p></article></body></html>"""
    article = parse_bytes(page.encode(), "works.html", "html")
    assert article.paragraphs == [
        "The first paragraph of the piece is long enough for the extractor to keep it as text.",
        "Roads: 2024, 1.2 million pounds.",
        CODE_NOTE,
        "Milk.",
        "Bread.",
        VIDEO_NOTE,
        "The second paragraph of the piece is long enough for the extractor to keep it as text.",
        FORMULA_NOTE,
        "An audio clip is skipped here.",
        "The last paragraph of the piece is long enough for the extractor to keep it as text.",
    ]


@pytest.mark.parametrize(
    "text, prose",
    [
        ("The crane will be replaced in the spring, the board said.", True),
        ("x = compute(a, b)\nprint(x)", False),
        ("SELECT * FROM boats;", False),
        ("one two", False),
    ],
)
def test_prose_or_code(text, prose):
    assert is_prose(text) is prose


@pytest.mark.slow
def test_debug_shows_what_was_skipped(tmp_path):
    article = tmp_path / "code.md"
    article.write_text("# Code\n\nSome words here.\n\n```python\nx = 1\n```\n\n    def f(x):\n        return 2\n")
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "--debug", "segment", str(article)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert f"narrate: {article}: spoken as a short note instead of read: 2 code examples" in result.stderr
