"""`narrate serve`: the output folder over HTTP, with HEAD and byte ranges, and nothing else.

Only GET and HEAD; only regular files inside the folder (no `..`, no encoded dots, no hidden files such
as the build's state, no symlinks leading out); no directory listings. `/` serves index.html. A private
show is served under its secret path only, and `--auth USER:PASSWORD` asks for HTTP Basic credentials
(compared in constant time). Without an index.html
(a folder of converted episodes), `/` is a small page listing the feed and its episodes.
"""

from __future__ import annotations

import base64
import hmac
import os
import re
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/rss+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".srt": "application/x-subrip",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 1 << 16


def content_type(name: str) -> str:
    if name.endswith(".chapters.json"):
        return "application/json+chapters"
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def resolve_request_path(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside root, or None when it must not be served."""
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    real_root = root.resolve()
    candidate = (real_root.joinpath(*parts)).resolve()
    if real_root not in candidate.parents or not candidate.is_file():
        return None
    if any(p.startswith(".") for p in candidate.relative_to(real_root).parts):
        return None  # a symlink inside the folder that leads to a hidden file
    return candidate


class OutputHandler(BaseHTTPRequestHandler):
    server_version = "narrate"
    sys_version = ""
    root: Path = Path("output")
    quiet = False
    prefix = ""  # a private show's secret path segment: every URL starts with /<prefix>/
    credentials: bytes | None = None  # the expected Authorization header value, when --auth is given

    def __getattr__(self, name: str):
        # http.server looks up do_<METHOD>; every method but GET and HEAD gets 405.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        self._send_empty(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"})

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _authorized(self) -> bool:
        if self.credentials is None:
            return True
        given = self.headers.get("Authorization", "").encode("latin-1", errors="replace")
        if hmac.compare_digest(given, self.credentials):
            return True
        self._send_empty(HTTPStatus.UNAUTHORIZED, {"WWW-Authenticate": 'Basic realm="narrate", charset="UTF-8"'})
        return False

    def _file_path(self) -> str | None:
        """The request path relative to the served folder (index.html for a folder), None if outside."""
        path = urlsplit(self.path).path
        if self.prefix:
            head = f"/{self.prefix}/"
            if not path.startswith(head):
                return None
            path = path[len(head) - 1 :]
        return path + "index.html" if path.endswith("/") else path

    def _serve(self, body: bool) -> None:
        if not self._authorized():
            return
        if self.prefix and urlsplit(self.path).path == f"/{self.prefix}":  # the page's links are relative
            self._send_empty(HTTPStatus.MOVED_PERMANENTLY, {"Location": f"/{self.prefix}/"})
            return
        wanted = self._file_path()
        if wanted == "/index.html" and not (self.root / "index.html").is_file():
            self._send_bytes(index_page(self.root), "text/html; charset=utf-8", body)
            return
        try:
            path = resolve_request_path(self.root, wanted) if wanted is not None else None
        except UnicodeDecodeError:
            path = None
        if path is None:
            self._send_empty(HTTPStatus.NOT_FOUND)
            return
        size = path.stat().st_size
        span = self._range(size)
        if span == "unsatisfiable":
            self._send_empty(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, {"Content-Range": f"bytes */{size}"})
            return
        start, end = span or (0, size - 1)
        self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
        self.send_header("Content-Type", content_type(path.name))
        self.send_header("Content-Length", str(max(0, end - start + 1)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        if span:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if body:
            self._copy(path, start, end)

    def _range(self, size: int):
        """(start, end) inclusive for one satisfiable range, None for the whole file, or 'unsatisfiable'."""
        header = self.headers.get("Range")
        if not header:
            return None
        match = RANGE.match(header.strip())
        if not match or not any(match.groups()):
            return None  # several ranges or a form we do not support: answer with the whole file
        first, last = match.groups()
        if first == "":
            length = int(last)
            if length == 0 or size == 0:
                return "unsatisfiable"
            return max(0, size - length), size - 1
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if start >= size or (last and int(last) < start):
            return "unsatisfiable"
        return start, end

    def _copy(self, path: Path, start: int, end: int) -> None:
        remaining = end - start + 1
        with open(path, "rb") as handle:
            handle.seek(start)
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    break
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return
                remaining -= len(chunk)

    def _send_bytes(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _send_empty(self, status: HTTPStatus, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def index_page(root: Path) -> bytes:
    """A minimal page for `/`: the feed's title, its URL to paste into a podcast app, and each episode."""
    from html import escape
    from xml.etree import ElementTree as ET

    title, items = "narrate", []
    try:
        channel = ET.parse(root / "feed.xml").getroot().find("channel")
    except (OSError, ET.ParseError):
        channel = None
    if channel is not None:
        title = channel.findtext("title") or title
        for item in channel.iter("item"):
            enclosure = item.find("enclosure")
            name = (enclosure.get("url", "") if enclosure is not None else "").rsplit("/", 1)[-1]
            items.append((item.findtext("title") or name, name))
    rows = "".join(f'<li><a href="{escape(name)}">{escape(text)}</a></li>\n' for text, name in items)
    feed = (
        '<p>Feed: <a href="feed.xml">feed.xml</a> (copy this link into a podcast app)</p>\n'
        if channel is not None
        else "<p>No feed yet: run <code>narrate build</code>.</p>\n"
    )
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width"><title>{escape(title)}</title></head>\n<body><h1>{escape(title)}</h1>\n'
        f"{feed}<ul>\n{rows}</ul>\n</body></html>\n"
    ).encode()


def basic_credentials(user_password: str) -> bytes:
    """The Authorization header a client sends for USER:PASSWORD."""
    return b"Basic " + base64.b64encode(user_password.encode("utf-8"))


def make_server(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    quiet: bool = False,
    prefix: str = "",
    auth: str | None = None,
) -> ThreadingHTTPServer:
    handler = type(
        "Handler",
        (OutputHandler,),
        {
            "root": Path(root),
            "quiet": quiet,
            "prefix": prefix.strip("/"),
            "credentials": basic_credentials(auth) if auth is not None else None,
        },
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def lan_urls(server: ThreadingHTTPServer) -> list[str]:
    """For a server on every interface (0.0.0.0), the addresses other devices on the network can use;
    empty for a server bound to one address (server_url says where it is)."""
    host, port = server.server_address[:2]
    if host not in ("0.0.0.0", "::"):
        return []
    return [f"http://{address}:{port}/" for address in local_addresses()] + [f"http://127.0.0.1:{port}/"]


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback: the one the default route uses first."""
    import socket

    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent, the route is looked up
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    found += [str(info[4][0]) for info in infos]
    return [a for a in dict.fromkeys(found) if not a.startswith("127.") and a != "0.0.0.0"]


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    shown = f"[{host}]" if ":" in str(host) else host
    if shown in ("0.0.0.0", "[::]"):
        shown = os.uname().nodename
    return f"http://{shown}:{port}/"
