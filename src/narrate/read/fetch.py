"""Fetch an article over http or https: bounded time, size and redirects; no other scheme, ever."""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from narrate.errors import InputError
from narrate.version import __version__

ALLOWED_SCHEMES = ("http", "https")
TIMEOUT_S = 20.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # e.g. "text/html"
    charset: str | None


def check_url(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InputError(f"{url}: only http and https URLs can be read, not {scheme or 'this'}:")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        newurl = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ALLOWED_SCHEMES:
            raise InputError(f"{req.full_url}: redirected to a URL that is not http or https ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Fetched:
    check_url(url)
    opener = urllib.request.build_opener(_Redirects)
    request = urllib.request.Request(
        url, headers={"User-Agent": f"narrate/{__version__}", "Accept": "text/html, text/plain, text/markdown;q=0.9"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            data = read_capped(response, url, max_bytes)
            return Fetched(
                url=response.geturl(),
                data=data,
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset(),
            )
    except (OSError, ValueError) as exc:  # urllib's HTTPError and URLError are OSErrors
        raise fetch_error(url, exc, timeout) from None


def fetch_error(url: str, exc: OSError | ValueError, timeout: float) -> InputError:
    """One line for what went wrong fetching url: an HTTP status, a redirect, a timeout, the network."""
    if isinstance(exc, urllib.error.HTTPError):
        if 300 <= exc.code < 400 and "not allowed" in str(exc.msg):
            return InputError(f"{url}: redirected to a URL that is not http or https")
        if 300 <= exc.code < 400:
            return InputError(f"{url}: too many redirects (more than {MAX_REDIRECTS})")
        return InputError(f"{url}: the server answered HTTP {exc.code} {exc.reason}")
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return InputError(f"{url}: no answer within {timeout:g} s")
    return InputError(f"{url}: cannot fetch: {reason}")


def read_capped(response, url: str, max_bytes: int) -> bytes:
    """The body, refused as soon as it passes max_bytes (declared or read)."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise InputError(f"{url}: the page is larger than {max_bytes // (1024 * 1024)} MB")
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(f"{url}: the page is larger than {max_bytes // (1024 * 1024)} MB")
        chunks.append(chunk)
