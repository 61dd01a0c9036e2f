"""Parallel, cached voicing with real Piper in real worker processes.

The backend under test is a real plugin: a Backend subclass registered through a temporary
dist-info entry point, which logs every call to a file (workers are separate processes) and
delegates to the real Piper backend.
"""

from __future__ import annotations

import dataclasses

import pytest

from helpers import calls, counting_profile
from narrate.audio.mixer import MixSettings
from narrate.episode.render import ConvertOptions, convert
from narrate.models import Segment, Voice
from narrate.voice.cache import SynthesisCache
from narrate.voice.pool import shutdown_workers
from narrate.voice.voicing import spoken_text, voice_segments

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


ARTICLE = """# Tides at the old pier

The tide came in early on Tuesday, and the fishermen moved their boats before dawn.

"We have seen higher water," said the harbour master. "But never this fast."

The council will meet next week to discuss the sea wall.
"""


def test_rerun_synthesises_nothing_and_an_edit_only_its_paragraph(plugins):
    log = plugins / "calls.log"
    article = plugins / "tides.md"
    article.write_text(ARTICLE)
    options = ConvertOptions(
        out_dir=plugins / "out", profile=counting_profile(log), cache=SynthesisCache(plugins / "cache"), jobs=2
    )
    first = convert(article, options)
    cold_calls = calls(log)
    # title + narration + two quotes + "said the harbour master." + last paragraph
    assert len(cold_calls) == len(first.cues) == 6
    log.unlink()

    again = convert(article, options)
    assert calls(log) == []
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.cues == first.cues and again.duration == first.duration

    remixed = convert(article, dataclasses.replace(options, audio=MixSettings(bitrate="96k"), out_dir=plugins / "96k"))
    assert calls(log) == []  # a new mix setting mixes again from cached segments
    assert remixed.path.stat().st_size > first.path.stat().st_size

    article.write_text(ARTICLE.replace("discuss the sea wall", "vote on a new sea wall"))
    edited = convert(article, options)
    assert calls(log) == ["The council will meet next week to vote on a new sea wall."]
    assert edited.cues[-1].text.endswith("new sea wall.")


def test_parallel_and_serial_give_identical_episodes_from_the_same_cache(plugins):
    log = plugins / "calls.log"
    article = plugins / "tides.md"
    article.write_text(ARTICLE)
    cache = SynthesisCache(plugins / "cache")
    parallel = convert(
        article, ConvertOptions(out_dir=plugins / "parallel", profile=counting_profile(log), cache=cache, jobs=2)
    )
    for finished_mix in (plugins / "cache").glob("entries/*/*.mix"):
        finished_mix.unlink()  # make the serial run mix again from the cached segments
    serial = convert(
        article, ConvertOptions(out_dir=plugins / "serial", profile=counting_profile(log), cache=cache, jobs=1)
    )
    assert len(calls(log)) == len(parallel.cues)  # the serial run synthesised nothing
    assert serial.path.read_bytes() == parallel.path.read_bytes()
    assert serial.cues == parallel.cues


def segments_of(texts: list[str]) -> list[Segment]:
    return [Segment("quote" if i % 3 == 2 else "narration", text, paragraph=i) for i, text in enumerate(texts)]


TEXTS = [
    f"Item number {n}: the {word} boat left the quay at {n} o'clock."
    for n, word in zip(range(1, 10), ["red", "blue", "green", "white", "black", "grey", "small", "large", "old"])
]


def test_parallel_results_come_in_script_order_with_the_right_voices(plugins):
    log = plugins / "calls.log"
    profile = counting_profile(log)
    segments = segments_of(TEXTS)
    voiced = list(voice_segments(iter(segments), profile.voice_for, jobs=3))  # an iterator: no len()
    assert [v.segment for v in voiced] == segments
    assert [v.voice for v in voiced] == [profile.voice_for(s) for s in segments]
    # Each segment's audio is long enough for its own words, not a neighbour's shorter text.
    for v in voiced:
        assert v.audio.sample_rate == 22050
        assert 1.5 < v.audio.duration < 8
    assert sorted(calls(log)) == sorted(spoken_text(s, profile.voice_for(s)) for s in segments)  # figures in words


def test_progress_reports_every_segment(plugins):
    profile = counting_profile(plugins / "calls.log")
    seen = []
    list(
        voice_segments(
            segments_of(TEXTS[:3]), profile.voice_for, jobs=2, progress=lambda done, total: seen.append((done, total))
        )
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_in_flight_work_is_bounded(plugins):
    """The mixer pulls one segment at a time; workers never run far ahead of it."""
    log = plugins / "calls.log"
    profile = counting_profile(log)
    many = [f"Short line {n}." for n in range(40)]
    stream = voice_segments(segments_of(many), profile.voice_for, jobs=2)
    next(stream)
    import time

    time.sleep(2)  # let the workers run as far ahead as they may
    assert len(calls(log)) <= 2 * 2 + 2 + 1
    stream.close()


def test_concurrent_runs_do_not_mix_their_results(plugins):
    """Two articles voiced at once from two threads each get their own audio, in their own order."""
    import threading

    profile = counting_profile(plugins / "calls.log")
    first, second = segments_of(TEXTS[:4]), segments_of(TEXTS[4:8])
    results = {}

    def run(name, segments):
        results[name] = [v.segment for v in voice_segments(segments, profile.voice_for, jobs=2)]

    threads = [threading.Thread(target=run, args=("a", first)), threading.Thread(target=run, args=("b", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == {"a": first, "b": second}


def test_idle_workers_give_back_the_engines_working_memory():
    """Between articles a worker keeps its model but not the activations of its largest sentence."""
    import time

    from narrate.voice import pool as pool_module

    shutdown_workers()
    long_sentence = (
        "The ferry committee, which met for the third time this autumn, agreed that the "
        "timetable would change in spring, that fares would hold, and that the old pier "
        "would close for repairs in March."
    )
    voiced = list(voice_segments([Segment("narration", long_sentence)], lambda s: Voice("narrator", "piper"), jobs=1))
    assert voiced[0].audio.pcm
    [worker] = [w for pool in pool_module._POOLS.values() for w in pool.workers if w is not None]

    def memory(field: str) -> int:
        with open(f"/proc/{worker.process.pid}/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith(field))

    deadline = time.monotonic() + 10
    while memory("VmRSS:") > memory("VmHWM:") - 60 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert memory("VmRSS:") <= memory("VmHWM:") - 60  # MB given back after the run
    again = list(voice_segments([Segment("narration", "Still loaded.")], lambda s: Voice("narrator", "piper"), jobs=1))
    assert again[0].audio.pcm and worker.process.is_alive()  # the same worker, model still loaded
    shutdown_workers()
