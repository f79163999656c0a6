"""Every statement form quoth reads, as (text, expected) tables, over the rules engine,
the default engine (``hybrid``: the trained MiniLM, with the rules for the forms a
paragraph tagger cannot see) and ``fast`` (the rules + the CRF).

Expected rows are (kind, speaker name, content text) — content exactly as PolNeAR
marks it: direct quotes keep their quote marks, reported content keeps "that",
neither cue nor source is part of the content.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(params=["rules", "hybrid", "fast"])
def engine(request) -> str:
    return request.param


def statements(text: str, engine: str):
    from quoth.extraction import extract_text

    return extract_text(text, engine=engine).statements


def rows(text: str, engine: str):
    return [(s.kind, s.speaker.name, s.content.text) for s in statements(text, engine)]


# 1. direct quotes, speaker before / after / in the middle
@pytest.mark.parametrize("text,expected", [
    ('"We will not back down," John Smith said.',
     [("direct", "John Smith", '"We will not back down,"')]),
    ('John Smith said: "We will not back down."',
     [("direct", "John Smith", '"We will not back down."')]),
    ('“We will not back down,” said John Smith.',
     [("direct", "John Smith", "“We will not back down,”")]),
    ("‘We will not back down,’ John Smith told reporters.",
     [("direct", "John Smith", "‘We will not back down,’")]),
    ('"We will not back down," John Smith said, "and we will win."',
     [("direct", "John Smith", '"We will not back down," … "and we will win."')]),
])
def test_direct(text, expected, engine):
    assert rows(text, engine) == expected


def test_middle_speaker_is_one_statement_with_two_spans(engine):
    text = '"We will not back down," John Smith said, "and we will win."'
    (s,) = statements(text, engine)
    assert [text[a:b] for a, b in s.content.spans] == ['"We will not back down,"', '"and we will win."']
    assert s.cue.text == "said" and s.speaker.mention.text == "John Smith"


# 2. quotes running over several paragraphs
def test_multi_paragraph_quote(engine):
    text = ('Mayor Anne Lee spoke on Monday.\n"The budget is ready.\n'
            '"We start building in May," Lee said.')
    (s,) = statements(text, engine)
    assert s.kind == "direct" and s.speaker.name == "Anne Lee"
    assert s.content.text == '"The budget is ready.\n"We start building in May,"'


# 3. mixed / partial quotes
@pytest.mark.parametrize("text,expected", [
    ('Putin believes that Macron "will have a hard time" in negotiations.',
     [("mixed", "Putin", 'that Macron "will have a hard time" in negotiations')]),
    ('Smith said the plan was "a total disaster" for the town.',
     [("mixed", "Smith", 'the plan was "a total disaster" for the town')]),
])
def test_mixed(text, expected, engine):
    assert rows(text, engine) == expected


# 4. reported speech with reporting and cognition cues
@pytest.mark.parametrize("text,cue,content", [
    ("John Smith said that the bridge will open in May.", "said",
     "that the bridge will open in May"),
    ("The bridge will open in May, John Smith said.", "said", "The bridge will open in May"),
    ("John Smith noted that the bridge will open in May.", "noted",
     "that the bridge will open in May"),
    ("John Smith recalled that the bridge opened in May.", "recalled",
     "that the bridge opened in May"),
    ("John Smith believes the bridge will open in May.", "believes",
     "the bridge will open in May"),
    ("John Smith expressed hope that the bridge will open in May.", "expressed hope",
     "that the bridge will open in May"),
    ("John Smith warned that the bridge may not open in May.", "warned",
     "that the bridge may not open in May"),
    ("John Smith told reporters that the bridge will open in May.", "told",
     "that the bridge will open in May"),
    ("John Smith called it symbolic that the bridge opened in May.", "called",
     "that the bridge opened in May"),
    ("John Smith wants to open the bridge in May.", "wants", "to open the bridge in May"),
    ("John Smith cited floods and fires as reasons.", "cited", "floods and fires as reasons"),
])
def test_reported(text, cue, content, engine):
    (s,) = statements(text, engine)
    assert (s.kind, s.cue.text, s.content.text, s.speaker.name) == ("indirect", cue, content, "John Smith")


def test_according_to(engine):
    (s,) = statements("The bridge will open in May, according to John Smith.", engine)
    assert (s.cue.text, s.content.text, s.speaker.name) == (
        "according to", "The bridge will open in May", "John Smith")


def test_said_adding_that_is_two_statements(engine):
    text = "The bridge will open in May, John Smith said, adding that the road would follow."
    got = [(s.cue.text, s.content.text, s.speaker.name) for s in statements(text, engine)]
    assert got == [
        ("said", "The bridge will open in May", "John Smith"),
        ("adding", "that the road would follow", "John Smith"),
    ]


# 5. headline / subhead attributions
@pytest.mark.parametrize("text,speaker,content", [
    ("Putin: Russia's Key Security Concerns Ignored by US, NATO\nPutin spoke in Moscow.",
     "Putin", "Russia's Key Security Concerns Ignored by US, NATO"),
    ("Mayor Lee: Bridge Will Open in May\nThe mayor spoke on Monday.", "Lee",
     "Bridge Will Open in May"),
])
def test_headline(text, speaker, content, engine):
    s = statements(text, engine)[0]
    assert (s.speaker.name, s.content.text, s.cue) == (speaker, content, None)


@pytest.mark.parametrize("text", [
    "Meeting With Macron 'Businesslike'\nThe talks lasted five hours.",
    "Note: the talks lasted five hours\nThey ended late.",
    "Update: 22:48 GMT\nThe talks ended.",
])
def test_not_headline_statements(text, engine):
    assert statements(text, engine) == ()


# 6. quotes with no speaker in their sentence continue the previous speaker
def test_continuation_new_paragraph(engine):
    text = ('"The bridge will open in May," John Smith said.\n'
            '"It will carry four lanes of traffic."')
    first, second = statements(text, engine)
    # no cue of its own; the mention is where the speaker was named (as PolNeAR links it)
    assert second.speaker.name == "John Smith" and second.cue is None
    assert second.speaker.mention == first.speaker.mention
    assert second.content.text == '"It will carry four lanes of traffic."'


def test_continuation_same_paragraph_joins_statement(engine):
    text = '"The bridge will open in May," John Smith said. "It will carry four lanes."'
    (s,) = statements(text, engine)
    assert len(s.content.spans) == 2 and s.speaker.name == "John Smith"


# 7. a nested quote stays part of its statement
def test_nested_quote_stays_inside(engine):
    text = '"They told us \'never again\' and we believed them," John Smith said.'
    (s,) = statements(text, engine)
    assert s.content.text == '"They told us \'never again\' and we believed them,"'


# odd quote marks never sink an article
def test_odd_quote_marks_degrade_per_paragraph(engine):
    text = ('The sign read "one and "two" and three.\n'
            '"The bridge will open in May," John Smith said.')
    got = statements(text, engine)
    assert all("\n" not in s.content.text for s in got)
    shown = [s for s in got if s.shown]  # what a reader is shown
    assert [(s.speaker.name, s.content.text) for s in shown] == [
        ("John Smith", '"The bridge will open in May,"')]


@pytest.mark.parametrize("text", [
    "On Tuesday, John Smith plans to visit Kiev for a meeting.",
    "The talks between the two presidents lasted a little over five hours.",
    "John Smith discussed the bridge with the mayor.",
])
def test_non_statements(text, engine):
    assert statements(text, engine) == ()


def test_confidence_orders_evidence(engine):
    named = statements('"The bridge will open in May," John Smith said.', engine)[0].confidence
    pronoun = statements('John Smith arrived.\n"The bridge will open in May," he said.', engine)[0].confidence
    reported = statements("John Smith said that the bridge will open in May.", engine)[0].confidence
    sourceless = statements("The bridge is expected to open in May.", engine)[0].confidence
    assert named > pronoun and named > reported > sourceless
