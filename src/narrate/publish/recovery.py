"""Recovery of a lost state: after a damaged database, the episodes the last good feed lists are kept."""

from __future__ import annotations

from datetime import timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from narrate.publish.feed import ITUNES
from narrate.publish.state import EpisodeRow, State


def recover_from_feed(state: State, feed: Path) -> str:
    """After a damaged database: keep the episodes the last good feed lists (same GUIDs, numbers, dates).

    Their content hash is unknown, so each is rebuilt once from its article when it is still in the inbox.
    """
    try:
        channel = ET.parse(feed).getroot().find("channel")
    except (OSError, ET.ParseError):
        return "; no readable feed to recover episodes from, every article is rebuilt"
    count = 0
    for item in channel.iter("item") if channel is not None else ():
        row = _row_from_item(item)
        if row is not None and state.episode(row.guid) is None:
            state.save_episode(row, old_file=None)
            count += 1
    return f"; recovered {count} episodes from {feed.name}, their articles are rebuilt once"


def _row_from_item(item: ET.Element) -> EpisodeRow | None:
    enclosure = item.find("enclosure")
    if enclosure is None:
        return None
    try:
        published = parsedate_to_datetime(item.findtext("pubDate", "")).astimezone(timezone.utc)
        row = EpisodeRow(
            guid=item.findtext("guid", ""),
            source=None,
            content_hash="",
            title=item.findtext("title", ""),
            description=item.findtext("description", ""),
            link=item.findtext("link"),
            date=None,
            file_name=unquote(enclosure.get("url", "").rsplit("/", 1)[-1]),
            byte_length=int(enclosure.get("length", "0")),
            duration=float(item.findtext(f"{{{ITUNES}}}duration", "0")),
            episode_number=int(item.findtext(f"{{{ITUNES}}}episode", "0")),
            first_built=published.isoformat(),
            built=published.isoformat(),
        )
    except (TypeError, ValueError, AttributeError):
        return None
    if not row.guid or not row.file_name.endswith(".mp3") or row.file_name.startswith("."):
        return None
    return row
