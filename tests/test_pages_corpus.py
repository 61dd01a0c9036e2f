"""The HTML page corpus (corpus/pages, written by make_pages.py): CMS-shaped pages of our own articles with
their furniture and metadata traps. Title, author and body must be what a listener should hear (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from narrate.errors import InputError
from narrate.read.article import read_article
from narrate.read.pagemeta import PageFacts, choose_author, choose_title, plausible_author

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "corpus" / "pages"
sys.path.insert(0, str(ROOT / "benchmarks"))
from score_pages import cases  # noqa: E402

CASES = cases(PAGES)


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("index")], ids=lambda c: c["page"])
def test_page_reads_title_author_and_body_only(case):
    article = read_article(PAGES / case["page"])
    assert (article.meta.title, article.meta.author) == (case["title"], case["author"])
    assert [b.text for b in article.blocks] == case["body"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("index")], ids=lambda c: c["page"])
def test_index_page_is_refused_in_one_line(case):
    with pytest.raises(InputError, match=r"looks like an index page \(a list of stories\), not an article"):
        read_article(PAGES / case["page"])


def test_the_corpus_has_at_least_40_pages_and_the_scorer_agrees():
    from score_pages import score, summary

    assert len(CASES) >= 40
    assert summary(score(PAGES)).startswith("bodyP=1.000 bodyR=1.000")


def test_the_generated_pages_are_committed_as_generated(tmp_path):
    """make_pages.py rewrites exactly the committed pages (so the corpus can be read and changed as code)."""
    sys.path.insert(0, str(PAGES))
    import make_pages

    for name, page, _ in make_pages.pages():
        assert (PAGES / f"{name}.html").read_text(encoding="utf-8") == page


@pytest.mark.parametrize(
    "name, ok",
    [
        ("Priya Raman", True),
        ("Reuters", True),
        ("Associated Press", True),
        ("Hannah Okonkwo-Bell", True),
        ("Sign in", False),
        ("LOG IN", False),
        ("12 March 2024", False),
        ("2024-03-12", False),
        ("@harbourwatch", False),
        ("https://example.org/people/jo", False),
        ("\u0410\u0432\u0442\u043e\u0440", False),
        ("The Coastal Courier", False),
        ("Author", False),
        ("", False),
    ],
)
def test_an_author_must_look_like_a_name(name, ok):
    assert plausible_author(name, {"The Coastal Courier"}, "LATIN") is ok


def test_json_ld_authors_come_first_and_two_are_joined():
    facts = PageFacts(ld_authors=["Sam Hale", "Dina Okafor"], meta_author="Desk Editor")
    assert choose_author(facts, "Sign in", "Some English words.") == "Sam Hale and Dina Okafor"


def test_in_doubt_no_author_and_no_title():
    facts = PageFacts(h1=["News", "Weather"], title_tag="Metro Daily", site_names={"Metro Daily"})
    assert choose_author(facts, "Sign in", "Some English words.") is None
    assert choose_title(facts) is None


def test_title_suffixes_are_cut_and_checked_against_h1():
    facts = PageFacts(
        h1=["Politics", "Tram works delayed again"],
        title_tag="Tram works delayed again | Politics | Metro Daily",
        og_title="Tram works delayed again - Metro Daily",
        site_names={"Metro Daily"},
    )
    assert choose_title(facts) == "Tram works delayed again"


@pytest.mark.slow
def test_the_cli_says_index_page_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "narrate", "segment", str(PAGES / "index-home.html")], capture_output=True, text=True
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"narrate: error: {PAGES / 'index-home.html'}: looks like an index page (a list of stories), not an article"
    ]
