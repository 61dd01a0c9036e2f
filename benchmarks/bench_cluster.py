"""`narrate build --cluster` against a local build, side by side in one run on this machine.

1. The same cold build (empty caches) of a dozen distinct articles: locally (`narrate build`, its
   default voicing worker), and with `--cluster` on a `dask scheduler` with two single-threaded
   `dask worker` processes on 127.0.0.1 (started and registered before the clock starts; setting
   them up, i.e. loading the voices, is inside the timed build). Target: the cluster within 10 %.
2. Data over the network per audio minute: what --cluster sends and receives (one article per task,
   the MP3 comes back), against the PCM a segment-per-task design would return (the local build's
   synthesis cache entries, per audio minute).
3. The client's own cost per article: its CPU seconds in the cluster build, divided by the articles;
   and what mixing would add to it in a segment-per-task design (a local rebuild with every segment
   cached but no mix cached: reading, mixing, encoding and tagging only).
4. Dask's per-task overhead on this cluster: 200 no-op tasks submitted together, wall time per task.

    python benchmarks/bench_cluster.py [--articles 12] [--minutes 0.5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import articles

TARGET = 1.10  # cluster wall time / local wall time


def narrate(project: Path, cache: Path, *args: str) -> tuple[float, float, str]:
    """Run narrate; (wall seconds, CPU seconds of narrate itself and its children, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "narrate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NARRATE_CACHE_DIR": str(cache)},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"benchmark: narrate {' '.join(args)} failed: {result.stderr.strip()[-800:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr


def make_project(folder: Path, count: int, minutes: float) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "narrate.toml").write_text('[podcast]\ntitle = "Benchmark"\n', encoding="utf-8")
    for n in range(count):
        text = articles.article(minutes, seed=500 + n, title=f"Ward report number {n + 1}")
        (folder / "articles" / f"report-{n:02d}.md").write_text(text, encoding="utf-8")
    return folder


def audio_minutes(project: Path) -> float:
    from mutagen.mp3 import MP3

    return sum(MP3(p).info.length for p in (project / "output").glob("*.mp3")) / 60


class DaskProcesses:
    """`dask scheduler` and `workers` single-threaded `dask worker` processes on 127.0.0.1."""

    def __init__(self, work: Path, workers: int) -> None:
        self.work, self.workers, self.processes = work, workers, []

    def cpu(self) -> float:
        return tree_cpu_seconds([p.pid for p in self.processes])

    def __enter__(self) -> str:
        from distributed import Client

        env = {**os.environ, "NARRATE_CACHE_DIR": str(self.work / "worker-cache")}
        scheduler_file = self.work / "scheduler.json"
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "distributed.cli.dask_scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(scheduler_file),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        while not scheduler_file.exists():
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for n in range(self.workers):
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                        "--memory-limit",
                        "0",
                        "--name",
                        f"w{n}",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(self.workers, timeout=120)
        return address

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


def tree_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and all their descendants (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        stats[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def task_overhead(address: str, tasks: int = 200) -> float:
    """Seconds per no-op task, submitted together (the scheduler's and the comms' share of each)."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.submit(int, 0, pure=False).result()  # connections warm
        started = time.perf_counter()
        futures = [client.submit(int, n, pure=False) for n in range(tasks)]
        client.gather(futures)
        return (time.perf_counter() - started) / tasks


def pcm_bytes(cache: Path) -> int:
    return sum(p.stat().st_size for p in cache.glob("entries/*/*.pcm"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--minutes", type=float, default=0.5, help="spoken length of each article")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="narrate-bench-cluster-"))
    try:
        run(work, args.articles, args.minutes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, count: int, minutes: float) -> None:
    local = make_project(work / "local", count, minutes)
    local_wall, local_cpu, _ = narrate(local, work / "local-cache", "build")
    minutes_built = audio_minutes(local)
    pcm_per_minute = pcm_bytes(work / "local-cache") / minutes_built

    dask = DaskProcesses(work, workers=2)
    with dask as address:
        cluster = make_project(work / "cluster", count, minutes)
        workers_before = dask.cpu()
        cluster_wall, client_cpu, stderr = narrate(cluster, work / "client-cache", "build", "-v", "--cluster", address)
        workers_cpu = dask.cpu() - workers_before
        traffic = next(line for line in stderr.splitlines() if line.startswith("cluster: "))
        again = make_project(work / "again", count, minutes)
        again_wall, again_cpu, again_err = narrate(again, work / "client-cache", "build", "-v", "--cluster", address)
        one = make_project(work / "one", 1, minutes)
        _, one_cpu, _ = narrate(one, work / "client-cache", "build", "--cluster", address)
        overhead = task_overhead(address)
    sent_back = float(traffic.rsplit(", ", 1)[1].split()[0]) * 1024 if "per audio minute" in traffic else 0.0

    for mix in (work / "local-cache").glob("entries/*/*.mix"):  # segments cached, mixes not
        mix.unlink()
    shutil.rmtree(local / "output")
    (local / "output").mkdir()
    remix_wall, _, _ = narrate(local, work / "local-cache", "build")

    ratio = cluster_wall / local_wall
    print(f"cold build of {count} articles, {minutes_built:.1f} audio minutes, on {os.cpu_count()} cores:")
    print(f"  local                      {local_wall:7.1f} s")
    print(
        f"  --cluster, 2 x 1 thread    {cluster_wall:7.1f} s   ratio {ratio:.2f} "
        f"({'OK' if ratio <= TARGET else 'MISSED'}: target <= {TARGET:.2f})"
    )
    cluster_cpu = client_cpu + workers_cpu
    print(
        f"  CPU seconds: local {local_cpu:.1f}, --cluster {cluster_cpu:.1f} (client {client_cpu:.1f}, scheduler and "
        f"workers {workers_cpu:.1f}): ratio {cluster_cpu / local_cpu:.2f}"
    )
    print(
        f"  --cluster rebuild, unchanged archive, warm client cache: {again_wall:.1f} s, "
        f"{'nothing sent' if '(mixed on' not in again_err else 'SENT WORK'}"
    )
    print(f"  {traffic}")
    print(
        f"data per audio minute: --cluster {sent_back / 1024:.0f} kB (task out + MP3 back); "
        f"segment-per-task would return {pcm_per_minute / 1024:.0f} kB of PCM "
        f"({pcm_per_minute / max(sent_back, 1):.1f}x)"
    )
    print(
        f"client per article: {client_cpu / count:.2f} CPU s in the cold --cluster build (start-up shared out); "
        f"{(again_cpu - one_cpu) / (count - 1):.3f} CPU s marginal (read, segment, cast, copy the mix, tag, "
        f"sidecars, publish, record: {count} cached articles against 1)"
    )
    print(
        f"  mixing on the client (segment-per-task) would cost {remix_wall / count:.2f} s per article "
        f"(a local rebuild with every segment cached, no mix cached)"
    )
    print(f"dask per-task overhead: {overhead * 1000:.1f} ms per task (200 no-op tasks)")


if __name__ == "__main__":
    main()
