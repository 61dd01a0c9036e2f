"""A TTS backend that raises, hangs, crashes or returns nothing: bounded retries, then a clean failure.

The misbehaving engines are real plugins (temporary dist-info entry points) running in the real
worker processes; they misbehave only on texts containing a trigger word and otherwise speak with
Piper, so the good segments around the bad one are real audio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import as_piper, register_plugins
from narrate.backends import Backend, Resources
from narrate.backends.piper import PiperBackend
from narrate.episode.render import ConvertOptions, convert
from narrate.errors import BackendError
from narrate.models import Audio, Segment, Voice
from narrate.voice.cache import SynthesisCache
from narrate.voice.profile import Profile
from narrate.voice.voicing import FaultPolicy, voice_segments

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


# Generous enough for a good segment on a loaded machine; the workers are warmed up first.
FAST = FaultPolicy(timeout=10, timeout_per_char=0, retries=2, backoff=0.05)


class MisbehavingBackend(Backend):
    """On a text containing settings['trigger'], misbehaves settings['times'] times (-1: always)."""

    name = "misbehaving"

    Settings = None  # its own fault settings, unchecked

    def __init__(self, resources: Resources = Resources()) -> None:
        super().__init__(resources)
        self.piper = PiperBackend(resources)

    def synthesize(self, text: str, voice: Voice) -> Audio:
        settings = voice.settings
        if settings["trigger"] in text and self._strike(Path(settings["log"]), settings["times"]):
            return self.misbehave(settings["fault"])
        return self.piper.synthesize(text, as_piper(voice))

    @staticmethod
    def _strike(log: Path, times: int) -> bool:
        with open(log, "a") as out:
            out.write(f"{os.getpid()}\n")
        return times < 0 or len(log.read_text().splitlines()) <= times

    @staticmethod
    def misbehave(fault: str) -> Audio:
        if fault == "raise":
            raise RuntimeError("engine exploded")
        if fault == "empty":
            return Audio(pcm=b"", sample_rate=22050)
        if fault == "hang":
            time.sleep(3600)
        if fault == "crash":
            os._exit(3)
        raise AssertionError(fault)


@pytest.fixture
def misbehaving(tmp_path, monkeypatch):
    register_plugins(tmp_path / "site", {"misbehaving": f"{__name__}:MisbehavingBackend"})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    def voice(fault: str, times: int = -1) -> Voice:
        return Voice(
            "narrator",
            "misbehaving",
            {"trigger": "BOOM", "fault": fault, "times": times, "log": str(tmp_path / f"{fault}.log")},
        )

    voice.strikes = lambda fault: len((tmp_path / f"{fault}.log").read_text().splitlines())
    # Start both workers and load the model, so only the misbehaviour is timed, not a cold start.
    list(voice_segments([SEGMENTS[0], SEGMENTS[2]], lambda s: voice("raise"), jobs=2))
    return voice


SEGMENTS = [
    Segment("narration", "The ferry left at nine.", paragraph=0),
    Segment("narration", "Then the BOOM of the horn rolled over the water.", paragraph=1),
    Segment("narration", "Nobody on the quay looked up.", paragraph=2),
]


@pytest.mark.parametrize(
    "fault, problem",
    [
        ("raise", "engine exploded"),
        ("empty", "returned no audio"),
        ("hang", "timed out after 10 s"),
        ("crash", "worker died"),
    ],
)
def test_persistent_fault_fails_naming_the_segment(misbehaving, fault, problem):
    voice = misbehaving(fault)
    yielded = []
    started = time.monotonic()
    with pytest.raises(BackendError) as raised:
        for voiced in voice_segments(SEGMENTS, lambda s: voice, jobs=2, faults=FAST):
            yielded.append(voiced.segment)
    message = str(raised.value)
    assert problem in message
    assert "segment 2" in message and "BOOM of the horn" in message
    assert "\n" not in message
    assert yielded == SEGMENTS[:1]  # nothing after the gap is ever handed to the mixer
    assert misbehaving.strikes(fault) == FAST.retries + 1  # bounded: one try plus the retries
    # Bounded in time too: timeouts plus backoff, not an hour.
    assert time.monotonic() - started < (FAST.timeout + 2) * (FAST.retries + 1) + 20


@pytest.mark.parametrize("fault", ["raise", "empty", "hang", "crash"])
def test_transient_fault_is_retried_and_the_audio_is_complete(misbehaving, fault):
    voice = misbehaving(fault, times=1)
    voiced = list(voice_segments(SEGMENTS, lambda s: voice, jobs=2, faults=FAST))
    assert [v.segment for v in voiced] == SEGMENTS
    assert all(v.audio.duration > 1.0 for v in voiced)
    assert misbehaving.strikes(fault) == 2


def test_failed_article_publishes_nothing_and_caches_only_good_audio(misbehaving, tmp_path):
    voice = misbehaving("raise")
    article = tmp_path / "ferry.md"
    article.write_text("# Night ferry\n\nThe ferry left at nine.\n\nThen the BOOM of the horn rolled over.\n")
    out = tmp_path / "out"
    cache = SynthesisCache(tmp_path / "cache")
    with pytest.raises(BackendError, match="segment 3 .*BOOM"):
        convert(article, ConvertOptions(out_dir=out, profile=Profile("bad", voice, voice), cache=cache, jobs=2))
    assert list(out.iterdir()) == []  # no episode, no half-written temp file
    assert cache.info().entries == 2  # title and first paragraph; never an entry for the failed one


def test_cli_reports_the_failed_segment_in_one_line(misbehaving, tmp_path):
    """The whole command in a subprocess: exit 1, one line naming the segment, nothing published."""
    article = tmp_path / "ferry.md"
    article.write_text("The ferry left at nine.\n\nThen the BOOM of the horn rolled over.\n")
    profile = tmp_path / "misbehaving.toml"
    profile.write_text(
        'quote = "narrator"\n[narrator]\nbackend = "misbehaving"\ntrigger = "BOOM"\n'
        f'fault = "empty"\ntimes = -1\nlog = {str(tmp_path / "cli.log")!r}\n'
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(tmp_path / "site"), str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
        ),
        "NARRATE_CACHE_DIR": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "narrate",
            "convert",
            str(article),
            "-o",
            str(tmp_path / "out"),
            "--voices",
            str(profile),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("narrate: error: ")
    assert "returned no audio" in lines[0] and "BOOM of the horn" in lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_workers_leave_when_narrate_is_killed(misbehaving, tmp_path):
    """SIGKILL on narrate mid-synthesis: its voicing workers notice and exit, no orphans left."""
    script = (
        "import sys; from narrate.models import Segment, Voice; from narrate.voice.voicing import voice_segments\n"
        f"v = Voice('narrator', 'misbehaving', {{'trigger': 'BOOM', 'fault': 'hang', 'times': -1, "
        f"'log': {str(tmp_path / 'killed.log')!r}}})\n"
        "segs = [Segment('narration', 'BOOM one.'), Segment('narration', 'BOOM two.')]\n"
        "list(voice_segments(segs, lambda s: v, jobs=2))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(tmp_path / "site"), str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
        ),
    }
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    log = tmp_path / "killed.log"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not log.exists() or len(log.read_text().split()) < 2):
        time.sleep(0.2)
    workers = {int(pid) for pid in log.read_text().split()}
    assert len(workers) == 2 and parent.pid not in workers
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a reaper."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
