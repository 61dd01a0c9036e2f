"""How structures a listener cannot see are spoken: tables as header-and-cell phrases, list items as sentences,
indented prose as prose; real code, formulas and embedded players as a short note, never dropped silently.
"""

from __future__ import annotations

import re

CODE_NOTE = "A code example is skipped here."
FORMULA_NOTE = "A formula is skipped here."
VIDEO_NOTE = "A video is skipped here."
AUDIO_NOTE = "An audio clip is skipped here."
MAX_TABLE_ROWS = 12  # a bigger table is summarised ("A table of 40 rows is skipped here.")
MAX_TABLE_COLUMNS = 6
CODE_LANGUAGES = {
    "python",
    "py",
    "js",
    "javascript",
    "ts",
    "typescript",
    "bash",
    "sh",
    "shell",
    "console",
    "c",
    "cpp",
    "c++",
    "java",
    "go",
    "rust",
    "ruby",
    "php",
    "sql",
    "html",
    "css",
    "json",
    "yaml",
    "toml",
    "xml",
    "diff",
    "kotlin",
    "swift",
    "r",
    "perl",
    "lua",
    "haskell",
    "scala",
    "csharp",
    "cs",
    "powershell",
}
MATH_LANGUAGES = {"math", "latex", "tex", "katex"}
CODE_SYMBOLS = set("{}[]();=<>_/\\*#$|&^%~`@")
CODE_START = re.compile(
    r"^\s*(?:def |class |import |from \S+ import|function\b|return\b|var |let |const |#include|"
    r"\$ |>>> |if\s*\(|for\s*\(|while\s*\(|public |private |package |<\w+[^>]*>|//|/\*)"
)
SENTENCE_END = (".", "!", "?", ":", ";", "\u2026", '"', "\u201d", "'", "\u2019", ")")
DISPLAY_MATH = re.compile(r"^(?:\$\$.+\$\$|\\\[.+\\\])$", re.DOTALL)


def is_prose(text: str) -> bool:
    """Indented or fenced text that is really prose: words and sentences, hardly any code symbols."""
    chars = [c for c in text if not c.isspace()]
    words = re.findall(r"[^\W\d_]{2,}", text)
    if len(words) < 6 or not chars:
        return False
    if any(CODE_START.match(line) for line in text.splitlines()):
        return False
    symbols = sum(c in CODE_SYMBOLS for c in chars)
    return symbols <= 0.02 * len(chars) and bool(re.search(r"[.!?]", text))


def prose_paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def code_note(text: str, info: str = "") -> str | None:
    """The note spoken for a code block, or None when the block is prose to read."""
    language = info.strip().split()[0].lower() if info.strip() else ""
    if language in MATH_LANGUAGES:
        return FORMULA_NOTE
    if language in CODE_LANGUAGES or not is_prose(text):
        return CODE_NOTE
    return None


def is_display_math(text: str) -> bool:
    return bool(DISPLAY_MATH.match(text.strip()))


def as_sentence(text: str) -> str:
    """A list item ends as a sentence, so the voice pauses and falls as it would at a full stop."""
    text = text.rstrip()
    return text if not text or text.endswith(SENTENCE_END) else text + "."


def table_phrases(header: list[str] | None, rows: list[list[str]]) -> list[str]:
    """Each row as "Roads: 2024, 1.2 million pounds; 2025, 1.4 million pounds."; a big table as one note."""
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in [header or [], *rows]), default=0)
    if len(rows) > MAX_TABLE_ROWS or width > MAX_TABLE_COLUMNS:
        return [f"A table of {len(rows)} rows is skipped here."]
    if not header or not any(header[1:]):
        return [", ".join(cell for cell in row if cell) + "." for row in rows]
    phrases = []
    for row in rows:
        pairs = [f"{name}, {cell}" if name else cell for name, cell in zip(header[1:], row[1:], strict=False) if cell]
        label = row[0] if row else ""
        phrases.append(as_sentence(f"{label}: {'; '.join(pairs)}" if label and pairs else label or "; ".join(pairs)))
    return phrases
