"""Article in, finished episode out: read -> segment -> voice -> mix -> tag."""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .mixer import AudioSettings, MixResult, mix
from .models import NARRATION, Cue, Episode, Script, Segment
from .reader import read_article
from .segmenter import segment_article
from .tagger import Tags, write_tags
from .voices import Profile, load_profile
from .cache import SynthesisCache
from .voicing import Progress, mix_recipe, voice_segments


@dataclass(frozen=True)
class ConvertOptions:
    out_dir: Path = Path("output")
    profile: Profile = field(default_factory=load_profile)
    audio: AudioSettings = AudioSettings()
    album: str = "narrate"  # podcast or collection name
    episode_number: int | None = None  # set when the episode belongs to a feed
    feed_url: str | None = None  # the feed's own URL, for the WFED tag
    cover: Path | None = None  # cover art; a generated default when None
    intro: Path | None = None  # audio played before the title
    outro: Path | None = None  # audio played after the body
    jobs: int | None = None  # voicing worker processes; None = one per core
    cache: SynthesisCache | None = field(default_factory=SynthesisCache)  # None = always synthesise
    progress: Progress | None = None  # called with (segments voiced, total) as voicing goes


def slugify(text: str, fallback: str = "episode", max_length: int = 80) -> str:
    """A file-name-safe slug: ASCII letters, digits and hyphens, never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or fallback


def title_segments(script: Script) -> list[Segment]:
    """What is read before the body: "<title>. By <author>."."""
    if not script.title:
        return []
    words = script.title.rstrip()
    if words[-1] not in ".!?":
        words += "."
    if script.author:
        words += f" By {script.author}."
    return [Segment(NARRATION, words, paragraph=-1, role="title")]


def publish(tmp: Path, final: Path) -> None:
    """Give a finished temp file normal permissions (mkstemp makes it 0600) and move it into place."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, final)


def render_script(script: Script, out_path: Path, options: ConvertOptions) -> Episode:
    """Speak and mix a script into out_path atomically: a temp file in the same folder, then rename."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    segments = [*title_segments(script), *script.segments]
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.stem}-", suffix=".mp3.part", dir=out_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        result = _mix(segments, tmp, options)
        title = script.title or out_path.stem
        write_tags(tmp, Tags(title=title, artist=script.author, album=options.album, date=script.date,
                             comment=f"Narrated from {script.source}" if script.source else None))
        publish(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return Episode(path=out_path, title=title, duration=result.duration, cues=result.cues,
                   author=script.author, date=script.date, source=script.source)


def _mix(segments: list[Segment], tmp: Path, options: ConvertOptions) -> MixResult:
    """Voice and mix the segments, or reuse the cached mix of an identical earlier run."""
    recipe = cached = None
    if options.cache:
        recipe = mix_recipe(segments, options.profile.voice_for, options.audio, options.intro, options.outro)
        cached = options.cache.get_mix(recipe, tmp)
    if cached is not None:
        if options.progress:
            options.progress(len(segments), len(segments))
        return MixResult(duration=cached["duration"], cues=tuple(Cue(**cue) for cue in cached["cues"]))
    voiced = voice_segments(segments, options.profile.voice_for, jobs=options.jobs, cache=options.cache,
                            progress=options.progress)
    result = mix(voiced, tmp, options.audio)
    if options.cache and {f.name for f in dataclasses.fields(result)} == {"duration", "cues"}:
        options.cache.put_mix(recipe, tmp, {"duration": result.duration,
                                            "cues": [dataclasses.asdict(cue) for cue in result.cues]})
    return result


def convert(source: str | Path, options: ConvertOptions = ConvertOptions(), slug: str | None = None) -> Episode:
    """Convert one article into <out_dir>/<slug>.mp3 (slug from the title unless given).

    Sidecar files share the slug: <slug>.vtt (transcript), <slug>.chapters.json, <slug>.jpg/.png (cover).
    """
    script = segment_article(read_article(source))
    slug = slug or slugify(script.title or Path(str(source)).stem)
    return render_script(script, options.out_dir / f"{slug}.mp3", options)
