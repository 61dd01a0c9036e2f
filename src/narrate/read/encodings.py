"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, a declared charset, then cp1252, with a
warning naming the encoding used when it was not UTF-8; binary files are refused."""

from __future__ import annotations

import codecs
import logging
import re

from narrate.errors import InputError

log = logging.getLogger("narrate.reader")

BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"ID3",
    b"RIFF",
    b"\x7fELF",
    b"OggS",
    b"fLaC",
    b"BZh",
    b"7z\xbc\xaf",
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, name: str, charset: str | None = None) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, a declared charset, then cp1252; binary data is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", name)
        log.warning("narrate: warning: %s: read as UTF-16", name)
        return text
    if _looks_binary(data):
        raise InputError(f"{name}: a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in filter(None, (charset, "cp1252")):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        log.warning("narrate: warning: %s: not UTF-8; read as %s", name, encoding)
        return text
    raise InputError(f"{name}: not in a supported encoding (UTF-8, UTF-16 with BOM, or cp1252)")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}"
        ) from None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > 4 and controls > len(head) // 10


def clean_text(text: str) -> str:
    """Unix newlines, tabs as spaces, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return CONTROL.sub(" ", text)
