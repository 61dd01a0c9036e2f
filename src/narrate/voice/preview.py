"""Voice previews: a few sentences in chosen voices, spoken into one MP3 or WAV file mixed exactly
like an episode (`narrate voices preview`).
"""

from __future__ import annotations

from pathlib import Path

from narrate.errors import VoiceError
from narrate.models import Segment, Voice

PREVIEW_SUFFIXES = (".mp3", ".wav")


def preview(samples: list[tuple[Voice, str]], out_path: Path) -> float:
    """Speak each (voice, text) in turn into one file, mixed exactly like an episode (same pauses,
    chain and -19 LUFS mono loudness), as MP3 or, for a .wav name, WAV; atomically. Returns seconds."""
    import tempfile

    from narrate.audio.ffmpeg import run_ffmpeg
    from narrate.audio.mixer import mix
    from narrate.backends import get_backend
    from narrate.files import atomic_path
    from narrate.models import NARRATION, VoicedSegment
    from narrate.voice.voicing import spoken_text, synthesize

    if out_path.suffix.lower() not in PREVIEW_SUFFIXES:
        raise VoiceError(f"{out_path}: a preview is written as .mp3 or .wav, not {out_path.suffix or 'no extension'!r}")
    for voice, _ in samples:
        problem = get_backend(voice.backend).check(voice)
        if problem:  # the backend's own hint may name options of other commands: keep the reason only
            raise VoiceError(f"voice {voice.name!r} cannot be used: {problem.split('; ')[0]}")
    voiced = []
    for number, (voice, text) in enumerate(samples):
        segment = Segment(NARRATION, text, speaker=voice.name, paragraph=number)
        voiced.append(VoicedSegment(segment, voice, synthesize(spoken_text(segment, voice), voice)))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="narrate-preview-") as tmp, atomic_path(out_path) as final:
        mp3 = Path(tmp) / "preview.mp3"
        result = mix(voiced, mp3 if out_path.suffix.lower() == ".wav" else final)
        if out_path.suffix.lower() == ".wav":
            run_ffmpeg(["-i", str(mp3), "-f", "wav", "-y", str(final)], what=f"preview {out_path.name}")
    return result.duration
