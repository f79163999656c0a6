"""The French gold: every offset points at its text in quoth's reading of the page."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import ROOT, SHARED

GOLD_DIR = ROOT / "tests" / "data" / "fr_gold"
FR_DIR = SHARED / "fr"


def _gold() -> list[dict]:
    with open(GOLD_DIR / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    if not FR_DIR.is_dir():
        pytest.skip(f"French pages not found at {FR_DIR} (../shared/data is absent in a fresh clone)")
    from quoth.readers import read

    return {a.path.rsplit("/", 1)[-1]: a.text for a in read([str(FR_DIR)])}


def _spans(record: dict) -> list[tuple[int, int, str | None]]:
    if record["type"] == "negative":
        s = record["span"]
        return [(s["start"], s["end"], s["text"])]
    mention = record["speaker"]["mention"]
    pieces = [(s, e, None) for s, e in record["content"]["spans"]]
    return [(mention["start"], mention["end"], mention["text"])] + pieces


@pytest.mark.data
def test_offsets_match_the_readers_text(texts):
    for record in _gold():
        text = texts[record["file"]]
        for start, end, expected in _spans(record):
            assert 0 <= start < end <= len(text)
            if expected is not None:
                assert text[start:end] == expected, record
        if record["type"] == "statement":
            joined = " … ".join(text[s:e] for s, e in record["content"]["spans"])
            assert joined == record["content"]["text"], record


@pytest.mark.data
def test_gold_file_is_what_the_build_script_makes(texts):
    spec = importlib.util.spec_from_file_location("fr_gold_build", GOLD_DIR / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.build(str(FR_DIR)) == _gold()


def test_gold_meets_the_rubric():
    records = _gold()
    statements = [r for r in records if r["type"] == "statement"]
    assert len(statements) >= 40
    assert {r["act"] for r in statements} <= {"say", "think", "want"}
    assert {r["kind"] for r in statements} <= {"direct", "indirect", "mixed"}
    assert all(r["speaker"]["name"] for r in statements)
    assert any(r["type"] == "negative" for r in records)
