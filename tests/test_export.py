"""Export round-trips: JSONL, CSV and Parquet read back equal the database rows."""

from __future__ import annotations

import csv
import datetime
import json

import pytest

from quoth.cli import main
from quoth.store import Store
from quoth.store.export import COLUMNS

from test_store import quote_by, result, said


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "q.db")) as s:
        s.add([quote_by("Vladimir Putin", f"statement {i} about NATO, “quoted”", outlet="S",
                        published="2022-02-07", url=f"https://s.com/{i}") for i in range(5)])
        s.add([quote_by("Emmanuel Macron", "café, naïve; line\nbreak", outlet=None)])
        text = 'Ukraine matters, said Joe Biden.'
        s.add([result(text, said(text, "Ukraine matters", "Joe Biden", kind="indirect",
                                 about=("Ukraine",)))])
        yield s


def test_rows_have_speaker_article_outlet_columns(store):
    rows = list(store.iter_statements())
    assert len(rows) == 7 and all(tuple(r) == COLUMNS for r in rows)
    biden = next(r for r in rows if r["speaker"] == "Joe Biden")
    assert biden["about"][0]["text"] == "Ukraine"
    putin = next(r for r in rows if r["speaker"] == "Vladimir Putin")
    assert (putin["outlet"], putin["outlets"], putin["published"]) == (
        "S", ["S"], datetime.date(2022, 2, 7))
    assert all(isinstance(r["spans"], list) and isinstance(r["spans"][0], list) for r in rows)


def test_parquet_columns_are_native_types(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "s.parquet"
    assert store.export("parquet", str(out)) == 7
    con = duckdb.connect()
    got = con.execute(
        f"SELECT count(*) FROM read_parquet('{out}') WHERE published = DATE '2022-02-07' "
        "AND list_contains(outlets, 'S') AND len(spans) = 1 AND spans[1][1] >= 0").fetchone()
    assert got == (5,)
    (label,) = con.execute(f"SELECT about[1].label FROM read_parquet('{out}') "
                           "WHERE len(about) > 0").fetchone()
    assert label


def test_parquet_round_trip(store, tmp_path):
    import pyarrow.parquet as pq
    out = tmp_path / "s.parquet"
    assert main(["export", "--format", "parquet", "--out", str(out), "--db", store.path]) == 0
    assert pq.read_table(out).to_pylist() == list(store.iter_statements())


def test_jsonl_round_trip(store, tmp_path):
    out = tmp_path / "s.jsonl"
    assert store.export("jsonl", str(out)) == 7
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == [{**r, "published": r["published"] and r["published"].isoformat()}
                    for r in store.iter_statements()]
    assert isinstance(back[0]["spans"], list) and isinstance(back[0]["outlets"], list)


def test_csv_round_trip(store, tmp_path):
    out = tmp_path / "s.csv"
    assert store.export("csv", str(out)) == 7
    with open(out, newline="", encoding="utf-8") as fh:
        back = list(csv.DictReader(fh))
    as_text = [{k: "" if v is None else json.dumps(v) if isinstance(v, list) else str(v)
                for k, v in r.items()} for r in store.iter_statements()]
    assert back == as_text


def test_jsonl_to_stdout(store, capsys):
    assert main(["export", "--db", store.path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["id"]


def test_empty_database_exports_an_empty_parquet(tmp_path):
    import pyarrow.parquet as pq
    with Store(str(tmp_path / "e.db")) as s:
        assert s.export("parquet", str(tmp_path / "e.parquet")) == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 0 and tuple(table.column_names) == COLUMNS
