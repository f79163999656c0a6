"""`quoth ingest --workers/--dask/--out`, and Parquet output loaded back into the database."""

from __future__ import annotations

import json
import os

import pytest

from quoth.cli import main

pytestmark = pytest.mark.model


def statements_in(db: str) -> list[tuple]:
    from quoth.store import Store

    with Store(db, readonly=True) as store:
        hits = store.search(None, limit=1000, facets=False)["hits"]
    return sorted((h["id"], h["content"], h["speaker"], h["cue"]) for h in hits)


def test_out_writes_parquet_and_ingest_loads_it(tmp_path, example_article, capsys):
    out, direct_db, loaded_db = (str(tmp_path / n) for n in ("ex.parquet", "a.db", "b.db"))
    assert main(["ingest", str(example_article), "--out", out, "--workers", "1", "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["articles"] == 1 and written["statements"] > 3
    assert os.listdir(os.path.join(out, "statements")) == ["month=2022-02"]

    assert main(["ingest", out, "--db", loaded_db, "--json"]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert (loaded["new"], loaded["statements"]) == (1, written["statements"])
    assert main(["ingest", str(example_article), "--db", direct_db, "--workers", "1"]) == 0
    capsys.readouterr()
    assert statements_in(loaded_db) == statements_in(direct_db)

    assert main(["ingest", out, "--db", loaded_db, "--json"]) == 0  # again: nothing new
    assert json.loads(capsys.readouterr().out)["new"] == 0


def test_bad_workers_is_a_usage_error(tmp_path, example_article, capsys):
    assert main(["ingest", str(example_article), "--db", str(tmp_path / "x.db"),
                 "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_bad_dask_address_is_a_usage_error(tmp_path, example_article, capsys):
    assert main(["ingest", str(example_article), "--db", str(tmp_path / "x.db"),
                 "--dask", "somewhere"]) == 2
    assert "--dask" in capsys.readouterr().err


def test_help_shows_scale_options(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = capsys.readouterr().out
    assert all(opt in text for opt in ("--workers", "--dask", "--out", "quoth ingest crawl.parquet"))
