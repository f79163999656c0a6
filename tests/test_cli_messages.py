"""CLI messages: whole sentences that say what to do; id prefixes; speaker suggestions; the
exit codes and --debug."""

from __future__ import annotations

import pathlib
import shutil
import sqlite3

import pytest

from quoth.cli import EXIT_CODES, build_parser, main

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "schema_v1" / "quoth_v1.db"


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "quoth.db"
    shutil.copy(FIXTURE, path)
    return str(path)


def ids(db: str, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]


@pytest.mark.parametrize("written, suggested", [
    ("Marianno", "'Connie Mariano'"),    # a typo
    ("Obamma", "'Obama'"),
    ("Emanuel Macron", "'Emmanuel Macron'"),
])
def test_an_unknown_speaker_gets_a_suggestion(db, capsys, written, suggested):
    assert main(["search", "health", "--speaker", written, "--db", db]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"quoth: error: No speaker matches '{written}'; did you mean ")
    assert suggested in err and err.endswith("?")


def test_a_speaker_nothing_resembles_gets_a_sentence(db, capsys):
    assert main(["speakers", "merge", "Vladimir Putin", "Zzyzx Qwerty", "--db", db]) == 1
    assert capsys.readouterr().err.strip() == "quoth: error: No speaker matches 'Zzyzx Qwerty'."


def test_a_unique_prefix_of_four_characters_finds_the_article(db, capsys):
    articles = ids(db, "articles")
    unique = next(a[:4] for a in articles if sum(b.startswith(a[:4]) for b in articles) == 1)
    assert main(["show", unique, "--db", db]) == 0
    assert capsys.readouterr().out.startswith("== ")


def test_a_short_prefix_says_the_minimum(db, capsys):
    assert main(["show", "5e", "--db", db]) == 1
    assert "an id prefix needs at least 4 characters" in capsys.readouterr().err


def test_a_statement_prefix_finds_the_statement(db):
    from quoth.store import Store

    statement = ids(db, "statements")[10]
    with Store(db, readonly=True) as store:
        assert store.statement(statement[:8])["id"] == statement


def test_help_lists_the_exit_codes(capsys):
    text = build_parser().format_help()
    for code in EXIT_CODES:
        assert f"  {code} " in text


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(db, capsys, monkeypatch):
    from quoth.store import Store

    def broken(self, *a, **kw):
        raise KeyError("oops")

    monkeypatch.setattr(Store, "stats", broken)
    monkeypatch.setattr(Store, "search", broken)
    assert main(["search", "health", "--db", db]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("quoth: internal error: KeyError")
    assert main(["--debug", "search", "health", "--db", db]) == 3
    assert "Traceback" in capsys.readouterr().err


# -- every main error path through the CLI: the whole message ------------------------------

BAD_JSONL = ('{"text": "A raw\ttab."}\n'  # a control character inside a string
             "[1, 2]\n"
             '{"title": "no body"}\n'
             '{"text": "not closed')  # the file's end


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "bad.jsonl").write_text(BAD_JSONL, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    return tmp_path


def without(module: str, monkeypatch) -> None:
    """Make ``module`` look uninstalled to ``require_extra``."""
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == module else find_spec(name, *a))


@pytest.mark.parametrize("argv, code, expected", [
    (["extract", "{dir}/bad.jsonl"], 1, [
        "quoth: skipped {dir}/bad.jsonl:1: The line is not valid JSON: a string holds a control "
        "character (a raw tab or line break) at character 16.",
        "quoth: skipped {dir}/bad.jsonl:2: The record is not a JSON object.",
        "quoth: skipped {dir}/bad.jsonl:3: The record has no article text (quoth looked for "
        "text/maintext/body/content/article/article_text/full_text; name the field with "
        "--field text=KEY).",
        "quoth: skipped {dir}/bad.jsonl:4: The line is not valid JSON: a string is not closed "
        "at character 10.",
        "quoth: 0 articles, 0 statements, 4 skipped (bad record 4)"]),
    (["extract", "{dir}/empty.txt", "{dir}/missing.txt"], 1, [
        "quoth: skipped {dir}/empty.txt: The file is empty.",
        "quoth: skipped {dir}/missing.txt: There is no such file or folder.",
        "quoth: 0 articles, 0 statements, 2 skipped (empty 1, not found 1)"]),
    (["search", "health", "--speaker", "Zzyzx Qwerty", "--db", "{db}"], 1, [
        "quoth: error: No speaker matches 'Zzyzx Qwerty'."]),
    (["show", "5e", "--db", "{db}"], 1, [
        "quoth: error: No article matches '5e' (an id prefix needs at least 4 characters)."]),
    (["show", "zzzzzzzz", "--db", "{db}"], 1, ["quoth: error: No article matches 'zzzzzzzz'."]),
    (["search", "health", "--db", "{dir}/notes.txt"], 1, [
        "quoth: error: {dir}/notes.txt is not a usable quoth database (file is not a "
        "database)."]),
    (["extract", "{dir}/empty.txt", "--out", "{dir}/no/such/out.jsonl"], 1, [
        "quoth: error: Cannot write {dir}/no/such/out.jsonl (No such file or directory)."]),
    (["ingest", "{dir}/empty.txt", "--workers", "0", "--db", "{dir}/q.db"], 2, [
        "quoth: error: --workers must be at least 1."]),
    (["search", "health", "--from", "yesterday", "--db", "{db}"], 2, [
        "quoth: error: 'yesterday' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD."]),
    (["serve", "--db", "{db}"], 2, [
        "quoth: error: This needs quoth's web extra, and fastapi is not installed: install it "
        "with pip install 'quoth[web]'."]),
])
def test_error_messages_are_whole_sentences(inputs, db, capsys, monkeypatch, argv, code,
                                            expected):
    without("fastapi", monkeypatch)
    fill = {"dir": str(inputs), "db": db}
    assert main([a.format(**fill) for a in argv]) == code
    assert capsys.readouterr().err.splitlines() == [e.format(**fill) for e in expected]


def test_a_usage_error_of_argparse_is_a_whole_sentence(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["extract", "-", "--format", "xml"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "quoth extract: error: The argument --format is wrong: invalid choice: 'xml' (choose "
        "from 'table', 'jsonl').")
