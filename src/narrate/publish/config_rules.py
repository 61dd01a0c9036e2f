"""The rules a narrate.toml value must follow beyond its section's shape: types as TOML spells them, Apple
Podcasts categories, language tags, e-mail addresses, bitrates, URLs and Dask scheduler addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Apple Podcasts categories and their subcategories (the list Apple has published since 2019).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


# BCP 47, the common shapes: language, optional script, optional region (en, en-GB, zh-Hant-TW, es-419).
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


BITRATE = re.compile(r"^[0-9]{2,3}k$")


SCHEDULER = re.compile(r"^([a-z][a-z0-9+.-]*://)?(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+)(:[0-9]{1,5})?/?$")


MIN_SECRET = 16  # characters in a private feed's secret path segment (narrate makes 24: 144 random bits)


def check_value(key: str, value) -> None:
    """Rules beyond the type; raises ValueError with the reason."""
    if key == "podcast.language" and not LANGUAGE.match(value):
        raise ValueError(f"{value!r} is not a language tag like 'en' or 'en-GB'")
    if key == "podcast.category" and value not in APPLE_CATEGORIES:
        examples = ", ".join(list(APPLE_CATEGORIES)[:4])
        raise ValueError(f"{value!r} is not an Apple Podcasts category (e.g. {examples}, ...)")
    if key == "podcast.owner_email" and value and not EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    if key == "podcast.base_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL")
    if key == "podcast.title" and not value.strip():
        raise ValueError("must not be empty")
    if key == "audio.bitrate" and not BITRATE.match(value):
        raise ValueError(f"{value!r} is not a bitrate like '64k'")
    if key == "audio.sample_rate" and value not in (22050, 24000, 32000, 44100, 48000):
        raise ValueError(f"{value} is not one of 22050, 24000, 32000, 44100, 48000")
    if key in ("retention.keep_last", "retention.max_age_days") and value < 0:
        raise ValueError("must be 0 (no limit) or more")
    if key in ("paths.inbox", "paths.output") and not value.strip():
        raise ValueError("must not be empty")
    if key == "cluster.scheduler" and value and not SCHEDULER.match(value):
        raise ValueError(f"{value!r} is not a Dask scheduler address like 'tcp://host:8786' or 'tls://host:8786'")
    if key in ("sources.first_fetch_limit", "sources.min_words") and value < 0:
        raise ValueError("must be 0 or more")
    if key == "sources.feeds":
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"{url!r} is not an http(s) URL")
    if key == "publish.endpoint_url" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL")


def typed(key: str, expected: type, value):
    if expected is tuple:  # a TOML array of strings
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"must be an array of strings, not {type_name(type(value))}")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
        raise ValueError(f"must be {type_name(expected)}, not {type_name(type(value))}")
    return value


def type_name(kind: type) -> str:
    return {
        str: "a string",
        bool: "true or false",
        int: "an integer",
        float: "a number",
        dict: "a table",
        list: "an array",
        tuple: "an array",
    }.get(kind, kind.__name__)
