"""Snapshots: the text an episode was voiced from, kept in output/.narrate/snapshots/ so a rebuild (a new
voice profile, a recovered database) never needs the network and a page that disappears loses nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path

from narrate.errors import InputError
from narrate.files import atomic_write
from narrate.models import Article, ArticleMeta, Block

FOLDER = "snapshots"


def snapshot_name(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32] + ".json"


def encode(article: Article) -> bytes:
    meta = {f.name: getattr(article.meta, f.name) for f in fields(ArticleMeta)}
    blocks = [[b.text, b.heading] for b in article.blocks]
    return json.dumps({"meta": meta, "blocks": blocks}, ensure_ascii=False, indent=1).encode("utf-8")


def save(folder: Path, identity: str, article: Article) -> tuple[str, str]:
    """Write the snapshot atomically; returns (file name, sha256 of its bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = snapshot_name(identity)
    data = encode(article)
    path = folder / name
    if not path.is_file() or path.read_bytes() != data:
        atomic_write(path, data)
    return name, hashlib.sha256(data).hexdigest()


def load(path: Path) -> tuple[Article, str]:
    """The article and the sha256 of the snapshot's bytes."""
    try:
        data = path.read_bytes()
        doc = json.loads(data)
        meta = ArticleMeta(**{k: v for k, v in doc["meta"].items() if k in ArticleMeta.__dataclass_fields__})
        blocks = tuple(Block(str(text), heading=bool(heading)) for text, heading in doc["blocks"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: unreadable snapshot ({exc})") from None
    return Article(blocks=blocks, meta=meta), hashlib.sha256(data).hexdigest()
