"""Synthetic but varied news articles of a chosen spoken length, for the benchmarks.

Sentences are assembled from small hand-written pools, seeded, so every run reads the same text.
About a third of the paragraphs carry quoted speech, which narrate gives to the second voice.
"""

from __future__ import annotations

import random

WORDS_PER_MINUTE = 185  # words the bundled joe voice reads per minute (measured ~180), so lengths are at least asked

PLACES = [
    "the harbour",
    "the old mill",
    "the north ward",
    "the rail depot",
    "the market square",
    "the river bank",
    "the school on Fenwick Road",
    "the county library",
    "the ferry terminal",
]
PEOPLE = [
    "the mayor",
    "a local baker",
    "the head teacher",
    "a retired engineer",
    "the harbour master",
    "a bus driver",
    "the council treasurer",
    "a volunteer at the food bank",
    "the station manager",
]
NAMES = ["Ada Morrell", "Tomas Reyes", "Priya Nandakumar", "Oskar Lind", "Grace Obi", "Hugo Marchetti"]
THINGS = [
    "the new timetable",
    "the flood barrier",
    "the budget for next spring",
    "the repaired bridge",
    "a plan for more street lights",
    "the proposed cycle lane",
    "the winter shelter",
    "the night ferry",
]
VERBS = ["approved", "questioned", "delayed", "welcomed", "rejected", "reviewed", "postponed", "praised"]
TIMES = [
    "on Monday",
    "late last night",
    "after a long debate",
    "earlier this week",
    "before the holiday",
    "at a packed meeting",
    "for the third time this year",
]

NARRATION = [
    "{Person} said {thing} had been {verb} {time}.",
    "Residents near {place} gathered {time} to hear what would happen to {thing}.",
    "The figures, published {time}, show that costs at {place} rose by {n} percent.",
    "Nobody at {place} expected {thing} to be {verb} so quickly.",
    "According to {name}, the decision affects roughly {n} hundred households.",
    "It is the {ordinal} time {thing} has come before the council.",
    "Work at {place} is expected to take {n} months, weather permitting.",
    "Critics argue that {thing} was {verb} without enough consultation.",
    "{Name} has lived near {place} for {n} years and remembers the last attempt.",
    "A spokesperson confirmed that {thing} would be reviewed again in {month}.",
]
QUOTES = [
    "We have waited long enough for {thing}, and people are tired of promises.",
    "I understand the worry, but the numbers simply do not add up.",
    "If we get this right, {place} will look very different in five years.",
    "Nobody asked us. That is the part that hurts.",
    "It is a small change on paper, but it matters to every family here.",
    "We will keep going to the meetings until someone listens.",
    "Honestly, I was surprised it passed at all.",
]
QUOTE_FRAMES = [
    '"{quote_c}" said {name}.',
    '{Name} put it plainly: "{quote}"',
    '"{quote_c}" {person} told reporters {time}.',
    '"{quote_c}" said {name}. "We will see what happens next."',
]
ORDINALS = ["second", "third", "fourth", "fifth"]
MONTHS = ["March", "June", "September", "November"]


def _fill(template: str, rng: random.Random) -> str:
    values = {
        "place": rng.choice(PLACES),
        "person": rng.choice(PEOPLE),
        "name": rng.choice(NAMES),
        "thing": rng.choice(THINGS),
        "verb": rng.choice(VERBS),
        "time": rng.choice(TIMES),
        "n": rng.randint(2, 40),
        "ordinal": rng.choice(ORDINALS),
        "month": rng.choice(MONTHS),
    }
    values["Person"] = values["person"][0].upper() + values["person"][1:]
    values["Name"] = values["name"]
    values["quote"] = _fill(rng.choice(QUOTES), rng) if "{quote" in template else ""
    values["quote_c"] = values["quote"][:-1] + "," if values["quote"].endswith(".") else values["quote"]
    return template.format(**values)


def paragraph(rng: random.Random) -> str:
    sentences = [_fill(rng.choice(NARRATION), rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.35:
        sentences.insert(rng.randint(0, len(sentences)), _fill(rng.choice(QUOTE_FRAMES), rng))
    return " ".join(sentences)


def article(minutes: float, seed: int = 7, title: str = "Council weighs the future of the waterfront") -> str:
    """Markdown with a title, a byline, section headings and about `minutes` of speech."""
    rng = random.Random(seed)
    target_words = minutes * WORDS_PER_MINUTE
    parts = [f"# {title}", "By Marta Quill"]
    words = 0
    while words < target_words:
        if len(parts) > 2 and rng.random() < 0.08:
            parts.append(f"## {_fill(rng.choice(['What happens to {thing}', 'Voices from {place}']), rng)}")
        text = paragraph(rng)
        parts.append(text)
        words += len(text.split())
    return "\n\n".join(parts) + "\n"


def plain_text(markdown: str) -> str:
    """The same article as a user would feed the piper command line: one paragraph per line."""
    lines = []
    for block in markdown.split("\n\n"):
        block = block.strip().lstrip("#").strip()
        if block:
            lines.append(block)
    return "\n".join(lines) + "\n"
