"""Article in, finished episode out: read -> segment -> voice -> mix -> tag."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from narrate.audio.mixer import MixResult, MixSettings, check_audio, mix
from narrate.episode.tags import Tags, write_tags
from narrate.errors import AudioError, NarrateError
from narrate.files import publish, temp_beside
from narrate.models import NARRATION, QUOTE, Article, ArticleMeta, Chapter, Cue, Episode, Progress, Script, Segment
from narrate.read.article import read_article
from narrate.script.segmenter import segment_article
from narrate.voice.cache import SynthesisCache
from narrate.voice.profile import Profile
from narrate.voice.profiles import load_profile
from narrate.voice.voicing import check_voices, mix_recipe, voice_segments


@dataclass(frozen=True)
class ConvertOptions:
    out_dir: Path = Path("output")
    profile: Profile = field(default_factory=load_profile)
    audio: MixSettings = field(default_factory=MixSettings)
    album: str = "narrate"  # podcast or collection name
    author: str = ""  # the podcast's author: the artist tag of an article without a byline
    episode_number: int | None = None  # set when the episode belongs to a feed
    feed_url: str | None = None  # the feed's own URL, for the WFED tag
    cover: Path | None = None  # cover art; a generated default when None
    intro: Path | None = None  # audio played before the title
    outro: Path | None = None  # audio played after the body
    jobs: int | None = None  # voicing worker processes; None = one per two cores
    cache: SynthesisCache | None = field(default_factory=SynthesisCache)  # None = always synthesise
    progress: Progress | None = None  # called with (segments voiced, total) as voicing goes
    language: str | None = None  # read every article as this language (--language), whatever it says
    default_language: str = "en"  # for an article that does not say and whose text is too short to tell


def slugify(text: str, fallback: str = "episode", max_length: int = 80) -> str:
    """A file-name-safe slug: ASCII letters, digits and hyphens, never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or fallback


def title_segments(script: Script) -> list[Segment]:
    """What is read before the body: "<title>. By <author>."."""
    if not script.meta.title:
        return []
    words = script.meta.title.rstrip()
    if words[-1] not in ".!?":
        words += "."
    if script.meta.author:
        from narrate.script.languages import words_for

        rules = words_for(script.meta.language)
        by = rules.by if rules else "By"
        words += f" {by} {script.meta.author}." if by else f" {script.meta.author}."
    return [Segment(NARRATION, words, paragraph=-1, role="title")]


def render_script(script: Script, out_path: Path, options: ConvertOptions) -> Episode:
    """Speak and mix a script into out_path with its sidecars, atomically: temp files in the same
    folder, renamed into place only when everything is ready (the MP3 last)."""
    check_options(options)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    segments = [*title_segments(script), *script.segments]
    title = script.meta.title or out_path.stem
    temps: list[Path] = []
    try:
        tmp = _temp_beside(out_path, temps)
        result = _mix(segments, tmp, options)
        from narrate.episode.sidecars import chapters_for

        cover, cover_mime = _cover(script, out_path, options)  # only once the audio exists: no stray covers
        chapters = chapters_for(result.cues, result.segments, result.duration, script.meta.title)
        write_tags(tmp, _tags(script, title, out_path.stem, options, chapters, cover, cover_mime))
        sidecars = _sidecars(out_path, result, chapters, title, temps)
        for tmp_file, final in [*sidecars, (tmp, out_path)]:
            publish(tmp_file, final)
        transcript, chapters_file = (final for _, final in sidecars)
    finally:
        for leftover in temps:
            leftover.unlink(missing_ok=True)
    return Episode(
        path=out_path,
        title=title,
        duration=result.duration,
        meta=script.meta,
        cues=result.cues,
        chapters=chapters,
        transcript=transcript,
        chapters_file=chapters_file,
        cover=cover,
    )


def check_options(options: ConvertOptions) -> None:
    """Fail before any synthesis (and before anything is written) on a bad intro, outro, cover or bitrate."""
    if not re.fullmatch(r"(32|40|48|56|64|80|96|112|128|160|192|224|256|320)k", options.audio.bitrate):
        raise AudioError(f"bitrate {options.audio.bitrate!r}: not an MP3 bitrate (e.g. 64k; 32k to 320k)")
    if options.intro:
        check_audio(options.intro, "intro")
    if options.outro:
        check_audio(options.outro, "outro")
    if options.cover:
        from narrate.episode.cover import check_image

        check_image(options.cover, "cover")


def _temp_beside(final: Path, temps: list[Path]) -> Path:
    temps.append(temp_beside(final))
    return temps[-1]


def _sidecars(
    out_path: Path, result: MixResult, chapters: tuple[Chapter, ...], title: str, temps: list[Path]
) -> list[tuple[Path, Path]]:
    """Write <slug>.vtt and <slug>.chapters.json to temp names (added to temps); return (temp, final) pairs."""
    from narrate.episode.sidecars import chapters_json, webvtt

    pairs = []
    for final, text in [
        (out_path.with_suffix(".vtt"), webvtt(result.cues, result.segments)),
        (out_path.with_suffix(".chapters.json"), chapters_json(chapters, title)),
    ]:
        temp = _temp_beside(final, temps)
        pairs.append((temp, final))
        temp.write_text(text, encoding="utf-8")
    return pairs


def _cover(script: Script, out_path: Path, options: ConvertOptions) -> tuple[Path, str]:
    """The image to embed and publish: the article's own (copied to <slug>.jpg/.png), else the configured
    cover (copied to <out_dir>/cover.jpg/.png), else a generated <out_dir>/cover.png with the podcast title."""
    from narrate.episode.cover import check_image, default_cover, suffix_for

    own = _article_image(script)
    if own:
        try:
            mime = check_image(own, "article image")
            return _copy_if_changed(own, out_path.with_suffix(suffix_for(mime))), mime
        except NarrateError:
            pass  # an article's broken or exotic image is not worth failing over: use the podcast's
    if options.cover:
        mime = check_image(options.cover, "cover")
        return _copy_if_changed(options.cover, out_path.parent / f"cover{suffix_for(mime)}"), mime
    return default_cover(out_path.parent, options.album), "image/png"


def _article_image(script: Script) -> Path | None:
    """The article's image when it is a local file (relative to the article's folder)."""
    if not script.meta.image or re.match(r"^[a-z][a-z0-9+.-]*://", script.meta.image, re.IGNORECASE):
        return None
    path = Path(script.meta.image)
    if not path.is_absolute() and script.meta.source and not re.match(r"^[a-z]+://", script.meta.source):
        path = Path(script.meta.source).parent / path
    return path if path.is_file() else None


def _copy_if_changed(source: Path, final: Path) -> Path:
    data = source.read_bytes()
    if final.resolve() == source.resolve() or (final.is_file() and final.read_bytes() == data):
        return final
    temps: list[Path] = []
    try:
        _temp_beside(final, temps).write_bytes(data)
        publish(temps.pop(), final)
    finally:
        for leftover in temps:
            leftover.unlink(missing_ok=True)
    return final


def _tags(
    script: Script,
    title: str,
    slug: str,
    options: ConvertOptions,
    chapters: tuple[Chapter, ...],
    cover: Path,
    cover_mime: str,
) -> Tags:
    url = script.meta.source if script.meta.source and re.match(r"^https?://", script.meta.source) else None
    artist = script.meta.author or options.author or options.album  # a byline, else the podcast's author, else title
    return Tags(
        title=title,
        artist=artist,
        album=options.album,
        date=script.meta.date,
        comment=f"Narrated from {script.meta.source}" if script.meta.source else None,
        description=_description(script),
        source_url=url,
        episode_number=options.episode_number,
        feed_url=options.feed_url,
        episode_id=url or slug,
        text=full_text(script),
        cover=cover,
        cover_mime=cover_mime,
        chapters=chapters,
        made_from=source_identity(script.meta.source),
        language=script.meta.language,
    )


def _description(script: Script, limit: int = 400) -> str | None:
    body = " ".join(s.text for s in script.segments if s.role == "body" and s.paragraph == _first_paragraph(script))
    if not body:
        return None
    return body if len(body) <= limit else body[: limit - 1].rsplit(" ", 1)[0] + "…"


def _first_paragraph(script: Script) -> int | None:
    return next((s.paragraph for s in script.segments if s.role == "body"), None)


def full_text(script: Script) -> str:
    """What is read, as plain text: the title line, then one paragraph per block, quotes in quotation marks."""
    paragraphs: list[list[str]] = []
    last = None
    for segment in [*title_segments(script), *script.segments]:
        if segment.paragraph != last or segment.role != "body":
            paragraphs.append([])
            last = segment.paragraph
        paragraphs[-1].append(f"\u201c{segment.text}\u201d" if segment.kind == QUOTE else segment.text)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _mix(segments: list[Segment], tmp: Path, options: ConvertOptions) -> MixResult:
    """Voice and mix the segments, or reuse the cached mix of an identical earlier run."""
    cast = options.profile.cast(segments)
    recipe = cached = None
    if options.cache:
        recipe = mix_recipe(segments, cast, options.audio, options.intro, options.outro)
        cached = options.cache.get_mix(recipe, tmp)
    if cached is not None and len(cached["cues"]) == len(segments):
        if options.progress:
            options.progress(len(segments), len(segments))
        return MixResult(
            duration=cached["duration"],
            cues=tuple(Cue(**cue) for cue in cached["cues"]),
            segments=tuple(segments),
            loudness=cached["loudness"],
            true_peak=cached["true_peak"],
        )
    check_voices(segments, cast)
    voiced = voice_segments(segments, cast, jobs=options.jobs, cache=options.cache, progress=options.progress)
    result = mix(voiced, tmp, options.audio, intro=options.intro, outro=options.outro)
    if (
        options.cache and recipe is not None and result.segments == tuple(segments)
    ):  # one cue per segment: the timeline rebuilds
        options.cache.put_mix(
            recipe,
            tmp,
            {
                "duration": result.duration,
                "loudness": result.loudness,
                "true_peak": result.true_peak,
                "cues": [dataclasses.asdict(cue) for cue in result.cues],
            },
        )
    return result


def convert(source: str | Path, options: ConvertOptions | None = None, slug: str | None = None) -> Episode:
    """Convert one article (a path, an http(s) URL or "-") into <out_dir>/<slug>.mp3 (slug from the
    title unless given). Sidecars share the slug: <slug>.vtt, <slug>.chapters.json, <slug>.jpg/.png."""
    return render_article(read_article(source), options, slug)


def with_voices_for_language(article: Article, options: ConvertOptions) -> tuple[Article, Profile]:
    """The article with its language settled, and the profile's voices for it; a VoiceError naming the
    article, its language and the fix when the profile has no voice for it (before anything is written)."""
    from narrate.errors import VoiceError
    from narrate.read.language import normalise_tag

    language = normalise_tag(options.language or article.meta.language or options.default_language) or "en"
    article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, language=language))
    try:
        return article, options.profile.for_language(language)
    except VoiceError as exc:
        raise VoiceError(f"{article.meta.source or 'article'}: {exc}") from None


def render_article(article: Article, options: ConvertOptions | None = None, slug: str | None = None) -> Episode:
    """An article already read into <out_dir>/<slug>.mp3 with its sidecars."""
    options = options or ConvertOptions()  # built per call: the default profile is read from voices/
    article, profile = with_voices_for_language(article, options)
    options = dataclasses.replace(options, profile=profile)
    script = segment_article(article)
    return render_script(script, options.out_dir / f"{slug or episode_slug(script.meta)}.mp3", options)


def episode_slug(meta: ArticleMeta) -> str:
    """The file name an episode gets from its article: the title's slug, else the source file's name."""
    return slugify(meta.title or Path(str(meta.source or "episode")).stem)


def source_identity(source: str | None) -> str | None:
    """What an episode was made from, comparable across runs: a URL as is, a file by its absolute path."""
    if not source or source.startswith("<"):
        return None
    return source if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE) else str(Path(source).resolve())


def unused_episode_path(out_dir: Path, slug: str, source: str | None, taken: set[Path]) -> Path:
    """<out_dir>/<slug>.mp3, else <slug>-2.mp3, -3 ...: never a path in `taken` (written earlier in this run),
    and never an existing MP3 unless it was made from the same article (re-converting an article replaces
    its own episode; another article's episode with the same title is never overwritten)."""
    from narrate.episode.tags import made_from

    identity = source_identity(source)
    number = 1
    while True:
        path = out_dir / (f"{slug}.mp3" if number == 1 else f"{slug}-{number}.mp3")
        if path not in taken and (not path.exists() or (identity is not None and made_from(path) == identity)):
            return path
        number += 1
