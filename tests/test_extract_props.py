"""``quoth.extraction``: the offsets property and the streaming / batch interface."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from quoth.errors import UsageError
from quoth.records import Article, article_id

pytestmark = pytest.mark.model

PIECES = [
    '"We will win," John Smith said.', "“It is over,” said Anne Lee.", "He added that it was late.",
    "The bridge opened, officials said.", "Officials believe it will rain, according to Reuters.",
    "Russian President Vladimir Putin noted that NATO grew.", "'Fine,' she said, 'fine.'",
    "«Oui», dit-il.", "„Ja“, sagte er.", 'A "scare quote" here.', '"Unclosed quote,', "\n",
    "\n\n", "Putin: Talks Useful\n", "Don't, Russia's, the '90s.", " ", '"', "'", "“", "”",
    "Putin believes Macron \"will have a hard time\" in Kiev.", "   ", "\ufeff", "émigré — ok.",
]


def check_offsets(text: str, statement) -> None:
    from quoth.records import join_pieces

    c = statement.content
    assert c.text == join_pieces(text, c.spans)  # the pieces, the attribution between left out
    assert c.spans and c.start == c.spans[0][0] and c.end == c.spans[-1][1]
    for s, e in c.spans:
        assert 0 <= s < e <= len(text)
    for span in (statement.cue, statement.speaker.mention):
        if span is not None:
            assert text[span.start:span.end] == span.text
    for ent in statement.about:
        assert text[ent.start:ent.end] == ent.text
    assert 0.0 <= statement.confidence <= 1.0
    assert statement.kind in ("direct", "indirect", "mixed")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map(" ".join))
def test_offsets_always_point_into_the_text(text):
    from quoth.extraction import extract_text

    for statement in extract_text(text, engine="rules").statements:
        check_offsets(text, statement)


def test_example_article_offsets(example_article):
    from quoth.extraction import extract_text

    text = example_article.read_text(encoding="utf-8")
    result = extract_text(text, engine="rules")
    assert result.statements
    for statement in result.statements:
        check_offsets(text, statement)


def articles(texts):
    return [Article(article_id(t), t, path=f"a{i}.txt") for i, t in enumerate(texts)]


TEXTS = ['"We will win," John Smith said.', "", "Nothing is said here at all.",
         "The bridge opened, officials said."]


def test_extract_streams_in_order_across_batches():
    from quoth.extraction import extract

    got = list(extract(iter(articles(TEXTS)), engine="rules", batch_size=3))
    assert [r.article.path for r in got] == ["a0.txt", "a1.txt", "a2.txt", "a3.txt"]
    assert [len(r.statements) for r in got] == [1, 0, 0, 1]


def test_process_batch_matches_extract():
    from quoth.extraction import extract, process_batch

    assert process_batch(articles(TEXTS), engine="rules") == list(
        extract(articles(TEXTS), engine="rules", batch_size=1))


def test_records_are_plain_and_serialise():
    import json
    import pickle

    from quoth.extraction import extract_text

    result = extract_text('"We will win," John Smith said.', engine="rules")
    assert pickle.loads(pickle.dumps(result)) == result
    d = json.loads(json.dumps(result.to_dict()))
    assert d["statements"][0]["speaker"]["name"] == "John Smith"
    assert d["statements"][0]["cue"] == {"text": "said", "start": 26, "end": 30}


@pytest.mark.parametrize("engine", ["hybrid", "fast", "tagger"])
def test_every_engine_runs(engine):
    """The trained engines are another module's; here: they run and keep the offsets."""
    from quoth.extraction import extract_text

    text = '"We will win," John Smith said. Officials said that the bridge opened.'
    result = extract_text(text, engine=engine)
    for statement in result.statements:
        check_offsets(text, statement)


def test_rules_engine_when_tagger_breaks(monkeypatch):
    import quoth.extraction as ex
    from quoth.tagger import engine as tagger

    def broken(*a, **k):
        raise ValueError("corrupt model file")

    monkeypatch.setattr(tagger, "find_statements", broken)
    result = ex.extract_text('"We will win," John Smith said.', engine="hybrid")
    assert [s.speaker.name for s in result.statements] == ["John Smith"]


def test_unknown_engine_is_a_usage_error():
    from quoth.extraction import extract_text

    with pytest.raises(UsageError):
        extract_text("x", engine="magic")


def test_statement_ids_are_stable():
    from quoth.extraction import extract_text

    a = extract_text('"We will win," John Smith said.', engine="rules").statements
    b = extract_text('"We will win," John Smith said.', engine="rules").statements
    assert [s.id for s in a] == [s.id for s in b]


def test_about_lists_entities_in_content_but_not_the_speaker():
    from quoth.extraction import extract_text

    (s,) = extract_text("Vladimir Putin said that NATO ignored Russia and Putin.",
                        engine="rules").statements
    assert {e.text for e in s.about} == {"NATO", "Russia"}


def test_an_article_the_finder_fails_on_carries_the_error(monkeypatch, caplog):
    from quoth import extraction as ex
    from quoth.finders import StatementFinder
    from quoth.records import ArticleResult

    def finder(self, doc, article):
        if "boom" in article.text:
            raise RuntimeError("boom")
        return iter(())

    monkeypatch.setattr(StatementFinder, "_statements", finder)
    texts = ["It rained.", "A boom was heard.", "It stopped."]
    results = ex.process_batch([Article(article_id(t), t) for t in texts], engine="rules")
    assert [r.error for r in results] == [None, "The statements could not be extracted (RuntimeError: boom)", None]
    assert "could not be extracted" not in caplog.text  # reported once, by the consumer
    d = results[1].to_dict()
    assert d["error"] == results[1].error and "error" not in results[0].to_dict()
    assert ArticleResult.from_dict(d, texts[1]) == results[1]
