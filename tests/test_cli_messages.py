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
    assert err.startswith(f"quoth: error: no speaker matching '{written}'; did you mean ")
    assert suggested in err and err.endswith("?")


def test_a_speaker_nothing_resembles_gets_a_sentence(db, capsys):
    assert main(["speakers", "merge", "Vladimir Putin", "Zzyzx Qwerty", "--db", db]) == 1
    assert capsys.readouterr().err.strip() == "quoth: error: no speaker matching 'Zzyzx Qwerty'."


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
