"""`narrate segment` as a real subprocess: JSON shape, table, stdin, errors, and no heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


ARTICLE = 'Quay reopens\n\nBy Ana Ruiz\n\n"We waited a year," said harbourmaster Tom Reid. "It was worth it."\n'


def narrate(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], capture_output=True, text=True, input=stdin, timeout=120
    )


def test_json_has_exactly_the_documented_shape(write_article):
    result = narrate("segment", write_article(ARTICLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["title", "author", "date", "source", "language", "segments"]
    assert doc["language"] == "en"
    assert (doc["title"], doc["author"], doc["date"]) == ("Quay reopens", "Ana Ruiz", None)
    assert doc["source"].endswith("article.txt")
    assert doc["segments"] == [
        {"kind": "quote", "text": "We waited a year,", "speaker": "Tom Reid", "paragraph": 0},
        {"kind": "narration", "text": "said harbourmaster Tom Reid.", "speaker": None, "paragraph": 0},
        {"kind": "quote", "text": "It was worth it.", "speaker": "Tom Reid", "paragraph": 0},
    ]


def test_table_shows_kind_speaker_and_text(write_article):
    result = narrate("segment", write_article(ARTICLE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "title:  Quay reopens"
    assert any("quote" in line and "Tom Reid" in line and "We waited a year," in line for line in lines)


def test_stdin_dash():
    result = narrate("segment", "-", "--format", "json", stdin="One line only, read from a pipe.")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["source"] is None and doc["title"] is None
    assert doc["segments"][0]["text"] == "One line only, read from a pipe."


def test_bad_input_is_one_line_and_exit_1(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for target, message in [
        (binary, "photo.txt: a binary file, not text"),
        ("file:///etc/passwd", "only http and https"),
        (tmp_path / "missing.md", "missing.md: no such file"),
    ]:
        result = narrate("segment", target)
        assert result.returncode == 1
        assert result.stderr.startswith("narrate: error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_cp1252_warning_goes_to_stderr_and_json_stays_clean(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 \u201cprices\u201d rose.".encode("cp1252"))
    result = narrate("segment", path, "--format", "json")
    assert result.returncode == 0
    assert "old.txt: not UTF-8; read as cp1252" in result.stderr
    assert json.loads(result.stdout)["segments"][0]["text"] == "Caf\u00e9 \u201cprices\u201d rose."


# For HTML, trafilatura imports py3langid when it is installed (narrate depends on it for its model), and
# py3langid imports numpy (~0.1 s); narrate's own language detection reads the model without numpy.
@pytest.mark.parametrize(
    "name, text, heavy",
    [
        ("plain.md", ARTICLE, ["numpy", "onnxruntime", "pydub", "piper", "trafilatura", "lxml", "py3langid"]),
        ("page.html", f"<html><body><p>{ARTICLE}</p></body></html>", ["onnxruntime", "pydub", "piper"]),
    ],
)
def test_segment_does_not_import_audio_or_extraction_libraries(write_article, name, text, heavy):
    path = write_article(text, name)
    code = (
        "import sys\nfrom narrate.cli import app\n"
        f"try:\n    app(['segment', {str(path)!r}, '--format', 'json'])\nexcept SystemExit:\n    pass\n"
        f"heavy = {heavy!r}\n"
        "print('HEAVY', [m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_convert_reads_an_article_from_stdin(tmp_path):
    result = narrate("convert", "-", "-o", tmp_path, stdin="Pipe test\n\nA short line from a pipe.\n")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.glob("*.mp3")] == ["pipe-test.mp3"]
