"""Shared fixtures. Everything here is real: Piper, ffmpeg, mutagen; nothing of narrate is mocked."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from helpers import register_plugins

pytest_plugins = ["showkit"]  # the publishing tests' built show and S3 server fixtures

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbour-ferry.md"


@pytest.fixture
def write_article(tmp_path):
    """Write an article file and return its path."""

    def write(text: str, name: str = "article.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


def online() -> bool:
    try:
        socket.create_connection(("translate.google.com", 443), timeout=3).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def is_online() -> bool:
    return online()


@pytest.fixture(scope="session", autouse=True)
def private_synthesis_cache(tmp_path_factory):
    """Tests never read or fill the user's real synthesis cache (subprocesses inherit this too)."""
    import os

    previous = os.environ.get("NARRATE_CACHE_DIR")
    os.environ["NARRATE_CACHE_DIR"] = str(tmp_path_factory.mktemp("narrate-cache"))
    yield
    if previous is None:
        os.environ.pop("NARRATE_CACHE_DIR", None)
    else:
        os.environ["NARRATE_CACHE_DIR"] = previous


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    register_plugins(tmp_path / "site", {"counting": "helpers:CountingBackend"})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return tmp_path


# Module fixtures that synthesise an episode: a test using one is slow (`make test-fast` skips it),
# whichever file it is in. Tests that synthesise or start narrate themselves carry @pytest.mark.slow.
SYNTHESISING_FIXTURES = {
    "episode",
    "tags",
    "piper_part",
    "with_music",
    "built",
    "seeded",
    "own_image_episode",
    "built_show",
    "later_show",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if SYNTHESISING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
