"""Reading articles from files in every format and encoding, and refusing what cannot be read."""

from __future__ import annotations

import codecs
import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.errors import InputError
from narrate.read.article import parse_bytes, read_article
from narrate.script.segmenter import segment_article

BODY = "The ferry sails at nine. Tickets cost two pounds."


def write_bytes(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def body_text(article) -> str:
    return " ".join(article.paragraphs)


# --- plain text ---------------------------------------------------------------------------------------------


def test_plain_text_title_byline_and_date(write_article):
    article = read_article(write_article("Ferry returns\n\nBy Ana Ruiz\n\n2024-05-02\n\n" + BODY))
    assert (article.meta.title, article.meta.author, article.meta.date) == ("Ferry returns", "Ana Ruiz", "2024-05-02")
    assert article.paragraphs == [BODY]


def test_plain_text_joins_wrapped_lines_into_one_paragraph(write_article):
    article = read_article(write_article("The ferry sails\nat nine.\n\nSecond paragraph here."))
    assert article.paragraphs == ["The ferry sails at nine.", "Second paragraph here."]
    assert article.meta.title is None


def test_str_path_and_path_give_the_same_article(write_article):
    path = write_article(BODY)
    assert read_article(str(path)) == read_article(path)


# --- encodings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        BODY.encode("utf-8"),
        codecs.BOM_UTF8 + BODY.encode("utf-8"),
        codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_unicode_encodings(tmp_path, encoded):
    assert body_text(read_article(write_bytes(tmp_path, "a.txt", encoded))) == BODY


def test_cp1252_is_read_with_a_warning_naming_it(tmp_path, caplog):
    text = "Caf\u00e9 prices rose \u2013 a \u201cshock\u201d for regulars."
    with caplog.at_level(logging.WARNING, logger="narrate.read.article"):
        article = read_article(write_bytes(tmp_path, "old.txt", text.encode("cp1252")))
    assert body_text(article) == text
    assert "old.txt" in caplog.text and "cp1252" in caplog.text


def test_utf8_is_read_without_a_warning(write_article, caplog):
    with caplog.at_level(logging.WARNING, logger="narrate.read.article"):
        read_article(write_article("Caf\u00e9 au lait."))
    assert caplog.text == ""


def test_bytes_in_no_supported_encoding_are_refused(tmp_path):
    path = write_bytes(tmp_path, "odd.txt", b"abc \x81\x8d\x8f\x90 def")
    with pytest.raises(InputError, match=r"odd\.txt: not in a supported encoding"):
        read_article(path)


def test_broken_utf16_after_its_bom_is_refused(tmp_path):
    path = write_bytes(tmp_path, "half.txt", codecs.BOM_UTF16_LE + b"a\x00b")
    with pytest.raises(InputError, match=r"half\.txt: .*UTF-16"):
        read_article(path)


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"text\x00with nul bytes", bytes(range(32)) * 50],
    ids=["png", "nul", "controls"],
)
def test_binary_files_are_refused_with_one_line(tmp_path, data):
    with pytest.raises(InputError, match=r"pic\.txt: a binary file, not text") as error:
        read_article(write_bytes(tmp_path, "pic.txt", data))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("text", ["", "   \n\n\t  \n"], ids=["empty", "whitespace"])
def test_empty_files_are_refused(write_article, text):
    with pytest.raises(InputError, match="article.txt: the article is empty"):
        read_article(write_article(text))


def test_cruft_only_file_has_no_body(write_article):
    with pytest.raises(InputError, match="no body text"):
        read_article(write_article("Advertisement\n\nShare | Tweet | Email"))


def test_control_characters_are_removed_and_words_kept(write_article):
    article = read_article(write_article("Bells\x07 rang\x1b at\x0bnoon \u202eand \U0001f514 stopped."))
    assert article.paragraphs == ["Bells rang at noon \u202eand \U0001f514 stopped."]


def test_unsupported_suffix_and_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"a\.pdf: unsupported file type '\.pdf'"):
        read_article(write_bytes(tmp_path, "a.pdf", b"%PDF-1.4"))
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_article(tmp_path / "nope.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match="dir.txt: is a directory"):
        read_article(tmp_path / "dir.txt")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://x/1", "javascript://alert(1)"]
)
def test_other_url_schemes_are_refused(url):
    with pytest.raises(InputError, match="only http and https"):
        read_article(url)


# --- Markdown -----------------------------------------------------------------------------------------------

MARKDOWN = """---
date: 2024-06-01
---
# Lock gates replaced

By Ana Ruiz

![The new gates](images/gates.jpg)

The **new** gates were *lowered* into place, says the [canal trust](https://example.org/trust).
See <https://www.example.org/report> or call the `info` line.<br>Open <span>daily</span>.<script>hidden()</script>

<div class="note">Boats <b>moor</b> free.<style>.note { color: red }</style><script>alsoHidden()</script></div>

## Next steps

```
print("never spoken")
```

- Boats return in June.

| Lock | Opens |
|------|-------|
| Upper | June |
"""


def test_markdown_is_rendered_for_the_ear(write_article):
    article = read_article(write_article(MARKDOWN, "gates.md"))
    assert (article.meta.title, article.meta.author, article.meta.date) == (
        "Lock gates replaced",
        "Ana Ruiz",
        "2024-06-01",
    )
    assert article.meta.image == str(write_article("", "gates.md").parent / "images" / "gates.jpg")
    texts = [(b.text, b.heading) for b in article.blocks]
    assert texts == [
        (
            "The new gates were lowered into place, says the canal trust. See example.org or call the "
            "info line. Open daily.",
            False,
        ),
        ("Boats moor free.", False),
        ("Next steps", True),
        ("A code example is skipped here.", False),  # never dropped without a word
        ("Boats return in June.", False),
        ("Upper: Opens, June.", False),  # a row as header-and-cell phrases
    ]
    spoken = " ".join(b.text for b in article.blocks)
    for syntax in ("**", "](", "<br>", "<span>", "`", "never spoken", "#", "hidden", "Hidden", "color"):
        assert syntax not in spoken


# --- HTML ---------------------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>Lock gates replaced | Canal News</title>
<meta name="author" content="Ana Ruiz"><meta property="og:image" content="https://example.org/gates.jpg">
<meta property="article:published_time" content="2024-06-01T08:00:00Z">
<link rel="canonical" href="https://news.example.org/lock-gates">
<style>body { color: red } .secret-style { }</style>
<script>var secretScript = "do not read";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lock gates replaced</h1>
<p>The new gates were lowered into place on Monday after three years of planning and a long public appeal.</p>
<p>"We are delighted," said Maria Olsen, who chairs the canal trust. "Boats return in June."</p>
<h2>What happens next</h2>
<p>Engineers will test the gates for a fortnight before the first boats pass through the lock again.</p>
<script>document.write("secretScript again")</script>
</article><footer>Copyright Canal News. Follow us on Twitter</footer></body></html>"""


def test_html_main_content_and_metadata(write_article):
    article = read_article(write_article(HTML, "gates.html"))
    assert article.meta.title.startswith("Lock gates replaced")
    assert article.meta.source == "https://news.example.org/lock-gates"
    assert (article.meta.author, article.meta.date, article.meta.image) == (
        "Ana Ruiz",
        "2024-06-01",
        "https://example.org/gates.jpg",
    )
    spoken = " ".join(b.text for b in article.blocks)
    assert "lowered into place on Monday" in spoken and "Boats return in June." in spoken
    assert ("What happens next", True) in [(b.text, b.heading) for b in article.blocks]
    for never in ("secret", "color: red", "Home", "Copyright", "Follow us"):
        assert never not in spoken
    quotes = [s for s in segment_article(article).segments if s.kind == "quote"]
    assert [q.speaker for q in quotes] == ["Maria Olsen", "Maria Olsen"]


@pytest.mark.slow
def test_small_html_page_falls_back_to_its_paragraphs(write_article):
    article = read_article(
        write_article("<html><body><p>Short note.</p><script>x()</script></body></html>", "note.htm")
    )
    assert article.paragraphs == ["Short note."]


def test_deeply_nested_and_malformed_html_is_handled(write_article):
    nested = "<div>" * 5000 + "<p>Deep text survives here." + "</span></b>" * 3 + "<p>Unclosed <b>bold"
    path = write_article(f"<html><body>{nested}</body></html>", "deep.html")
    try:
        article = read_article(path)
    except InputError as error:  # also acceptable: one clear line naming the file
        assert str(error).startswith(str(path)) and "\n" not in str(error)
    else:
        assert "Deep text survives here." in " ".join(article.paragraphs)


def test_html_with_no_text_is_refused(write_article):
    path = write_article(
        "<html><head><script>only()</script><style>p{}</style></head><body></body></html>", "empty.html"
    )
    with pytest.raises(InputError, match=r"empty\.html: no article text found in the HTML"):
        read_article(path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["text", "markdown", "html"]))
def test_arbitrary_bytes_give_an_article_or_one_clear_line(data, kind):
    try:
        article = parse_bytes(data, "fuzz.bin", kind)
    except InputError as error:
        assert str(error).startswith("fuzz.bin: ") and "\n" not in str(error)
    else:
        assert any(not b.heading for b in article.blocks)
        segment_article(article)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_plain_text_reading_never_invents_or_reorders_words(text):
    words = re.sub(r"\W", "", text)
    try:
        article = parse_bytes(text.encode("utf-8"), "fuzz.txt", "text")
    except InputError:
        return
    kept = re.sub(
        r"\W",
        "",
        " ".join(
            [article.meta.title or "", article.meta.author or "", article.meta.date or ""]
            + [b.text for b in article.blocks]
        ),
    )
    remaining = iter(words)
    assert all(char in remaining for char in kept)  # kept is a subsequence of the original's word characters


@pytest.mark.parametrize("text", ['"""\n\n\u201d\u201c', "\u2014 ... !!!"], ids=["quote-marks", "punctuation"])
def test_an_article_with_no_words_is_refused(write_article, text):
    with pytest.raises(InputError, match="article.txt: the article has no words to read"):
        read_article(write_article(text))


def test_an_article_of_only_unbalanced_quotes_is_read(write_article):
    article = read_article(write_article('"Stop it\n\n"Go on\n\nshe said" nothing"'))
    segments = segment_article(article).segments
    assert re.findall(r"\w+", " ".join(s.text for s in segments)) == [
        "Stop",
        "it",
        "Go",
        "on",
        "she",
        "said",
        "nothing",
    ]
    assert [s.kind for s in segments] == ["quote", "quote", "narration"]


def test_pasted_text_with_one_paragraph_per_line(write_article):
    article = read_article(write_article('The quay is shut.\n"We are sorry," said Ola Berg.\nIt reopens in May.\n'))
    assert article.meta.title is None
    assert article.paragraphs == ["The quay is shut.", '"We are sorry," said Ola Berg.', "It reopens in May."]


def test_hard_wrapped_text_without_blank_lines_stays_one_paragraph(write_article):
    text = "The quay has been shut since the\nstorm in March, and traders say\nthey have lost most of the spring.\n"
    assert read_article(write_article(text)).paragraphs == [" ".join(text.split())]


def test_title_with_separators_emoji_rtl_and_controls(write_article):
    title = "../etc/passwd \\ \U0001f30a \u05d2\u05dc \u0645\u0648\u062c"
    article = read_article(write_article(f"{title}\x07\x1b\n\nThe tide came in early.", "odd name \U0001f30a.txt"))
    assert article.meta.title == title
    assert article.paragraphs == ["The tide came in early."]
