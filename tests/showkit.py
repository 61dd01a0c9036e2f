"""A small built show, a real S3 server (moto's, on 127.0.0.1) and HTTP helpers for the publishing tests.

The show is built once per session with real Piper (three one-sentence articles) and copied per test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTICLES = {
    "lamps.md": "# Harbour lamps\n\nThe harbour lamps were lit early tonight.\n\n## The keeper\n\n"
    "The keeper said the fog would lift by morning.\n",
    "ropes.txt": "New ropes\n\nThe ferry crew fitted new ropes on Tuesday.\n",
}
LATER = {"gulls.txt": "Gull count\n\nVolunteers counted the gulls on the breakwater.\n"}
CONFIG = """[podcast]
title = "Quayside Bulletin"
description = "Short notes from the quay, read aloud."
author = "Quay Desk"
language = "en-GB"
category = "News"
base_url = "{base_url}"
{private}
[publish]
target = "{target}"
endpoint_url = "{endpoint}"
acl = "public-read"
"""


def write_config(
    project: Path, base_url: str, target: str = "", endpoint: str = "", private: bool = False, keep_last: int = 0
) -> None:
    text = CONFIG.format(
        base_url=base_url, target=target, endpoint=endpoint, private="private = true\n" if private else ""
    )
    if keep_last:
        text += f"\n[retention]\nkeep_last = {keep_last}\n"
    (project / "narrate.toml").write_text(text, encoding="utf-8")


def add_articles(project: Path, articles: dict[str, str]) -> None:
    for name, text in articles.items():
        path = project / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def narrate(project: Path, *args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def build_show(project: Path, base_url: str, **config) -> Path:
    project.mkdir(parents=True, exist_ok=True)
    write_config(project, base_url, **config)
    add_articles(project, ARTICLES)
    result = narrate(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def built_show(tmp_path_factory) -> Path:
    """A built project (base_url a placeholder); copy it with `copy_show` before changing anything."""
    return build_show(tmp_path_factory.mktemp("show") / "project", "https://pod.example.org/quay/")


@pytest.fixture(scope="session")
def later_show(built_show, tmp_path_factory) -> Path:
    """built_show a day later: a third article, and only the newest two episodes kept (one retired)."""
    project = tmp_path_factory.mktemp("later") / "project"
    shutil.copytree(built_show, project, symlinks=True)
    write_config(project, "https://pod.example.org/quay/", keep_last=2)
    add_articles(project, LATER)
    result = narrate(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def rewrite(project: Path) -> None:
    """What `narrate build` does when no article changed: the feed and page for the config in force."""
    from narrate.publish.build import rewrite_feed
    from narrate.publish.config_file import load_config

    assert not rewrite_feed(load_config(project / "narrate.toml")).warnings


def copy_show(built: Path, where: Path, base_url: str, **config) -> Path:
    project = where / "project"
    shutil.copytree(built, project, symlinks=True)
    write_config(project, base_url, **config)
    rewrite(project)
    return project


def advance(project: Path, later: Path) -> None:
    """Turn a copy of built_show into later_show (keeping its publish manifest), as a new build would."""
    manifest = project / "output" / ".narrate" / "publish.json"
    kept = manifest.read_bytes() if manifest.exists() else None
    config = (project / "narrate.toml").read_text(encoding="utf-8")
    for part in ("articles", "output"):
        shutil.rmtree(project / part)
        shutil.copytree(later / part, project / part, symlinks=True)
    if kept is not None:
        manifest.write_bytes(kept)
    (project / "narrate.toml").write_text(config + "\n[retention]\nkeep_last = 2\n", encoding="utf-8")
    rewrite(project)


AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "narrate-test",
    "AWS_SECRET_ACCESS_KEY": "narrate-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's standalone S3 server, in a thread of the test process, on a free port of 127.0.0.1."""
    pytest.importorskip("moto.server", reason="moto[server] is not installed (pip install -e '.[test]')")
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in AWS_ENV}
    os.environ.update(AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def http(url: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """A plain, unsigned HTTP request, as a podcast app or a browser makes it."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, b""


@contextmanager
def serving(root: Path, handler_class=None, **options):
    """narrate's own server (or another handler class) on a free port of 127.0.0.1, in a thread."""
    from narrate.publish.serve import make_server

    if handler_class is None:
        server = make_server(root, "127.0.0.1", 0, quiet=True, **options)
    else:
        from functools import partial
        from http.server import ThreadingHTTPServer

        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler_class, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
