"""The public Python API in narrate/__init__.py: one call per stage, and every stage at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

import narrate


def test_read_and_segment_from_python(tmp_path):
    path = tmp_path / "quay.md"
    path.write_text('# Quay lights return\n\nThe lights came back on Friday. "About time," said Nell Brand.\n')
    article = narrate.read_article(path)
    script = narrate.segment_article(article)
    assert article.meta.title == "Quay lights return"
    assert [(s.kind, s.speaker) for s in script.segments] == [
        ("narration", None),
        ("quote", "Nell Brand"),
        ("narration", None),
    ]


@pytest.mark.slow
def test_convert_from_python_writes_an_episode(tmp_path):
    path = tmp_path / "gate.txt"
    path.write_text("Gate repaired\n\nThe old gate swings again.\n")
    episode = narrate.convert(path, narrate.ConvertOptions(out_dir=tmp_path / "out"))
    assert episode.path == tmp_path / "out" / "gate-repaired.mp3" and episode.path.stat().st_size > 1000
    assert episode.meta.title == "Gate repaired" and episode.duration > 1


def test_import_narrate_loads_no_stage():
    code = "import sys, narrate; loaded = [m for m in sys.modules if m.startswith('narrate.')]; print(','.join(loaded))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "narrate.version"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        narrate.no_such_thing  # noqa: B018
