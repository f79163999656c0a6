"""One rule for a failed article on every path: reported once with its file and why,
counted in the closing summary, and the run goes on with the next article.

The statement finder is made to raise on one article (in-process, as a bug in it
would); every path must report that article the same way and count it.
"""

from __future__ import annotations

import json
import re

import pytest

from quoth.cli import main
from test_eval_brat import TEXT as FAILING, make_corpus

GOOD = ("Talks Ended\n\nPARIS (AFP) - \"We will keep talking,\" Macron said on Monday.\n"
        "Putin said that the talks had been useful.\n")
REASON = "The statements could not be extracted (RuntimeError: the finder broke)."


@pytest.fixture
def broken_finder(monkeypatch):
    """The statement finder, raising on the article that reads FAILING."""
    from quoth.finders import StatementFinder

    statements = StatementFinder._statements

    def finder(self, doc, article):
        if article.text == FAILING:
            raise RuntimeError("the finder broke")
        return statements(self, doc, article)

    monkeypatch.setattr(StatementFinder, "_statements", finder)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(FAILING, encoding="utf-8", newline="")
    return tmp_path / "good.txt", tmp_path / "bad.txt"


def reported(err: str, path) -> bool:
    """The failing article is reported once, with its file and the reason."""
    return [line for line in err.splitlines() if str(path) in line or REASON in line] \
        == [f"quoth: skipped {path}: {REASON}"]


@pytest.mark.model
def test_extract(broken_finder, inputs, capsys):
    good, bad = inputs
    assert main(["extract", str(bad), str(good), "--engine", "rules", "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["article"]["path"] for line in out.splitlines()] == [str(good)]
    assert reported(err, bad)
    assert err.splitlines()[-1].endswith(", 1 skipped (extraction failed 1)")


def ingest(inputs, tmp_path, capsys, *options: str) -> tuple[str, str]:
    good, bad = inputs
    assert main(["ingest", str(bad), str(good), "--db", str(tmp_path / "q.db"), "--engine",
                 "rules", "--workers", "1", *options]) == 0
    out, err = capsys.readouterr()
    assert reported(err, bad)
    return out, err


@pytest.mark.model
def test_ingest(broken_finder, inputs, tmp_path, capsys):
    out, _ = ingest(inputs, tmp_path, capsys)
    assert "new 1, duplicate 0, updated 0, skipped 1 (extraction failed 1)" in out


@pytest.mark.model
def test_ingest_summary_counts_it(broken_finder, inputs, tmp_path, capsys):
    out, _ = ingest(inputs, tmp_path, capsys, "--json")
    summary = json.loads(out.splitlines()[-1])
    assert (summary["new"], summary["skipped"], summary["skipped_reasons"]) \
        == (1, 1, {"extraction failed": 1})


@pytest.mark.model
def test_parquet(broken_finder, inputs, tmp_path, capsys):
    good, bad = inputs
    out_dir = str(tmp_path / "pq")
    assert main(["ingest", str(bad), str(good), "--out", out_dir, "--engine", "rules",
                 "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert reported(err, bad)
    assert re.search(r"articles 1, .*skipped 1 \(extraction failed 1\)", out)


@pytest.mark.model
def test_eval(broken_finder, tmp_path, capsys):
    corpus = make_corpus(tmp_path)
    assert main(["eval", str(corpus), "--engine", "rules"]) == 0
    out, err = capsys.readouterr()
    assert reported(err, corpus / "text" / "doc.txt")
    assert "extraction failed 1" in out


@pytest.mark.model
def test_web_try_it(broken_finder, tmp_path):
    from fastapi.testclient import TestClient

    from quoth.records import article_id
    from quoth.web import create_app
    from web_support import build_db

    build_db(str(tmp_path / "web.db"))
    with TestClient(create_app(str(tmp_path / "web.db"))) as client:
        r = client.post("/api/extract", json={"text": FAILING})
    assert r.status_code == 400
    assert f"Skipped {article_id(FAILING)}: {REASON}" in r.text


@pytest.mark.slow
@pytest.mark.model
def test_dask_workers(broken_finder, inputs, tmp_path):
    from distributed import Client

    from quoth.failures import Failures
    from quoth.run.dask import run_dask
    from quoth.store.ingest import ingest

    good, bad = inputs
    lines: list[str] = []
    failures = Failures(write=lines.append)
    # worker threads in this process, so they see the broken finder
    with Client(processes=False, n_workers=1, threads_per_worker=1,
                dashboard_address=None) as client:
        summary = ingest([str(bad), str(good)], str(tmp_path / "q.db"), on_error=failures,
                         runner=lambda arts: run_dask(arts, client=client, engine="rules"))
    assert lines == [f"quoth: skipped {bad}: {REASON}"]
    assert (summary.new, summary.skipped, dict(summary.reasons)) \
        == (1, 1, {"extraction failed": 1})
