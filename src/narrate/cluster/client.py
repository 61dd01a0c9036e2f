"""The client side of `--cluster`: connect, check the workers, send articles, take back their mixes.

The client reads and segments each article and decides every voice (so casting and cache keys are
the client's), asks its own synthesis cache first, and sends only what it lacks. A worker voices and
mixes the article and returns the MP3 bytes and timeline; the client stores them in its mix cache
and then renders the episode exactly as a local build does (tags, sidecars, cover, atomic publish),
the render finding the mix in the cache. So the client stays the only writer of the output folder,
the state database and the feed, and the audio is the local build's, byte for byte.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from narrate.errors import NarrateError
from narrate.models import Article
from narrate.voice.cache import SynthesisCache

if TYPE_CHECKING:
    from narrate.cluster.worker import MixJob
    from narrate.episode.render import ConvertOptions

WAIT_TICK_S = 2.0  # how often the client looks at the cluster while waiting for results
STUCK_TICKS = 2  # a task seen unassigned this many ticks in a row (its workers died) is sent again
NO_WORKER_GRACE_S = 120.0  # no usable worker for this long: the remaining articles fail

Say = Callable[[str], None]


class ClusterError(NarrateError):
    """The cluster cannot be reached or has no worker that may be used."""


@dataclass(frozen=True)
class Outcome:
    """One article, ready to render on the client (options carry its mix), or why it failed."""

    source: str | Path
    article: Article | None = None
    options: ConvertOptions | None = None
    error: BaseException | None = None
    worker: str | None = None  # who mixed it; None when the client's cache had it


@dataclass
class Traffic:
    """What crossed the network, for the benchmark and -v."""

    sent: int = 0  # pickled task bytes
    received: int = 0  # MP3 and timeline bytes
    articles: int = 0
    audio_seconds: float = 0.0
    synthesized: int = 0  # segments voiced on workers

    def describe(self) -> str:
        minutes = self.audio_seconds / 60
        per_minute = f", {(self.sent + self.received) / 1024 / minutes:.0f} kB per audio minute" if minutes else ""
        return (
            f"cluster: {self.articles} article(s) sent to workers ({self.synthesized} segment(s) voiced there, "
            f"{minutes:.1f} audio minutes); sent {self.sent / 1024:.0f} kB, received "
            f"{self.received / 1024:.0f} kB{per_minute}"
        )


@dataclass
class _Flight:
    index: int
    source: str | Path
    job: MixJob
    recipe: str
    article: Article
    options: ConvertOptions
    future: object = None
    unassigned: int = 0


class Cluster:
    """A connection to a Dask scheduler whose accepted workers voice and mix narrate's articles."""

    def __init__(self, client, address: str, plugin: str, resource: str, threads: int, say: Say, warn: Say) -> None:
        self.client = client
        self.address = address
        self.plugin = plugin
        self.resource = resource
        self.threads = threads
        self.say = say
        self.warn = warn
        self.traffic = Traffic()
        self._seen: set[str] = set()
        self._no_worker_since: float | None = None

    # ------------------------------------------------------------ connecting

    @classmethod
    def connect(cls, address: str, voices: Iterable, *, say: Say | None = None, warn: Say | None = None) -> Cluster:
        """Connect (Dask's own timeouts and TLS settings apply), set up the workers, refuse the ones whose
        versions differ. Raises ClusterError, before any work, when nothing usable answers."""
        from narrate.cluster.declare import declare

        say, warn = say or (lambda m: None), warn or (lambda m: None)
        _quiet_dask()
        client = _client(address)
        try:
            voices = tuple(voices)
            expected = declare(voices)
            name = f"narrate-{expected.digest()[:16]}"
            cluster = cls(client, address, name, name, 0, say, warn)
            cluster._set_up_workers(voices, expected)
            return cluster
        except BaseException:
            client.close()
            raise

    def _set_up_workers(self, voices: tuple, expected) -> None:
        from narrate.cluster.worker import NarrateWorker

        try:
            self.client.wait_for_workers(1, timeout=_connect_timeout())
        except TimeoutError:
            raise ClusterError(
                f"{self.address}: no worker is connected to this Dask scheduler; nothing was built"
            ) from None
        self.client.register_plugin(NarrateWorker(voices, expected, self.resource), name=self.plugin)
        accepted = self._check_new_workers()
        deadline = time.monotonic() + _connect_timeout()
        # Workers that joined since the plugin was first registered may still be loading voices.
        while not accepted and set(self._workers()) - self._seen and time.monotonic() < deadline:
            time.sleep(0.5)
            accepted = self._check_new_workers()
        if not accepted:
            raise ClusterError(
                f"{self.address}: no worker can be used (refused: versions differ from this client's, or their "
                f"set-up failed: see the worker logs); nothing was built"
            )
        info = self._workers()
        self.threads = sum(info[a].get("nthreads", 1) for a in accepted if a in info) or len(accepted)
        self.say(
            f"cluster {self.address}: {len(accepted)} worker(s), {self.threads} thread(s): "
            + ", ".join(sorted(accepted))
        )

    def _workers(self) -> dict:
        try:  # some releases list at most 5 workers unless asked for all
            return self.client.scheduler_info(n_workers=-1)["workers"]
        except TypeError:  # releases before that argument list them all
            return self.client.scheduler_info()["workers"]

    def _check_new_workers(self) -> list[str]:
        """Ask workers not seen before whether they took the plugin; warn once about each refused one."""
        from narrate.cluster.worker import worker_report

        new = [a for a in self._workers() if a not in self._seen]
        if not new:
            return []
        accepted = []
        reports = self.client.run(worker_report, plugin=self.plugin, workers=new, on_error="return")
        for address, report in reports.items():
            if report is None or isinstance(report, BaseException):
                continue  # still setting up (or gone): asked again next time
            self._seen.add(address)
            if report[1] is None:
                accepted.append(address)
            else:
                self.warn(f"worker {address} refused: {report[1]}; it gets no work")
        return accepted

    def close(self) -> None:
        """The worker plugin stays registered (see NarrateWorker); the futures are released."""
        self.client.close(timeout=10)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ work

    def render(self, sources: Iterable, options: ConvertOptions, read: Callable | None = None) -> Iterator[Outcome]:
        """For each source, in the given order, an Outcome to render with render_article; the
        articles are mixed on the workers meanwhile, at most a few per worker thread ahead. `read` turns a
        source into an Article here on the client (default: narrate.read.article.read_article)."""
        window = 4 * self.threads + 4
        ready: dict[int, Outcome] = {}
        flights: dict[object, _Flight] = {}  # future -> flight
        pending = enumerate(sources)
        exhausted, next_out = False, 0
        while True:
            while not exhausted and len(ready) + len(flights) < window:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                index, source = item
                outcome, flight = self._prepare(index, source, options, read)
                if flight is not None:
                    self._submit(flight, flights)
                elif outcome is not None:
                    ready[index] = outcome
            if next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
                continue
            if not flights:
                return
            for future in self._wait(flights):
                flight = flights.pop(future)
                ready[flight.index] = self._receive(flight, future)

    def _prepare(
        self, index: int, source, options: ConvertOptions, read: Callable | None
    ) -> tuple[Outcome | None, _Flight | None]:
        from narrate.cluster.worker import MixJob
        from narrate.episode.render import title_segments, with_voices_for_language
        from narrate.read.article import read_article
        from narrate.script.segmenter import segment_article
        from narrate.voice.voicing import mix_recipe, segment_key, spoken_text

        try:
            article = (read or read_article)(source)
            article, profile = with_voices_for_language(article, options)  # no voice for its language: it fails
            options = replace(options, profile=profile)
            script = segment_article(article)
            segments = (*title_segments(script), *script.segments)
            cast = options.profile.cast(segments)
            cache: SynthesisCache | None = options.cache
            recipe = mix_recipe(segments, cast, options.audio, options.intro, options.outro)
            if cache is not None and cache.has_mix(recipe):
                return Outcome(source, article, options), None
            voices = tuple(cast(segment) for segment in segments)
            keys = tuple(segment_key(s, v) for s, v in zip(segments, voices, strict=True))
            known = {}
            for key in keys:
                audio = cache.get(key) if cache is not None else None
                if audio is not None:
                    known[key] = (audio.pcm, audio.sample_rate)
            job = MixJob(
                plugin=self.plugin,
                segments=segments,
                voices=voices,
                texts=tuple(spoken_text(s, v) for s, v in zip(segments, voices, strict=True)),
                keys=keys,
                known=known,
                audio=options.audio,
                intro=_bytes_of(options.intro),
                outro=_bytes_of(options.outro),
            )
        except Exception as exc:  # this article alone fails; the others go on
            return Outcome(source, error=exc), None
        return None, _Flight(index, source, job, recipe, article, options)

    def _submit(self, flight: _Flight, flights: dict) -> None:
        from narrate.cluster.worker import mix_on_worker

        self.traffic.sent += len(pickle.dumps(flight.job, protocol=5))
        future = self.client.submit(
            mix_on_worker, flight.job, key=f"narrate-mix-{uuid.uuid4().hex}", resources={self.resource: 1}, pure=False
        )
        flight.future, flight.unassigned = future, 0
        flights[future] = flight

    def _wait(self, flights: dict) -> list:
        """The futures that finished; between ticks, look after the cluster (see _tick)."""
        from distributed import wait

        while True:
            try:
                with self.client.as_current():
                    done, _ = wait(list(flights), timeout=WAIT_TICK_S, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            if done:
                return list(done)
            self._tick(flights)

    def _tick(self, flights: dict) -> None:
        """New workers are checked (a refused one is named once); tasks whose workers all died and
        that no one holds are sent again; with no usable worker for long, the remaining ones fail."""
        self._check_new_workers()
        holders = [a for a, w in self._workers().items() if (w.get("resources") or {}).get(self.resource)]
        now = time.monotonic()
        if not holders:
            self._no_worker_since = self._no_worker_since or now
            if now - self._no_worker_since > NO_WORKER_GRACE_S:
                raise ClusterError(
                    f"{self.address}: no usable worker for {NO_WORKER_GRACE_S:.0f} s; "
                    f"the articles not built yet are built by the next run"
                )
            return
        self._no_worker_since = None
        running = {key for keys in self.client.processing().values() for key in keys}
        for future, flight in list(flights.items()):
            flight.unassigned = 0 if future.key in running or future.done() else flight.unassigned + 1
            if flight.unassigned >= STUCK_TICKS:
                del flights[future]
                future.cancel()
                self._submit(flight, flights)

    def _receive(self, flight: _Flight, future) -> Outcome:
        try:
            mixed = future.result()
        except Exception as exc:  # a content failure on the worker, or a task that killed workers
            return Outcome(flight.source, error=exc)
        self.traffic.received += len(mixed.mp3) + len(repr(mixed.timeline))
        self.traffic.articles += 1
        self.traffic.audio_seconds += mixed.timeline["duration"]
        self.traffic.synthesized += mixed.synthesized
        cache = flight.options.cache
        if cache is not None:
            _store_mix(cache, flight.recipe, mixed)
        options = replace(flight.options, cache=_Delivered(cache, flight.recipe, mixed.mp3, mixed.timeline))
        return Outcome(flight.source, flight.article, options, worker=mixed.worker)


def _client(address: str):
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(
            f"--cluster needs Dask distributed ({exc}); install it with pip install 'narrate-podcast[cluster]'"
        ) from None

    try:
        # direct_to_workers: MP3s come straight from the worker that made them, not through the scheduler
        return Client(address, set_as_default=False, direct_to_workers=True)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({reason}); nothing was built") from None


def _connect_timeout() -> float:
    import dask
    from dask.utils import parse_timedelta

    return parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), default="s")


def _quiet_dask() -> None:
    """Dask logs connection chatter at INFO/WARNING on the client; cron mail should stay quiet."""
    logging.getLogger("distributed").setLevel(logging.ERROR)


def _bytes_of(path: Path | None) -> tuple[str, bytes] | None:
    return (path.suffix, path.read_bytes()) if path else None


def _store_mix(cache: SynthesisCache, recipe: str, mixed) -> None:
    """Into the client's mix cache: an interrupted run's next attempt finds it there and sends nothing."""
    with tempfile.TemporaryDirectory(prefix="narrate-mix-") as tmp:
        path = Path(tmp) / "mix.mp3"
        path.write_bytes(mixed.mp3)
        cache.put_mix(recipe, path, mixed.timeline)


class _Delivered(SynthesisCache):
    """The client's cache, plus the mix a worker just returned: render_script finds it as a cache hit,
    even when the client runs without a cache or its cache could not keep the entry."""

    def __init__(self, inner: SynthesisCache | None, recipe: str, mp3: bytes, timeline: dict) -> None:
        super().__init__(inner.root if inner is not None else tempfile.gettempdir(), 0)
        self.inner, self.recipe, self.mp3, self.timeline = inner, recipe, mp3, timeline

    def get(self, key: str):
        return self.inner.get(key) if self.inner is not None else None

    def put(self, key: str, audio) -> None:
        if self.inner is not None:
            self.inner.put(key, audio)

    def has_mix(self, recipe: str) -> bool:
        return recipe == self.recipe or (self.inner is not None and self.inner.has_mix(recipe))

    def get_mix(self, recipe: str, dest: Path) -> dict | None:
        if recipe == self.recipe:
            dest.write_bytes(self.mp3)
            return self.timeline
        return self.inner.get_mix(recipe, dest) if self.inner is not None else None

    def put_mix(self, recipe: str, mp3: Path, timeline: dict) -> None:
        if self.inner is not None:
            self.inner.put_mix(recipe, mp3, timeline)
