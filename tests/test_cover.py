"""Cover art: the generated default, a configured cover, the article's own image, and bad covers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from mutagen.id3 import ID3
from PIL import Image

from narrate.episode.cover import INK, default_cover
from narrate.episode.render import ConvertOptions, render_script
from narrate.models import NARRATION, ArticleMeta, Script, Segment

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def test_default_cover_is_a_large_square_png_with_the_title(tmp_path):
    path = default_cover(tmp_path, "Harbour Notes")
    assert path == tmp_path / "cover.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width == image.height >= 1400
        assert image.text["narrate:title"] == "Harbour Notes"
        ink = int(np.all(np.asarray(image.convert("RGB")) == INK, axis=-1).sum())
    assert ink > 5000  # the title is drawn large, not a blank field


def test_default_cover_is_redrawn_only_when_the_title_changes(tmp_path):
    first = default_cover(tmp_path, "Harbour Notes")
    stamp = first.stat().st_mtime_ns
    assert default_cover(tmp_path, "Harbour Notes").stat().st_mtime_ns == stamp
    with Image.open(default_cover(tmp_path, "Quay Stories")) as image:
        assert image.text["narrate:title"] == "Quay Stories"


def test_long_titles_fit_on_the_cover(tmp_path):
    title = "The remarkably long name of a podcast about harbours, ferries, tides and the people who work them"
    with Image.open(default_cover(tmp_path, title)) as image:
        rgb = image.convert("RGB")
        border = [rgb.getpixel((x, y)) for x in (0, 1399) for y in range(0, 1400, 7)]
    assert INK not in border


@pytest.fixture(scope="module")
def own_image_episode(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own-image")
    Image.new("RGB", (1600, 1600), (10, 120, 90)).save(folder / "photo.png")
    script = Script(
        segments=(Segment(NARRATION, "Gulls nested on the old pier."),),
        meta=ArticleMeta(title="Gulls", source=str(folder / "gulls.md"), image="photo.png"),
    )
    return render_script(script, folder / "out" / "gulls.mp3", ConvertOptions(out_dir=folder / "out"))


def test_an_articles_own_image_becomes_the_episode_cover(own_image_episode):
    assert own_image_episode.cover == own_image_episode.path.with_name("gulls.png")
    apic = ID3(own_image_episode.path).getall("APIC")[0]
    assert apic.mime == "image/png"
    assert apic.data == own_image_episode.cover.read_bytes()
    assert not (own_image_episode.path.parent / "cover.png").exists()


def test_without_any_image_the_default_cover_is_embedded(tmp_path):
    script = Script(segments=(Segment(NARRATION, "Low tide at noon."),), meta=ArticleMeta(title="Tides"))
    episode = render_script(script, tmp_path / "tides.mp3", ConvertOptions(out_dir=tmp_path, album="Quay Radio"))
    assert episode.cover == tmp_path / "cover.png"
    assert ID3(episode.path).getall("APIC")[0].data == episode.cover.read_bytes()
    with Image.open(episode.cover) as image:
        assert image.text["narrate:title"] == "Quay Radio"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("A note\n\nThe lamp was lit at six.")
    return path


def assert_clean_failure(result, out_dir, *fragments):
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("narrate: error:"), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_missing_cover(tmp_path, article):
    out = tmp_path / "out"
    assert_clean_failure(
        run_cli("convert", article, "-o", out, "--cover", tmp_path / "nope.png"), out, "nope.png", "no such file"
    )


def test_cover_that_is_not_an_image(tmp_path, article):
    out = tmp_path / "out"
    fake = tmp_path / "fake.jpg"
    fake.write_text("not a picture")
    assert_clean_failure(
        run_cli("convert", article, "-o", out, "--cover", fake), out, "fake.jpg", "not a JPEG or PNG image"
    )


def test_cover_in_a_format_podcast_apps_do_not_take(tmp_path, article):
    out = tmp_path / "out"
    gif = tmp_path / "art.gif"
    Image.new("RGB", (1400, 1400)).save(gif)
    assert_clean_failure(run_cli("convert", article, "-o", out, "--cover", gif), out, "art.gif", "JPEG or PNG")


def test_bad_intro_outro_and_bitrate(tmp_path, article):
    out = tmp_path / "out"
    text = tmp_path / "intro.mp3"
    text.write_text("this is text, not sound")
    image = tmp_path / "outro.png"
    Image.new("RGB", (64, 64)).save(image)
    assert_clean_failure(
        run_cli("convert", article, "-o", out, "--intro", tmp_path / "gone.wav"),
        out,
        "intro",
        "gone.wav",
        "no such file",
    )
    assert_clean_failure(run_cli("convert", article, "-o", out, "--intro", text), out, "intro.mp3", "not an audio file")
    assert_clean_failure(
        run_cli("convert", article, "-o", out, "--outro", image), out, "outro.png", "not an audio file"
    )
    bad_bitrate = run_cli("convert", article, "-o", out, "--bitrate", "63k")
    assert bad_bitrate.returncode == 2 and "'63k' is not an MP3 bitrate" in bad_bitrate.stderr  # a usage error
    assert not out.exists()


def test_cli_options_reach_the_episode(tmp_path, article):
    out = tmp_path / "out"
    result = run_cli("convert", article, "-o", out, "--album", "Lamp Post", "--bitrate", "96k")
    assert result.returncode == 0, result.stderr
    tags = ID3(out / "a-note.mp3")
    assert tags["TALB"].text == ["Lamp Post"]
    assert sorted(p.name for p in out.iterdir()) == ["a-note.chapters.json", "a-note.mp3", "a-note.vtt", "cover.png"]
