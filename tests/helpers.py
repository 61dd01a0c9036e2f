"""Helpers shared by several test files: real plugins, the real command line. Nothing is mocked."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from narrate.backends import Backend, Resources
from narrate.backends.piper import PiperBackend, PiperSettings
from narrate.models import Audio, Voice
from narrate.voice.profile import Profile


def as_piper(voice: Voice) -> Voice:
    """The same voice for the real Piper backend: a test plugin's own settings left out."""
    known = {f.name for f in dataclasses.fields(PiperSettings)}
    return Voice(voice.name, "piper", {k: v for k, v in voice.settings.items() if k in known}, voice.lexicon)


class CountingBackend(Backend):
    """Writes one line per synthesis to settings['log'], then speaks with Piper."""

    name = "counting"

    Settings = None  # takes Piper's settings plus 'log'

    def __init__(self, resources: Resources = Resources()) -> None:
        super().__init__(resources)
        self.piper = PiperBackend(resources)

    def version(self) -> str:
        return "counting+" + self.piper.version()

    def synthesize(self, text: str, voice: Voice) -> Audio:
        with open(voice.settings["log"], "a", encoding="utf-8") as log:
            log.write(text.replace("\n", " ") + "\n")
        return self.piper.synthesize(text, as_piper(voice))


def register_plugins(folder: Path, plugins: dict[str, str]) -> None:
    """Install entry points the way a real package would: a dist-info folder on sys.path."""
    dist = folder / "narrate_test_plugins-0.1.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: narrate-test-plugins\nVersion: 0.1\n")
    lines = "".join(f"{name} = {target}\n" for name, target in plugins.items())
    (dist / "entry_points.txt").write_text(f"[narrate.backends]\n{lines}")


def counting_profile(log: Path) -> Profile:
    return Profile(
        "counting",
        narrator=Voice("narrator", "counting", {"log": str(log)}),
        quote=Voice("quote", "counting", {"log": str(log), "pitch": 0.84}),
    )


def calls(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def run_cli(*args, cwd=None, extra_path: Path | None = None, env: dict | None = None, code: str | None = None):
    environment = dict(os.environ, **(env or {}))
    if extra_path:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), environment.get("PYTHONPATH")]))
    command = (
        [sys.executable, "-c", code, *map(str, args)] if code else [sys.executable, "-m", "narrate", *map(str, args)]
    )
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=environment, timeout=300)


def assert_clean_failure(result, out_dir: Path, *fragments: str) -> None:
    assert result.returncode != 0
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, result.stderr
    assert line.startswith("narrate: error:"), line
    for fragment in fragments:
        assert fragment in line
    assert not out_dir.exists() or not any(out_dir.iterdir()), list(out_dir.iterdir())


def read_all(leader: int) -> str:
    """Everything the pty holds: one read may return only the first write, so read to the end."""
    chunks = []
    try:
        while chunk := os.read(leader, 65536):
            chunks.append(chunk)
    except OSError:  # Linux reports EIO once the closed follower's data is drained
        pass
    finally:
        os.close(leader)
    return b"".join(chunks).decode()
