"""Web-page cruft a listener should never hear: follow/share/subscribe prompts, photo credits, ad markers.

Each rule matches a whole short paragraph (or one parenthesised credit inside a paragraph), so real body
text is never dropped: a sentence that merely mentions following, sharing or cookies is long or shaped
differently and stays.
"""

from __future__ import annotations

import re

from narrate.models import Block

SOCIAL = r"(?:twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|tiktok|youtube|whatsapp|email)"
SHARE_WORDS = (
    r"(?:share|share this(?: article| story| page)?|tweet|email|e-mail|print|copy link|facebook|twitter|"
    r"whatsapp|linkedin|pinterest|reddit|save|comment|comments)"
)
CREDIT = r"(?:photo|photos|photograph|picture|image|images|source|credit|illustration|video|graphic)"
WHOLE_PARAGRAPH_RULES = [
    rf"follow (?:us|me|@?[A-Z][\w.-]*(?: [A-Z][\w.-]*){{0,3}})(?: on {SOCIAL})?",
    rf"follow (?:us|me|@?[A-Z][\w.-]*(?: [A-Z][\w.-]*){{0,3}}) on {SOCIAL}(?:(?:,| and| or) {SOCIAL})*",
    rf"{SHARE_WORDS}(?:\s*[|/\u00b7\u2022,]?\s*{SHARE_WORDS}){{0,8}}",
    r"share (?:this|on) [\w ]{1,30}",
    rf"\(?{CREDIT}(?: credit)?s?\s*:\s*[^.!?]{{1,80}}\)?",
    r"\(?(?:getty images|reuters|ap photo|afp|shutterstock|pa media|alamy|epa)(?:[/ ][\w ]{1,40})?\)?",
    r"(?:related(?: articles| stories| content| reading)?|read more|more from [\w ]{1,40}|recommended(?: for you)?|"
    r"you may also like|you might also like|most read|most popular|advertisement|advert|sponsored(?: content)?|"
    r"ad|continue reading(?: below)?|story continues below(?: advertisement)?|skip advertisement|"
    r"scroll to continue(?: with content)?)",
    # The same page furniture in German, French, Spanish, Portuguese and Italian (whole short paragraphs only;
    # the subscribe, newsletter and cookie rules below are English only).
    r"(?:lesen sie auch|mehr zum thema|anzeige|werbung|lire aussi|à lire aussi|publicité|lee también|"
    r"te puede interesar|publicidad|leia também|leia mais|publicidade|anúncio|leggi anche|pubblicità)"
    r"(?:\s*:.{0,150})?",
    r"\(?(?:foto|fotos|bild|crédito|crédit|credito|fonte|fuente|quelle)\s*:\s*[^.!?]{1,80}\)?",
    r"read more\s*:.{0,150}",
    r"(?:related|see also|also read|read also)\s*:.{0,150}",
]
WHOLE = re.compile(r"^[\s*_\-\u2022\u00b7]*(?:" + "|".join(WHOLE_PARAGRAPH_RULES) + r")[\s.!:]*$", re.IGNORECASE)
PROMPT_WORDS = re.compile(r"\b(?:subscribe|sign up|newsletter|inbox|unsubscribe)\b", re.IGNORECASE)
PROMPT_SHAPE = re.compile(
    r"^(?:subscribe|sign up|get (?:our|the) [\w ]{0,30}newsletter|never miss|"
    r"join (?:our|the) (?:mailing list|newsletter)|want (?:more|the latest)|"
    r"enter your email|don't miss|support (?:our|us|independent))\b",
    re.IGNORECASE,
)
# A cookie notice speaks to the reader about this site; an article about cookie policies does not.
COOKIE = re.compile(
    r"\bwe use cookies\b|\b(?:this|our) (?:site|website) uses cookies\b|"
    r"\bby (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)\b|"
    r"^(?:accept|reject|manage) (?:all )?cookies\b|^cookie (?:settings|preferences|policy|notice)\b",
    re.IGNORECASE,
)
INLINE_CREDIT = re.compile(
    rf"\s*\((?:{CREDIT}(?: credit)?s?\s*:\s*[^()]{{1,60}}|getty images|reuters)\)", re.IGNORECASE
)
LIST_BLOCK_HEADS = re.compile(
    r"^(?:related(?: articles| stories| content| reading)?|read more|more from [\w ]+|"
    r"recommended(?: for you)?|you may also like|you might also like|most read|"
    r"most popular|see also)[\s:.]*$",
    re.IGNORECASE,
)
MAX_WORDS_FOR_PROMPT = 30
MAX_LIST_LINES = 8


def is_cruft(text: str) -> bool:
    """A whole paragraph that is page furniture, not part of the article."""
    if len(text) > 400:
        return False
    words = len(text.split())
    if WHOLE.match(text):
        return True
    if words <= MAX_WORDS_FOR_PROMPT and PROMPT_WORDS.search(text) and PROMPT_SHAPE.match(text):
        return True
    return words <= 60 and bool(COOKIE.search(text))


def remove_cruft(blocks: list[Block]) -> list[Block]:
    """Blocks less page furniture; 'Related articles' lists (short lines after the heading) go too."""
    out: list[Block] = []
    list_left = 0  # how many more link lines a "Related articles" heading may still own
    for block in blocks:
        text = INLINE_CREDIT.sub("", block.text).strip() if not block.heading else block.text
        if LIST_BLOCK_HEADS.match(text):
            list_left = MAX_LIST_LINES
            continue
        if list_left and not block.heading and _is_link_line(text):
            list_left -= 1
            continue
        list_left = 0
        if text and not is_cruft(text):
            out.append(Block(text, heading=block.heading, item=block.item))  # not dataclasses.replace: 1 s per 200k
    return out


def _is_link_line(text: str) -> bool:
    """A headline in a list of links: short and without closing punctuation."""
    return len(text.split()) <= 15 and not text.rstrip().endswith((".", "!", "?", '"', "\u201d"))
