"""A small real web site on 127.0.0.1 for source tests: routes set per test, ETag/Last-Modified honoured,
every request logged (path and headers), bytes sent counted."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None  # for redirects
    conditional: bool = True  # send ETag and Last-Modified, answer 304 when they match
    delay: float = 0.0  # seconds before answering
    gzip: bool = False  # compress the body when the client accepts gzip


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    sent: int = 0
    active: int = 0
    most_at_once: int = 0
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.log if p == path]


def start(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            with site.lock:
                site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                site.active += 1
                site.most_at_once = max(site.most_at_once, site.active)
            try:
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                wait = site.delay + (route.delay if route else 0.0)
                if wait:
                    import time

                    time.sleep(wait)
            finally:
                # Counted as active until the answer starts: a client may send its next request as soon
                # as it has read this one, before this thread would reach a later decrement.
                with site.lock:
                    site.active -= 1
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def _answer(self):
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
            if route is None:
                self._send(404, b"not here", "text/plain")
                return
            if route.location:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            modified = "Sun, 01 Nov 2026 08:00:00 GMT"
            if (
                route.conditional
                and route.status == 200
                and (
                    self.headers.get("If-None-Match") == etag
                    or (self.headers.get("If-Modified-Since") == modified and not self.headers.get("If-None-Match"))
                )
            ):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            extra = {"ETag": etag, "Last-Modified": modified} if route.conditional else {}
            body = route.body
            if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                import gzip

                body = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            self._send(route.status, body, route.content_type, extra)

        def _send(self, status, body, content_type, extra=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
            with site.lock:
                site.sent += len(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
