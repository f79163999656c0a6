"""`quoth eval` through its entry point."""

from __future__ import annotations

import json
import pathlib

import pytest

from quoth.cli import main
from test_eval_brat import make_corpus


def test_not_a_corpus_is_one_line_error(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"quoth: error: {tmp_path}: This is not a brat corpus: it has no text/ folder."]


def test_bad_limit(tmp_path, capsys):
    assert main(["eval", str(tmp_path), "--limit", "0"]) == 2
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
                  "source accuracy", "speaker name (named sources)", "direct", "indirect",
                  "mixed", "throughput"):
        assert label in out


CRF_DIR = pathlib.Path(__file__).resolve().parents[1] / "src" / "quoth" / "models" / "attribution"


@pytest.mark.parametrize("engine, message, code", [
    ("tagger", "There is no trained attribution model in {model}", 1),  # a missing model
    ("hybrid", "There is no trained attribution model in {model}", 1),
    ("rules", "needs the engine tagger, hybrid or fast", 2),  # a usage error
])
def test_model_dir_without_a_model_is_one_line_error(tmp_path, capsys, engine, message, code):
    (tmp_path / "corpus").mkdir()
    corpus, model = make_corpus(tmp_path / "corpus"), tmp_path / "empty"
    model.mkdir()
    assert main(["eval", str(corpus), "--engine", engine, "--model", str(model)]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message.format(model=model) in err


def _crf_copy(root: pathlib.Path, min_confidence: float) -> pathlib.Path:
    """The shipped CRF in ``root`` (crf.model linked), with its own confidence threshold."""
    root.mkdir()
    (root / "crf.model").symlink_to(CRF_DIR / "crf.model")
    meta = json.loads((CRF_DIR / "meta.json").read_text(encoding="utf-8"))
    meta["min_confidence"] = min_confidence
    (root / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


@pytest.mark.model
@pytest.mark.skipif(not (CRF_DIR / "crf.model").is_file(), reason="no CRF model shipped")
@pytest.mark.parametrize("min_confidence, predicts", [(0.0, True), (1.01, False)])
def test_model_option_loads_that_directory(tmp_path, capsys, min_confidence, predicts):
    """The engine runs the tagger from --model: one whose threshold no statement reaches
    predicts nothing, the same CRF with none predicts the corpus's statements."""
    (tmp_path / "corpus").mkdir()
    corpus = make_corpus(tmp_path / "corpus")
    model = _crf_copy(tmp_path / "crf", min_confidence)
    assert main(["eval", str(corpus), "--json", "--engine", "tagger", "--model", str(model)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["model"] == str(model)
    assert figures["articles"] == 1
    assert (figures["predicted"] > 0) is predicts


def test_articles_the_extractor_failed_on_are_counted(tmp_path):
    from quoth.evaluate.score import evaluate, format_report
    from quoth.records import ArticleResult

    def failing(articles, **options):
        for article in articles:
            yield ArticleResult(article, (), "The statements could not be extracted (RuntimeError: boom)")

    figures = evaluate(str(make_corpus(tmp_path)), extractor=failing)
    assert (figures["extraction_errors"], figures["attribution"]["r"]) == (1, 0.0)
    assert "extraction failed 1" in format_report(figures)
