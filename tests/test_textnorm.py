"""Text for the ear: lexicon and normalisation, table-driven; no word is ever dropped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narrate.models import NARRATION, Segment, Voice
from narrate.voice.spoken import TITLES, apply_lexicon, for_the_ear, normalise
from narrate.voice.voicing import spoken_text


@pytest.mark.parametrize(
    "text, spoken",
    [
        # URLs and e-mail addresses: the domain, spoken
        ("Details are at https://www.kestrelbay.gov.uk/ferry?night=1.", "Details are at kestrelbay dot gov dot uk."),
        ("See http://example.org/a/b/c for more", "See example dot org for more"),
        ("Visit www.harbourline.co.nz, then book.", "Visit harbourline dot co dot nz, then book."),
        ("(https://ferry.example.net/x)", "ferry dot example dot net"),
        ("Write to tips@kestrel-news.org today.", "Write to tips at kestrel-news dot org today."),
        ("Mail a.reader@post.example.com.", "Mail a dot reader at post dot example dot com."),
        # abbreviations
        ("Dr Haddad spoke.", "Doctor Haddad spoke."),
        ("Dr. Okafor spoke.", "Doctor Okafor spoke."),
        ("They met in St Ives.", "They met in Saint Ives."),
        ("It is on Mill St.", "It is on Mill Street."),
        ("Turn into Quay Rd, then left.", "Turn into Quay Road, then left."),
        ("Prof Lind and Mr Brook", "Professor Lind and Mister Brook"),
        ("Bus No. 5 is late.", "Bus number five is late."),
        ("Fish, e.g. cod, are landed.", "Fish, for example cod, are landed."),
        ("E.g. this one.", "For example this one."),
        ("The ferry, i.e. the night boat.", "The ferry, that is the night boat."),
        ("Nets, ropes, etc. were lost.", "Nets, ropes, et cetera were lost."),
        ("Nets, ropes, etc. Then the storm.", "Nets, ropes, et cetera. Then the storm."),
        ("Nets, ropes, etc.", "Nets, ropes, et cetera."),
        ("Town vs. county", "Town versus county"),
        # currency
        ("It will cost £5m.", "It will cost five million pounds."),
        ("A $3.2 billion plan", "A three point two billion dollars plan"),
        ("Rooms from €40 a night", "Rooms from forty euros a night"),
        ("A ticket is £2.50.", "A ticket is two pounds fifty."),
        ("Only £1 each", "Only one pound each"),
        ("Just £0.75", "Just seventy-five pence"),
        ("It raised $1.5bn and £3k.", "It raised one point five billion dollars and three thousand pounds."),
        ("A £180,000 budget", "A one hundred and eighty thousand pounds budget"),
        ("€2.00 flat", "two euros flat"),
        # percentages
        ("Fares rise 5%.", "Fares rise five percent."),
        ("Turnout was 12.5 % lower", "Turnout was twelve point five percent lower"),
        # dashes and ellipses as pauses
        ("The ferry — old and slow — sails.", "The ferry, old and slow, sails."),
        ("The ferry—old—sails.", "The ferry, old, sails."),
        ("Yes – mostly.", "Yes, mostly."),
        ("Well -- no.", "Well, no."),
        ("Then - suddenly - rain.", "Then, suddenly, rain."),
        ("From 2010–2015 it ran.", "From twenty ten to twenty fifteen it ran."),
        ("A north–south route", "A north-south route"),
        ("A well-known route", "A well-known route"),
        ("Wait... what?", "Wait, what?"),
        ("And then…", "And then."),
        ("So … maybe", "So, maybe"),
        # bracketed asides
        ("The boat (built in 1998) sails.", "The boat, built in nineteen ninety-eight, sails."),
        ("He agreed (reluctantly).", "He agreed, reluctantly."),
        ("The council [sic] agreed.", "The council, sic, agreed."),
        # left alone
        ("It was 180,000 pounds a year.", "It was one hundred and eighty thousand pounds a year."),
        ("Nine o'clock, sharp.", "Nine o'clock, sharp."),
        ("Where is Dr?", "Where is Dr?"),
    ],
)
def test_normalise(text, spoken):
    assert normalise(text) == spoken


@pytest.mark.parametrize(
    "lexicon, text, spoken",
    [
        ({"Kestrel": "Kess trel"}, "Kestrel Bay", "Kess trel Bay"),
        ({"nguyen": "win"}, "Nguyen met nguyen.", "Win met win."),  # lower-case key: any case, capital kept
        ({"US": "U S"}, "The US told us.", "The U S told us."),  # key with capitals: that spelling only
        ({"bay": "bei"}, "Baywatch and bay", "Baywatch and bei"),  # whole words only
        ({"St Ives": "Saint Eye-vz"}, "In St Ives today", "In Saint Eye-vz today"),  # phrases
        ({"C++": "C plus plus"}, "Written in C++.", "Written in C plus plus."),
        ({"Ann": "Anne", "Anna": "Ah na"}, "Anna and Ann", "Ah na and Anne"),  # longest key wins
        ({}, "Nothing changes.", "Nothing changes."),
    ],
)
def test_lexicon(lexicon, text, spoken):
    assert apply_lexicon(text, lexicon) == spoken


def test_lexicon_comes_before_normalisation():
    assert for_the_ear("Dr Who (the show)", {"Dr Who": "Doctor Who"}) == "Doctor Who, the show"
    assert for_the_ear("No. 5", {"No": "Nope"}) == "Nope. five"


def test_spoken_text_uses_the_voices_lexicon_and_keeps_the_segment():
    segment = Segment(NARRATION, "Kestrel Bay (pop. 900) grew 5%.")
    voice = Voice("narrator", "piper", {}, lexicon={"kestrel": "kess trel"})
    assert spoken_text(segment, voice) == "Kess trel Bay, pop. nine hundred, grew five percent."
    assert spoken_text(segment) == "Kestrel Bay, pop. nine hundred, grew five percent."
    assert segment.text == "Kestrel Bay (pop. 900) grew 5%."


ABBREVIATED = {
    "dr",
    "st",
    "mr",
    "mrs",
    "prof",
    "mt",
    "rd",
    "ave",
    "vs",
    "etc",
    "no",
    "nos",
    "approx",
    "e",
    "i",
    "jr",
    "sr",
    "v",
    "x",
    "l",
    *(title.lower() for title in TITLES),
}  # Roman numerals after names too
plain_words = st.lists(
    st.from_regex(r"[A-Za-z][a-z]{0,8}", fullmatch=True).filter(lambda w: w.lower() not in ABBREVIATED),
    min_size=1,
    max_size=12,
)
punctuation = st.sampled_from([" ", ", ", ". ", " — ", " (", ") ", "... ", "; ", " - ", "? "])


@given(words=plain_words, gaps=st.lists(punctuation, min_size=12, max_size=12))
def test_no_word_is_dropped(words, gaps):
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    heard = normalise(text)
    assert re.findall(r"[A-Za-z]+", heard) == re.findall(r"[A-Za-z]+", text)


@pytest.mark.parametrize("language", [None, "pt"])
def test_a_malformed_url_is_text_not_an_error(language):
    from narrate.voice.spoken import for_the_ear

    spoken = for_the_ear("Notes at http://[draft]/notes today.", language=language)
    assert spoken.endswith("today.") and "[draft]" not in spoken
