"""The lines between an article's title and its first paragraph, one by one: a byline gives the author, a
date line the date; follow prompts, photo captions and credits, reading times, "Image 1 of 8", "Listen to
this article" and newsletter prompts are page furniture and are not read.

Each test looks at one line. A line that is none of these is body text: the header ends there, so a
line we do not recognise is always read, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from narrate.read.cruft import is_cruft

NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|Mc[A-Z]\w*|de|van|von|der|den|da|di|del|la|le|bin|al)"
NAME = rf"[A-Z][\w'\u2019.-]*(?: {NAME_WORD}){{1,4}}"
NAMES = rf"{NAME}(?:(?:,| and| &) {NAME}){{0,3}}"
HANDLE = r"\(?@\w{1,30}\)?"
LONE_NAME = re.compile(rf"^(?P<name>{NAMES})(?:\s+{HANDLE})?$")
# Names are case-sensitive (a capital to each word); only the "By" is not.
BYLINE = re.compile(
    rf"^(?i:by|words by|written by|story by|reporting by|text by|by:)\s+(?P<name>{NAMES})"
    r"(?:\s+" + HANDLE + r")?(?:\s*(?:,|\||\u2014|\u2013|-)\s*.{0,60})?$"
)
LOOSE_BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<name>[A-Z].{1,79})$")
ROLE = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|columnist|contributor|staff|analyst|journalist|"
    r"producer|critic|desk|team|bureau|news service)s?\b",
    re.IGNORECASE,
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
DATE_PREFIX = r"(?:(?:published|updated|last updated|last modified|posted|first published|modified)(?: on| at)?:?\s*)?"
WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"
DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
DAY_MONTH_YEAR = re.compile(rf"^{DATE_PREFIX}{WEEKDAY}{DAY}\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})", re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(rf"^{DATE_PREFIX}{WEEKDAY}(?P<m>{MONTH})\s+{DAY},?\s+(?P<y>\d{{4}})", re.IGNORECASE)
ISO_DATE = re.compile(rf"^{DATE_PREFIX}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ][\d:.+Z-]+)?$", re.IGNORECASE)
DATE_REST = re.compile(
    r"^[\s,.\u00b7|\u2022-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*"
    r"(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2})?)?[\s,.\u00b7|\u2022-]*$",
    re.IGNORECASE,
)
# Lines a page shows around an article and that a listener must never hear, whole line only.
FURNITURE = re.compile(
    r"^(?:"
    rf"(?:updated|published|posted|last updated|modified)(?: on| at)?:?\s*(?:\d|{MONTH}|(?:mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\b|yesterday|today|just now)[\w :,./+-]{0,50}|"
    r"\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|"
    r"\d{1,2}[:.]\d{2}\s*(?:am|pm)?\s*(?:[A-Z]{2,4})?|"
    r"(?:reading time:?\s*)?\d+(?:-|\s*)(?:min|mins|minute|minutes)(?:\s+read(?:ing time)?|\s+listen)?|"
    r"(?:\d+\s*(?:min|mins|minute|minutes)\s+)?read(?:ing)? time.{0,20}|"
    r"listen(?: to (?:this|the) (?:article|story))?(?:\s*[(\u00b7:-]?\s*\d+[:.]?\d*\s*(?:min|mins|minutes)?\)?)?|"
    r"(?:image|photo|picture|slide)s?\s+\d+\s*(?:of|/)\s*\d+|\d+\s*(?:of|/)\s*\d+|"
    r"(?:hide |show |toggle |expand |image |photo )?caption|enlarge (?:this )?image|expand|view (?:the )?gallery|"
    r"gallery|play(?: video| audio)?|watch(?: video)?|video|audio|chapters|subtitles (?:on|off)|captions (?:on|off)|"
    r"(?:video )?duration\s*\d+:\d+|\d+:\d+|close|menu|more|save(?: (?:article|story|for later))?|saved|"
    r"gift (?:this )?(?:article|story)|comments?|\d+\s+comments?|(?:add|leave|view) (?:a |all )?comments?|"
    r"sign in|log in|register|open in app|get the app|print|copy link|link copied|topics?|tags?|"
    r"(?:share|follow|following|subscribe)(?: (?:this|the) (?:article|story|page|author))?|"
    r"follow (?:her|him|them|me|us)(?: on \w+)?(?:\s+@\w+)?|"
    r"follow\s+@\w+|@\w{1,30}|"
    r"(?:photo|photograph|picture|image|illustration|video|graphic)s?(?: credit| source)?\s*:\s*.{1,80}|"
    r"(?:photo|photograph|picture|image|illustration|video|graphic)s?\s+(?:by|credit|courtesy of)\s+[A-Z].{1,60}|"
    r"image source,.{1,80}|image caption,.{1,200}|"
    r".{1,160}/(?:getty images|reuters|ap|afp|alamy|shutterstock|epa|pa media|pa)|"
    r"[A-Z][\w.'\u2019 -]{1,40}/[A-Z][\w.'\u2019 -]{1,40}|"  # "River Gazette/Ann Lowe": a picture credit
    r"your browser does(?: not|n't) support.{0,60}|(?:video|audio) (?:player )?(?:loading|unavailable).{0,30}"
    r")[\s.!:]*$",
    re.IGNORECASE,
)
CREDIT_AT_END = re.compile(
    r"\((?:photo|photograph|picture|image|credit|illustration|video)s?(?: credit)?\s*:\s*"
    r"[^()]{1,60}\)$|\((?:getty images|reuters|ap photo|afp|alamy|shutterstock|pa media|epa)"
    r"(?:/[^()]{1,40})?\)$",
    re.IGNORECASE,
)
PROMPT_WORDS = re.compile(r"\b(?:subscribe|sign up|newsletter|inbox|unsubscribe|notifications?)\b", re.IGNORECASE)
PARTS = re.compile(r"\s*[\u00b7|\u2022]\s*")
PROMPT_START = re.compile(
    r"^(?:sign up|subscribe|get|join|enter|want|never miss|don't miss|thanks for reading|"
    r"enjoying|like this|love this|turn on|receive|stay (?:informed|up to date))\b",
    re.IGNORECASE,
)
NOT_NAMES = {
    "dear",
    "hello",
    "hi",
    "good",
    "update",
    "updates",
    "note",
    "editor",
    "summary",
    "introduction",
    "background",
    "contents",
    "chapter",
    "part",
    "section",
    "breaking",
    "live",
    "exclusive",
    "analysis",
    "opinion",
    "comment",
    "review",
    "watch",
    "listen",
    "read",
    "more",
    "related",
    "advertisement",
    "sponsored",
    "topics",
    "share",
    "follow",
    "photo",
    "video",
    "image",
    "key",
    "top",
    "latest",
    "the",
    "what",
    "how",
    "why",
    "when",
    "our",
    "your",
    "this",
    "last",
    "next",
    "previous",
    "welcome",
    "happy",
}
SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "to", "for", "at", "by", "or", "with", "from", "as", "is"}
SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ":", ";")


@dataclass(frozen=True)
class Header:
    author: str | None
    date: str | None
    used: int  # how many lines from the start belong to the header (metadata or furniture)


def read_header(lines: list[str], limit: int = 20) -> Header:
    """Author, date and how many of the leading lines are header, looking at each line on its own."""
    authors: list[str] = []
    date = None
    used = 0
    for line in lines[:limit]:
        found = date_of(line)
        if found and date is None:
            date = found
        elif not found:
            name = author_of(line)
            if name and (not authors or name not in authors) and len(authors) < 3 and not is_furniture(line):
                authors.append(name)
            elif not is_furniture(line) and not is_caption(line) and any(c.isalnum() for c in line):
                break  # body text; a lone "\u00b7" or icon between byline parts is header
        used += 1
    author = " and ".join(authors) if authors else None
    return Header(author=author, date=date, used=used)


def author_of(line: str) -> str | None:
    """The name in a byline ("By Priya Raman", "Priya Raman @priya", "Jo Reed and Sam Hale"), else None."""
    if len(line) > 120 or (ROLE.search(line) and not line.lower().startswith("by ")):
        return None
    match = BYLINE.match(line) or LONE_NAME.match(line)
    if match and match.re is LONE_NAME and line.split()[0].lower().rstrip("'\u2019s") in NOT_NAMES:
        return None  # "Dear Readers", "Breaking News": a Title Case line, not a person
    if match:
        names = [n for n in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("name")) if n and not ROLE.search(n)]
        return " and ".join(names) or None
    loose = LOOSE_BYLINE.match(line)
    if loose and not line.rstrip().endswith((".", "!", "?")) and len(loose.group("name").split()) <= 6:
        return loose.group("name").strip()
    return None


def date_of(line: str) -> str | None:
    """An ISO date from a line that is only a date (and maybe a time): "12 March 2024", "2024-03-12"."""
    if len(line) > 80:
        return None
    for pattern in (ISO_DATE, DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        match = pattern.match(line.strip())
        if match and DATE_REST.match(line.strip()[match.end() :]):
            month = match.group("m")
            number = int(month) if month.isdigit() else MONTHS.get(month[:3].lower())
            day = int(match.group("d"))
            if number and 1 <= number <= 12 and 1 <= day <= 31:
                return f"{match.group('y')}-{number:02d}-{day:02d}"
    return None


def is_furniture(line: str) -> bool:
    """A line of page furniture wherever it stands: a UI label, credit, reading time, share or follow prompt."""
    line = line.strip()
    if not line or len(line) > 240:
        return False
    words = len(line.split())
    if words <= 40 and PROMPT_START.match(line) and PROMPT_WORDS.search(line):
        return True
    if words >= 9 and line.endswith((".", "!", "?")):
        return False  # a sentence, whatever its first words (cookie notices go with the cruft rules)
    if FURNITURE.match(line) or is_cruft(line) or is_credited_caption(line):
        return True
    parts = [p for p in PARTS.split(line) if p.strip()]
    return len(parts) > 1 and all(FURNITURE.match(p.strip()) or date_of(p) for p in parts)  # "5 min read \u00b7 Apr 6"


def is_credited_caption(line: str) -> bool:
    """A line ending in a photo credit with no sentence before it: "Cyclists at the junction (Photo: Alamy)"."""
    credit = CREDIT_AT_END.search(line) if len(line) <= 240 else None
    return credit is not None and not line[: credit.start()].rstrip().endswith(SENTENCE_END)


def is_caption(line: str) -> bool:
    """A Title Case line of four words or more without sentence punctuation: a photo caption or teaser near
    the top of a scraped page ("Cyclists Wait At The Harbour Road Junction"), or a role line."""
    line = line.strip()
    if line.endswith(SENTENCE_END) or len(line) > 200:
        return False
    if len(line.split()) <= 6 and ROLE.search(line) and not re.search(r"['\u2019]s\b", line):
        return True  # "Transport Correspondent", not "Editor's Note"
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", line)
    if len(words) < 4:
        return False
    capitalised = sum(w[0].isupper() for w in words if w.lower() not in SMALL_WORDS)
    counted = sum(1 for w in words if w.lower() not in SMALL_WORDS)
    return counted >= 3 and capitalised >= 0.9 * counted
