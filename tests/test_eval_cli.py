"""`quoth eval` through its entry point."""

from __future__ import annotations

import json

import pytest

from quoth.cli import main
from test_eval_brat import make_corpus


def test_not_a_corpus_is_one_line_error(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"quoth: error: {tmp_path}: not a brat corpus (no text/ folder)"]


def test_bad_limit(tmp_path, capsys):
    assert main(["eval", str(tmp_path), "--limit", "0"]) == 1
    assert "--limit" in capsys.readouterr().err


@pytest.mark.model
def test_json_figures_on_a_tiny_corpus(tmp_path, capsys):
    assert main(["eval", str(make_corpus(tmp_path)), "--json", "--engine", "rules"]) == 0
    out, err = capsys.readouterr()
    figures = json.loads(out)
    assert (figures["articles"], figures["gold"]) == (1, 3)
    for key in ("attribution", "content_exact", "content_overlap", "content_soft", "cue"):
        assert set(figures[key]) == {"p", "r", "f1"}
        assert all(0.0 <= v <= 1.0 for v in figures[key].values())
    assert set(figures["by_kind"]) == {"direct", "indirect", "mixed"}
    assert "orphan.txt" in err  # the text without annotations is reported


@pytest.mark.model
@pytest.mark.data
def test_table_on_polnear_dev(polnear_dir, capsys):
    assert main(["eval", str(polnear_dir / "dev"), "--limit", "2", "--engine", "rules"]) == 0
    out = capsys.readouterr().out
    assert "articles 2" in out
    for label in ("attribution", "content exact", "content overlap", "content soft",
                  "source accuracy", "direct", "indirect", "mixed", "throughput"):
        assert label in out
