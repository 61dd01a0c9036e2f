"""Polite HTTP for polling: conditional GET, a User-Agent naming narrate, remembered permanent redirects,
the fetch limits of read/fetch.py (http(s) only, size, time, redirects), and at most a few requests per host."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass

from narrate.errors import InputError
from narrate.read.fetch import ALLOWED_SCHEMES, MAX_BYTES, MAX_REDIRECTS, TIMEOUT_S, check_url, fetch_error, read_capped
from narrate.version import __version__

USER_AGENT = f"narrate/{__version__} (article-to-podcast; polls feeds politely)"
PER_HOST = 2
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 Not Modified (data empty)
    data: bytes
    content_type: str
    charset: str | None
    validators: Validators
    moved_to: str | None  # where a chain of permanent redirects (301/308 only) from the request URL ends
    wire_bytes: int = 0  # body bytes as sent (compressed when the server used gzip)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows up to MAX_REDIRECTS http(s) redirects and notes how far the chain stays permanent."""

    max_redirections = MAX_REDIRECTS

    def __init__(self):
        self.permanent: str | None = None
        self.broken = False  # a temporary redirect came first: later permanent ones do not move the request URL

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ALLOWED_SCHEMES:
            raise InputError(f"{req.full_url}: redirected to a URL that is not http or https ({newurl})")
        if code in (301, 308) and not self.broken:
            self.permanent = newurl
        else:
            self.broken = True
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:  # keep the conditional headers on the new request
            for name in ("If-none-match", "If-modified-since"):
                if req.has_header(name):
                    new.add_unredirected_header(name, req.get_header(name))
        return new


class Http:
    """Thread-safe; every request goes through `get`."""

    def __init__(self, per_host: int = PER_HOST, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES):
        self.per_host, self.timeout, self.max_bytes = per_host, timeout, max_bytes
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        self.downloaded = 0  # body bytes, all requests together
        self.requests = 0

    def _slot(self, url: str) -> threading.Semaphore:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._lock:
            return self._hosts.setdefault(host, threading.Semaphore(self.per_host))

    def get(self, url: str, validators: Validators | None = None, accept: str = PAGE_ACCEPT) -> Response:
        check_url(url)
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        redirects = _Redirects()
        opener = urllib.request.build_opener(redirects)
        with self._slot(url):
            response = self._open(opener, urllib.request.Request(url, headers=headers), url, redirects)
        with self._lock:
            self.downloaded += response.wire_bytes
            self.requests += 1
        return response

    def _open(self, opener, request, url: str, redirects: _Redirects) -> Response:
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                raw = read_capped(answer, url, self.max_bytes)
                data = _decoded(raw, answer.headers.get("Content-Encoding"), url, self.max_bytes)
                return _response(answer.geturl(), 200, data, answer.headers, redirects.permanent, len(raw))
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return _response(exc.geturl() or url, 304, b"", exc.headers, redirects.permanent)
            raise fetch_error(url, exc, self.timeout) from None
        except (OSError, ValueError) as exc:
            raise fetch_error(url, exc, self.timeout) from None


def _decoded(raw: bytes, encoding: str | None, url: str, max_bytes: int) -> bytes:
    """The body without its gzip transfer compression, held to the same size limit once unpacked."""
    if (encoding or "identity").strip().lower() not in ("gzip", "x-gzip"):
        return raw
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpack.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"{url}: damaged gzip response ({exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{url}: the page is larger than {max_bytes // (1024 * 1024)} MB")
    if not unpack.eof:
        raise InputError(f"{url}: the gzip response is cut short")
    return data


def _response(url: str, status: int, data: bytes, headers, moved_to: str | None, wire_bytes: int = 0) -> Response:
    validators = Validators(etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"))
    return Response(
        url=url,
        status=status,
        data=data,
        content_type=headers.get_content_type(),
        charset=headers.get_content_charset(),
        validators=validators,
        moved_to=moved_to,
        wire_bytes=wire_bytes,
    )
