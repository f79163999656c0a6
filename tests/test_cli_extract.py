"""`quoth extract` through its entry point: output contract, bad input, exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from quoth.cli import main

ARTICLE = ("Talks Ended\n\nPARIS (AFP) - \"We will keep talking,\" Macron said on Monday.\n"
           "Putin said that the talks had been useful.\n")
ARTICLE_KEYS = {"id", "path", "title", "published", "updated", "outlet", "dateline", "lang"}
STATEMENT_KEYS = {"id", "kind", "content", "cue", "speaker", "confidence"}


def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return [str(tmp_path / n) for n in ("missing.txt", "empty.txt", "image.txt", "nothing")]


def test_only_bad_input_fails_with_one_line_per_file(tmp_path, capsys):
    paths = bad_inputs(tmp_path)
    assert main(["extract", *paths]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == len(paths) + 1
    for path, line in zip(paths, err):
        assert line.startswith("quoth: skipped " + path + ":")
    assert err[-1] == "quoth: 0 articles, 0 statements, 4 skipped (empty 2, not found 1, not text 1)"


def spans_of(statement):
    yield statement["content"]
    for start, end in statement["content"]["spans"]:
        yield {"start": start, "end": end, "text": None}
    if statement["cue"]:
        yield statement["cue"]
    if statement["speaker"]["mention"]:
        yield statement["speaker"]["mention"]


def check_contract(record, text):
    assert set(record) == {"article", "statements"}
    assert ARTICLE_KEYS <= set(record["article"])
    for st in record["statements"]:
        assert STATEMENT_KEYS <= set(st)
        assert st["kind"] in ("direct", "indirect", "mixed")
        assert isinstance(st["confidence"], float)
        assert set(st["speaker"]) >= {"name", "type", "title", "mention"}
        for span in spans_of(st):
            assert 0 <= span["start"] < span["end"] <= len(text)
            if span["text"] is not None:
                assert text[span["start"]:span["end"]] == span["text"]


@pytest.mark.model
def test_good_file_processed_despite_bad_ones(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", *bad_inputs(tmp_path), str(good), "--format", "jsonl",
                 "--engine", "rules"]) == 0
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    record = json.loads(line)
    check_contract(record, ARTICLE)
    assert record["article"]["path"] == str(good)
    assert (record["article"]["title"], record["article"]["outlet"]) == ("Talks Ended", "AFP")
    assert len(record["statements"]) >= 1
    assert err.strip().splitlines()[-1].startswith("quoth: 1 article, ")
    assert err.strip().splitlines()[-1].endswith(", 4 skipped (empty 2, not found 1, not text 1)")


@pytest.mark.model
def test_example_article_offsets_hold(example_article, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(example_article), "--format", "jsonl", "--out", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    text = example_article.read_bytes().decode("utf-8")
    check_contract(record, text)
    assert record["article"]["published"] == "2022-02-07"
    assert record["article"]["dateline"] == "MOSCOW"


@pytest.mark.model
def test_table_is_readable(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(good), "--engine", "rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {good} | Talks Ended (AFP, PARIS)")
    assert "speaker" in out and "content" in out
    assert "Macron" in out


@pytest.mark.model
def test_stdin_through_the_console_script():
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "quoth", "extract", "-", "--format", "jsonl", "--engine", "rules"],
        input=("\ufeff" + ARTICLE).encode("utf-8"), capture_output=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout.decode("utf-8"))
    assert record["article"]["path"] == "-"
    check_contract(record, ARTICLE)  # the BOM is not part of the text


def test_unwritable_out_is_one_line_error(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code = main(["extract", str(good), "--out", str(tmp_path / "no" / "such" / "dir.jsonl")])
    assert code == 1
    assert capsys.readouterr().err.startswith("quoth: error: Cannot write ")


def test_format_table_rows_without_a_model():
    from quoth.cli.extract import format_table
    from quoth.records import Article, ArticleResult, Speaker, Statement, make_content, make_span

    text = "\"We will win,\" Putin said. " + "x " * 100
    article = Article(id="a1", text=text, path="in.txt", title="T", outlet="AP")
    st = Statement("s1", "direct", make_content(text, [(0, len(text))]), make_span(text, 21, 25),
                   Speaker("Vladimir Putin", "PERSON", None, make_span(text, 15, 20)), 0.9,
                   act="say")
    lines = format_table(ArticleResult(article, (st,)), width=80).splitlines()
    assert lines[0] == "== in.txt | T (AP)"
    assert lines[2].split()[:5] == ["1", "Vladimir", "Putin", "say", "said"]
    assert lines[2].endswith("…") and len(lines[2]) <= 80
    empty = format_table(ArticleResult(article, ()))
    assert empty.splitlines()[1].strip() == "(no statements found)"


def test_format_table_leaves_out_other_attributions_unless_asked():
    from dataclasses import replace

    from quoth.cli.extract import format_table
    from quoth.records import Article, ArticleResult, Speaker, Statement, make_content, make_span

    text = "Forty-six percent backed Clinton. Putin said the talks went well."
    article = Article(id="a1", text=text, path="in.txt")
    poll = Statement("s1", "indirect", make_content(text, [(25, 32)]), make_span(text, 18, 24),
                     Speaker(None, None, None, make_span(text, 0, 17)), 0.8, act="other")
    said = replace(poll, id="s2", content=make_content(text, [(45, 64)]),
                   cue=make_span(text, 40, 44), act="say",
                   speaker=Speaker("Vladimir Putin", "PERSON", None, make_span(text, 34, 39)))
    result = ArticleResult(article, (poll, said))
    shown = format_table(result).splitlines()
    assert [line.split()[1] for line in shown[2:3]] == ["Vladimir"] and len(shown) == 4
    assert shown[-1].strip() == "(1 other attribution not shown: --all shows them)"
    every = format_table(result, everything=True).splitlines()
    assert len(every) == 4 and "other" in every[2].split()


@pytest.mark.model
@pytest.mark.parametrize("engine", ["hybrid", "fast"])
def test_trained_engines_through_the_cli(engine, tmp_path, capsys):
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(path), "--engine", engine, "--format", "jsonl"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    said = {(s["speaker"]["name"], s["kind"]) for s in record["statements"]}
    assert said == {("Macron", "direct"), ("Putin", "indirect")}


def test_an_article_the_extractor_fails_on_is_reported_and_counted(tmp_path, monkeypatch, capsys):
    from quoth import extraction as ex
    from quoth.finders import StatementFinder

    def finder(self, doc, article):
        raise RuntimeError("boom")

    monkeypatch.setattr(StatementFinder, "_statements", finder)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--format", "jsonl", "--engine", "rules"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"quoth: skipped {tmp_path / 'a.txt'}: The statements could not be extracted "
        "(RuntimeError: boom).",
        "quoth: 0 articles, 0 statements, 1 skipped (extraction failed 1)"]
