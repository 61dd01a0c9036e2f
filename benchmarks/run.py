"""narrate's speed, side by side with the bare baseline, in one run on this machine (`make bench`).

1. Cold conversion of a long article (default profile) vs what a user would script by hand:
   `python -m piper` (same voice model) on the same text, then ffmpeg WAV -> MP3.
2. A cached re-run of the same article, as a fraction of the cold time.
3. `narrate build` over 50 already-built articles plus 1 new, vs that article alone.
4. Peak RSS (narrate and its voicing workers together) for the long article and a two-hour one.
5. `narrate --help` wall time.

    python benchmarks/run.py [--quick] [--skip-two-hour] [--minutes 20] [--jobs N]

--quick scales every article down (a smoke run of a few minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import articles

TARGETS = {"ratio": 1.0, "cached": 0.05, "build": 1.2, "rss_mb": 500, "help_s": 0.3}


@dataclass
class Timed:
    wall: float
    peak_rss_mb: float  # the whole process tree at its peak (pages shared between processes count in each)
    largest_rss_mb: float  # the largest single process at its peak
    peak_pss_mb: float  # the whole tree at its peak, each shared page divided among its sharers
    returncode: int
    stderr: str


def tree_rss_kb(root: int) -> tuple[int, int, int]:
    """Resident memory of a process and all its descendants, of the largest one, and the tree's
    proportional set size (shared pages such as the ffmpeg binary and libraries counted once), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as f:
                vmrss = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = vmrss
    total, largest, pss, stack = 0, 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        pss += _pss_kb(pid)
        stack.extend(children.get(pid, []))
    return total, largest, pss


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Timed:
    """Run a command, sampling the RSS of its whole process tree every 50 ms."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = largest = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest, peak_pss
        while not done.is_set():
            total, single, pss = tree_rss_kb(proc.pid)
            peak, largest, peak_pss = max(peak, total), max(largest, single), max(peak_pss, pss)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return Timed(wall, peak / 1024, largest / 1024, peak_pss / 1024, proc.returncode, stderr)


def check(result: Timed, what: str) -> Timed:
    if result.returncode != 0:
        sys.exit(f"benchmark: {what} failed (exit {result.returncode}): {result.stderr.strip()[-500:]}")
    return result


def mp3_seconds(path: Path) -> float:
    from mutagen.mp3 import MP3

    return MP3(path).info.length


def narrate_cmd(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("narrate")
    return [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "narrate"]), *args]


class Bench:
    def __init__(self, work: Path, jobs: int | None) -> None:
        self.work = work
        self.jobs = ["--jobs", str(jobs)] if jobs else []

    def env(self, cache: str) -> dict:
        return {**os.environ, "NARRATE_CACHE_DIR": str(self.work / cache)}

    def write(self, name: str, minutes: float, seed: int, title: str | None = None) -> Path:
        path = self.work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(articles.article(minutes, seed=seed, **({"title": title} if title else {})))
        return path

    def convert(self, article: Path, cache: str, out: str) -> tuple[Timed, float]:
        out_dir = self.work / out
        result = check(
            timed(narrate_cmd("convert", str(article), "-o", str(out_dir), *self.jobs), env=self.env(cache)),
            f"narrate convert {article.name}",
        )
        [mp3] = out_dir.glob("*.mp3")
        return result, mp3_seconds(mp3)

    def baseline(self, article: Path) -> tuple[float, float]:
        """piper's own command line, then ffmpeg: what a user would script by hand."""
        from narrate.audio.ffmpeg import ffmpeg_exe
        from narrate.backends.piper import resolve_model

        text = self.work / "baseline.txt"
        text.write_text(articles.plain_text(article.read_text()))
        wav, mp3 = self.work / "baseline.wav", self.work / "baseline.mp3"
        started = time.perf_counter()
        check(
            timed([sys.executable, "-m", "piper", "-m", str(resolve_model(None)), "-i", str(text), "-f", str(wav)]),
            "piper command line",
        )
        check(
            timed([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav), "-b:a", "64k", str(mp3)]),
            "ffmpeg encoding",
        )
        wall = time.perf_counter() - started
        with wave.open(str(wav)) as w:
            seconds = w.getnframes() / w.getframerate()
        return wall, seconds

    def build(self, count: int, minutes: float) -> tuple[float, float]:
        """`narrate build` with `count` articles already built plus one new, vs the new one alone."""
        many_project = self.project("many")
        for n in range(count):
            self.write(
                f"many/articles/story-{n:02d}.md", minutes, seed=100 + n, title=f"Story number {n} from the wards"
            )
        check(timed(narrate_cmd("build"), env=self.env("build-cache"), cwd=many_project), f"build {count} (seeding)")
        self.write("many/articles/new-story.md", minutes, seed=999, title="A new story arrives late")
        many = check(timed(narrate_cmd("build"), env=self.env("build-cache"), cwd=many_project), f"build {count}+1")
        alone_project = self.project("alone")
        shutil.copy(many_project / "articles" / "new-story.md", alone_project / "articles")
        alone = check(timed(narrate_cmd("build"), env=self.env("alone-cache"), cwd=alone_project), "build 1")
        return many.wall, alone.wall

    def project(self, name: str) -> Path:
        folder = self.work / name
        check(timed(narrate_cmd("init", str(folder), "--title", "Benchmark")), "narrate init")
        return folder

    def help_time(self, runs: int = 7) -> float:
        walls = [check(timed(narrate_cmd("--help")), "narrate --help").wall for _ in range(runs)]
        return statistics.median(walls)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scale every article down for a smoke run")
    parser.add_argument("--skip-two-hour", action="store_true", help="skip the two-hour peak-RSS run")
    parser.add_argument("--minutes", type=float, default=None, help="long article length (default 20, quick 3)")
    parser.add_argument("--jobs", type=int, default=None, help="narrate --jobs (default: narrate's own default)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    minutes = args.minutes or (3 if args.quick else 20)
    long_minutes = 10 if args.quick else 120
    work = Path(tempfile.mkdtemp(prefix="narrate-bench-"))
    bench = Bench(work, args.jobs)
    print(f"narrate benchmark on {os.cpu_count()} cores, work folder {work}", flush=True)
    try:
        run(bench, args, minutes, long_minutes)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(bench: Bench, args, minutes: float, long_minutes: float) -> None:
    article = bench.write("long.md", minutes, seed=7)
    base_wall, base_audio = bench.baseline(article)
    cold, cold_audio = bench.convert(article, "cache", "cold")
    warm, _ = bench.convert(article, "cache", "warm")
    narrate_speed, base_speed = cold_audio / cold.wall, base_audio / base_wall
    ratio = narrate_speed / base_speed
    print(f"\n1. cold conversion, {cold_audio / 60:.1f} min of audio (baseline {base_audio / 60:.1f} min)")
    print(f"   {'':24}{'wall s':>9}{'audio s/wall s':>16}")
    print(f"   {'narrate convert':24}{cold.wall:9.1f}{narrate_speed:16.1f}")
    print(f"   {'piper CLI + ffmpeg':24}{base_wall:9.1f}{base_speed:16.1f}")
    print(
        f"   ratio narrate/baseline: {ratio:.2f}  (target >= {TARGETS['ratio']})  {verdict(ratio >= TARGETS['ratio'])}"
    )
    fraction = warm.wall / cold.wall
    print(
        f"\n2. cached re-run: {warm.wall:.2f} s = {fraction:.1%} of cold  "
        f"(target <= {TARGETS['cached']:.0%})  {verdict(fraction <= TARGETS['cached'])}"
    )

    many, alone = bench.build(50, 0.5 if args.quick else 1.0)
    print(
        f"\n3. narrate build: 50 built + 1 new {many:.1f} s vs the new one alone {alone:.1f} s = "
        f"{many / alone:.2f}x  (target <= {TARGETS['build']}x)  {verdict(many / alone <= TARGETS['build'])}"
    )

    print(
        "\n4. peak memory of narrate, its voicing workers and ffmpegs: RSS summed over processes "
        "(largest single process; PSS, shared pages counted once)"
    )
    print(
        f"   {minutes:g}-minute article: {cold.peak_rss_mb:.0f} MB ({cold.largest_rss_mb:.0f} MB; "
        f"PSS {cold.peak_pss_mb:.0f} MB)"
    )
    if args.skip_two_hour:
        print("   two-hour article: skipped (--skip-two-hour)")
    else:
        big = bench.write("two-hours.md", long_minutes, seed=11, title="The long read")
        result, audio = bench.convert(big, "big-cache", "big")
        print(
            f"   {audio / 60:.0f}-minute article: {result.peak_rss_mb:.0f} MB ({result.largest_rss_mb:.0f} MB; "
            f"PSS {result.peak_pss_mb:.0f} MB) "
            f"in {result.wall:.0f} s "
            f"({audio / result.wall:.1f} audio s/wall s)  (target < {TARGETS['rss_mb']} MB)  "
            f"{verdict(result.peak_rss_mb < TARGETS['rss_mb'])}"
        )

    help_s = bench.help_time()
    print(
        f"\n5. narrate --help: {help_s:.3f} s (median of 7)  (target < {TARGETS['help_s']} s)  "
        f"{verdict(help_s < TARGETS['help_s'])}"
    )


if __name__ == "__main__":
    main()
