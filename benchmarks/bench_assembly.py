"""Assembly cost of the mixer: wall time and peak memory for a 10-minute and a two-hour episode.

A few real Piper parts (narration, a quote in the quote voice, a heading) are synthesised once,
then repeated into a synthetic episode of the wanted length and mixed into a finished MP3
(join to PCM on disk, loudness measurement, encode, check). Each size runs in a fresh child
process, so its peak RSS (VmHWM) is its own; the peak of its ffmpeg children is reported separately
(ru_maxrss of the children: an upper bound, as it may include the Python process at spawn time).
Linear cost shows as a time ratio close to the duration ratio; bounded memory as an RSS ratio near 1.

    .venv/bin/python benchmarks/bench_assembly.py [--minutes 10 120]
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXTS = [
    ("heading", "narration", "Harbour works begin"),
    ("body", "narration", "Work on the new sea wall started on Monday, two months later than planned."),
    ("body", "quote", "We have waited a long time for this,"),
    ("body", "narration", "said the harbourmaster, who watched the first stones go in."),
    ("body", "narration", "The council expects the wall to be finished before the winter storms."),
    ("body", "quote", "It will keep the boats safe when the wind turns east."),
]


def synthesise_parts(folder: Path) -> None:
    from narrate.models import NARRATION, QUOTE
    from narrate.voice.profiles import load_profile
    from narrate.voice.voicing import synthesize

    profile = load_profile()
    parts = []
    for role, kind, text in TEXTS:
        voice = profile.quote if kind == "quote" else profile.narrator
        parts.append((role, QUOTE if kind == "quote" else NARRATION, text, synthesize(text, voice)))
    (folder / "parts.pickle").write_bytes(pickle.dumps(parts))


def episode(parts, seconds: float):
    """Repeat the parts, a new paragraph each round, until the speech lasts `seconds`."""
    from narrate.models import Segment, Voice, VoicedSegment

    voice = Voice("bench", "piper")
    spoken = 0.0
    for paragraph in itertools.count():
        for role, kind, text, audio in parts:
            yield VoicedSegment(Segment(kind, text, paragraph=paragraph, role=role), voice, audio)
            spoken += audio.duration
            if spoken >= seconds:
                return


def peak_rss_mib() -> float:
    """This process's own peak RSS (VmHWM). ru_maxrss would also count the parent's peak, kept across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(parts_path: Path, minutes: float) -> None:
    import logging
    import resource

    from narrate.audio.mixer import mix

    logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")

    parts = pickle.loads(parts_path.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = mix(episode(parts, minutes * 60 * 0.8), Path(tmp) / "episode.mp3")  # pauses add ~20%
        wall = time.perf_counter() - start
        size = (Path(tmp) / "episode.mp3").stat().st_size
    print(
        json.dumps(
            {
                "minutes": minutes,
                "duration_s": result.duration,
                "segments": len(result.cues),
                "wall_s": wall,
                "python_peak_rss_mib": peak_rss_mib(),
                "ffmpeg_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "mp3_mib": size / 2**20,
                "loudness_lufs": result.loudness,
                "true_peak_dbtp": result.true_peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[10, 120])
    parser.add_argument("--child", nargs=2, metavar=("PARTS", "MINUTES"), help=argparse.SUPPRESS)
    parser.add_argument("--synthesise", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), float(args.child[1]))
        return
    if args.synthesise:
        synthesise_parts(Path(args.synthesise))
        return
    with tempfile.TemporaryDirectory() as tmp:
        # Piper (onnxruntime) runs in its own process so that no measured process inherits its memory.
        subprocess.run([sys.executable, __file__, "--synthesise", tmp], check=True)
        parts = Path(tmp) / "parts.pickle"
        rows = []
        for minutes in args.minutes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(parts), str(minutes)],
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            ).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'episode':>10} {'segments':>8} {'wall s':>8} {'s/min':>6} {'python MiB':>10} {'ffmpeg MiB':>10} "
        f"{'LUFS':>6} {'dBTP':>6}"
    )
    for r in rows:
        print(
            f"{r['duration_s'] / 60:8.1f} m {r['segments']:8d} {r['wall_s']:8.1f} "
            f"{r['wall_s'] / (r['duration_s'] / 60):6.2f} {r['python_peak_rss_mib']:10.0f} "
            f"{r['ffmpeg_peak_rss_mib']:10.0f} {r['loudness_lufs']:6.1f} {r['true_peak_dbtp']:6.1f}"
        )
    first, last = rows[0], rows[-1]
    print(
        f"duration x{last['duration_s'] / first['duration_s']:.1f}: time x{last['wall_s'] / first['wall_s']:.1f}, "
        f"python peak RSS x{last['python_peak_rss_mib'] / first['python_peak_rss_mib']:.2f}, "
        f"ffmpeg peak RSS x{last['ffmpeg_peak_rss_mib'] / first['ffmpeg_peak_rss_mib']:.2f}"
    )


if __name__ == "__main__":
    main()
