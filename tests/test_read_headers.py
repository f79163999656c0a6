"""Header conventions: metadata found, offsets into the original text, text untouched."""

from __future__ import annotations

import pytest

from quoth.readers.headers import parse_headers

SPUTNIK = (
    " date 2022-02-07 Putin: Russia's Key Security Concerns Ignored by US, NATO\n"
    "22:33 GMT 07.02.2022 (Updated: 22:48 GMT 07.02.2022)\n"
    "MOSCOW, (Sputnik) - Russia's key concerns were ignored, Putin said.\n"
)

CASES = [
    (SPUTNIK, dict(title="Putin: Russia's Key Security Concerns Ignored by US, NATO",
                   published="2022-02-07", updated="2022-02-07T22:48:00Z",
                   published_at="2022-02-07T22:33:00Z", dateline="MOSCOW", outlet="Sputnik")),
    ("date 2021-12-31 Year Ends\nBody text follows here.\n",
     dict(title="Year Ends", published="2021-12-31", updated=None, dateline=None)),
    ("09:05 GMT 3.4.2021\nPARIS (AFP) - Macron spoke.\n",
     dict(title=None, published="2021-04-03", published_at="2021-04-03T09:05:00Z",
          updated=None, dateline="PARIS", outlet="AFP")),
    ("Headline Here\n\nWASHINGTON (Reuters) \u2014 Biden said so.\n",
     dict(title="Headline Here", dateline="WASHINGTON", outlet="Reuters")),
    ("NEW YORK, Feb 7 (AP) - Stocks fell.\nMore text.\n",
     dict(title=None, dateline="NEW YORK", outlet="AP")),
    ("Stealth Over Health: Clinton Was Headed to ER.\n\nThe New York Post reports that...\n",
     dict(title="Stealth Over Health: Clinton Was Headed to ER.", published=None, dateline=None)),
    ("Only one line, with no title at all.", dict(title=None, published=None)),
    ("Jobs report lifts Democrats; \nSolid upturn in pay.\n\nABSTRACT.\n\nBody.\n",
     dict(title="Jobs report lifts Democrats; Solid upturn in pay.")),
    ("First paragraph line.\nSecond line.\nThird line.\nFourth line.\n\nMore.\n",
     dict(title="First paragraph line.")),
    ("Title line\nBody line one.\nBody line two.\n", dict(title="Title line")),
    ("x" * 400 + "\nsecond line\n", dict(title=None)),
    ("25:99 GMT 40.13.2022\nbody\n", dict(published=None, updated=None)),
    ("He said (quietly) - nothing.\nMore.\n", dict(dateline=None, outlet=None)),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_headers(text, expected):
    headers = parse_headers(text)
    got = {key: getattr(headers, key) for key in expected}
    assert got == expected


@pytest.mark.parametrize("text", [case[0] for case in CASES])
def test_spans_index_the_original_text(text):
    headers = parse_headers(text)
    if headers.title is not None:
        start, end = headers.title_span
        assert " ".join(text[start:end].split()) == headers.title
    if headers.dateline is not None:
        start, end = headers.dateline_span
        assert text[start:end].startswith(headers.dateline)
        assert headers.outlet in text[start:end]
