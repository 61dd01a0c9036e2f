"""Reading articles over HTTP from a real server on 127.0.0.1: redirects, errors, caps and timeouts."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from narrate.errors import InputError
from narrate.read.article import read_article
from narrate.read.fetch import fetch

PAGE = (
    b"<html><head><title>Night ferry returns</title><meta name='author' content='Ana Ruiz'></head><body>"
    b"<article><h1>Night ferry returns</h1><p>The night ferry will run again from next spring, the council "
    b'decided on Tuesday after a long debate about the cost.</p><p>"People were stuck," said Amir Haddad, '
    b"who proposed it.</p></article></body></html>"
)

ROUTES = {
    "/article.html": (200, "text/html; charset=utf-8", PAGE),
    "/notes.txt": (200, "text/plain", b"Quay notes\n\nThe quay reopens on Friday."),
    "/picture.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/big.html": (200, "text/html", b"<p>" + b"word " * 5000 + b"</p>"),
}
REDIRECTS = {"/moved": "/article.html", "/loop": "/loop", "/to-file": "file:///etc/passwd"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_html_url_is_fetched_and_extracted(server):
    article = read_article(f"{server}/article.html")
    assert article.meta.title == "Night ferry returns" and article.meta.author == "Ana Ruiz"
    assert article.meta.source == f"{server}/article.html"
    assert "next spring" in " ".join(article.paragraphs)


def test_plain_text_url(server):
    article = read_article(f"{server}/notes.txt")
    assert (article.meta.title, article.paragraphs) == ("Quay notes", ["The quay reopens on Friday."])


def test_redirect_is_followed_and_the_final_url_is_the_source(server):
    assert read_article(f"{server}/moved").meta.source == f"{server}/article.html"


@pytest.mark.parametrize(
    "path, message",
    [
        ("/missing", "the server answered HTTP 404"),
        ("/loop", "too many redirects"),
        ("/to-file", "not http or https"),
        ("/picture.png", "not an article (content type image/png)"),
    ],
)
def test_url_failures_are_one_clear_line(server, path, message):
    with pytest.raises(InputError, match=re.escape(message)) as error:
        read_article(f"{server}{path}")
    assert str(error.value).startswith(f"{server}{path}: ") and "\n" not in str(error.value)


def test_size_cap(server):
    with pytest.raises(InputError, match="larger than"):
        fetch(f"{server}/big.html", max_bytes=1024 * 1024 // 256)


@pytest.mark.slow
def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(InputError, match="no answer within 0.3 s"):
        fetch(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.4


def test_unreachable_port_is_one_line():
    with pytest.raises(InputError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/", timeout=2)


@pytest.mark.slow
def test_segment_command_reads_a_url(server):
    import json
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "narrate", "segment", f"{server}/article.html", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["source"] == f"{server}/article.html" and doc["title"] == "Night ferry returns"
    assert [s["speaker"] for s in doc["segments"] if s["kind"] == "quote"] == ["Amir Haddad"]
