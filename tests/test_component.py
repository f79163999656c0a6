"""The ``quoth`` spaCy component gives exactly what ``quoth extract`` prints."""

from __future__ import annotations

import json

import pytest

from quoth.cli import main


def _said(statements) -> list[tuple]:
    """What a reader sees of each statement: content and its pieces, speaker, kind, cue."""
    return [(s["content"]["text"], s["content"]["start"], s["content"]["end"],
             tuple(map(tuple, s["content"]["spans"])), s["speaker"]["name"], s["speaker"]["title"],
             s["kind"], (s["cue"] or {}).get("start")) for s in statements]


def _cli_statements(paths, capsys) -> dict[str, list[tuple]]:
    assert main(["extract", *map(str, paths), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {r["article"]["path"]: _said(r["statements"]) for r in records}


@pytest.fixture(scope="module")
def user_nlp():
    """A spaCy user's own pipeline: the English model as installed, plus ``quoth``."""
    from quoth.nlp import new_nlp

    nlp = new_nlp()
    nlp.add_pipe("quoth")
    return nlp


def _component_statements(nlp, paths) -> dict[str, list[tuple]]:
    texts = {str(p): p.read_text(encoding="utf-8") for p in paths}
    return {path: _said([s.to_dict() for s in doc._.statements])
            for path, doc in zip(texts, nlp.pipe(texts.values()))}


@pytest.mark.model
def test_example_article_same_through_component_and_cli(user_nlp, example_article, capsys):
    got = _component_statements(user_nlp, [example_article])
    want = _cli_statements([example_article], capsys)
    assert len(want[str(example_article)]) >= 30
    assert got == want


@pytest.mark.model
@pytest.mark.data
def test_polnear_dev_same_through_component_and_cli(user_nlp, polnear_dir, capsys):
    paths = sorted((polnear_dir / "dev" / "text").iterdir())[:20]
    got = _component_statements(user_nlp, paths)
    want = _cli_statements(paths, capsys)
    assert sum(map(len, want.values())) > 100
    assert got == want


@pytest.mark.model
def test_component_sets_span_groups(user_nlp):
    doc = user_nlp('"We will not back down," Prime Minister Mark Carney said on Tuesday.')
    (statement,) = doc._.statements
    assert [s.text for s in doc.spans["quoth_content"]] == [statement.content.text]
    assert [s.label_ for s in doc.spans["quoth_content"]] == ["say"] == [statement.act]
    assert statement.content.text.strip('"') == "We will not back down,"
    assert [s.text for s in doc.spans["quoth_source"]] == ["Prime Minister Mark Carney"]
    assert [s.text for s in doc.spans["quoth_cue"]] == ["said"]
    assert statement.speaker.name == "Mark Carney"
    assert doc._.quoth_error is None


def test_unknown_engine_in_config_is_refused():
    import spacy

    from quoth.errors import UsageError

    nlp = spacy.blank("en")
    with pytest.raises(UsageError, match="Unknown engine 'magic'"):
        nlp.add_pipe("quoth", config={"engine": "magic"})
