"""Newsletters: .eml files and a Maildir written by the tests (multipart, quoted-printable, base64, charsets)."""

from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from narrate.errors import InputError
from narrate.sources.mail import read_message
from sources_fixtures import Runner

BODY = (
    "The lighthouse keepers' association held its autumn meeting in the old boathouse. Members voted to "
    "repaint the lamp room before the storms arrive, and to open the tower to visitors on Sundays."
)
SECOND = "Volunteers are needed for the spring clean of the beach below the tower, where gulls nest in April."
HTML = f"""<html><body><div style="display: none; max-height: 0">Inside: lamps, gulls and a spring clean</div>
<table><tr><td>
<p><a href="https://news.example/view/42">View this email in your browser</a></p>
<h1>Lighthouse letter</h1>
<p>{BODY}</p>
<p>{SECOND}</p>
<p>Was this email forwarded to you? <a href="https://news.example/join">Sign up here</a>.</p>
<p>You are receiving this because you joined the Lighthouse letter.
<a href="https://news.example/u">Unsubscribe</a> or update your preferences.</p>
<p>Lighthouse Letter, 12 Harbour Street, Port Ellen PA42 7AB</p>
<img src="https://news.example/open.gif" width="1" height="1">
</td></tr></table></body></html>"""


def newsletter(
    message_id: str = "<issue-42@news.example>",
    charset: str = "utf-8",
    encoding: str = "quoted-printable",
    html: str = HTML,
    subject: str = "Lighthouse letter: autumn meeting",
) -> bytes:
    """multipart/alternative: a text part and an HTML part, both in `charset` and `encoding`."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = '"Mara Beacon" <letter@news.example>'
    message["To"] = "reader@example.org"
    message["Date"] = "Tue, 17 Nov 2026 07:30:00 +0100"
    message["Message-ID"] = message_id
    message.set_content(BODY + "\n\n" + SECOND + "\n", charset=charset, cte=encoding)
    message.add_alternative(html, subtype="html", charset=charset, cte=encoding)
    return message.as_bytes()


def test_html_part_preferred_cruft_removed_headers_used():
    article = read_message(newsletter(), "issue.eml")
    text = " ".join(article.paragraphs)
    assert article.meta.title == "Lighthouse letter: autumn meeting"
    assert article.meta.author == "Mara Beacon"
    assert article.meta.date == "2026-11-17T06:30:00"
    assert "lamp room" in text and "spring clean" in text
    for cruft in ("browser", "forwarded", "Unsubscribe", "receiving this", "Harbour Street", "Sign up", "Inside:"):
        assert cruft not in text, cruft
    assert b"quoted-printable" in newsletter()


@pytest.mark.parametrize(
    "charset,encoding",
    [("iso-8859-1", "quoted-printable"), ("windows-1252", "base64"), ("koi8-r", "base64"), ("utf-8", "base64")],
)
def test_charsets_and_transfer_encodings(charset, encoding):
    word = "\u0431\u0435\u0440\u0435\u0433" if charset == "koi8-r" else "caf\u00e9"
    html = HTML.replace("autumn meeting", f"autumn meeting ({word})")
    data = newsletter(charset=charset, encoding=encoding, html=html)
    assert f'charset="{charset}"'.encode() in data or f"charset={charset}".encode() in data
    text = " ".join(read_message(data, "x.eml").paragraphs)
    assert word in text and "lamp room" in text


def test_plain_text_only_message():
    message = EmailMessage()
    message["Subject"] = "Fwd: Tide tables"
    message["From"] = "Rowan Ebb <rowan@tides.example>"
    message["Message-ID"] = "<t1@tides.example>"
    message.set_content(
        BODY + "\n\n" + SECOND + "\n\nUnsubscribe: https://tides.example/u\n",
        charset="iso-8859-1",
        cte="quoted-printable",
    )
    article = read_message(message.as_bytes(), "tides.eml")
    assert article.meta.title == "Tide tables" and article.meta.author == "Rowan Ebb"
    assert article.paragraphs == [BODY, SECOND]


def test_message_without_text_is_one_line_error():
    message = EmailMessage()
    message["Subject"] = "Photo"
    message.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="a.png")
    with pytest.raises(InputError, match=r"^empty\.eml: the e-mail has no HTML or text part to read$"):
        read_message(message.as_bytes(), "empty.eml")


def tree(root: Path) -> dict[str, tuple[int, float]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime) for p in sorted(root.rglob("*"))}


def test_maildir_is_read_not_modified_and_remembered_by_message_id(tmp_path):
    maildir = tmp_path / "Mail" / "newsletters"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1700000000.M1P1.host").write_bytes(newsletter("<a@news.example>"))
    (maildir / "cur" / "1700000001.M2P1.host:2,S").write_bytes(
        newsletter("<b@news.example>", subject="Lighthouse letter: winter hours")
    )
    (maildir / "cur" / "1690000000.M3P1.host:2,S").write_bytes(
        newsletter("<c@news.example>", subject="Old issue").replace(b"Tue, 17 Nov 2026", b"Tue, 03 Nov 2026")
    )
    before = tree(maildir)
    modes = os.stat(maildir).st_mode
    runner = Runner(tmp_path / "state", maildir=maildir, first_fetch_limit=2)
    found = runner.run()
    assert not found.failures
    assert sorted(r.article.meta.title for r in found.ready) == [
        "Lighthouse letter: autumn meeting",
        "Lighthouse letter: winter hours",
    ]
    assert {r.identity for r in found.ready} == {"mid:a@news.example", "mid:b@news.example"}
    assert tree(maildir) == before and os.stat(maildir).st_mode == modes

    # Delivered again (a copy under a new name) and one new message: only the new one.
    (maildir / "new" / "1700000009.M9P1.host").write_bytes(newsletter("<a@news.example>"))
    (maildir / "new" / "1700000010.M10P1.host").write_bytes(
        newsletter("<d@news.example>", subject="Lighthouse letter: spring")
    )
    assert [r.identity for r in runner.run().ready] == ["mid:d@news.example"]


def test_not_a_maildir_fails_alone(tmp_path):
    (tmp_path / "plain").mkdir()
    found = Runner(tmp_path / "state", maildir=tmp_path / "plain").run()
    assert found.failures == [(str(tmp_path / "plain"), "not a Maildir (it needs cur/ and new/ folders)")]
