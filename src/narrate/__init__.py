"""narrate: turn written articles into produced, multi-voice podcast episodes."""

__version__ = "0.1.0"
