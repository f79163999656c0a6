"""The judged-sample script's rates (scripts/judged_sample.py)."""

from __future__ import annotations

import json
import pathlib

import pytest

from conftest import load_script

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "scripts" / "judged_sample.py"


@pytest.fixture(scope="module")
def judged():
    return load_script(SCRIPT)


def row(statement, span=None, speaker=None, error=None):
    return {"judgment": {"statement": statement, "span": span, "speaker": speaker,
                         **({"error": error} if error else {})}}


def test_rates_count_good_records_and_non_statements(judged):
    rows = [row(True, True, True), row(True, True, True), row(True, False, True, "span:cut"),
            row(True, True, False, "speaker:other-person"), row(False, error="not-statement:poll")]
    r = judged.rates(rows)
    assert (r["judged"], r["good"], r["not_statement"], r["bad_span"], r["bad_speaker"]) == \
        (5, 2, 1, 1, 1)
    assert r["good_rate"] == 0.4 and r["not_statement_rate"] == 0.2
    assert list(r["errors"]) == ["span:cut", "speaker:other-person", "not-statement:poll"]


def test_context_is_the_paragraph_of_the_statement(judged):
    text = "First paragraph.\nPutin said the talks were useful.\nLast one."
    start = text.index("the talks")
    assert judged.context(text, start, start + 22) == "Putin said the talks were useful."


def test_the_committed_first_sample_is_judged_throughout(judged, capsys):
    path = SCRIPT.parents[1] / "tests" / "data" / "judged" / "first-sample-60.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 60 and all(isinstance(r["judgment"]["statement"], bool) for r in rows)
    assert judged.main(["rates", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["judged"] == 60


def test_a_judgment_holds_only_while_the_statement_is_shown_unchanged(judged):
    then = {"content": {"text": "that the talks were useful"}, "act": "say",
            "speaker": {"name": "Vladimir Putin"}}
    assert judged.same(dict(then), then)
    assert not judged.same(None, then)  # no longer shown
    assert not judged.same({**then, "speaker": {"name": "Emmanuel Macron"}}, then)
    assert not judged.same({**then, "act": "think"}, then)
