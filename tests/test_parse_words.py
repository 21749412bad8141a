"""cabletools.parse.words: str.find scans give what the regex scans they replace give."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cabletools.parse.banner import CLASSIFIED_BY_RE
from cabletools.parse.words import matches_at, word_starts

SUMMARY = ("SUMMARY", "Summary", "summary")
CLASSIFIED = ("CLASSIFIED", "Classified", "classified")
# text made of the words' pieces, so that hits, near misses and runs of them are common
PIECES = st.sampled_from(["SUMMARY", "Summary", "summary", "SUMMAR", "ummary", "Classified", "CLASSIFIED", "classified",
                          " By", " by:", " BY ", "\n", " ", "x", "S", "1. ", "(C) ", "Ambassador Doe"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 200))
def test_word_starts_is_finditer_of_the_alternation(text, start, end):
    for spellings in (SUMMARY, CLASSIFIED):
        rx = re.compile("|".join(spellings))
        assert word_starts(text, spellings) == [m.start() for m in rx.finditer(text)]
        assert word_starts(text, spellings, start, end) == [m.start() for m in rx.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_matches_at_the_word_starts_is_finditer(text):
    got = matches_at(CLASSIFIED_BY_RE, text, word_starts(text, CLASSIFIED))
    assert [m.span() for m in got] == [m.span() for m in CLASSIFIED_BY_RE.finditer(text)]


def test_a_word_inside_another_is_not_a_word_boundary_match():
    text = "DECLASSIFIED BY X. Classified By: Jane Doe"
    assert word_starts(text, CLASSIFIED) == [2, 19]
    assert [m.group("by") for m in matches_at(CLASSIFIED_BY_RE, text, word_starts(text, CLASSIFIED))] == ["Jane Doe"]
