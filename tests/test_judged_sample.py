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


JUDGED = SCRIPT.parents[1] / "tests" / "data" / "judged"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (JUDGED / name).read_text(encoding="utf-8").splitlines()]


# (committed sample, good records, not statements): the figures RUBRIC.md gives
@pytest.mark.parametrize("name,good,not_statements", [
    ("fresh-sample-200.jsonl", 177, 9),
    ("fresh-rechecked-sample-200.jsonl", 182, 8),
    ("rechecked2-sample-200.jsonl", 184, 5),
])
def test_the_committed_samples_are_judged_throughout(judged, name, good, not_statements):
    rows = _rows(name)
    assert len(rows) == 200 and all(isinstance(r["judgment"]["statement"], bool) for r in rows)
    r = judged.rates(rows)
    assert (r["good"], r["not_statement"]) == (good, not_statements)


@pytest.mark.data
@pytest.mark.model
@pytest.mark.slow
def test_the_judged_sample_holds_for_todays_default_view(judged, polnear_dir, example_article):
    """The fresh sample's judgments hold for what quoth shows today: a change that alters
    the record a reader sees must be judged again (``judged_sample.py recheck``)."""
    paths = [str(polnear_dir / "dev" / "text"), str(example_article.parent)]
    shown = {r["statement_id"]: r for r in judged.shown_records(paths)}
    rows = _rows("fresh-rechecked-sample-200.jsonl")
    held = [r for r in rows if judged.same(shown.get(r["statement_id"]), r)]
    assert len(held) >= 190, f"only {len(held)} of 200 judgments hold: recheck and judge again"
    r = judged.rates(held)
    assert r["good_rate"] >= 0.90 and r["not_statement_rate"] <= 0.05, r
