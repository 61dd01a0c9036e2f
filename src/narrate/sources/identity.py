"""Identity of an article across sources: one canonical form of a URL, so that the same page saved with
tracking parameters, reached through a feed or through the reading list is recognised as one article."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|"
    r"_hsmi|mkt_tok|oly_enc_id|oly_anon_id|vero_id|ref_src)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, default port and fragment dropped, tracking parameters removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def message_key(message_id: str) -> str:
    """An e-mail's identity as an RFC 2392 mid: URL."""
    return "mid:" + message_id.strip().strip("<>").strip()
