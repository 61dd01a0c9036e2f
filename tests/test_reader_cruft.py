"""Cruft removal drops page furniture and never real body text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from narrate.models import Block
from narrate.read.cruft import is_cruft, remove_cruft

FURNITURE = [
    "Follow Maya Lindqvist",
    "Follow us on Twitter and Facebook",
    "Share this article",
    "Share | Tweet | Email",
    "(Source: Getty)",
    "Photo: Reuters",
    "Photograph: Ben Hale/Getty Images",
    "Image credit: NASA",
    "Advertisement",
    "Read more",
    "Read more: Council approves new budget",
    "Related: Ferry fares to rise",
    "Story continues below advertisement",
    "We use cookies to give you the best experience on our site.",
    "Sign up for our daily newsletter to get the headlines in your inbox.",
    "Subscribe to get stories like this in your inbox every morning.",
    "By continuing to use this site you agree to our cookie policy.",
    "Accept all cookies",
]
SUBJECTS = ["The council", "Residents", "Our reporter", "She", "The bakery", "Engineers", "Nobody"]
VERBS = ["said", "decided", "wrote", "argued", "found", "shared", "followed", "explained"]
VOCABULARY = [
    "cookie",
    "policy",
    "settings",
    "uses",
    "follow",
    "share",
    "subscribe",
    "newsletter",
    "cookies",
    "photo",
    "source",
    "related",
    "read",
    "more",
    "advertisement",
    "inbox",
    "accept",
    "privacy",
    "website",
    "the",
    "a",
    "town",
    "bridge",
    "on",
    "Twitter",
    "Getty",
    "Reuters",
    "sign",
    "up",
    "that",
    "its",
    "with",
    "credit",
    "image",
]


def test_each_kind_of_furniture_is_removed():
    for line in FURNITURE:
        assert is_cruft(line), line


def test_related_list_goes_but_the_body_after_it_stays():
    blocks = [
        Block(t)
        for t in ["Body one.", "Related articles", "Bridge reopens", "Fares rise", "The bridge reopened on Friday."]
    ]
    assert [b.text for b in remove_cruft(blocks)] == ["Body one.", "The bridge reopened on Friday."]


def test_inline_credit_is_cut_and_the_sentence_kept():
    (block,) = remove_cruft([Block("Gates were lowered on Monday. (Photo: Reuters) Boats wait.")])
    assert block.text == "Gates were lowered on Monday. Boats wait."


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=25)
)
def test_sentences_that_mention_cruft_words_are_never_dropped(subject, verb, words):
    sentence = f"{subject} {verb} {' '.join(words)}."
    assert [b.text for b in remove_cruft([Block(sentence)])] == [sentence]
