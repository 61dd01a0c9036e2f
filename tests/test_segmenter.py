"""Segmenter rules beyond the corpus: no word lost or invented, hostile input, headings, speed-shaped input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.models import Article, Block
from narrate.script.segmenter import segment_article

QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"


def word_chars(text: str) -> str:
    """Every word character in order: what must survive segmentation, whatever the quote marks were."""
    return re.sub(r"[\W_]", "", text)  # letters and digits: an underscore-only piece is not spoken


def segments_for(*paragraphs: str):
    return segment_article(Article(blocks=tuple(Block(p) for p in paragraphs))).segments


def assert_nothing_lost(paragraphs):
    segments = segment_article(Article(blocks=tuple(Block(p) for p in paragraphs))).segments
    assert word_chars("".join(s.text for s in segments)) == word_chars("".join(paragraphs))
    for segment in segments:
        assert segment.text == segment.text.strip() and segment.text


quote_heavy_text = st.lists(
    st.sampled_from(list(QUOTE_MARKS) + list("ab ,.!?-\u2014\n") + ["don't", "said Jo", "He"]), max_size=80
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=5))
def test_any_unicode_never_crashes_or_loses_a_word(paragraphs):
    assert_nothing_lost(paragraphs)


@settings(max_examples=300, deadline=None)
@given(st.lists(quote_heavy_text, min_size=1, max_size=5))
def test_any_mix_of_quote_marks_never_loses_a_word(paragraphs):
    assert_nothing_lost(paragraphs)


def test_joined_segments_are_the_body_less_its_quote_marks():
    body = ['"We start at nine," said Ana Ruiz. "Bring boots."', "Nobody argued."]
    joined = " ".join(s.text for s in segments_for(*body))
    assert joined == "We start at nine, said Ana Ruiz. Bring boots. Nobody argued."


def test_headings_are_narration_with_the_heading_role():
    article = Article(blocks=(Block("Costs", heading=True), Block("It is cheap.")))
    first, second = segment_article(article).segments
    assert (first.kind, first.role, first.text, first.paragraph) == ("narration", "heading", "Costs", 0)
    assert (second.role, second.paragraph) == ("body", 1)


def test_a_heading_ends_an_open_quote():
    article = Article(blocks=(Block('She said: "It was late'), Block("Next", heading=True), Block('"Fine."')))
    kinds = [(s.kind, s.text) for s in segment_article(article).segments]
    assert kinds == [("narration", "She said:"), ("quote", "It was late"), ("narration", "Next"), ("quote", "Fine.")]


def test_a_fifty_thousand_character_sentence_is_one_narration_segment():
    sentence = " ".join(f"word{i % 97}" for i in range(7000))[:50_000]
    (segment,) = segments_for(sentence)
    assert segment.kind == "narration" and segment.text == sentence.strip()


def test_an_article_of_only_quotes():
    segments = segments_for('"One thing."', '"Another thing," said Bo Lind.', '"And a third."')
    assert [s.kind for s in segments] == ["quote", "quote", "narration", "quote"]
    assert [s.speaker for s in segments if s.kind == "quote"] == [None, "Bo Lind", "Bo Lind"]


def test_only_unbalanced_quote_marks_are_kept_as_narration_without_crashing():
    for text in ['""""""', "'''", "\u201d\u201d\u201c", '" " "', "\u2019\u2018\u2019"]:
        segments = segments_for(text, "After.")
        assert segments[-1].text == "After."
        assert all(s.kind == "narration" or s.text for s in segments)


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph_only():
    segments = segments_for('"It never closes, said nobody', "Plain text here.")
    assert [(s.kind, s.text) for s in segments] == [
        ("quote", "It never closes, said nobody"),
        ("narration", "Plain text here."),
    ]


def test_many_quotes_in_one_paragraph_stay_in_order():
    paragraph = " ".join(f'"Line {i} is here," said Kim Osei.' for i in range(500))
    quotes = [s for s in segments_for(paragraph) if s.kind == "quote"]
    assert [q.text for q in quotes] == [f"Line {i} is here," for i in range(500)]
    assert {q.speaker for q in quotes} == {"Kim Osei"}


def test_emoji_rtl_and_control_free_text_survive():
    text = 'Dana Levi waved. "\u05e9\u05dc\u05d5\u05dd \U0001f600 and \u0645\u0631\u062d\u0628\u0627 to all," she said.'
    segments = segments_for(text)
    assert [s.kind for s in segments] == ["narration", "quote", "narration"]
    assert segments[1].text == "\u05e9\u05dc\u05d5\u05dd \U0001f600 and \u0645\u0631\u062d\u0628\u0627 to all,"
    assert segments[1].speaker == "Dana Levi"


def test_a_large_article_is_read_and_segmented_whole():
    from narrate.read.article import parse_bytes

    paragraph = "The board met. \"We need a crane,\" said Lotte Vinter. It's the Jones' boat again.\n\n"
    data = ("Harbour news\n\n" + paragraph * 10_000).encode()  # about 0.8 MB; benchmarks/ times 20 MB
    script = segment_article(parse_bytes(data, "big.txt", "text"))
    assert len(script.segments) == 3 * 10_000
    assert {s.speaker for s in script.segments if s.kind == "quote"} == {"Lotte Vinter"}
