"""Time reading and segmenting a large article (default 20 MB): the work must grow linearly with size.

usage: python benchmarks/bench_segment.py [MEGABYTES ...]
"""

from __future__ import annotations

import sys
import time

from narrate.read.article import parse_bytes
from narrate.script.segmenter import segment_article

PARAGRAPH = (
    'The harbour board met again on Thursday. "We need a new crane," said harbourmaster Lotte Vinter, '
    'who has run the port for a decade. She called the old one "past it" and added: "Nobody argues '
    "with that.\" It's the third time this year the Jones' family boat broke down.\n\n"
)


def bench(megabytes: float) -> None:
    data = ("Harbour news\n\n" + PARAGRAPH * int(megabytes * 1_000_000 / len(PARAGRAPH))).encode()
    started = time.perf_counter()
    article = parse_bytes(data, "big.txt", "text")
    read_s = time.perf_counter() - started
    script = segment_article(article)
    segment_s = time.perf_counter() - started - read_s
    print(
        f"{len(data) / 1e6:6.1f} MB  read {read_s:6.2f} s  segment {segment_s:6.2f} s  "
        f"{len(script.segments)} segments  {len(data) / 1e6 / (read_s + segment_s):.2f} MB/s"
    )


if __name__ == "__main__":
    for size in map(float, sys.argv[1:] or ["2", "20"]):
        bench(size)
