"""Google Translate's TTS voices through gTTS (needs the internet).

Settings: lang (default "en"), tld (regional accent: "com", "co.uk", "com.au", "ca", "co.in", ...),
slow (bool).
"""

from __future__ import annotations

import functools
import importlib.util
import socket
import time
from dataclasses import dataclass

from narrate.audio.ffmpeg import decode_to_pcm
from narrate.backends import Backend
from narrate.errors import BackendError, VoiceError
from narrate.models import Audio, Voice

SAMPLE_RATE = 24000
OFFLINE_HINT = "use --backend piper to work offline"


@dataclass(frozen=True)
class GTTSSettings:
    lang: str = "en"  # a language gTTS knows ("en", "de", "pt")
    tld: str = "com"  # Google domain, which picks the accent ("co.uk", "com.au")
    slow: bool = False


class GTTSBackend(Backend):
    name = "gtts"
    Settings = GTTSSettings
    needs_network = True
    install_hint = "pip install gTTS"
    attempts = 3
    backoff = 1.0

    def version(self) -> str:
        from importlib.metadata import version

        return f"gTTS {version('gTTS')}"

    def check(self, voice: Voice) -> str | None:
        if importlib.util.find_spec("gtts") is None:
            return f"gTTS is not installed ({self.install_hint})"
        return None if reachable() else f"offline: the gtts backend needs the internet; {OFFLINE_HINT}"

    def language(self, voice: Voice) -> str | None:
        return self.settings(voice).lang

    def synthesize(self, text: str, voice: Voice) -> Audio:
        mp3 = self._fetch(text, voice)
        return Audio(pcm=decode_to_pcm(mp3, SAMPLE_RATE, what="gtts audio"), sample_rate=SAMPLE_RATE)

    def _fetch(self, text: str, voice: Voice) -> bytes:
        import io

        try:
            from gtts import gTTS, gTTSError
        except ImportError as exc:
            raise VoiceError(
                f"the gtts backend needs the gTTS package ({exc}); install it with `pip install gTTS`"
            ) from exc

        settings: GTTSSettings = self.settings(voice)
        tts = gTTS(text, lang=settings.lang, tld=settings.tld, slow=settings.slow)
        for attempt in range(1, self.attempts + 1):
            buffer = io.BytesIO()
            try:
                tts.write_to_fp(buffer)
                return buffer.getvalue()
            except gTTSError as exc:
                status = getattr(getattr(exc, "rsp", None), "status_code", None)
                if status is None:  # no HTTP answer at all: offline or DNS failure
                    raise BackendError(
                        f"gtts backend needs the internet and could not reach Google ({_first_line(exc)}); "
                        f"{OFFLINE_HINT}"
                    ) from exc
                if status not in (429, 500, 502, 503, 504) or attempt == self.attempts:
                    raise BackendError(f"gtts backend failed: HTTP {status}: {_first_line(exc)}") from exc
            time.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


@functools.cache
def reachable(host: str = "translate.google.com", timeout: float = 2.0) -> bool:
    """Whether Google's TTS endpoint answers a TCP connection now (asked once per process)."""
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
