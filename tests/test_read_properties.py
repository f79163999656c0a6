"""Properties of reading: any text survives encode -> read unchanged; header spans index it."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from quoth.readers.encoding import decode
from quoth.readers.headers import parse_headers
from quoth.readers.text import article_from_text

# Printable text in the scripts news comes in, with line breaks and quote marks.
ALPHABET = st.sampled_from(
    list("abcXYZ 019.,;:-'\"\n\t") + list("éàçßü") + list("жЖпП") + list("«»“”„—…\r"))
TEXTS = st.text(ALPHABET, min_size=1, max_size=200).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_encodings_round_trip(text, encoding):
    assert decode(text.encode(encoding), "p.txt").text == text


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_utf8_bom_is_never_text(text):
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), "p.txt").text == text


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=300))
def test_headers_index_the_text_and_never_rewrite_it(text):
    headers = parse_headers(text)
    if headers.title_span:
        start, end = headers.title_span
        assert " ".join(text[start:end].split()) == headers.title
    if headers.dateline_span:
        start, end = headers.dateline_span
        assert text[start:end].startswith(headers.dateline)
    assert article_from_text(text).text == text
