"""narrate: turn written articles into produced, multi-voice podcast episodes.

The library under the `narrate` command, one function per stage:

    import narrate

    article = narrate.read_article("story.md")          # read: title, byline, date, body
    script = narrate.segment_article(article)            # script: narration and quotes with speakers
    episode = narrate.convert("story.md")                # all stages: output/<slug>.mp3 and sidecars
    print(episode.path, episode.duration)

Heavy libraries load only when a function needs them, so `import narrate` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from narrate.version import __version__

__all__ = ["ConvertOptions", "__version__", "convert", "read_article", "render_article", "segment_article"]

_EXPORTS = {
    "read_article": "narrate.read.article",
    "segment_article": "narrate.script.segmenter",
    "convert": "narrate.episode.render",
    "render_article": "narrate.episode.render",
    "ConvertOptions": "narrate.episode.render",
}

if TYPE_CHECKING:
    from narrate.episode.render import ConvertOptions, convert, render_article
    from narrate.read.article import read_article
    from narrate.script.segmenter import segment_article


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'narrate' has no attribute {name!r}")
