"""Quote-mark pairing (``quoth.rules.quotes``): pure text, no model needed."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from quoth.rules.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text,expected", [
    # straight, curly, single, guillemets, low-high
    ('"X," he said.', ['"X,"']),
    ('“X,” he said.', ['“X,”']),
    ("‘X,’ he said.", ["‘X,’"]),
    ("'Businesslike' talks", ["'Businesslike'"]),
    ("«Oui», dit-il.", ["«Oui»"]),
    ("„Ja“, sagte er.", ["„Ja“"]),
    ("''Look, it's fine,'' he said.", ["''Look, it's fine,''"]),
    # speaker in the middle: two quotes
    ('"X," he said, "Y."', ['"X,"', '"Y."']),
    # mixed curly/straight marks still pair
    ('a “good corporate citizen," who', ['“good corporate citizen,"']),
    # nested single quotes stay inside the outer quote
    ('"He said \'no\' to us," she said.', ['"He said \'no\' to us,"']),
    ("“It’s, ‘Everything but Hillary’,” she told.", ["“It’s, ‘Everything but Hillary’,”"]),
])
def test_pairs(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "Don't touch Russia's plans.",
    "It was the '90s and the players' union agreed.",
    "The Joneses' house isn't theirs.",
    "In the '60s and '70s, rates rose.",
])
def test_apostrophes_are_not_quotes(text):
    assert quoted(text) == []


@pytest.mark.parametrize("text,expected", [
    # opening mark re-opened in the next paragraph: one quote over both
    ('"First paragraph.\n"Second paragraph," he said.',
     ['"First paragraph.\n"Second paragraph,"']),
    ('“One.\n“Two.\n“Three,” he said.', ['“One.\n“Two.\n“Three,”']),
])
def test_multi_paragraph(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text,expected", [
    # odd count in the first paragraph: that paragraph is dropped, the next one kept
    ('He said "one and "two" and three.\nShe said "fine."', ['"fine."']),
    # open quote not continued in the next paragraph
    ('"Never closed.\nNext line "ok" here.', ['"ok"']),
])
def test_odd_marks_degrade_per_paragraph(text, expected):
    assert quoted(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„")), max_size=80))
def test_any_text_pairs_safely(text):
    quotes = find_quotes(text)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
    for a, b in zip(quotes, quotes[1:]):
        assert a.end <= b.start  # top-level quotes never overlap


@pytest.mark.parametrize("quoted,expected", [
    ('"Meet the Press."', True),
    ("'Businesslike'", True),
    ('"756643058100428800"', True),
    ('"Yes."', False),
    ('"No,"', False),
    ('"We will win."', False),
    ('"Fox and Friends,"', False),
])
def test_titles_and_codes_are_not_speech(quoted, expected):
    from quoth.rules.quotes import is_title_or_code

    assert is_title_or_code(quoted) is expected
