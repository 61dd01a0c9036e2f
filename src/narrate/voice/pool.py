"""Voicing worker processes: each loads its engines once and lives as long as the narrate process.

Workers are spawned (not forked: a forked child would inherit onnxruntime thread pools it cannot
use), each with its own task and result queues so results come back in order. A worker retries a
failing engine with backoff; the caller decides what a hung or dead worker costs (see voicing.py).
An idle worker is asked to give back the engine's working memory; a worker whose parent dies leaves.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from narrate.backends import Backend, Resources
from narrate.errors import BackendError, VoiceError
from narrate.models import Audio, Segment, Voice
from narrate.voice.chunking import synthesize_chunked

log = logging.getLogger(__name__)

THREADS_PER_WORKER = 2  # onnxruntime threads a voicing worker gets by default (see default_workers)
DEFAULT_TIMEOUT = 120.0  # seconds one segment may take before its worker is presumed hung...
DEFAULT_TIMEOUT_PER_CHAR = 0.05  # ...plus this per character, so long segments on a slow machine are not cut
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.5  # seconds before the first retry; doubles each time


@dataclass(frozen=True)
class FaultPolicy:
    timeout: float = DEFAULT_TIMEOUT
    timeout_per_char: float = DEFAULT_TIMEOUT_PER_CHAR
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF


def default_jobs() -> int:
    """The CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_workers() -> int:
    """One voicing worker per THREADS_PER_WORKER cores. Measured on 2 cores (VITS, 200-character
    chunks): one worker with 2 threads voices 22.6 audio s/s, two with 1 thread 23.3, but every
    worker holds its own model and activations (~310 MB at peak), so sharing cores as threads
    buys nearly all the speed at half the memory."""
    return max(1, default_jobs() // THREADS_PER_WORKER)


def excerpt(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass
class Job:
    seq: int
    segment: Segment
    voice: Voice
    text: str
    key: str | None
    backend_class: type
    resources: Resources
    audio: Audio | None = None
    worker: int = -1
    attempts: int = 0  # timeouts and worker deaths so far

    def name(self) -> str:
        return f"segment {self.seq + 1} ({self.segment.role} {self.segment.kind}, {excerpt(self.text)})"


class WorkerLost(Exception):
    """The worker hung or died; the message says which."""


class WorkerPool:
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
            worker = self.workers[index] = _Worker(self.context, index)
        return worker

    def reap(self) -> None:
        """Forget workers that died while idle (between articles), so a run starts with live ones."""
        for index, worker in enumerate(self.workers):
            if worker is not None and not worker.process.is_alive():
                worker.stop()
                self.workers[index] = None

    def submit(self, job: Job, faults: FaultPolicy) -> None:
        self._worker(job.worker).tasks.put(
            (job.seq, job.backend_class, job.resources, job.text, job.voice, faults.retries, faults.backoff)
        )

    def result(self, job: Job, timeout: float) -> Audio:
        worker = self._worker(job.worker)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerLost(f"timed out after {timeout:.0f} s")
            try:
                message = worker.results.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if not worker.process.is_alive():
                    raise WorkerLost(f"worker died (exit code {worker.process.exitcode})") from None
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

    def restart(self, index: int, jobs: list[Job], faults: FaultPolicy) -> None:
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
    def __init__(self, context, index: int) -> None:
        self.tasks = context.Queue()
        self.results = context.Queue()
        self.process = context.Process(
            target=_worker_main, args=(self.tasks, self.results, index), name=f"narrate-voice-{index}", daemon=True
        )
        self.process.start()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        for q in (self.tasks, self.results):
            q.cancel_join_thread()
            q.close()


RELEASE = "release"  # a worker's task meaning "idle now: give back working memory"
_POOLS: dict[int, WorkerPool] = {}  # idle shared pools, kept so later articles reuse loaded models
_BUSY: set[int] = set()  # ids of shared pools a run is using now
_POOLS_LOCK = threading.Lock()


def acquire_pool(jobs: int) -> tuple[WorkerPool, bool]:
    """The shared pool for `jobs`, or a private one when a concurrent run is using it."""
    with _POOLS_LOCK:
        pool = _POOLS.get(jobs)
        if pool is not None and id(pool) in _BUSY:
            return WorkerPool(jobs), False
        if pool is None:
            for size, other in list(_POOLS.items()):
                if id(other) not in _BUSY:  # an idle pool of another size would only hold memory
                    other.stop()
                    del _POOLS[size]
            pool = _POOLS[jobs] = WorkerPool(jobs)
        _BUSY.add(id(pool))
        pool.reap()
        return pool, True


def release_pool(pool: WorkerPool, shared: bool, keep: bool) -> None:
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


def _worker_main(tasks, results, index: int) -> None:
    _exit_with_parent()
    _seed_onnxruntime(index)
    backends: dict[tuple[type, Resources], Backend] = {}
    try:
        while True:
            task = tasks.get()
            if task is None:
                return
            if task == RELEASE:
                _release_memory(backends.values())
                continue
            seq, backend_class, resources, text, voice, retries, backoff = task
            backend = backends.get((backend_class, resources))
            if backend is None:
                backend = backends[(backend_class, resources)] = backend_class(resources)
            results.put((seq, *_synthesize_with_retries(backend, text, voice, retries, backoff)))
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
            time.sleep(backoff * 2**attempt)
    return "error", "BackendError", f"{problem} after {retries + 1} attempts"
