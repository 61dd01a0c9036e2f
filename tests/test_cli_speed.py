"""Commands that only read text must stay instant: they never import the heavy audio stack.

Each command runs in a fresh interpreter that reports which heavy modules got imported.
To cover a new light command, add its arguments to LIGHT_COMMANDS.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLE

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

HEAVY = ("onnxruntime", "piper", "pydub", "numpy", "trafilatura", "PIL")

LIGHT_COMMANDS = [
    ["--help"],
    ["--version"],
    ["convert", "--help"],
    ["segment", str(EXAMPLE)],
    ["segment", str(EXAMPLE), "--format", "json"],
    ["voices", "list"],
    ["cache", "info"],
]

PROBE = """
import json, sys
from narrate.cli import app

code = 0
try:
    app(sys.argv[1:], prog_name="narrate")
except SystemExit as exit:
    code = exit.code or 0
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy})
print("\\n" + json.dumps({{"code": code, "heavy": heavy}}))
"""


def command_exists(name: str) -> bool:
    from narrate.cli import app

    return any((c.name or c.callback.__name__) == name for c in app.registered_commands) or any(
        g.name == name for g in app.registered_groups
    )


@pytest.mark.parametrize("args", LIGHT_COMMANDS, ids=" ".join)
def test_light_commands_do_not_import_the_audio_stack(args, tmp_path):
    if not args[0].startswith("-") and not command_exists(args[0]):
        pytest.skip(f"`narrate {args[0]}` does not exist on this branch yet")
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"NARRATE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    assert report["heavy"] == [], f"`narrate {' '.join(args)}` imported {report['heavy']}"


def test_the_probe_does_see_heavy_imports(tmp_path):
    """The check can fail: `convert` on a real article imports the audio stack, and the probe reports it."""
    article = tmp_path / "a.txt"
    article.write_text("A short note.\n\nThe bell rang once.")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(heavy=set(HEAVY)),
            "convert",
            str(article),
            "-o",
            str(tmp_path / "out"),
            "--jobs",
            "1",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, result.stderr
    assert "pydub" in report["heavy"]
