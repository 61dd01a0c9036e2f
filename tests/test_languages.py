"""Articles in other languages: detected, voiced by a voice that speaks them (a real plugin backend installed
through the narrate.backends entry-point group records which voice said what), or refused in one line with
nothing written, for `convert` and for `build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrate.errors import VoiceError
from narrate.read.article import parse_bytes
from narrate.read.language import detect_language, guess_language, normalise_tag, primary
from narrate.voice.profile_file import parse_profile
from narrate.voice.profiles import load_profile

CORPUS = json.loads((Path(__file__).parent / "corpus" / "languages.json").read_text(encoding="utf-8"))
LANGUAGES = [code for code in CORPUS if code != "mixed"]

RECORD_MODULE = '''
"""A test TTS engine: writes down which voice was asked to say which text, and answers with a short tone."""
import array
import json
import math
import os
from dataclasses import dataclass

from narrate.backends import Backend
from narrate.models import Audio

RATE = 16000


@dataclass(frozen=True)
class RecordSettings:
    lang: str = "en"
    hz: float = 200.0


class RecordBackend(Backend):
    name = "record"
    Settings = RecordSettings

    def language(self, voice):
        return self.settings(voice).lang

    def synthesize(self, text, voice):
        settings = self.settings(voice)
        with open(os.environ["NARRATE_TEST_RECORD"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"voice": voice.name, "lang": settings.lang, "language": voice.language,
                                  "text": text}, ensure_ascii=False) + "\\n")
        hz = settings.hz
        count = int(0.1 * RATE * len(text.split()))
        wave = array.array("h", (int(9000 * math.sin(2 * math.pi * hz * i / RATE)) for i in range(count)))
        return Audio(pcm=wave.tobytes(), sample_rate=RATE)
'''

PROFILE = """
description = "English and Portuguese, each by its own voices"
[narrator]
backend = "record"
lang = "en"
hz = 150.0
[quote]
backend = "record"
lang = "en"
hz = 250.0
[languages.pt]
narrator = { backend = "record", lang = "pt", hz = 170.0 }
quote = { backend = "record", lang = "pt", hz = 270.0 }
pool.grave = { backend = "record", lang = "pt", hz = 120.0 }
"""

ENGLISH = (
    'The ferry returns\n\nThe night ferry sails again from Monday. "We are ready for the crowds," '
    "said Ada Quill, who runs the harbour office.\n"
)
PORTUGUESE = (
    "A balsa volta\n\nA balsa noturna volta a navegar na segunda-feira, depois de três meses parada. "
    "\u201cEstamos prontos para a multidão\u201d, disse Ana Ribeiro, que cuida do escritório do porto.\n"
)


# -- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_long_texts_are_detected_confidently(code):
    assert detect_language(CORPUS[code]["long"]) == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_one_sentence_is_guessed_right_and_never_confidently_wrong(code):
    guess, confidence = guess_language(CORPUS[code]["short"])
    assert guess == code, (guess, confidence)
    assert detect_language(CORPUS[code]["short"]) in (code, None)  # unsure is allowed, wrong is not


@pytest.mark.parametrize("pair", [("es", "pt"), ("da", "no"), ("cs", "sk")])
def test_close_pairs_are_told_apart(pair):
    for code in pair:
        assert detect_language(CORPUS[code]["long"]) == code
        assert guess_language(CORPUS[code]["short"])[0] == code


@pytest.mark.parametrize("case", CORPUS["mixed"], ids=[case["language"] for case in CORPUS["mixed"]])
def test_english_names_and_quotes_inside_do_not_change_the_language(case):
    assert detect_language(case["text"]) == case["language"]


def test_too_little_text_is_not_guessed():
    assert detect_language("OK") is None
    assert detect_language("2024 — 15:30") is None


def test_tags_are_normalised():
    assert normalise_tag("pt_br") == "pt-BR"
    assert normalise_tag("en-us") == "en-US"
    assert normalise_tag("nb-NO") == "no-NO"
    assert normalise_tag("zh-hant-tw") == "zh-Hant-TW"
    assert normalise_tag("not a tag") is None
    assert primary("pt-BR") == "pt"


# -- what the article says wins over detection -----------------------------------------------------


def test_html_lang_og_locale_and_front_matter_are_taken_as_said():
    body = "<p>" + CORPUS["pt"]["long"] + "</p>"
    page = (
        f"<!doctype html><html lang='pt-BR'><head><title>A balsa</title></head>"
        f"<body><article>{body}</article></body></html>"
    )
    assert parse_bytes(page.encode(), "page.html", "html").meta.language == "pt-BR"
    page = (
        "<!doctype html><html><head><meta property='og:locale' content='pt_PT'><title>A balsa</title></head>"
        f"<body><article>{body}</article></body></html>"
    )
    assert parse_bytes(page.encode(), "page.html", "html").meta.language == "pt-PT"
    markdown = f"---\ntitle: Die Fähre\nlang: de-AT\n---\n\n{CORPUS['de']['long']}\n"
    assert parse_bytes(markdown.encode(), "a.md", "markdown").meta.language == "de-AT"


def test_without_a_declaration_the_body_is_detected():
    article = parse_bytes(PORTUGUESE.encode(), "a.txt", "text")
    assert article.meta.language == "pt"
    html = f"<html><body><article><h1>Ferry news</h1><p>{CORPUS['it']['long']}</p></article></body></html>"
    assert parse_bytes(html.encode(), "a.html", "html").meta.language == "it"


# -- profiles: voices per language, never a voice trained on another -----------------------------------


def test_default_profile_refuses_portuguese_and_names_the_fix():
    profile = load_profile("default")
    assert profile.for_language("en-GB") is profile
    with pytest.raises(VoiceError) as caught:
        profile.for_language("pt-BR")
    message = str(caught.value)
    assert "Portuguese" in message and "narrate voices download pt_BR-faber-medium" in message
    assert 'backend = "gtts", lang = "pt"' in message


def test_a_language_table_with_a_voice_of_another_language_is_refused(tmp_path):
    path = tmp_path / "wrong.toml"
    path.write_text(
        'quote = "narrator"\n[narrator]\nbackend = "piper"\nmodel = "en_US-joe-medium"\n'
        '[languages.pt]\nnarrator = { backend = "piper", model = "en_US-joe-medium" }\n'
        'quote = "narrator"\n'
    )
    with pytest.raises(VoiceError, match=r"\[languages\.pt\] \[narrator\] speaks English \(en-US\), not Portuguese"):
        parse_profile(path)


def test_gtts_profile_speaks_many_languages():
    profile = load_profile("gtts")
    for code in ("pt", "de", "fr", "es", "it", "ja"):
        voices = profile.for_language(code)
        assert voices.narrator.settings["lang"].split("-")[0] == code
        assert voices.narrator.language == code


# -- routing through a real plugin, and the refusal, through the command line -----------------------------


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "narrate_record.py").write_text(RECORD_MODULE)
    info = site / "narrate_record-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: narrate-record\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[narrate.backends]\nrecord = narrate_record:RecordBackend\n")
    return site


def narrate(*args, cwd: Path, site: Path | None = None, record: Path | None = None):
    env = dict(os.environ)
    if site:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    if record:
        env["NARRATE_TEST_RECORD"] = str(record)
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def recorded(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_portuguese_goes_to_the_portuguese_voices_and_english_to_the_english(plugin_site, tmp_path):
    (tmp_path / "two.toml").write_text(PROFILE)
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    for name in ("en", "pt"):
        record = tmp_path / f"{name}.jsonl"
        result = narrate(
            "convert",
            f"{name}.txt",
            "--voices",
            "two.toml",
            "--no-cache",
            "-o",
            "out",
            cwd=tmp_path,
            site=plugin_site,
            record=record,
        )
        assert result.returncode == 0, result.stderr
        calls = recorded(record)
        assert {call["lang"] for call in calls} == {name}, calls
        assert {call["language"] for call in calls} == {name}
    pt_calls = recorded(tmp_path / "pt.jsonl")
    quote = next(call for call in pt_calls if call["text"].startswith("Estamos prontos"))
    assert quote["voice"] == "grave"  # a named speaker gets a pool voice of the language
    assert any("segunda-feira" in call["text"] for call in pt_calls if call["voice"] == "narrator")
    en_calls = recorded(tmp_path / "en.jsonl")
    assert any("We are ready" in call["text"] for call in en_calls if call["voice"] == "quote")


@pytest.mark.slow
def test_language_option_overrides_detection(plugin_site, tmp_path):
    (tmp_path / "two.toml").write_text(PROFILE)
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    record = tmp_path / "calls.jsonl"
    result = narrate(
        "convert",
        "en.txt",
        "--voices",
        "two.toml",
        "--language",
        "pt-BR",
        "--no-cache",
        "-o",
        "out",
        cwd=tmp_path,
        site=plugin_site,
        record=record,
    )
    assert result.returncode == 0, result.stderr
    assert {call["lang"] for call in recorded(record)} == {"pt"}


def test_convert_refuses_an_article_no_voice_speaks(tmp_path):
    (tmp_path / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    result = narrate("convert", "pt.txt", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, result.stderr
    assert line.startswith("narrate: error: pt.txt: written in Portuguese (pt)")
    assert "narrate voices download pt_BR-faber-medium" in line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.slow
def test_build_fails_only_the_article_no_voice_speaks(plugin_site, tmp_path):
    (tmp_path / "english.toml").write_text(PROFILE.split("[languages.pt]")[0])
    (tmp_path / "narrate.toml").write_text(
        '[podcast]\ntitle = "Harbour"\nbase_url = "https://example.org/h/"\n[voices]\nprofile = "english.toml"\n'
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "articles" / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    result = narrate("build", cwd=tmp_path, site=plugin_site, record=tmp_path / "calls.jsonl")
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("narrate: failed:")]
    assert len(failures) == 1 and "pt.txt: written in Portuguese (pt)" in failures[0], result.stderr
    assert "the-ferry-returns.mp3" in {p.name for p in (tmp_path / "output").iterdir()}
    assert not [p for p in (tmp_path / "output").iterdir() if p.name.startswith("a-balsa")]
    feed = (tmp_path / "output" / "feed.xml").read_text(encoding="utf-8")
    assert "The ferry returns" in feed and "A balsa" not in feed
    import sqlite3

    rows = (
        sqlite3.connect(tmp_path / "output" / ".narrate" / "state.db")
        .execute("SELECT source, language FROM episodes")
        .fetchall()
    )
    assert rows == [("en.txt", "en")]


@pytest.mark.slow
def test_episode_is_tagged_with_its_language_and_voices_list_shows_languages(plugin_site, tmp_path):
    from mutagen.id3 import ID3

    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "two.toml").write_text(PROFILE)
    (tmp_path / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    result = narrate(
        "convert",
        "pt.txt",
        "--voices",
        "two",
        "--no-cache",
        "-o",
        "out",
        cwd=tmp_path,
        site=plugin_site,
        record=tmp_path / "calls.jsonl",
    )
    assert result.returncode == 0, result.stderr
    tags = ID3(tmp_path / "out" / "a-balsa-volta.mp3")
    assert tags["TLAN"].text == ["por"]
    assert tags.getall("USLT")[0].lang == "por"
    listing = narrate("voices", "list", cwd=tmp_path, site=plugin_site)
    assert listing.returncode == 0, listing.stderr
    languages = listing.stdout.split("Languages")[1].split("Backends")[0]
    assert "two        English (en), Portuguese (pt) ready" in languages
    assert "default    English (en)" in languages


# -- numbers and signs said in the article's language ------------------------------------------------


@pytest.mark.parametrize(
    "language, text, spoken",
    [
        (
            "pt-BR",
            "A passagem custa R$ 20 e 35% dos 1.200 lugares já foram vendidos.",
            "A passagem custa vinte reais e trinta e cinco por cento dos mil e duzentos lugares já foram vendidos.",
        ),
        (
            "de",
            "Die Fähre kostet 5 € und fährt z.B. um 9 Uhr.",
            "Die Fähre kostet fünf Euro und fährt zum Beispiel um neun Uhr.",
        ),
        (
            "fr",
            "Le bac transporte 1 200 passagers, soit 12 % de plus.",
            "Le bac transporte mille deux cents passagers, soit douze pour cent de plus.",
        ),
        (
            "es",
            "El Sr. López pagó 3,5 euros entre 2010–2015.",
            "El señor López pagó tres punto cinco euros entre dos mil diez a dos mil quince.",
        ),
        ("it", "Il traghetto parte alle 21 dal molo 4.", "Il traghetto parte alle ventuno dal molo quattro."),
    ],
)
def test_numbers_are_read_in_the_articles_language(language, text, spoken):
    from narrate.voice.spoken import for_the_ear

    assert for_the_ear(text, None, language) == spoken


def test_english_reading_is_unchanged_and_unknown_languages_keep_digits():
    from narrate.voice.spoken import for_the_ear

    assert for_the_ear("It costs $5, e.g. today.", None, "en-GB") == for_the_ear("It costs $5, e.g. today.")
    assert "5" in for_the_ear("フェリーは 5 時に出ます。", None, "xx")


# -- a real Piper voice in another language, where one is installed ------------------------------------


def _foreign_piper_voice() -> tuple[str, str] | None:
    from narrate.backends import piper

    for name in piper.installed_voices():
        code = name.split("_")[0]
        if code != "en" and code in CORPUS:
            return name, code
    return None


def test_full_synthesis_with_a_piper_voice_of_another_language(tmp_path):
    found = _foreign_piper_voice()
    if found is None:
        pytest.skip(
            "no Piper voice for a language other than English is installed: download one "
            "(narrate voices download pt_BR-faber-medium) and list its folder in NARRATE_PIPER_VOICES"
        )
    model, code = found
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    (tmp_path / "lang.toml").write_text(
        f'quote = "narrator"\n[narrator]\nbackend = "piper"\nmodel = "en_US-joe-medium"\n'
        f'[languages.{code}]\nnarrator = {{ backend = "piper", model = "{model}" }}\n'
        f'quote = {{ backend = "piper", model = "{model}", pitch = 0.84 }}\n'
    )
    (tmp_path / "article.txt").write_text(CORPUS[code]["short"], encoding="utf-8")
    result = narrate(
        "convert", "article.txt", "--voices", "lang.toml", "--language", code, "--no-cache", "-o", "out", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    mp3 = next((tmp_path / "out").glob("*.mp3"))
    assert MP3(mp3).info.length > 1.0
    assert ID3(mp3)["TLAN"].text[0] != "eng"


@pytest.mark.slow
def test_build_warns_when_an_episode_is_not_in_the_feeds_language(plugin_site, tmp_path):
    (tmp_path / "two.toml").write_text(PROFILE)
    (tmp_path / "narrate.toml").write_text(
        '[podcast]\ntitle = "Harbour"\nbase_url = "https://example.org/h/"\n'
        'language = "en-GB"\n[voices]\nprofile = "two.toml"\n'
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    result = narrate("build", cwd=tmp_path, site=plugin_site, record=tmp_path / "calls.jsonl")
    assert result.returncode == 0, result.stderr
    assert "pt.txt: read as Portuguese, but the feed's language is English (podcast.language)" in result.stderr
    assert {call["lang"] for call in recorded(tmp_path / "calls.jsonl")} == {"pt"}


def test_page_furniture_in_other_languages_is_not_read():
    text = "\n\n".join(
        [
            "A balsa volta",
            CORPUS["pt"]["long"],
            "Leia também: o novo horário do porto",
            "Publicidade",
            "Foto: Ana Ribeiro",
            "Lesen Sie auch: Die neue Fähre",
            CORPUS["pt"]["long"].replace("balsa", "lancha"),
        ]
    )
    paragraphs = parse_bytes(text.encode(), "page.txt", "text").paragraphs
    assert paragraphs == [CORPUS["pt"]["long"], CORPUS["pt"]["long"].replace("balsa", "lancha")]


@pytest.mark.slow
def test_an_english_quote_in_a_portuguese_article_stays_in_the_portuguese_voice(plugin_site, tmp_path):
    (tmp_path / "two.toml").write_text(PROFILE)
    (tmp_path / "mixed.txt").write_text(CORPUS["mixed"][0]["text"], encoding="utf-8")
    record = tmp_path / "calls.jsonl"
    result = narrate(
        "convert",
        "mixed.txt",
        "--voices",
        "two.toml",
        "--no-cache",
        "-o",
        "out",
        cwd=tmp_path,
        site=plugin_site,
        record=record,
    )
    assert result.returncode == 0, result.stderr
    calls = recorded(record)
    assert any(call["text"].startswith("We played well today") for call in calls)
    assert {call["lang"] for call in calls} == {"pt"}


def test_a_profile_says_which_language_its_voices_speak_when_the_engine_cannot(tmp_path):
    from narrate.models import NARRATION, Segment

    path = tmp_path / "german.toml"
    path.write_text('language = "de"\nquote = "narrator"\n[narrator]\nbackend = "piper"\nmodel = "voice.onnx"\n')
    profile = parse_profile(path)
    assert profile.for_language("de-AT") is profile
    assert profile.voice_for(Segment(NARRATION, "Hallo")).language == "de"
    with pytest.raises(VoiceError, match="no English voice"):
        profile.for_language("en")


@pytest.mark.slow
def test_build_routes_episodes_to_one_feed_per_language(plugin_site, tmp_path):
    from xml.etree import ElementTree as ET

    (tmp_path / "two.toml").write_text(PROFILE)
    (tmp_path / "narrate.toml").write_text(
        '[podcast]\ntitle = "Harbour"\nbase_url = "https://example.org/h/"\n'
        'language = "en"\nfeeds_by_language = true\n'
        '[voices]\nprofile = "two.toml"\n'
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "articles" / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    result = narrate("build", cwd=tmp_path, site=plugin_site, record=tmp_path / "calls.jsonl")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr

    def channel(name: str):
        return ET.parse(tmp_path / "output" / name).getroot().find("channel")

    english, portuguese = channel("feed.xml"), channel("feed-pt.xml")
    assert english.findtext("language") == "en" and portuguese.findtext("language") == "pt"
    assert [item.findtext("title") for item in english.iter("item")] == ["The ferry returns"]
    assert [item.findtext("title") for item in portuguese.iter("item")] == ["A balsa volta"]
    assert portuguese.findtext("title") == "Harbour (Portuguese)"
    assert "https://example.org/h/feed-pt.xml" in (tmp_path / "output" / "feed-pt.xml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_feeds_language_is_its_entries_language(tmp_path):
    from site_server import Route, Site, start
    from sources_fixtures import Runner

    # Danish text with a Norwegian feed: what the feed says wins over what a model would guess.
    body = "".join(f"<p>{CORPUS['da']['long']}</p>" for _ in range(2))
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
        "xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>Havneposten</title>"
        "<link>http://example.org/</link><description>Nyheter</description><language>nb-NO</language>"
        "<item><title>Nattferja</title><link>http://example.org/ferja</link><guid>ferja</guid>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    ).encode()
    site = Site()
    server = start(site)
    try:
        site.routes["/feed.xml"] = Route(feed, "application/rss+xml")
        found = Runner(tmp_path, feeds=(site.url("/feed.xml"),)).run()
    finally:
        server.shutdown()
        server.server_close()
    assert not found.failures
    assert [ready.article.meta.language for ready in found.ready] == ["nb-NO"]
    assert primary("nb-NO") == "no"  # Bokmal is Norwegian to the voices


@pytest.mark.slow
def test_preview_names_a_language_tables_voice_and_speaks_its_language(plugin_site, tmp_path):
    (tmp_path / "two.toml").write_text(PROFILE)
    record = tmp_path / "calls.jsonl"
    result = narrate(
        "voices", "preview", "./two.toml:pt.quote", "-o", "pt.wav", cwd=tmp_path, site=plugin_site, record=record
    )
    assert result.returncode == 0, result.stderr
    (call,) = recorded(record)
    assert (call["voice"], call["lang"]) == ("quote", "pt")
    assert call["text"].startswith("Esta é uma voz em português")
    assert (tmp_path / "pt.wav").stat().st_size > 1000


def test_the_numpy_free_scorer_gives_py3langids_probabilities(tmp_path):
    import importlib.util

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from narrate.read.langid_model import LangidModel, unpack

    packed = Path(importlib.util.find_spec("py3langid").origin).parent / "data" / "model.npz.xz"
    unpack(packed, tmp_path / "model")
    ours = LangidModel(tmp_path / "model")
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [CORPUS[code][kind] for code in LANGUAGES for kind in ("short", "long")]
    for text in [*texts, *(case["text"] for case in CORPUS["mixed"]), "OK", "HARBOUR NEWS", "2024"]:
        summed: dict[str, float] = {}
        for label, probability in ours.rank(text):  # a label may have two columns (srl -> sr): summed
            summed[label] = summed.get(label, 0.0) + probability
        for label, probability in theirs.rank(text):
            assert summed[label] == pytest.approx(probability, abs=1e-4), (text[:30], label)


@pytest.mark.slow  # real Dask worker processes and real Piper
def test_a_cluster_build_refuses_the_article_no_voice_speaks_and_voices_the_others(tmp_path):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    (tmp_path / "narrate.toml").write_text('[podcast]\ntitle = "Harbour"\nbase_url = "https://example.org/h/"\n')
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "en.txt").write_text(
        "Ferry back\n\nThe night ferry sails again from Monday.\n", encoding="utf-8"
    )
    (tmp_path / "articles" / "pt.txt").write_text(PORTUGUESE, encoding="utf-8")
    previous = os.environ["NARRATE_CACHE_DIR"]
    os.environ["NARRATE_CACHE_DIR"] = str(tmp_path / "worker-cache")  # the spawned workers'
    try:
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            result = narrate("build", "-v", "--cluster", cluster.scheduler_address, cwd=tmp_path)
    finally:
        os.environ["NARRATE_CACHE_DIR"] = previous
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("narrate: failed:")]
    assert len(failures) == 1 and "pt.txt: written in Portuguese (pt)" in failures[0], result.stderr
    assert "(mixed on tcp://127.0.0.1:" in result.stderr
    assert "cluster: 1 article(s) sent to workers" in result.stderr  # the Portuguese one never left the client
    assert [p.name for p in (tmp_path / "output").glob("*.mp3")] == ["ferry-back.mp3"]
