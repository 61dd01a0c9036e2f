"""Speak each segment of a script through its TTS backend: cached, in parallel, in script order.

Synthesis runs in worker processes (`jobs` of them, default one per two cores), each loading its
models once and living as long as the narrate process, so a build over many articles loads them
once. The cores are shared out as onnxruntime threads: on two cores one worker with two threads
is within a few percent of two single-threaded workers and holds half the memory (each worker
peaks at ~310 MB; see default_workers). Segments are dealt round-robin to the workers and
yielded strictly in script order with a bounded number in flight, so the mixer streams and
memory stays flat however long the article. Piper voices are loaded with fixed noise
(backends/piper/noise.py), so a segment's audio depends on its text and voice alone: any `jobs`,
any order, gives the serial run's samples.

Faults: a backend that raises or returns no audio is retried in its worker with backoff; one that
hangs past `timeout` (or whose worker dies) has its worker killed and restarted, and the segment
retried. After `retries` retries the run fails with a BackendError naming the segment, so no
episode is ever published with a gap.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path

from narrate.backends import Resources, get_backend
from narrate.errors import BackendError, NarrateError, VoiceError
from narrate.models import Audio, Progress, Segment, Voice, VoicedSegment
from narrate.voice.cache import SynthesisCache, cache_key
from narrate.voice.chunking import synthesize_chunked
from narrate.voice.pool import (
    FaultPolicy,
    Job,
    WorkerLost,
    WorkerPool,
    acquire_pool,
    default_workers,
    excerpt,
    release_pool,
)

log = logging.getLogger(__name__)


def spoken_text(segment: Segment, voice: Voice | None = None) -> str:
    """The text as the engine should hear it: the voice's lexicon, then normalisation for the ear."""
    from narrate.voice.spoken import for_the_ear

    spoken = for_the_ear(
        segment.text, voice.lexicon if voice is not None else None, voice.language if voice is not None else None
    )
    return spoken if any(c.isalnum() for c in spoken) else segment.text


def voice_segments(
    segments: Iterable[Segment],
    cast: Callable[[Segment], Voice],
    *,
    jobs: int | None = None,
    cache: SynthesisCache | None = None,
    faults: FaultPolicy = FaultPolicy(),
    progress: Progress | None = None,
) -> Iterator[VoicedSegment]:
    """Yield each segment with its audio, in order; at most a few segments are held in memory."""
    jobs = max(1, jobs or default_workers())
    total = len(segments) if isinstance(segments, Sized) else None
    pool, shared = acquire_pool(jobs)
    models_dir = (cache or SynthesisCache()).models_dir
    done = 0
    completed = False
    try:
        for voiced in _Run(pool, cache, faults, models_dir).voice(segments, cast):
            done += 1
            if progress:
                progress(done, total)
            yield voiced
        completed = True
    finally:
        release_pool(pool, shared, keep=completed)


def check_voices(segments: Iterable[Segment], cast: Callable[[Segment], Voice]) -> None:
    """Fail before any work, in this process, when a voice the script needs cannot be used
    (engine package missing, model not installed, offline for an online engine)."""
    seen: set[tuple[str, str]] = set()
    for segment in segments:
        voice = cast(segment)
        if (voice.backend, voice.name) in seen:
            continue
        seen.add((voice.backend, voice.name))
        reason = get_backend(voice.backend).check(voice)
        if reason:
            raise VoiceError(f"{voice.backend} voice {voice.name!r}: {reason}")


def segment_key(segment: Segment, voice: Voice) -> str:
    """The synthesis cache key of one segment spoken by one voice."""
    return _text_key(spoken_text(segment, voice), voice)


def _text_key(text: str, voice: Voice) -> str:
    return cache_key(voice.backend, _backend_version(voice.backend), voice, text)


@functools.cache
def _backend_version(name: str) -> str:
    return get_backend(name).version()


def mix_recipe(segments: Iterable[Segment], cast: Callable[[Segment], Voice], *mix_inputs) -> str:
    """A digest of everything a mix is made from: each segment's key and role, the mix inputs
    (settings, intro/outro files, ...) and the mixer's own source code, so any change to them is a miss."""
    import hashlib
    import inspect

    from narrate.audio import loudness, mixer

    digest = hashlib.sha256(inspect.getsource(mixer).encode("utf-8"))
    digest.update(inspect.getsource(loudness).encode("utf-8"))
    for segment in segments:
        digest.update(
            f"{segment_key(segment, cast(segment))}|{segment.role}|{segment.kind}|{segment.speaker}"
            f"|{segment.paragraph}|{segment.after_break}|{segment.text}\n".encode()
        )
    for item in mix_inputs:
        digest.update(repr(item).encode("utf-8"))
        if isinstance(item, os.PathLike) and os.path.isfile(item):
            with open(item, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def synthesize(text: str, voice: Voice, threads: int | None = None) -> Audio:
    """Speak one text in this process (no cache, no retries), with the default cache's model files."""
    backend = get_backend(voice.backend, Resources(threads=threads, models_dir=SynthesisCache().models_dir))
    try:
        audio = synthesize_chunked(backend, text, voice)
    except NarrateError:
        raise
    except Exception as exc:
        raise BackendError(f"{voice.backend} backend failed on {excerpt(text)}: {exc}") from exc
    if not audio.pcm:
        raise BackendError(f"{voice.backend} backend returned no audio for {excerpt(text)}")
    return audio


class _Run:
    def __init__(self, pool: WorkerPool, cache: SynthesisCache | None, faults: FaultPolicy, models_dir: Path) -> None:
        self.resources = Resources(threads=pool.threads, models_dir=models_dir)
        self.pool = pool
        self.cache = cache
        self.faults = faults
        self.window = 2 * pool.size + 2
        self.dealt = 0

    def voice(self, segments: Iterable[Segment], cast: Callable[[Segment], Voice]) -> Iterator[VoicedSegment]:
        pending: deque[Job] = deque()
        source = enumerate(segments)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                else:
                    pending.append(self._start(*item, cast))
            if not pending:
                return
            job = pending.popleft()
            if job.audio is None:
                self._await(job, pending)
            assert job.audio is not None  # from the cache or awaited just now
            yield VoicedSegment(job.segment, job.voice, job.audio)

    def _start(self, seq: int, segment: Segment, cast: Callable[[Segment], Voice]) -> Job:
        voice = cast(segment)
        text = spoken_text(segment, voice)
        key = _text_key(text, voice) if self.cache else None  # the text is normalised once
        job = Job(seq, segment, voice, text, key, type(get_backend(voice.backend)), self.resources)
        job.audio = self.cache.get(key) if self.cache is not None and key is not None else None
        if job.audio is None:
            job.worker = self.dealt % self.pool.size
            self.dealt += 1
            self.pool.submit(job, self.faults)
        return job

    def _await(self, job: Job, pending: deque[Job]) -> None:
        while True:
            try:
                audio = self.pool.result(job, self.faults.timeout + self.faults.timeout_per_char * len(job.text))
                break
            except WorkerLost as lost:
                job.attempts += 1
                if job.attempts > self.faults.retries:
                    raise BackendError(
                        f"{job.voice.backend} backend {lost} on {job.name()}, {job.attempts} attempts"
                    ) from None
                log.debug("%s on %s; restarting the worker and retrying", lost, job.name())
                time.sleep(self.faults.backoff * 2 ** (job.attempts - 1))
                self.pool.restart(
                    job.worker, [job, *(j for j in pending if j.worker == job.worker and j.audio is None)], self.faults
                )
        job.audio = audio
        if self.cache is not None and job.key is not None:
            self.cache.put(job.key, audio)
