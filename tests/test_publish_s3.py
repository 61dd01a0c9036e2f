"""`narrate publish` to a real S3 server (moto's standalone server on 127.0.0.1): order, headers, manifest,
retention deletes, interruption and errors, and the objects served back over plain HTTP with ranges."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from narrate.publish.config import load_config
from narrate.publish.sync import MEDIA_CACHE, SHORT_CACHE, publish
from showkit import AWS_ENV, LATER, add_articles, advance, copy_show, http, narrate, s3_client

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

pytest.importorskip("boto3", reason="boto3 is not installed (pip install -e '.[s3]')")


@pytest.fixture
def show(built_show, s3_endpoint, tmp_path, request):
    """A project publishing to its own fresh bucket; base_url is where that bucket serves it."""
    bucket = "show-" + hashlib.sha1(request.node.name.encode()).hexdigest()[:12]
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    base = f"{s3_endpoint}/{bucket}/quay/"
    project = copy_show(built_show, tmp_path, base, target=f"s3://{bucket}/quay", endpoint=s3_endpoint)
    return project, bucket, base


def objects(endpoint: str, bucket: str) -> dict[str, dict]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: o for o in listing}


def feed_urls(feed: bytes) -> list[str]:
    """Every URL the feed names (enclosures, artwork, transcripts, chapters)."""
    root = ET.fromstring(feed)
    urls = [e.get("url") or e.get("href") for e in root.iter() if e.get("url") or e.get("href")]
    return [u for u in urls if u and not u.endswith("feed.xml")]


def test_first_publish_uploads_everything_with_headers_and_nothing_private(show, s3_endpoint):
    project, bucket, _base = show
    result = narrate(project, "publish", "-v")
    assert result.returncode == 0, result.stderr
    out = project / "output"
    local = sorted(p.name for p in out.iterdir() if p.is_file())
    assert sorted(k.removeprefix("quay/") for k in objects(s3_endpoint, bucket)) == local
    assert not any(".narrate" in k for k in objects(s3_endpoint, bucket))
    sent = [line.split()[-1] for line in result.stderr.splitlines() if "uploaded" in line]
    assert sent[-2:] == ["index.html", "feed.xml"]  # media and sidecars first, the feed last
    client = s3_client(s3_endpoint)
    expected = {
        ".mp3": "audio/mpeg",
        ".vtt": "text/vtt; charset=utf-8",
        ".chapters.json": "application/json+chapters",
        ".png": "image/png",
        "feed.xml": "application/rss+xml; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
    }
    for key in objects(s3_endpoint, bucket):
        head = client.head_object(Bucket=bucket, Key=key)
        kind = next(v for k, v in expected.items() if key.endswith(k))
        assert head["ContentType"] == kind, key
        if key.endswith((".mp3", ".vtt", ".chapters.json")):
            assert head["CacheControl"] == MEDIA_CACHE
        if key.endswith(("feed.xml", "index.html")):
            assert head["CacheControl"] == SHORT_CACHE
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        assert any(g["Grantee"].get("URI", "").endswith("/AllUsers") and g["Permission"] == "READ" for g in grants)


def test_published_objects_are_served_over_plain_http_with_ranges(show):
    project, _bucket, base = show
    assert narrate(project, "publish").returncode == 0
    status, headers, feed = http(base + "feed.xml")
    assert status == 200 and feed == (project / "output" / "feed.xml").read_bytes()
    mp3 = next(u for u in feed_urls(feed) if u.endswith(".mp3"))
    local = (project / "output" / mp3.rsplit("/", 1)[-1]).read_bytes()
    status, headers, body = http(mp3, headers={"Range": "bytes=100-1099"})
    assert status == 206
    assert headers["content-range"] == f"bytes 100-1099/{len(local)}"
    assert body == local[100:1100]
    status, headers, body = http(mp3, "HEAD")
    assert status == 200 and int(headers["content-length"]) == len(local)
    for url in feed_urls(feed):
        assert http(url, "HEAD")[0] == 200, url


def test_second_publish_uploads_nothing_even_without_the_manifest(show, s3_endpoint):
    project, bucket, _ = show
    assert narrate(project, "publish").returncode == 0
    before = {k: o["LastModified"] for k, o in objects(s3_endpoint, bucket).items()}
    again = narrate(project, "publish")
    assert again.returncode == 0
    assert "uploaded 0, deleted 0" in again.stdout
    (project / "output" / ".narrate" / "publish.json").unlink()  # lost: the listing's sizes and MD5s decide
    third = narrate(project, "publish")
    assert "uploaded 0, deleted 0" in third.stdout
    assert {k: o["LastModified"] for k, o in objects(s3_endpoint, bucket).items()} == before
    manifest = json.loads((project / "output" / ".narrate" / "publish.json").read_text())
    assert len(manifest["targets"][f"s3://{bucket}/quay"]) == len(before)


def test_a_changed_or_removed_remote_object_is_sent_again(show, s3_endpoint):
    project, bucket, _ = show
    assert narrate(project, "publish").returncode == 0
    client = s3_client(s3_endpoint)
    client.delete_object(Bucket=bucket, Key="quay/index.html")
    client.put_object(Bucket=bucket, Key="quay/cover.png", Body=b"not the cover")
    result = narrate(project, "publish", "-v")
    assert "uploaded 2, deleted 0" in result.stdout
    assert (
        client.get_object(Bucket=bucket, Key="quay/cover.png")["Body"].read()
        == (project / "output" / "cover.png").read_bytes()
    )


def test_dry_run_lists_the_plan_and_changes_nothing(show, s3_endpoint):
    project, bucket, _ = show
    result = narrate(project, "publish", "--dry-run")
    assert result.returncode == 0
    assert "would upload feed.xml" in result.stdout
    assert objects(s3_endpoint, bucket) == {}
    assert not (project / "output" / ".narrate" / "publish.json").exists()


class Interrupt(KeyboardInterrupt):
    pass


def _interrupt_after(message: str):
    def say(line: str) -> None:
        if line == message:
            raise Interrupt(line)

    return say


def _assert_feed_whole(base: str) -> bytes:
    """The live feed parses and every URL it names is there."""
    status, _, feed = http(base + "feed.xml")
    assert status == 200
    for url in feed_urls(feed):
        assert http(url, "HEAD")[0] == 200, url
    return feed


@pytest.mark.parametrize("stop_at", ["first upload", "feed", "first delete"])
def test_an_interrupted_publish_leaves_a_whole_show_and_the_next_one_finishes(show, s3_endpoint, later_show, stop_at):
    project, bucket, base = show
    assert narrate(project, "publish").returncode == 0
    old_feed = _assert_feed_whole(base)
    advance(project, later_show)
    config = load_config(project / "narrate.toml")
    plan = publish(config, dry_run=True)
    assert len(plan.deleted) == 3  # the retired episode's MP3, transcript and chapters
    message = {
        "first upload": f"uploaded {plan.uploaded[0]}",
        "feed": "uploaded feed.xml",
        "first delete": f"deleted {plan.deleted[0]}",
    }[stop_at]
    with pytest.raises(Interrupt):
        publish(config, say=_interrupt_after(message))
    live = _assert_feed_whole(base)
    assert live == (old_feed if stop_at == "first upload" else (project / "output" / "feed.xml").read_bytes())
    report = publish(config)
    assert "feed.xml" not in report.uploaded or stop_at == "first upload"
    assert _assert_feed_whole(base) == (project / "output" / "feed.xml").read_bytes()
    remote = {k.removeprefix("quay/") for k in objects(s3_endpoint, bucket)}
    local = {p.name for p in (project / "output").iterdir() if p.is_file()}
    assert remote == local  # the retired episode's objects are gone, the new one's are there
    assert publish(config).uploaded == []


def test_retired_objects_are_deleted_only_after_the_new_feed_is_live(show, s3_endpoint, later_show):
    project, _bucket, _base = show
    assert narrate(project, "publish").returncode == 0
    advance(project, later_show)
    result = narrate(project, "publish", "-v")
    assert result.returncode == 0, result.stderr
    steps = [line.split()[0] + " " + line.split()[-1] for line in result.stderr.splitlines() if line.startswith("  ")]
    feed_at = steps.index("uploaded feed.xml")
    deletes = [i for i, step in enumerate(steps) if step.startswith("deleted")]
    assert deletes and min(deletes) > feed_at
    assert all(step.rsplit(".", 1)[-1] in ("mp3", "vtt", "json") for step in (steps[i] for i in deletes))


def test_objects_of_other_origin_are_left_alone(show, s3_endpoint, later_show):
    project, bucket, _ = show
    s3_client(s3_endpoint).put_object(Bucket=bucket, Key="quay/notes-for-the-editor.txt", Body=b"keep me")
    assert narrate(project, "publish").returncode == 0
    advance(project, later_show)
    assert narrate(project, "publish").returncode == 0
    assert "quay/notes-for-the-editor.txt" in objects(s3_endpoint, bucket)


def _one_error_line(result, target: str) -> str:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"narrate: error: {target}"), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_missing_bucket_is_one_line_naming_the_target(show, s3_endpoint):
    project, _, _base = show
    text = (project / "narrate.toml").read_text().replace('target = "s3://show-', 'target = "s3://gone-')
    (project / "narrate.toml").write_text(text)
    target = text.split('target = "', 1)[1].split('"', 1)[0]
    line = _one_error_line(narrate(project, "publish"), target)
    assert "does not exist" in line


def test_no_credentials_is_one_line_and_changes_nothing(show, s3_endpoint):
    project, bucket, _ = show
    env = dict.fromkeys(("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), "")
    result = narrate(project, "publish", env={**AWS_ENV, **env})
    line = _one_error_line(result, f"s3://{bucket}/quay")
    assert "no credentials" in line
    assert objects(s3_endpoint, bucket) == {}


def test_network_down_is_one_line_and_the_published_show_is_untouched(show, s3_endpoint, later_show):
    project, bucket, base = show
    assert narrate(project, "publish").returncode == 0
    before = objects(s3_endpoint, bucket)
    with socket.socket() as probe:  # a port nothing listens on: the service is unreachable
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    text = (project / "narrate.toml").read_text().replace(f'endpoint_url = "{s3_endpoint}"', f'endpoint_url = "{dead}"')
    (project / "narrate.toml").write_text(text)
    advance(project, later_show)
    line = _one_error_line(narrate(project, "publish", timeout=120), f"s3://{bucket}/quay")
    assert "cannot reach" in line
    assert objects(s3_endpoint, bucket).keys() == before.keys()
    _assert_feed_whole(base)


def test_a_remote_target_with_a_localhost_base_url_is_refused(show, s3_endpoint):
    project, bucket, _ = show
    text = (project / "narrate.toml").read_text()
    text = text.replace(f'endpoint_url = "{s3_endpoint}"', 'endpoint_url = ""')  # AWS itself
    text = text.replace(text.split('base_url = "', 1)[1].split('"', 1)[0], "http://127.0.0.1:8000/")
    (project / "narrate.toml").write_text(text)
    assert narrate(project, "build").returncode == 0
    line = _one_error_line(narrate(project, "publish"), f"s3://{bucket}/quay")
    assert "127.0.0.1:8000" in line and "an address on this machine" in line


def test_a_feed_built_for_another_base_url_is_refused(show, s3_endpoint):
    project, bucket, base = show
    text = (project / "narrate.toml").read_text().replace(base, "https://cdn.example.org/quay/")
    (project / "narrate.toml").write_text(text)
    line = _one_error_line(narrate(project, "publish"), str(Path("output") / "feed.xml"))
    assert "narrate build" in line
    assert objects(s3_endpoint, bucket) == {}


def test_build_publish_builds_then_publishes(show, s3_endpoint):
    project, _bucket, base = show
    add_articles(project, LATER)
    result = narrate(project, "build", "--publish")
    assert result.returncode == 0, result.stderr
    status, _, feed = http(base + "feed.xml")
    assert status == 200 and b"Gull count" in feed


def test_a_publish_killed_with_sigkill_leaves_a_whole_show(show, s3_endpoint, later_show):
    """A real kill at the first upload it reports: whatever was sent by then, the live feed is whole."""
    project, bucket, base = show
    assert narrate(project, "publish").returncode == 0
    old_feed = _assert_feed_whole(base)
    advance(project, later_show)
    process = subprocess.Popen(
        [sys.executable, "-m", "narrate", "publish", "-v"],
        cwd=project,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr.readline().strip().startswith("uploaded ")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        process.stderr.close()
    assert _assert_feed_whole(base) in (old_feed, (project / "output" / "feed.xml").read_bytes())
    assert narrate(project, "publish").returncode == 0
    assert _assert_feed_whole(base) == (project / "output" / "feed.xml").read_bytes()
    remote = {k.removeprefix("quay/") for k in objects(s3_endpoint, bucket)}
    assert remote == {p.name for p in (project / "output").iterdir() if p.is_file()}


def _handmade_output(root: Path, base: str) -> Path:
    """An output folder written by hand (no synthesis): a feed naming one episode, its sidecar, the state."""
    out = root / "output"
    (out / ".narrate").mkdir(parents=True)
    (out / ".narrate" / "state.db").write_bytes(b"private state")
    (out / "tide.mp3").write_bytes(bytes(range(256)) * 64)
    (out / "tide.vtt").write_text("WEBVTT\n")
    (out / "index.html").write_text("<!doctype html><title>t</title>\n")
    (out / "feed.xml").write_text(f'<rss version="2.0"><channel><atom:link href="{base}feed.xml"/></channel></rss>')
    return out


def test_publish_order_manifest_and_a_second_publish_in_process(s3_endpoint, tmp_path):
    from narrate.publish.config import config_from_dict

    s3_client(s3_endpoint).create_bucket(Bucket="handmade")
    base = f"{s3_endpoint}/handmade/"
    out = _handmade_output(tmp_path, base)
    config = config_from_dict(
        {"podcast": {"base_url": base}, "publish": {"target": "s3://handmade", "endpoint_url": s3_endpoint}},
        root=tmp_path,
    )
    said: list[str] = []
    report = publish(config, say=said.append)
    assert said == ["uploaded tide.mp3", "uploaded tide.vtt", "uploaded index.html", "uploaded feed.xml"]
    assert report.warnings and "an address on this machine" in report.warnings[0]
    assert sorted(objects(s3_endpoint, "handmade")) == ["feed.xml", "index.html", "tide.mp3", "tide.vtt"]
    assert publish(config).uploaded == []
    (out / "tide.vtt").unlink()
    (out / "feed.xml").write_text(
        f'<rss version="2.0"><channel><atom:link href="{base}feed.xml"/><item/></channel></rss>'
    )
    said.clear()
    publish(config, say=said.append)
    assert said == ["uploaded feed.xml", "deleted tide.vtt"]
    mp3 = out / "tide.mp3"  # same size, other bytes, a later mtime: hashed again (digests are cached by both)
    mp3.write_bytes(bytes(reversed(mp3.read_bytes())))
    os.utime(mp3, ns=(mp3.stat().st_atime_ns, mp3.stat().st_mtime_ns + 10**9))
    assert publish(config).uploaded == ["tide.mp3"]
    assert s3_client(s3_endpoint).get_object(Bucket="handmade", Key="tide.mp3")["Body"].read() == mp3.read_bytes()
