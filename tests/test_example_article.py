"""The bundled example article, checked against expectations written by READING it.

Each row below was written from the article text, sentence by sentence, before
looking at quoth's output: who says it (canonical name) and a phrase that only that
statement's content holds. Decisions on borderline sentences follow the PolNeAR
guidelines (attribution = a content ascribed to a source through a cue):

- "Putin cited Iraq, Libya, Afghanistan as examples." IS a statement: "cited" is a
  reporting cue (PolNeAR annotates it) and the examples are what
  Putin put forward.
- "Kiev ignores ..., Putin said, adding that he drew Macron's attention ..." is TWO
  statements (two cues, two contents).
- "This open door policy, we discussed this with many partners, ..." and "I understand
  that there are no easy questions" are nested inside Putin's quotes: they stay part of
  those statements, never statements of their own.
- Subheads without a "Name: claim" form ("Meeting With Macron 'Businesslike'", "NATO
  Trying to Lecture Russia"), "On Tuesday, Macron plans to visit Kiev ..." (a schedule,
  no cue of speech or thought) and "The talks ... lasted a little over five hours" are
  NOT statements.
- The headlines "Putin: Russia's Key Security Concerns ..." and "Macron: New Mechanisms
  Needed ..." ARE statements (headline attribution form).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUTIN, MACRON = "Vladimir Putin", "Emmanuel Macron"

# (speaker, a phrase only that statement's content holds), in reading order
EXPECTED = [
    (PUTIN, "Key Security Concerns Ignored"),                  # headline
    (PUTIN, "rather free interpretation of the principle"),    # ..., Russian President V. Putin said
    (PUTIN, "three key points"),                               # he recalled that ...
    (PUTIN, "central concerns of ours"),                       # "...," Putin said
    (PUTIN, "the open door policy is quite free"),             # "...," Putin added
    (PUTIN, "not to strengthen one's security"),               # recalled that ... "..." (mixed)
    (PUTIN, "purely defensive alliance"),                      # ..., Putin said
    (PUTIN, "Iraq, Libya, Afghanistan"),                       # Putin cited ... as examples
    (PUTIN, "Russia was designated as an adversary"),          # Putin said that ...
    (PUTIN, "main security threat"),                           # "...," Putin said
    (PUTIN, "held in a businesslike manner"),                  # the Russian president said that
    (PUTIN, "held on February 7"),                             # Putin called it symbolic that
    (PUTIN, "solid foundation for partnership"),               # "...," he added
    (PUTIN, "the parties discussed security guarantees"),      # ..., Putin said
    (PUTIN, "lecture us a little bit"),                        # "...," he said at a press conference
    (PUTIN, "threat of a Russian invasion"),                   # ... "in this case, into Ukraine," Putin noted
    (PUTIN, "continued to pump Ukraine with weapons"),         # President Putin also noted that
    (PUTIN, "military specialists and instructors"),           # "...," Putin said
    (PUTIN, "Kiev ignores all possibilities"),                 # ..., Putin said,
    (PUTIN, "drew Macron's attention to Kiev's refusal"),      # adding that ...
    (PUTIN, "Normandy format"),                                # "...," Putin said
    (PUTIN, "Steinmeier formula"),                             # "...," Putin said
    (PUTIN, "would discuss in Kiev issues"),                   # Putin expressed hope that
    (PUTIN, "Macron's ideas can well be used"),                # ..., Putin said
    (PUTIN, "will have a hard time\" in negotiations"),        # Putin believes that Macron "..." (mixed)
    (PUTIN, "complex set"),                                    # "...," Putin said
    (PUTIN, "they would still call each other"),               # Putin said that ...
    (MACRON, "New Mechanisms Needed"),                         # headline
    (MACRON, "worked out to ensure stability"),                # French President E. Macron said
    (MACRON, "imperative to develop new mechanisms"),          # “...,” Macron said
    (MACRON, "remain the basis for resolving"),                # ..., French President E. Macron said
    (MACRON, "no other solution to the Ukraine issue"),        # "...," Macron said
]

NOT_STATEMENTS = [
    "'Businesslike'", "NATO Trying to Lecture Russia", "plans to visit Kiev",
    "lasted a little over five hours",
]


@pytest.fixture(scope="module")
def result(example_article):
    from quoth.extraction import process_batch
    from quoth.readers import read

    article = next(iter(read([str(example_article)])))
    return process_batch([article], engine="rules")[0]


@pytest.mark.parametrize("speaker,phrase", EXPECTED, ids=[p for _, p in EXPECTED])
def test_each_statement_found_with_its_speaker(result, speaker, phrase):
    found = [s for s in result.statements if phrase in s.content.text]
    assert len(found) == 1, f"{phrase!r}: {len(found)} statements hold it"
    assert found[0].speaker.name == speaker
    assert found[0].speaker.type == "PERSON"


def test_no_spurious_statements(result):
    assert len(result.statements) == len(EXPECTED)


@pytest.mark.parametrize("phrase", NOT_STATEMENTS)
def test_non_statements_stay_out(result, phrase):
    assert not [s for s in result.statements if phrase in s.content.text]


@pytest.mark.parametrize("phrase,mention,cue,title", [
    ("solid foundation for partnership", "he", "added", "Russian President"),
    ("three key points", "he", "recalled", "Russian President"),
    ("held in a businesslike manner", "the Russian president", "said", "Russian President"),
    ("continued to pump Ukraine with weapons", "President Putin", "noted", "Russian President"),
    ("rather free interpretation of the principle", "Russian President Vladimir Putin", "said",
     "Russian President"),
    ("worked out to ensure stability", "French President Emmanuel Macron", "said", "French President"),
])
def test_mentions_cues_and_titles(result, phrase, mention, cue, title):
    s = next(s for s in result.statements if phrase in s.content.text)
    assert s.speaker.mention.text == mention
    assert s.cue.text == cue
    assert s.speaker.title == title


@pytest.mark.parametrize("phrase,kind", [
    ("central concerns of ours", "direct"),
    ("not to strengthen one's security", "mixed"),
    ("will have a hard time\" in negotiations", "mixed"),
    ("three key points", "indirect"),
])
def test_kinds(result, phrase, kind):
    assert next(s for s in result.statements if phrase in s.content.text).kind == kind


def test_nested_quote_stays_inside_its_statement(result):
    s = next(s for s in result.statements if "complex set" in s.content.text)
    assert "I understand that there are no easy questions" in s.content.text
    assert not [t for t in result.statements if t.content.text.startswith("there are no easy")]
