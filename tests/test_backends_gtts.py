"""The gtts backend against a real HTTP server on 127.0.0.1 that answers as Google's endpoint does.

gTTS builds its URL from a fixed Google host; the test points that one gTTS helper at the local
server, and everything else (gTTS's chunking and requests, narrate's retries, ffmpeg decoding) is real.
"""

from __future__ import annotations

import base64
import http.server
import threading
import time

import pytest

from narrate.audio.ffmpeg import run_ffmpeg
from narrate.backends.gtts import GTTSBackend
from narrate.errors import BackendError
from narrate.models import Voice

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


gtts_tts = pytest.importorskip("gtts.tts")

VOICE = Voice("narrator", "gtts", {"lang": "en", "tld": "co.uk"})


@pytest.fixture(scope="module")
def mp3_tone() -> bytes:
    return run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=220:duration=0.4",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-f",
            "mp3",
            "pipe:1",
        ],
        what="test tone",
    ).stdout


class ScriptedServer(http.server.ThreadingHTTPServer):
    """Answers each POST with the next status in `statuses` (200 sends the MP3 as gTTS expects it)."""

    def __init__(self, statuses: list[int], mp3: bytes):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.statuses, self.mp3, self.requests = list(statuses), mp3, []


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        server: ScriptedServer = self.server
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server.requests.append((time.monotonic(), body))
        status = server.statuses.pop(0) if server.statuses else 200
        payload = b""
        if status == 200:
            encoded = base64.b64encode(server.mp3).decode()
            payload = (')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]\n').encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def google(monkeypatch, mp3_tone):
    servers = []
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)

    def start(*statuses: int) -> ScriptedServer:
        server = ScriptedServer(list(statuses), mp3_tone)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        port = server.server_address[1]
        monkeypatch.setattr(gtts_tts, "_translate_url", lambda tld="com", path="": f"http://127.0.0.1:{port}/{path}")
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def backend(backoff: float = 0.05) -> GTTSBackend:
    engine = GTTSBackend()
    engine.backoff = backoff
    return engine


def test_speaks_through_the_endpoint(google):
    server = google(200)
    audio = backend().synthesize("The ferry is late.", VOICE)
    assert audio.sample_rate == 24000
    assert 0.3 < audio.duration < 0.6
    assert len(server.requests) == 1
    assert b"The%20ferry%20is%20late" in server.requests[0][1].replace(b"+", b"%20")


def test_transient_errors_are_retried_with_backoff(google):
    server = google(503, 429, 200)
    audio = backend(backoff=0.1).synthesize("Try again.", VOICE)
    assert audio.duration > 0.3
    times = [t for t, _ in server.requests]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.1 and times[2] - times[1] >= 0.2  # doubling waits


def test_gives_up_after_the_last_attempt(google):
    server = google(503, 503, 503, 200)
    with pytest.raises(BackendError, match="HTTP 503"):
        backend(backoff=0.01).synthesize("Never mind.", VOICE)
    assert len(server.requests) == 3


def test_a_permanent_error_is_not_retried(google):
    server = google(404)
    with pytest.raises(BackendError, match="HTTP 404"):
        backend().synthesize("Wrong place.", VOICE)
    assert len(server.requests) == 1


def test_long_text_is_chunked_by_gtts(google):
    server = google()
    sentence = "The night ferry leaves the harbour at nine and comes back before midnight. "
    audio = backend().synthesize(sentence * 4, VOICE)
    assert len(server.requests) >= 3  # gTTS splits at about 100 characters per request
    assert audio.duration > 0.3 * len(server.requests) - 0.1


def test_no_answer_at_all_is_the_offline_error(monkeypatch):
    monkeypatch.setattr(gtts_tts, "_translate_url", lambda tld="com", path="": f"http://127.0.0.1:9/{path}")
    with pytest.raises(BackendError, match="needs the internet.*--backend piper"):
        backend().synthesize("Anyone there?", VOICE)
