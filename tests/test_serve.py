"""`narrate serve`: real HTTP requests on 127.0.0.1 against a real output folder."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import urllib.request

import pytest

from narrate.publish.serve import make_server

AUDIO = bytes(range(256)) * 400  # 102,400 bytes, every offset distinguishable


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    out = root / "output"
    out.mkdir()
    (out / "night-ferry.mp3").write_bytes(AUDIO)
    (out / "night-ferry.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    (out / "night-ferry.chapters.json").write_text('{"version": "1.2.0", "chapters": []}')
    (out / "feed.xml").write_text("<?xml version='1.0'?><rss version='2.0'><channel/></rss>")
    (out / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (out / "season").mkdir()
    (out / "season" / "inner.mp3").write_bytes(b"inner")
    (out / ".narrate").mkdir()
    (out / ".narrate" / "state.db").write_bytes(b"private")
    (root / "secret.txt").write_text("outside the output folder")
    (out / "escape.txt").symlink_to(root / "secret.txt")
    (out / "escape-dir").symlink_to(root)
    (out / "state-link.db").symlink_to(out / ".narrate" / "state.db")
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def request(port: int, method: str, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)  # sends the path exactly as given
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_full_get(site):
    status, headers, body = request(site, "GET", "/night-ferry.mp3")
    assert status == 200
    assert body == AUDIO
    assert headers["Content-Type"] == "audio/mpeg"
    assert headers["Content-Length"] == str(len(AUDIO))
    assert headers["Accept-Ranges"] == "bytes"


def test_head_has_the_headers_and_no_body(site):
    status, headers, body = request(site, "HEAD", "/night-ferry.mp3")
    assert status == 200
    assert headers["Content-Length"] == str(len(AUDIO))
    assert headers["Content-Type"] == "audio/mpeg"
    assert body == b""


@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-1", 0, 1),
        ("bytes=1000-4999", 1000, 4999),
        ("bytes=100000-", 100000, len(AUDIO) - 1),
        ("bytes=-500", len(AUDIO) - 500, len(AUDIO) - 1),
        ("bytes=102000-999999", 102000, len(AUDIO) - 1),
    ],
)
def test_range_gets_206_and_the_exact_bytes(site, header, start, end):
    status, headers, body = request(site, "GET", "/night-ferry.mp3", {"Range": header})
    assert status == 206
    assert body == AUDIO[start : end + 1]
    assert headers["Content-Range"] == f"bytes {start}-{end}/{len(AUDIO)}"
    assert headers["Content-Length"] == str(end - start + 1)


def test_head_with_range(site):
    status, headers, body = request(site, "HEAD", "/night-ferry.mp3", {"Range": "bytes=10-19"})
    assert (status, headers["Content-Length"], body) == (206, "10", b"")


def test_unsatisfiable_range_is_416(site):
    status, headers, _ = request(site, "GET", "/night-ferry.mp3", {"Range": f"bytes={len(AUDIO)}-"})
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{len(AUDIO)}"


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/night-ferry.vtt", "text/vtt; charset=utf-8"),
        ("/night-ferry.chapters.json", "application/json+chapters"),
        ("/cover.png", "image/png"),
        ("/season/inner.mp3", "audio/mpeg"),
        ("/night%2Dferry.mp3", "audio/mpeg"),
    ],
)
def test_content_types(site, path, kind):
    status, headers, _ = request(site, "GET", path)
    assert (status, headers["Content-Type"]) == (200, kind)


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/season/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/season/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/escape.txt",
        "/escape-dir/secret.txt",
        "/.narrate/state.db",
        "/%2enarrate/state.db",
        "/state-link.db",
        "/night-ferry.mp3%00.txt",
        "/%ff%fe",
    ],
)
def test_nothing_outside_the_folder_or_hidden_is_served(site, path):
    status, _, body = request(site, "GET", path)
    assert status == 404
    assert b"outside" not in body and b"private" not in body


@pytest.mark.parametrize("path", ["/season/", "/season"])
def test_directories_are_not_listed(site, path):
    status, _, body = request(site, "GET", path)
    assert status == 404
    assert b"inner.mp3" not in body and b"night-ferry" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405(site, method):
    status, headers, _ = request(site, method, "/night-ferry.mp3")
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"


@pytest.mark.slow
def test_serve_command_binds_localhost_and_prints_the_feed_url(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "feed.xml").write_text("<rss version='2.0'><channel/></rss>")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "serve", "-o", str(out), "--port", str(port), "-q"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[1].strip() == f"Feed: http://127.0.0.1:{port}/feed.xml"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.xml", timeout=10) as response:
            assert response.read().startswith(b"<rss")
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if listening.returncode == 0:
            assert [line.split()[3] for line in listening.stdout.splitlines()] == [f"127.0.0.1:{port}"]
    finally:
        process.terminate()
        process.wait(timeout=10)


FEED = """<?xml version='1.0'?><rss version="2.0"><channel><title>Harbour &amp; Notes</title>
<item><title>Night ferry returns</title><enclosure url="http://127.0.0.1:8000/night-ferry.mp3" length="5"
type="audio/mpeg"/></item></channel></rss>"""


def serve_folder(folder):
    server = make_server(folder, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.mark.slow
def test_root_is_a_page_listing_the_feed_and_its_episodes(tmp_path):
    (tmp_path / "feed.xml").write_text(FEED)
    (tmp_path / "night-ferry.mp3").write_bytes(b"audio")
    server = serve_folder(tmp_path)
    try:
        status, headers, body = request(server.server_address[1], "GET", "/")
        head_status, head_headers, head_body = request(server.server_address[1], "HEAD", "/")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "<title>Harbour &amp; Notes</title>" in page
    assert '<a href="feed.xml">' in page and '<a href="night-ferry.mp3">Night ferry returns</a>' in page
    assert head_status == 200 and head_body == b"" and head_headers["Content-Length"] == str(len(body))


@pytest.mark.slow
def test_root_serves_the_folders_own_index_html(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><p>our own page</p>")
    server = serve_folder(tmp_path)
    try:
        status, headers, body = request(server.server_address[1], "GET", "/")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200 and body == b"<!DOCTYPE html><p>our own page</p>"
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_on_every_interface_the_lan_addresses_are_printed(tmp_path):
    from narrate.publish.serve import lan_urls, local_addresses

    server = make_server(tmp_path, "0.0.0.0", 0, quiet=True)
    try:
        port = server.server_address[1]
        urls = lan_urls(server)
    finally:
        server.server_close()
    assert urls[-1] == f"http://127.0.0.1:{port}/"
    assert urls[:-1] == [f"http://{address}:{port}/" for address in local_addresses()]
    assert all(not a.startswith("127.") and a.count(".") == 3 for a in local_addresses())
    loopback = make_server(tmp_path, "127.0.0.1", 0, quiet=True)
    try:
        assert lan_urls(loopback) == []
    finally:
        loopback.server_close()


@pytest.mark.slow
@pytest.mark.parametrize("port", ["99999", "-1"])
def test_a_port_out_of_range_is_a_usage_error(tmp_path, port):
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "serve", "-o", str(tmp_path), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--port" in result.stderr and "Traceback" not in result.stderr
