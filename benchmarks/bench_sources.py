"""Polling cost of `narrate build` with 50 subscribed feeds, side by side in one run:

1. an empty project (no sources): the cost of starting `narrate build` at all;
2. the first poll of 50 feeds (first_fetch_limit = 0, so nothing is voiced): every feed downloaded;
3. the nightly case: the 50 feeds unchanged, answered 304 to the conditional requests;
4. the same, from a server that ignores conditional requests (no ETag/Last-Modified): what politeness saves.

Each: CPU seconds of the `narrate build` process (user + system), wall time, bytes of response bodies.

    python benchmarks/bench_sources.py [--feeds 50] [--entries 30]
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TARGET_CPU_S = 1.0


def feed(n: int, entries: int) -> bytes:
    items = "".join(
        f"<item><title>Harbour note {n}-{i}</title><link>http://example.invalid/{n}/{i}</link>"
        f"<guid>note-{n}-{i}</guid><pubDate>Thu, 19 Nov 2026 09:{i % 60:02d}:00 GMT</pubDate>"
        f"<description>The ferry timetable changes again this week; the quay market stays where it is. "
        f"Repairs to berth {i} continue.</description></item>"
        for i in range(entries)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {n}</title><link>http://example.invalid/"
        f"</link><description>d</description>{items}</channel></rss>"
    ).encode()


class Server:
    def __init__(self, feeds: dict[str, bytes]):
        self.feeds, self.sent, self.requests, self.conditional = feeds, 0, 0, True
        lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = outer.feeds[self.path]
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                with lock:
                    outer.requests += 1
                if outer.conditional and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                if outer.conditional:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)
                with lock:
                    outer.sent += len(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def build(project: Path) -> tuple[float, float]:
    """(CPU seconds of the child, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "narrate", "build"], cwd=project, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"narrate build failed: {result.stderr.strip()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def project(root: Path, feeds: list[str]) -> Path:
    root.mkdir(parents=True)
    (root / "articles").mkdir()
    listed = ", ".join(f'"{url}"' for url in feeds)
    (root / "narrate.toml").write_text(f"[sources]\nfeeds = [{listed}]\nfirst_fetch_limit = 0\n", encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=30)
    args = parser.parse_args()
    server = Server({f"/feed{n}.xml": feed(n, args.entries) for n in range(args.feeds)})
    urls = [server.base + path for path in server.feeds]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = project(Path(tmp) / "empty", [])
        rows.append(("empty project (no sources)", *build(empty), 0, 0))
        pod = project(Path(tmp) / "pod", urls)
        for label, conditional in [
            (f"first poll of {args.feeds} feeds", True),
            (f"{args.feeds} unchanged feeds, conditional GET (304)", True),
            (f"{args.feeds} unchanged feeds, server ignores conditionals", False),
        ]:
            server.conditional = conditional
            sent, requests = server.sent, server.requests
            cpu, wall = build(pod)
            rows.append((label, cpu, wall, server.sent - sent, server.requests - requests))
    base_cpu = rows[0][1]
    print(f"{'case':<52} {'CPU s':>7} {'wall s':>7} {'bytes':>9} {'requests':>8} {'CPU - empty':>11}")
    for label, cpu, wall, sent, requests in rows:
        print(f"{label:<52} {cpu:7.2f} {wall:7.2f} {sent:9d} {requests:8d} {cpu - base_cpu:11.2f}")
    nightly, impolite = rows[2], rows[3]
    print(
        f"conditional vs unconditional: bytes {nightly[3]} vs {impolite[3]}, "
        f"CPU ratio {nightly[1] / impolite[1]:.2f}; nightly CPU {nightly[1]:.2f} s "
        f"({'within' if nightly[1] < TARGET_CPU_S else 'OVER'} the {TARGET_CPU_S:g} s target)"
    )


if __name__ == "__main__":
    main()
