"""Score the reader on the HTML page corpus (tests/corpus/pages) and the scraped-text cases
(tests/corpus/scraped_text.jsonl): body word precision and recall, title and author accuracy, index pages
refused. Run it on two checkouts to compare (PYTHONPATH=<other>/src).

usage: python benchmarks/score_pages.py [--verbose] [FOLDER]
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

from narrate.errors import InputError
from narrate.read.article import parse_bytes, read_article

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
PAGES = CORPUS / "pages"


def words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in WORD.findall(text)]


def norm(text: str | None) -> str | None:
    return " ".join(words(text)) if text else None


def cases(folder: Path = PAGES) -> list[dict]:
    """expected.jsonl (pages make_pages.py writes) and heldout.jsonl (pages written by hand after the code,
    scored once before any change was made for them)."""
    return [
        json.loads(line)
        for name in ("expected.jsonl", "heldout.jsonl")
        if (folder / name).exists()
        for line in (folder / name).open(encoding="utf-8")
    ]


TOTALS = ("matched", "predicted", "expected", "title", "author", "articles", "index_ok", "indexes", "failed")


def score(folder: Path = PAGES, verbose: bool = False) -> dict:
    total = dict.fromkeys(TOTALS, 0)
    for case in cases(folder):
        try:
            article = read_article(folder / case["page"])
        except InputError as exc:
            if case.get("index"):
                total["indexes"] += 1
                total["index_ok"] += "index page" in str(exc)
            else:
                total["articles"] += 1
                total["failed"] += 1
                total["expected"] += len(words(" ".join(case["body"])))
                if verbose:
                    print(f"{case['page']}: FAILED {exc}")
            continue
        if case.get("index"):
            total["indexes"] += 1
            if verbose:
                print(f"{case['page']}: index page read as an article: {article.meta.title!r}")
            continue
        _add(total, case, article, case["page"], verbose)
    return total


def score_text(path: Path = CORPUS / "scraped_text.jsonl", verbose: bool = False) -> dict:
    total = dict.fromkeys(TOTALS, 0)
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        _add(total, case, parse_bytes(case["text"].encode(), case["id"] + ".txt", "text"), case["id"], verbose)
    return total


def _add(total: dict, case: dict, article, name: str, verbose: bool) -> None:
    got = words(" ".join(b.text for b in article.blocks))
    want = words(" ".join(case["body"]))
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    title_ok = norm(article.meta.title) == norm(case["title"])
    author_ok = norm(article.meta.author) == norm(case["author"])
    total["articles"] += 1
    total["matched"] += matched
    total["predicted"] += len(got)
    total["expected"] += len(want)
    total["title"] += title_ok
    total["author"] += author_ok
    if verbose and (not title_ok or not author_ok or matched < len(got) or matched < len(want)):
        extra = [w for w in difflib.ndiff(want, got) if w.startswith("+ ")]
        print(
            f"{name}: title {article.meta.title!r} author {article.meta.author!r} "
            f"extra words {len(got) - matched}: {' '.join(w[2:] for w in extra[:25])} "
            f"missing {len(want) - matched}"
        )


def summary(total: dict) -> str:
    precision = total["matched"] / max(total["predicted"], 1)
    recall = total["matched"] / max(total["expected"], 1)
    return (
        f"bodyP={precision:.3f} bodyR={recall:.3f} title={total['title']}/{total['articles']} "
        f"author={total['author']}/{total['articles']} indexRefused={total['index_ok']}/{total['indexes']} "
        f"failed={total['failed']} pages={total['articles'] + total['indexes']}"
    )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--verbose"]
    print("pages:        " + summary(score(Path(args[0]) if args else PAGES, "--verbose" in sys.argv)))
    if not args:
        print("scraped text: " + summary(score_text(verbose="--verbose" in sys.argv)))
