"""What the loudness chain costs the listener: DNSMOS of an episode vs the bare voice, side by side.

One article (a generated three-minute news article by default, benchmarks/articles.py) is made
three ways, all with the bundled Piper voice alone (the `single` profile: no pitch-shifted voices):

- plain: the default Piper narrator reads the whole text in one call; a linear gain brings it to
  -19 LUFS (plain loudness normalisation, no compression, no limiting), kept as float WAV;
- before: a narrate episode with the chain used until 2026-11 (fast peak compressor, -16 LUFS);
- after: a narrate episode as narrate makes it now (no compressor, -19 LUFS, true-peak limiter).

Each is scored with DNSMOS (the ONNX models inside the `speechmos` package) over consecutive 9.01 s
windows, every window first scaled to the same RMS (the models are level-sensitive); the table shows
the mean P.808 MOS (and SIG/BAK/OVRL), and each MP3's loudness and true peak measured by ffmpeg.
Target: `after` within 0.05 P.808 MOS of `plain`. Needs `pip install -e '.[bench]'`.

    python benchmarks/bench_loudness.py [ARTICLE] [--minutes 3]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = 16000  # DNSMOS's rate
WINDOW_S = 9.01  # DNSMOS's input length
WINDOW_RMS = 0.05  # about -26 dBFS: every window is scaled to this before scoring
TARGET_GAP = 0.05


def decode(path: Path):
    """Any audio file as float32 mono samples at 16 kHz."""
    import numpy as np

    from narrate.audio.ffmpeg import run_ffmpeg

    pcm = run_ffmpeg(["-i", str(path), "-ac", "1", "-ar", str(RATE), "-f", "f32le", "pipe:1"], what=str(path)).stdout
    return np.frombuffer(pcm, dtype=np.float32)


def measure(path: Path) -> tuple[float, float]:
    """Integrated LUFS and true peak (dBTP) by ffmpeg's EBU R128 meter."""
    from narrate.audio.ffmpeg import run_ffmpeg

    log = run_ffmpeg(
        ["-i", str(path), "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"], what=str(path)
    ).stderr.decode(errors="replace")
    summary = log[log.rfind("Summary:") :]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


class Scorer:
    def __init__(self) -> None:
        import speechmos
        from speechmos.dnsmos import DNSMOS

        models = Path(speechmos.__file__).parent / "dnsmos_models"
        self.model = DNSMOS(str(models / "sig_bak_ovr.onnx"), str(models / "model_v8.onnx"))

    def score(self, samples) -> dict[str, float]:
        import numpy as np

        size = int(WINDOW_S * RATE)
        scores: dict[str, list[float]] = {"p808_mos": [], "sig_mos": [], "bak_mos": [], "ovrl_mos": []}
        for start in range(0, len(samples) - size + 1, size):
            window = samples[start : start + size].astype(np.float64)
            rms = float(np.sqrt(np.mean(window**2)))
            if rms < 1e-4:
                continue
            window = np.clip(window * (WINDOW_RMS / rms), -1.0, 1.0).astype(np.float32)
            result = self.model(window, RATE, False)
            for key, values in scores.items():
                values.append(float(result[key]))
        return {key: float(np.mean(values)) for key, values in scores.items()} | {"windows": len(scores["p808_mos"])}


def plain(article: Path, folder: Path, loudness: float) -> Path:
    """The bare narrator voice reading the article's text in one call, linearly gained to `loudness` LUFS."""
    import wave

    from narrate.audio.ffmpeg import run_ffmpeg
    from narrate.episode.render import title_segments
    from narrate.read.article import read_article
    from narrate.script.segmenter import segment_article
    from narrate.voice.profiles import load_profile
    from narrate.voice.voicing import spoken_text, synthesize

    script = segment_article(read_article(article))
    voice = load_profile("single").narrator
    text = " ".join(spoken_text(s, voice) for s in [*title_segments(script), *script.segments])
    audio = synthesize(text, voice)
    raw = folder / "plain-raw.wav"
    with wave.open(str(raw), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(audio.sample_rate)
        out.writeframes(audio.pcm)
    measured, _ = measure(raw)
    normalised = folder / "plain.wav"
    run_ffmpeg(
        ["-i", str(raw), "-af", f"volume={loudness - measured:.2f}dB", "-c:a", "pcm_f32le", "-y", str(normalised)],
        what="plain loudness normalisation",
    )
    return normalised


def episode(article: Path, folder: Path, settings) -> Path:
    from narrate.episode.render import ConvertOptions, convert
    from narrate.voice.profiles import load_profile

    options = ConvertOptions(out_dir=folder, profile=load_profile("single"), audio=settings, album="bench")
    return convert(article, options).path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path, nargs="?", help="an article file (default: a generated one)")
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the generated article")
    args = parser.parse_args()
    from narrate.audio.mixer import FAST_COMPRESSOR, STEREO_LOUDNESS, MixSettings

    after_settings = MixSettings()
    with tempfile.TemporaryDirectory(prefix="narrate-bench-loudness-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("NARRATE_CACHE_DIR", str(folder / "cache"))  # voiced once, mixed twice
        if args.article is None:
            import articles

            args.article = folder / "generated.md"
            args.article.write_text(articles.article(args.minutes), encoding="utf-8")
        files = {
            "plain": plain(args.article, folder, after_settings.loudness),
            "before": episode(
                args.article, folder / "before", MixSettings(loudness=STEREO_LOUDNESS, compressor=FAST_COMPRESSOR)
            ),
            "after": episode(args.article, folder / "after", after_settings),
        }
        scorer = Scorer()
        results = {name: (scorer.score(decode(path)), measure(path)) for name, path in files.items()}
    print(f"{args.article.name}: DNSMOS over {WINDOW_S} s windows, each scaled to {WINDOW_RMS} RMS")
    print(f"{'':<8} {'P.808':>6} {'SIG':>6} {'BAK':>6} {'OVRL':>6} {'LUFS':>6} {'dBTP':>6} {'windows':>7}")
    for name, (score, (lufs, peak)) in results.items():
        print(
            f"{name:<8} {score['p808_mos']:6.2f} {score['sig_mos']:6.2f} {score['bak_mos']:6.2f} "
            f"{score['ovrl_mos']:6.2f} {lufs:6.1f} {peak:6.1f} {score['windows']:7d}"
        )
    gap = results["plain"][0]["p808_mos"] - results["after"][0]["p808_mos"]
    print(
        f"plain - after: {gap:+.3f} P.808 MOS (target <= {TARGET_GAP}); "
        f"plain - before: {results['plain'][0]['p808_mos'] - results['before'][0]['p808_mos']:+.3f}"
    )
    return 0 if gap <= TARGET_GAP else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
