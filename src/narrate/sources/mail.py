"""Newsletters: a Maildir (as fetchmail, getmail or mbsync deliver it) and saved .eml files.

The HTML part is preferred, else the plain-text part; the subject is the title, the sender's display name
the author, the Date header the date. Newsletter furniture (view in browser, unsubscribe, "forwarded this
email?", footer addresses) is not read. The Maildir is only ever read: no flag, move or delete.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace
from datetime import timezone
from email.message import EmailMessage, MIMEPart
from pathlib import Path

from narrate.errors import InputError
from narrate.models import Article, ArticleMeta, Block
from narrate.sources import Entry, Poll, PollContext, Settings, SourceError, SourceKind
from narrate.sources.identity import message_key

HEADER_BYTES = 256 * 1024
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
MAX_CRUFT_WORDS = 60
# Phrases only newsletter furniture uses: the whole short paragraph holding one goes.
NEWSLETTER_CRUFT = re.compile(
    r"\b(?:view|read|open|see) (?:this|it|the|our)?\s*(?:e-?mail|newsletter|message|issue|post|edition)?\s*"
    r"(?:in|on) (?:your|a|the) (?:web )?browser\b|\bview (?:it |this )?online\b|\bhaving trouble (?:viewing|reading)\b|"
    r"\bunsubscribe\b|\bupdate (?:your )?(?:e-?mail |subscription )?preferences\b|\bmanage (?:your )?subscriptions?\b|"
    r"\bforwarded (?:this|the) (?:e-?mail|newsletter|message)\b|\bwas this (?:e-?mail |newsletter )?"
    r"forwarded to you\b|\byou(?:'re| are)? receiv(?:ed|ing) this\b|"
    r"\bthis (?:e-?mail|message|newsletter) was sent to\b|"
    r"\bsent to \S+@\S+|\badd \S+@\S+ to your (?:address book|contacts)\b",
    re.IGNORECASE,
)
# Phrases a body sentence may use too: only a very short paragraph holding one goes.
FOOTER_WORDS = re.compile(
    r"\ball rights reserved\b|^(?:©|\(c\)|copyright)\s|\bprivacy policy\b|\bopt[ -]out\b|"
    r"\bsign up (?:here|for free|now)\b|\bsubscribe (?:here|now|for free)\b",
    re.IGNORECASE,
)
MAX_FOOTER_WORDS = 25
# A footer's postal address: a street word and a number, in a short line.
POSTAL = re.compile(
    r"\b\d+\w?\s+\w+(?:\s\w+)?\s(?:street|st\.?|avenue|ave\.?|road|rd\.?|lane|boulevard|blvd\.?|"
    r"way|square|suite)\b|\bp\.?\s?o\.? box \d+",
    re.IGNORECASE,
)
FORWARD_PREFIX = re.compile(r"^(?:(?:fwd?|fw|tr|wg)\s*:\s*)+", re.IGNORECASE)


class MailSource(SourceKind):
    name = "mail"
    suffixes = (".eml",)
    content_types = ("message/rfc822",)

    def locations(self, settings: Settings) -> list[str]:
        return [str(settings.maildir)] if settings.maildir else []

    def poll(self, location: str, ctx: PollContext) -> Poll:
        root = Path(location)
        if not ((root / "cur").is_dir() and (root / "new").is_dir()):
            raise SourceError(f"{location}: not a Maildir (it needs cur/ and new/ folders)")
        entries = [entry for path in _messages(root) if (entry := _entry(path)) is not None]
        entries.sort(key=lambda e: e.date, reverse=True)
        return Poll(entries=tuple(entries))

    def read_bytes(self, data: bytes, name: str) -> Article:
        return read_message(data, name)


def _messages(root: Path) -> list[Path]:
    found = []
    for folder in ("new", "cur"):
        with os.scandir(root / folder) as listing:
            found += [Path(e.path) for e in listing if not e.name.startswith(".") and e.is_file()]
    return sorted(found)


def _entry(path: Path) -> Entry | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_BYTES)
    except OSError:
        return None  # delivered and moved away between listing and reading: seen next run
    message = _parse(head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\n\n")
    message_id = str(message.get("Message-ID", "") or "").strip()
    key = message_key(message_id) if message_id else "mid-sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    meta = _meta(message)

    def load(path: Path = path) -> Article:
        if path.stat().st_size > MAX_MESSAGE_BYTES:
            raise InputError(f"{path}: the e-mail is larger than {MAX_MESSAGE_BYTES // (1024 * 1024)} MB")
        return read_message(path.read_bytes(), str(path))

    return Entry(keys=(key,), load=load, meta=meta, date=meta.date or "")


def _parse(data: bytes) -> EmailMessage:
    from email import message_from_bytes, policy

    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def read_message(data: bytes, name: str) -> Article:
    """An e-mail (RFC 5322 bytes) -> Article."""
    from narrate.read.article import parse_bytes

    message = _parse(data)
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise InputError(f"{name}: the e-mail has no HTML or text part to read")
    text = _content(body, name)
    kind = "html" if body.get_content_subtype() == "html" else "text"
    if kind == "html":
        text = _unwrap_layout(text)
    try:
        article = parse_bytes(text.encode("utf-8"), name, kind, "utf-8")
    except InputError:
        raise InputError(f"{name}: the e-mail has no text to read") from None
    meta = _meta(message)
    blocks = [b for b in article.blocks if not _is_newsletter_cruft(b)]
    if blocks and meta.title and blocks[0].text.strip() == meta.title:
        blocks = blocks[1:]
    if not any(not b.heading for b in blocks):
        raise InputError(f"{name}: the e-mail has no text to read once its footer is removed")
    return Article(
        blocks=tuple(blocks),
        meta=replace(
            meta,
            title=meta.title or article.meta.title,
            author=meta.author or article.meta.author,
            language=article.meta.language,
        ),
    )


def _content(part: MIMEPart, name: str) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: the bytes, read as Windows-1252
        payload = part.get_payload(decode=True)
        content = payload.decode("cp1252", errors="replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str) or not content.strip():
        raise InputError(f"{name}: the e-mail's {part.get_content_type()} part is empty")
    return content


def _unwrap_layout(html: str) -> str:
    """Newsletters lay out with tables: make them plain blocks so each paragraph stays a paragraph (the
    extractor would read a layout table as one table cell); hidden preheaders and tracking pixels go."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for element in list(root.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th", "center")):
        element.tag = "div"
    for element in list(root.iter()):
        style = (element.get("style") or "").replace(" ", "").lower()
        pixel = element.tag == "img" and element.get("width") in ("0", "1") and element.get("height") in ("0", "1")
        if (pixel or "display:none" in style) and element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def _meta(message: EmailMessage) -> ArticleMeta:
    subject = FORWARD_PREFIX.sub("", " ".join(str(message.get("Subject", "") or "").split())) or None
    author = None
    try:
        sender = message.get("From")
        addresses = getattr(sender, "addresses", ())
        if addresses:
            author = addresses[0].display_name or addresses[0].username or None
    except (IndexError, ValueError, TypeError):
        author = None
    return ArticleMeta(title=subject, author=author, date=_date(message))


def _date(message: EmailMessage) -> str | None:
    try:
        header = message.get("Date")
        moment = getattr(header, "datetime", None)
    except (ValueError, TypeError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _is_newsletter_cruft(block: Block) -> bool:
    words = len(block.text.split())
    if words > MAX_CRUFT_WORDS:
        return False
    if NEWSLETTER_CRUFT.search(block.text):
        return True
    return words <= MAX_FOOTER_WORDS and bool(FOOTER_WORDS.search(block.text) or POSTAL.search(block.text))
