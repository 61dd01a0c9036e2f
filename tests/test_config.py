"""narrate.toml: `narrate init` writes a valid one; every bad key, type or value is one line naming the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from narrate.publish.config import ConfigError
from narrate.publish.config_file import load_config, tomllib
from narrate.publish.config_rules import APPLE_CATEGORIES

NARRATE = [sys.executable, "-m", "narrate"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*NARRATE, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def project(tmp_path):
    result = run(
        "init",
        "--title",
        'Notes "from" the \\ harbour',
        "--owner-email",
        "ida@example.org",
        "--language",
        "en-GB",
        "--category",
        "Society & Culture",
        "--subcategory",
        "Documentary",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.mark.slow
def test_init_writes_config_and_folders(project):
    assert (project / "articles").is_dir() and (project / "output").is_dir()
    config = load_config(project / "narrate.toml")
    assert config.podcast.title == 'Notes "from" the \\ harbour'
    assert config.podcast.language == "en-GB"
    assert (config.podcast.category, config.podcast.subcategory) == ("Society & Culture", "Documentary")
    assert config.inbox == project / "articles"
    assert config.output == project / "output"
    assert config.feed_url == "http://127.0.0.1:8000/feed.xml"
    assert not list(project.glob(".*tmp"))


@pytest.mark.slow
def test_init_refuses_to_overwrite(project):
    before = (project / "narrate.toml").read_text()
    result = run("init", "--title", "Other", cwd=project)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (project / "narrate.toml").read_text() == before


@pytest.mark.slow
def test_init_rejects_a_bad_value_before_writing(tmp_path):
    result = run("init", "--category", "Cooking", cwd=tmp_path)
    assert result.returncode == 2  # a bad option value is a usage error
    assert result.stderr.count("\n") == 1 and "podcast.category" in result.stderr
    assert not (tmp_path / "narrate.toml").exists()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "narrate.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, names",
    [
        ('[podcast]\ntitel = "x"\n', "podcast.titel"),
        ('[podcast]\nexplicit = "no"\n', "podcast.explicit"),
        ("[podcast]\ntitle = 5\n", "podcast.title"),
        ('[retention]\nkeep_last = "ten"\n', "retention.keep_last"),
        ("[retention]\nkeep_last = true\n", "retention.keep_last"),
        ("[retention]\nmax_age_days = -3\n", "retention.max_age_days"),
        ('[podcast]\nlanguage = "English"\n', "podcast.language"),
        ('[podcast]\nlanguage = "en_GB"\n', "podcast.language"),
        ('[podcast]\ncategory = "Cooking"\n', "podcast.category"),
        ('[podcast]\ncategory = "News"\nsubcategory = "Documentary"\n', "podcast.subcategory"),
        ('[podcast]\nbase_url = "ftp://example.org/"\n', "podcast.base_url"),
        ('[podcast]\nowner_email = "not an address"\n', "podcast.owner_email"),
        ("[audio]\nbitrate = 64\n", "audio.bitrate"),
        ('[audio]\nbitrate = "fast"\n', "audio.bitrate"),
        ('[paths]\ninbox = ["a", "b"]\n', "paths.inbox"),
        ('[voice]\nprofile = "default"\n', "'voice'"),
        ('podcast = "x"\n', "podcast must be a table"),
        ("[podcast\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_the_key(tmp_path, text, names):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(str(path)) and names in message


@pytest.mark.slow
def test_bad_config_on_the_command_line_is_one_line_and_exit_1(tmp_path):
    write(tmp_path, '[podcast]\nexplicit = "sometimes"\n')
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "narrate: error: narrate.toml: podcast.explicit: must be true or false, not a string"
    ]


@pytest.mark.slow
def test_missing_config_says_how_to_make_one(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "narrate.toml: no such config file" in result.stderr and "narrate init" in result.stderr


def test_good_values_are_accepted(tmp_path):
    path = write(
        tmp_path,
        '[podcast]\nlanguage = "zh-Hant-TW"\ncategory = "TV & Film"\nsubcategory = "After Shows"\n'
        "explicit = true\n[audio]\nloudness = -18\n[retention]\nkeep_last = 10\n",
    )
    config = load_config(path)
    assert config.podcast.language == "zh-Hant-TW"
    assert config.podcast.explicit is True
    assert config.audio.loudness == -18.0
    assert config.retention.keep_last == 10


def test_overrides_win_over_the_file_and_are_validated(tmp_path):
    path = write(tmp_path, '[podcast]\ntitle = "From file"\n[retention]\nkeep_last = 3\n')
    config = load_config(path, {"podcast": {"title": "From CLI", "base_url": None}, "retention": {"keep_last": 7}})
    assert config.podcast.title == "From CLI"
    assert config.retention.keep_last == 7
    with pytest.raises(ConfigError, match="podcast.base_url"):
        load_config(path, {"podcast": {"base_url": "nowhere"}})


def test_category_list_has_apples_top_levels_and_subcategories():
    assert len(APPLE_CATEGORIES) == 19
    assert "Tech News" in APPLE_CATEGORIES["News"]
    assert APPLE_CATEGORIES["Technology"] == ()


def test_rendered_config_is_valid_toml_even_with_hostile_text(tmp_path):
    from narrate.publish.config import Config, Podcast
    from narrate.publish.config_file import write_config

    title = 'quote " backslash \\ newline \n tab \t bell \x07 del \x7f emoji 🙂 rtl שלום'
    path = tmp_path / "narrate.toml"
    write_config(path, Config(podcast=Podcast(title=title)))
    assert tomllib.loads(path.read_text())["podcast"]["title"] == title
    assert load_config(path).podcast.title == title
