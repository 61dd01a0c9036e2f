"""What runs inside a Dask worker: the plugin that loads and declares the voices, and the task that
voices and mixes one article into an (untagged) MP3.

Imported by the worker when the client registers the plugin (cloudpickle refers to this module by
name, so narrate must be installed on every worker, at the client's version: the plugin checks).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin

from narrate.cluster.declare import Declaration, declare
from narrate.errors import BackendError, NarrateError, VoiceError
from narrate.models import Audio, Segment, Voice, VoicedSegment

if TYPE_CHECKING:
    from narrate.audio.mixer import MixSettings

log = logging.getLogger(__name__)

RETRIES = 2  # a failing engine call is retried in place, like the local voicing workers do
BACKOFF = 0.5
WARM_UP_TEXT = "Ready."


@dataclass(frozen=True)
class MixJob:
    """One article's voicing and mixing, as sent to a worker: everything is decided by the client
    (segments, the voice of each, the spoken text and cache key of each), so the worker only speaks."""

    plugin: str  # the name the client registered its NarrateWorker plugin under
    segments: tuple[Segment, ...]
    voices: tuple[Voice, ...]
    texts: tuple[str, ...]
    keys: tuple[str, ...]
    known: dict  # cache key -> (pcm, sample rate) the client's cache already holds
    audio: MixSettings
    intro: tuple[str, bytes] | None = None  # (suffix, file bytes)
    outro: tuple[str, bytes] | None = None


@dataclass(frozen=True)
class Mixed:
    """A worker's answer: the MP3 bytes and their timeline, ready for the client's mix cache."""

    mp3: bytes
    timeline: dict  # duration, loudness, true_peak, cues: what SynthesisCache.put_mix stores
    worker: str
    synthesized: int  # segments the worker had to speak (the rest came from a cache)
    seconds: float  # wall time on the worker


class NarrateWorker(WorkerPlugin):
    """On setup it loads every voice of the client's profile (kept by the process for every later
    task and client), computes this worker's declaration and, when it matches the client's, gives
    the worker the resource `resource` (one unit per worker thread) that every narrate task needs.
    A worker that differs never gets the resource, so it never gets narrate's work.

    Registered idempotently under a name made from the declaration and left registered when the
    client leaves: the next build with the same versions finds the workers ready (0 s instead of
    the ~2 s a model load and check take), and workers that join later are set up by the scheduler.
    """

    idempotent = True

    def __init__(self, voices: tuple[Voice, ...], expected: Declaration, resource: str) -> None:
        self.voices = voices
        self.expected = expected
        self.resource = resource
        self.declared: Declaration | None = None
        self.problem: str | None = None  # why this worker is refused
        self.ready = False  # set up: accepted (models loaded, resource given) or refused
        self.threads = 1
        self.address = ""

    async def setup(self, worker) -> None:
        import asyncio

        self.address = worker.address
        threads = worker.state.nthreads
        # Engine threads = the worker's threads (the engine serialises its own calls): with
        # `--nthreads 1 --nworkers <cores>` every core speaks for one worker process.
        self.threads = threads
        loop = asyncio.get_running_loop()
        self.declared = await loop.run_in_executor(None, declare, self.voices)
        if self.declared != self.expected:  # refused before any model is loaded
            self.problem = self.declared.differences(self.expected)
            log.warning("narrate: worker %s refused: %s", self.address, self.problem)
            self.ready = True
            return
        await loop.run_in_executor(None, self._load_models)
        await worker.set_resources(**{self.resource: threads})
        self.ready = True

    def speak(self, text: str, voice: Voice) -> Audio:
        """One text in this worker's engine instance (models loaded once per process), chunked as locally."""
        from narrate.voice.voicing import synthesize

        return synthesize(text, voice, threads=self.threads)

    def _load_models(self) -> None:
        """Speak a word with each distinct model, so the first article does not wait for the loading."""
        from narrate.backends import get_backend

        fingerprints = dict(self.declared.voices) if self.declared else {}
        loaded = set()
        for voice in self.voices:
            model = (voice.backend, fingerprints.get(voice.name))  # voices differing only in settings share one
            backend = get_backend(voice.backend)
            if model in loaded or backend.needs_network or backend.check(voice) is not None:
                continue
            loaded.add(model)
            try:
                self.speak(WARM_UP_TEXT, voice)
            except Exception as exc:  # the first article using it fails with the reason
                log.warning("narrate: voice %s cannot be loaded here: %s", voice.name, exc)


def worker_report(dask_worker, plugin: str) -> tuple[str, str | None] | None:
    """Run on a worker through Client.run: (address, why it is refused or None), None before setup."""
    mine = dask_worker.plugins.get(plugin)
    if mine is None or not mine.ready:
        return None
    return dask_worker.address, mine.problem


def mix_on_worker(job: MixJob) -> Mixed:
    """The Dask task: voice every segment (cache first) and mix; return the MP3 and its timeline."""
    from distributed import get_worker

    from narrate.audio.mixer import mix

    started = time.monotonic()
    worker = get_worker()
    plugin = worker.plugins.get(job.plugin)
    if not isinstance(plugin, NarrateWorker) or not plugin.ready or plugin.problem is not None:
        raise VoiceError(f"worker {worker.address} is not set up for this client")  # the resource rules this out
    counter = [0]
    with tempfile.TemporaryDirectory(prefix="narrate-cluster-") as tmp:
        intro = _materialise(job.intro, Path(tmp) / "intro")
        outro = _materialise(job.outro, Path(tmp) / "outro")
        mp3 = Path(tmp) / "mix.mp3"
        result = mix(_voiced(job, plugin, counter), mp3, job.audio, intro=intro, outro=outro)
        data = mp3.read_bytes()
    timeline = {
        "duration": result.duration,
        "loudness": result.loudness,
        "true_peak": result.true_peak,
        "cues": [asdict(cue) for cue in result.cues],
    }
    return Mixed(
        mp3=data, timeline=timeline, worker=worker.address, synthesized=counter[0], seconds=time.monotonic() - started
    )


def _materialise(item: tuple[str, bytes] | None, stem: Path) -> Path | None:
    if item is None:
        return None
    suffix, data = item
    path = stem.with_suffix(suffix)
    path.write_bytes(data)
    return path


def _voiced(job: MixJob, plugin: NarrateWorker, counter: list[int]) -> Iterator[VoicedSegment]:
    from narrate.voice.cache import SynthesisCache

    cache = SynthesisCache()  # this machine's own cache: an edited article often lands here again
    for segment, voice, text, key in zip(job.segments, job.voices, job.texts, job.keys, strict=True):
        known = job.known.get(key)
        audio = Audio(pcm=known[0], sample_rate=known[1]) if known else cache.get(key)
        if audio is None:
            audio = _speak(plugin, text, voice)
            cache.put(key, audio)
            counter[0] += 1
        yield VoicedSegment(segment, voice, audio)


def _speak(plugin: NarrateWorker, text: str, voice: Voice) -> Audio:
    for attempt in range(RETRIES + 1):
        try:
            return plugin.speak(text, voice)
        except VoiceError:  # a missing or broken voice will not mend itself
            raise
        except NarrateError as exc:
            if attempt == RETRIES:
                raise BackendError(f"{exc} after {RETRIES + 1} attempts") from None
            time.sleep(BACKOFF * 2**attempt)
    raise AssertionError("unreachable")
