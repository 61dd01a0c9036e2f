"""`--cluster` end to end on real Dask processes: a LocalCluster of worker processes, and a `dask
scheduler` with `dask worker` processes started here on 127.0.0.1. Real Piper on one-sentence articles.

Every build gets its own client cache, and the workers their own, so nothing is a cache hit by accident.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audio_checks import decode
from narrate.version import __version__ as narrate_version

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # real Dask processes and real synthesis

CONFIG = '[podcast]\ntitle = "Quay Notes"\nbase_url = "https://casts.example.org/quay/"\n'
ARTICLES = {
    "ferry.md": "# Ferry back\n\nThe night ferry sails again from Monday.\n",
    "market.md": '# Market moves\n\n"We move to the quay," said Ada Morrell.\n',
    "bridge.txt": "Bridge shut\n\nThe swing bridge shuts for repairs on Friday.\n",
}
BAD = {"broken.html": b"\xff\xfe\x00"}  # a UTF-16 mark and nothing valid after it: unreadable


def project(root: Path, articles: dict, bad: dict | None = None) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "narrate.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    for name, data in (bad or {}).items():
        (root / "articles" / name).write_bytes(data)
    return root


def narrate(root: Path, *args: str, cache: Path, env: dict | None = None, **popen) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NARRATE_CACHE_DIR": str(cache), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        **popen,
    )


def audio_of(root: Path) -> dict[str, bytes]:
    return {p.name: decode(p).tobytes() for p in sorted((root / "output").glob("*.mp3"))}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    """The reference: a plain local build, which must not import distributed (nor must --help)."""
    root = project(tmp_path_factory.mktemp("local"), ARTICLES)
    probe = (
        "import runpy, sys\nsys.argv = ['narrate', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('narrate', run_name='__main__')\nexcept SystemExit as e:\n    code = e.code\n"
        "print('distributed' in sys.modules, 'dask' in sys.modules, code, file=sys.stderr)\n"
    )
    environment = {**os.environ, "NARRATE_CACHE_DIR": str(root / "cache")}
    help_run = subprocess.run(
        [sys.executable, "-c", probe, "--help"], cwd=root, capture_output=True, text=True, env=environment, timeout=60
    )
    build_run = subprocess.run(
        [sys.executable, "-c", probe, "build"], cwd=root, capture_output=True, text=True, env=environment, timeout=300
    )
    return root, help_run, build_run


def test_help_and_a_local_build_never_import_distributed(local_build):
    _, help_run, build_run = local_build
    assert help_run.stderr.strip().splitlines()[-1] == "False False 0"
    assert build_run.stderr.strip().splitlines()[-1] == "False False 0", build_run.stderr


# ---------------------------------------------------------------- LocalCluster of worker processes


@pytest.fixture(scope="module")
def local_cluster(tmp_path_factory):
    from distributed import Client, LocalCluster

    previous = os.environ["NARRATE_CACHE_DIR"]
    os.environ["NARRATE_CACHE_DIR"] = str(tmp_path_factory.mktemp("worker-cache"))  # the spawned workers'
    try:
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            yield cluster.scheduler_address, client
    finally:
        os.environ["NARRATE_CACHE_DIR"] = previous


def test_cluster_build_matches_local_audio_and_fails_the_bad_article_alone(local_cluster, local_build, tmp_path):
    address, _ = local_cluster
    root = project(tmp_path / "p", ARTICLES, BAD)
    result = narrate(root, "build", "-v", "--cluster", address, cache=tmp_path / "cache")
    assert result.returncode == 1
    assert "built 3, unchanged 0, failed 1" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("narrate: failed")] == [
        "narrate: failed: articles/broken.html: starts with a UTF-16 byte-order mark but is not valid UTF-16"
    ]
    assert "2 worker(s)" in result.stderr and result.stderr.count("(mixed on tcp://127.0.0.1:") == 3
    assert "cluster: 3 article(s) sent to workers" in result.stderr
    assert audio_of(root) == audio_of(local_build[0])  # decoded PCM, sample for sample
    assert len(list((root / "output").glob("*.vtt"))) == 3

    again = project(tmp_path / "again", ARTICLES)  # an unchanged archive, same client cache
    rebuilt = narrate(again, "build", "-v", "--cluster", address, cache=tmp_path / "cache")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "(mixed on" not in rebuilt.stderr and "cluster: 0 article(s) sent to workers" in rebuilt.stderr
    assert audio_of(again) == audio_of(local_build[0])


def test_convert_on_the_cluster_goes_on_past_a_bad_article(local_cluster, local_build, tmp_path):
    address, _ = local_cluster
    root = project(tmp_path / "p", ARTICLES, BAD)
    result = narrate(
        root,
        "convert",
        "articles/ferry.md",
        "articles/broken.html",
        "articles/market.md",
        "-o",
        "output",
        "--cluster",
        address,
        cache=tmp_path / "cache",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "narrate: error: articles/broken.html: starts with a UTF-16 byte-order mark but is not valid UTF-16",
        "narrate: error: 1 of 3 articles failed",
    ]
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "output/ferry-back.mp3",
        "output/market-moves.mp3",
    ]
    reference = audio_of(local_build[0])
    assert audio_of(root) == {name: reference[name] for name in ("ferry-back.mp3", "market-moves.mp3")}


def test_a_worker_killed_mid_build_has_its_article_rescheduled(local_cluster, tmp_path):
    address, client = local_cluster
    longer = {
        f"story-{n}.md": f"# Story {n}\n\n"
        + " ".join(
            f"On day {n + d} the ferry crew painted the {word} deck and checked every rope twice."
            for d, word in enumerate(["upper", "lower", "rear"])
        )
        + "\n"
        for n in range(3)
    }
    root = project(tmp_path / "p", longer)
    child = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--cluster", address],
        cwd=root,
        env={**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pids = client.run(os.getpid)
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline and child.poll() is None:
        busy = [worker for worker, keys in client.processing().items() if keys]
        victim = busy[0] if busy else None
        time.sleep(0.1)
    assert victim is not None, "no task ever ran"
    os.kill(pids[victim], signal.SIGKILL)
    _, err = child.communicate(timeout=240)
    assert child.returncode == 0, err
    assert len(list((root / "output").glob("*.mp3"))) == 3
    assert "<item>" in (root / "output" / "feed.xml").read_text() and err == ""


def test_a_build_stopped_on_the_client_is_finished_by_the_next_run(local_cluster, tmp_path):
    address, client = local_cluster
    root = project(
        tmp_path / "p", {f"tide-{n}.md": f"# Tide {n}\n\nThe tide turned at {n} past six.\n" for n in range(3)}
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", "--cluster", address],
        cwd=root,
        env={**os.environ, "NARRATE_CACHE_DIR": str(tmp_path / "cache")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(client.processing().values()) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert err.strip() == "narrate: stopped by SIGTERM; the next build finishes the work"
    assert not [p for p in (root / "output").iterdir() if p.name.startswith(".") and p.suffix in (".part", ".tmp")]
    again = narrate(root, "build", "--cluster", address, cache=tmp_path / "cache")
    assert (again.returncode, again.stderr) == (0, "")
    assert (
        len(list((root / "output").glob("*.mp3"))) == 3
        and (root / "output" / "feed.xml").read_text().count("<item>") == 3
    )


def test_an_unreachable_scheduler_is_one_line_and_exit_1_before_any_work(tmp_path):
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    root = project(tmp_path / "p", ARTICLES)
    result = narrate(
        root,
        "build",
        "--cluster",
        f"tcp://127.0.0.1:{port}",
        cache=tmp_path / "cache",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"narrate: error: tcp://127.0.0.1:{port}: cannot reach the Dask scheduler")
    assert len(result.stderr.splitlines()) == 1 and result.stderr.rstrip().endswith("nothing was built")
    assert not list((root / "output").glob("*.mp3")) and not (root / "output" / "feed.xml").exists()


def test_the_cluster_option_and_config_key(tmp_path):
    from narrate.publish.config import ConfigError, config_from_dict

    assert config_from_dict({"cluster": {"scheduler": "tls://sched.example.org:8786"}}).cluster.scheduler
    with pytest.raises(ConfigError, match=r"cluster\.scheduler: 'tcp://a b' is not a Dask scheduler address"):
        config_from_dict({"cluster": {"scheduler": "tcp://a b"}})


# ---------------------------------------------------------------- `dask scheduler` and `dask worker` processes


@pytest.fixture(scope="module")
def dask_processes(tmp_path_factory):
    """A scheduler, two workers at this narrate's version, and one whose narrate says 0.0.1."""
    folder = tmp_path_factory.mktemp("dask")
    dask = [sys.executable, "-m", "distributed.cli.dask_worker"]
    env = {**os.environ, "NARRATE_CACHE_DIR": str(folder / "worker-cache")}
    old = folder / "old_narrate.py"
    old.write_text("import narrate.version\nnarrate.version.__version__ = '0.0.1'\n", encoding="utf-8")
    scheduler_file = folder / "scheduler.json"
    processes = [
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
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for name, extra in (("good-1", []), ("good-2", []), ("old", ["--preload", str(old)])):
            processes.append(
                subprocess.Popen(
                    [
                        *dask,
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        name,
                        "--memory-limit",
                        "0",
                        *extra,
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(3, timeout=90)
            names = {info["name"]: addr for addr, info in client.scheduler_info()["workers"].items()}
        yield address, names
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_workers_build_the_local_audio_and_the_old_version_is_refused(dask_processes, local_build, tmp_path):
    address, names = dask_processes
    root = project(tmp_path / "p", ARTICLES)
    result = narrate(root, "build", "--cluster", address, cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"narrate: warning: worker {names['old']} refused: narrate 0.0.1 (client {narrate_version}); it gets no work"
    ]
    assert audio_of(root) == audio_of(local_build[0])
