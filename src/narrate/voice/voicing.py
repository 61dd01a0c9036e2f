"""Speak each segment of a script through its TTS backend: cached, in parallel, in script order.

Synthesis runs in worker processes (`jobs` of them, default one per two cores), each loading its
models once and living as long as the narrate process, so a build over many articles loads them
once. The cores are shared out as onnxruntime threads: on two cores one worker with two threads
is within a few percent of two single-threaded workers and holds half the memory (each worker
peaks at ~310 MB; see default_workers). Segments are dealt round-robin to the workers and
yielded strictly in script order with a bounded number in flight, so the mixer streams and
memory stays flat however long the article. Piper voices are loaded with fixed noise
(backends/piper_noise.py), so a segment's audio depends on its text and voice alone: any `jobs`,
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
import queue
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from narrate.backends import Backend, get_backend
from narrate.voice.cache import SynthesisCache, cache_key
from narrate.dsp import to_float, to_pcm, trim_silence
from narrate.errors import BackendError, NarrateError, VoiceError
from narrate.models import Audio, Segment, VoicedSegment, Voice

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0  # seconds one segment may take before its worker is presumed hung...
DEFAULT_TIMEOUT_PER_CHAR = 0.05  # ...plus this per character, so long segments on a slow machine are not cut
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.5  # seconds before the first retry; doubles each time
CHUNK_PAUSE_S = 0.2  # silence between forced chunks: a breath, as at a comma
THREADS_PER_WORKER = 2  # onnxruntime threads a voicing worker gets by default (see default_workers)
MAX_CHUNK_CHARS = 200  # longest text one engine call gets: engine memory grows ~1 MB a character (see README)
Progress = Callable[[int, "int | None"], None]  # (segments done, total or None)


def spoken_text(segment: Segment, voice: Voice | None = None) -> str:
    """The text as the engine should hear it: the voice's lexicon, then normalisation for the ear."""
    from narrate.voice.spoken import for_the_ear

    spoken = for_the_ear(segment.text, voice.lexicon if voice is not None else None)
    return spoken if any(c.isalnum() for c in spoken) else segment.text


def default_jobs() -> int:
    """The CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_workers() -> int:
    """One voicing worker per THREADS_PER_WORKER cores. Measured on 2 cores (VITS, 200-character
    chunks): one worker with 2 threads voices 22.6 audio s/s, two with 1 thread 23.3, but every
    worker holds its own model and activations (~310 MB at peak), so sharing cores as threads
    buys nearly all the speed at half the memory."""
    return max(1, default_jobs() // THREADS_PER_WORKER)


@dataclass(frozen=True)
class FaultPolicy:
    timeout: float = DEFAULT_TIMEOUT
    timeout_per_char: float = DEFAULT_TIMEOUT_PER_CHAR
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF


def voice_segments(segments: Iterable[Segment], cast: Callable[[Segment], Voice], *,
                   jobs: int | None = None, cache: SynthesisCache | None = None,
                   faults: FaultPolicy = FaultPolicy(), progress: Progress | None = None) -> Iterator[VoicedSegment]:
    """Yield each segment with its audio, in order; at most a few segments are held in memory."""
    jobs = max(1, jobs or default_workers())
    total = len(segments) if hasattr(segments, "__len__") else None
    pool, shared = _acquire_pool(jobs)
    done = 0
    completed = False
    try:
        for voiced in _Run(pool, cache, faults).voice(segments, cast):
            done += 1
            if progress:
                progress(done, total)
            yield voiced
        completed = True
    finally:
        _release_pool(pool, shared, keep=completed)


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

    from narrate.audio import mixer

    digest = hashlib.sha256(inspect.getsource(mixer).encode("utf-8"))
    for segment in segments:
        digest.update(f"{segment_key(segment, cast(segment))}|{segment.role}|{segment.kind}|{segment.speaker}"
                      f"|{segment.paragraph}|{segment.after_break}|{segment.text}\n".encode("utf-8"))
    for item in mix_inputs:
        digest.update(repr(item).encode("utf-8"))
        if isinstance(item, os.PathLike) and os.path.isfile(item):
            digest.update(hashlib.sha256(open(item, "rb").read()).digest())
    return digest.hexdigest()


def synthesize(text: str, voice: Voice) -> Audio:
    """Speak one text in this process (no cache, no retries)."""
    backend = get_backend(voice.backend)
    try:
        audio = synthesize_chunked(backend, text, voice)
    except NarrateError:
        raise
    except Exception as exc:
        raise BackendError(f"{voice.backend} backend failed on {_excerpt(text)}: {exc}") from exc
    if not audio.pcm:
        raise BackendError(f"{voice.backend} backend returned no audio for {_excerpt(text)}")
    return audio


def synthesize_chunked(backend: Backend, text: str, voice: Voice) -> Audio:
    """One text through one backend, in engine-sized chunks (split_for_engine) joined end to end.
    Any chunk without audio makes the whole text count as without audio, so nothing is skipped."""
    chunks = split_for_engine(text) or [text]
    if len(chunks) == 1:
        return backend.synthesize(chunks[0], voice)
    parts = []
    for chunk in chunks:
        audio = backend.synthesize(chunk, voice)
        if not audio.pcm:
            return audio
        if parts and audio.sample_rate != parts[0].sample_rate:
            raise BackendError(f"{voice.backend} backend changed sample rate mid-text")
        parts.append(audio)
    return _join_chunks(parts)


def _join_chunks(parts: list[Audio]) -> Audio:
    """Chunks end to end, each trimmed to its speech, with the same short pause at every join
    (the engine pads chunks with silence; left as is, a cut would sound like a stop)."""
    rate = parts[0].sample_rate
    pause = bytes(2 * int(rate * CHUNK_PAUSE_S))
    pieces = []
    for index, part in enumerate(parts):
        pieces += [pause] if index else []
        pieces.append(to_pcm(trim_silence(to_float(part.pcm), rate)))
    return Audio(pcm=b"".join(pieces), sample_rate=rate)


def split_for_engine(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Cut a text the engine would take in one piece into pieces of at most `limit` characters:
    at sentence ends first, then at clause punctuation, then between words; a single word longer
    than `limit` is cut at the limit. A text within the limit is left whole, so normal sentences
    keep their prosody. Nothing but whitespace at the cuts is lost."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    return [chunk.strip() for chunk in _chunks(text, 0, limit) if chunk.strip()]


_CUTS = (re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+"),  # after a sentence end (and closing quotes)
         re.compile(r"(?<=[,;:—–])\s+|\s+(?=[—–])"),  # after clause punctuation, around spaced dashes
         re.compile(r"\s+"))  # between words


def _chunks(text: str, level: int, limit: int) -> list[str]:
    """Cut at the level's boundaries; neighbours that fit together are packed into one chunk, and
    a piece too long alone is cut at the next finer level (its chunks are not packed with neighbours,
    so every cut falls at the coarsest boundary possible)."""
    if len(text.strip()) <= limit:
        return [text]
    if level == len(_CUTS):  # one word longer than the limit
        word = text.strip()
        cuts = [word[i:i + limit] for i in range(0, len(word), limit)]
        return cuts[:-1] + [cuts[-1] + text[len(text.rstrip()):]]
    chunks, packed = [], ""
    for piece in _cut(text, _CUTS[level]):
        if len(piece.strip()) > limit:
            chunks += [packed] if packed else []
            chunks += _chunks(piece, level + 1, limit)
            packed = ""
        elif packed and len(packed) + len(piece) > limit:
            chunks.append(packed)
            packed = piece
        else:
            packed += piece
    return chunks + ([packed] if packed else [])


def _cut(text: str, boundary: re.Pattern) -> list[str]:
    pieces, start = [], 0
    for match in boundary.finditer(text):
        if match.end() > start and match.start() > start:
            pieces.append(text[start:match.end()])
            start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def _excerpt(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# ---------------------------------------------------------------- one conversion


@dataclass
class _Job:
    seq: int
    segment: Segment
    voice: Voice
    text: str
    key: str | None
    backend_class: type
    audio: Audio | None = None
    worker: int = -1
    attempts: int = 0  # timeouts and worker deaths so far

    def name(self) -> str:
        return f"segment {self.seq + 1} ({self.segment.role} {self.segment.kind}, {_excerpt(self.text)})"


class _Run:
    def __init__(self, pool: _Pool, cache: SynthesisCache | None, faults: FaultPolicy) -> None:
        self.pool = pool
        self.cache = cache
        self.faults = faults
        self.window = 2 * pool.size + 2
        self.dealt = 0

    def voice(self, segments: Iterable[Segment], cast: Callable[[Segment], Voice]) -> Iterator[VoicedSegment]:
        pending: deque[_Job] = deque()
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
            yield VoicedSegment(job.segment, job.voice, job.audio)

    def _start(self, seq: int, segment: Segment, cast: Callable[[Segment], Voice]) -> _Job:
        voice = cast(segment)
        text = spoken_text(segment, voice)
        key = _text_key(text, voice) if self.cache else None  # the text is normalised once
        job = _Job(seq, segment, voice, text, key, type(get_backend(voice.backend)))
        job.audio = self.cache.get(key) if self.cache else None
        if job.audio is None:
            job.worker = self.dealt % self.pool.size
            self.dealt += 1
            self.pool.submit(job, self.faults)
        return job

    def _await(self, job: _Job, pending: deque[_Job]) -> None:
        while True:
            try:
                audio = self.pool.result(job, self.faults.timeout + self.faults.timeout_per_char * len(job.text))
                break
            except _WorkerLost as lost:
                job.attempts += 1
                if job.attempts > self.faults.retries:
                    raise BackendError(f"{job.voice.backend} backend {lost} on {job.name()}, "
                                       f"{job.attempts} attempts") from None
                log.debug("%s on %s; restarting the worker and retrying", lost, job.name())
                time.sleep(self.faults.backoff * 2 ** (job.attempts - 1))
                self.pool.restart(job.worker, [job, *(j for j in pending if j.worker == job.worker and j.audio is None)],
                                  self.faults)
        job.audio = audio
        if self.cache:
            self.cache.put(job.key, audio)


# ---------------------------------------------------------------- worker processes


class _WorkerLost(Exception):
    """The worker hung or died; the message says which."""


class _Pool:
    """`size` worker processes, each with its own task and result queues (so results stay in order)."""

    def __init__(self, size: int) -> None:
        import multiprocessing

        # spawn, not fork: a forked child would inherit onnxruntime thread pools it cannot use.
        self.context = multiprocessing.get_context("spawn")
        self.size = size
        self.threads = max(1, default_jobs() // size)
        self.workers: list = [None] * size

    def _worker(self, index: int):
        worker = self.workers[index]
        if worker is None:  # a dead one stays until result() notices and restart() resubmits its work
            worker = self.workers[index] = _Worker(self.context, index, self.threads)
        return worker

    def reap(self) -> None:
        """Forget workers that died while idle (between articles), so a run starts with live ones."""
        for index, worker in enumerate(self.workers):
            if worker is not None and not worker.process.is_alive():
                worker.stop()
                self.workers[index] = None

    def submit(self, job: _Job, faults: FaultPolicy) -> None:
        self._worker(job.worker).tasks.put(
            (job.seq, job.backend_class, job.text, job.voice, faults.retries, faults.backoff))

    def result(self, job: _Job, timeout: float) -> Audio:
        worker = self._worker(job.worker)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _WorkerLost(f"timed out after {timeout:.0f} s")
            try:
                message = worker.results.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if not worker.process.is_alive():
                    raise _WorkerLost(f"worker died (exit code {worker.process.exitcode})") from None
                continue
            seq, status, *payload = message
            if seq != job.seq:
                continue  # a stale answer from before a restart
            if status == "ok":
                pcm, rate = payload
                return Audio(pcm=pcm, sample_rate=rate)
            error_type, text = payload
            error = VoiceError if error_type == "VoiceError" else BackendError
            raise error(f"{text} ({job.name()})")

    def restart(self, index: int, jobs: list[_Job], faults: FaultPolicy) -> None:
        if self.workers[index] is not None:
            self.workers[index].stop()
            self.workers[index] = None
        for job in jobs:
            self.submit(job, faults)

    def release_memory(self) -> None:
        for worker in self.workers:
            if worker is not None:
                worker.tasks.put(RELEASE)

    def stop(self) -> None:
        for index, worker in enumerate(self.workers):
            if worker is not None:
                worker.stop()
            self.workers[index] = None


class _Worker:
    def __init__(self, context, index: int, threads: int) -> None:
        self.tasks = context.Queue()
        self.results = context.Queue()
        self.process = context.Process(target=_worker_main, args=(self.tasks, self.results, index, threads),
                                       name=f"narrate-voice-{index}", daemon=True)
        self.process.start()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        for q in (self.tasks, self.results):
            q.cancel_join_thread()
            q.close()


RELEASE = "release"  # a worker's task meaning "idle now: give back working memory"
_POOLS: dict[int, _Pool] = {}  # idle shared pools, kept so later articles reuse loaded models
_BUSY: set[int] = set()  # ids of shared pools a run is using now
_POOLS_LOCK = threading.Lock()


def _acquire_pool(jobs: int) -> tuple[_Pool, bool]:
    """The shared pool for `jobs`, or a private one when a concurrent run is using it."""
    with _POOLS_LOCK:
        pool = _POOLS.get(jobs)
        if pool is not None and id(pool) in _BUSY:
            return _Pool(jobs), False
        if pool is None:
            for size, other in list(_POOLS.items()):
                if id(other) not in _BUSY:  # an idle pool of another size would only hold memory
                    other.stop()
                    del _POOLS[size]
            pool = _POOLS[jobs] = _Pool(jobs)
        _BUSY.add(id(pool))
        pool.reap()
        return pool, True


def _release_pool(pool: _Pool, shared: bool, keep: bool) -> None:
    """A run that stopped early (failure, consumer gave up) may leave work in flight: stop those workers."""
    with _POOLS_LOCK:
        _BUSY.discard(id(pool))
        if shared and keep:
            pool.release_memory()  # idle until the next article: the mixer's tail needs the memory more
            return
        pool.stop()
        if shared and _POOLS.get(pool.size) is pool:
            del _POOLS[pool.size]


def shutdown_workers() -> None:
    """Stop the idle voicing workers (they restart on demand)."""
    with _POOLS_LOCK:
        for size, pool in list(_POOLS.items()):
            if id(pool) not in _BUSY:
                pool.stop()
                del _POOLS[size]


def _worker_main(tasks, results, index: int, threads: int) -> None:
    os.environ["NARRATE_PIPER_THREADS"] = str(threads)
    _exit_with_parent()
    _seed_onnxruntime(index)
    backends: dict[type, Backend] = {}
    try:
        while True:
            task = tasks.get()
            if task is None:
                return
            if task == RELEASE:
                _release_memory(backends.values())
                continue
            seq, backend_class, text, voice, retries, backoff = task
            if backend_class not in backends:
                backends[backend_class] = backend_class()
            results.put((seq, *_synthesize_with_retries(backends[backend_class], text, voice, retries, backoff)))
    except (KeyboardInterrupt, EOFError, OSError):
        return


def _release_memory(backends: Iterable[Backend]) -> None:
    for backend in backends:
        try:
            backend.release_memory()
        except Exception as exc:  # only an optimisation: never worth losing the worker over
            log.debug("%s could not release memory: %s", backend.name, exc)


def _exit_with_parent() -> None:
    """A killed narrate (SIGKILL, SIGTERM) cannot stop its workers; they notice and leave on their own."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="narrate-parent-watch", daemon=True).start()


def _seed_onnxruntime(index: int) -> None:
    """Engines on onnxruntime with their own random nodes (plugins; Piper's noise is fixed) draw the
    same sequence in this worker on every run."""
    try:
        import onnxruntime
    except ImportError:
        return
    onnxruntime.set_seed(1 + index)


def _synthesize_with_retries(backend: Backend, text: str, voice: Voice, retries: int, backoff: float) -> tuple:
    for attempt in range(retries + 1):
        try:
            audio = synthesize_chunked(backend, text, voice)
            if audio.pcm:
                return "ok", audio.pcm, audio.sample_rate
            problem = f"{voice.backend} backend returned no audio"
        except VoiceError as exc:  # a missing or broken voice will not mend itself
            return "error", "VoiceError", str(exc)
        except Exception as exc:
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            problem = f"{voice.backend} backend failed: {first_line}"
        if attempt < retries:
            time.sleep(backoff * 2 ** attempt)
    return "error", "BackendError", f"{problem} after {retries + 1} attempts"
