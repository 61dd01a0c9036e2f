"""Language detectors side by side on the team's own texts (tests/corpus/languages.json): accuracy on
one-sentence and paragraph-long texts and on text with English names and quotes inside, import cost and
time per text. Run: .venv/bin/python benchmarks/language_detection.py"""

from __future__ import annotations

import json
import time
from pathlib import Path

CORPUS = json.loads((Path(__file__).parent.parent / "tests" / "corpus" / "languages.json").read_text("utf-8"))


def cases() -> list[tuple[str, str, str]]:
    out = [(kind, lang, texts[kind]) for lang, texts in CORPUS.items() if lang != "mixed" for kind in ("short", "long")]
    out += [("mixed", case["language"], case["text"]) for case in CORPUS["mixed"]]
    return out


def py3langid_detector():
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def lingua_detector():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        code = found.iso_code_639_1.name.lower() if found else "?"
        return "no" if code == "nb" else code

    return detect


def narrate_detector():
    from narrate.read.language import detect_language

    return lambda text: (detect_language(text) or "?").split("-")[0]


def main() -> None:
    rows = []
    for name, make in [("py3langid", py3langid_detector), ("lingua", lingua_detector), ("narrate", narrate_detector)]:
        started = time.perf_counter()
        try:
            detect = make()
        except ImportError as exc:  # lingua is not a dependency: `pip install lingua-language-detector` to compare
            print(f"{name:<10} not installed ({exc})")
            continue
        detect("warm up")
        load = time.perf_counter() - started
        scores: dict[str, list[int]] = {}
        wrong = []
        started = time.perf_counter()
        for kind, lang, text in cases():
            got = detect(text)
            scores.setdefault(kind, []).append(got == lang)
            if got != lang:
                wrong.append(f"{kind}:{lang}->{got}")
        per_text = (time.perf_counter() - started) / len(cases())
        rows.append((name, load, per_text, {k: f"{sum(v)}/{len(v)}" for k, v in scores.items()}, wrong))
    for name, load, per_text, score, wrong in rows:
        print(
            f"{name:<10} load+first {load * 1000:7.0f} ms  per text {per_text * 1000:6.2f} ms  {score}  wrong: {wrong}"
        )


if __name__ == "__main__":
    main()
