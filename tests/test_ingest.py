"""Ingest: formats into the database, dedup, idempotence, resume, bad records, the CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from quoth.cli import main
from quoth.store import Store
from quoth.store.ingest import ingest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fixtures"))
from fake_runner import fake_runner  # noqa: E402

QUOTE = '"{words}," said {name} on {day}.\n\nAnalysts disagreed with the assessment.'


def story(i: int, name: str = "Angela Merkel") -> str:
    return QUOTE.format(words=f"We will talk again about issue number {i}", name=name,
                        day="Monday")


def jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def db_counts(db: str) -> dict:
    with Store(db, readonly=True) as s:
        st = s.stats()
        return {k: st[k] for k in ("articles", "occurrences", "statements", "speakers")}


def test_ingest_counts_dedup_and_occurrences(tmp_path):
    src = jsonl(tmp_path / "a.jsonl", [
        {"text": story(1), "outlet": "A", "url": "https://a.com/1"},
        {"text": story(1), "outlet": "B", "url": "https://b.com/1"},  # same text, new outlet
        {"text": story(2), "outlet": "A", "url": "https://a.com/2"},
        {"text": story(3), "outlet": "A", "url": "https://www.a.com/2/"},  # same URL
        {"text": story(2), "outlet": "A", "url": "https://a.com/2b"},  # same text, same outlet
    ])
    db = str(tmp_path / "q.db")
    s = ingest([src], db, runner=fake_runner, progress=False)
    assert (s.read, s.new, s.duplicate, s.skipped, s.statements) == (5, 2, 3, 0, 2)
    assert db_counts(db) == {"articles": 2, "occurrences": 3, "statements": 2, "speakers": 1}


def test_ingest_twice_is_idempotent(tmp_path):
    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i), "outlet": "A"} for i in range(20)])
    db = str(tmp_path / "q.db")
    ingest([src], db, runner=fake_runner, progress=False)
    before = db_counts(db)
    again = ingest([src], db, runner=fake_runner, progress=False)
    assert (again.new, again.duplicate, again.statements) == (0, 20, 0)
    assert db_counts(db) == before


def test_stored_articles_are_not_extracted_again(tmp_path):
    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i)} for i in range(10)])
    db = str(tmp_path / "q.db")
    ingest([src], db, runner=fake_runner, progress=False)
    seen = []

    def spy(articles):
        for a in articles:
            seen.append(a)
            yield from fake_runner([a])

    ingest([src], db, runner=spy, progress=False)
    assert seen == []


def test_an_article_the_extractor_failed_on_is_counted_not_stored_and_retried(tmp_path):
    from quoth.records import ArticleResult

    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i)} for i in range(5)])
    db = str(tmp_path / "q.db")

    def flaky(articles):  # the extractor fails on article number 3
        for result in fake_runner(articles):
            if "number 3" in result.article.text:
                result = ArticleResult(result.article, (), "The statements could not be extracted (Boom)")
            yield result

    summary = ingest([src], db, runner=flaky, progress=False)
    assert (summary.new, summary.skipped, dict(summary.reasons)) == (4, 1, {"extraction failed": 1})
    assert "extraction failed 1" in str(summary)
    assert db_counts(db)["articles"] == 4
    again = ingest([src], db, runner=fake_runner, progress=False)  # fixed: it is tried again
    assert (again.new, again.duplicate) == (1, 4)


def test_ingest_resumes_after_a_crash_mid_run(tmp_path):
    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i), "outlet": "A"} for i in range(50)])
    db, full = str(tmp_path / "q.db"), str(tmp_path / "full.db")

    def crashing(articles):
        for n, result in enumerate(fake_runner(articles)):
            if n == 37:
                raise RuntimeError("worker died")
            yield result

    with pytest.raises(RuntimeError):
        ingest([src], db, runner=crashing, batch_size=8, progress=False)
    assert db_counts(db)["articles"] == 32  # four whole batches, nothing half-written
    ingest([src], db, runner=fake_runner, batch_size=8, progress=False)
    ingest([src], full, runner=fake_runner, progress=False)
    assert db_counts(db) == db_counts(full)


def test_one_bad_line_among_a_thousand(tmp_path):
    records = [json.dumps({"text": story(i), "outlet": "A"}) for i in range(1000)]
    records.insert(617, '{"text": "broken record, no closing brace"')
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    errors = []
    s = ingest([str(path)], str(tmp_path / "q.db"), runner=fake_runner, progress=False,
               on_error=errors.append)
    assert (s.read, s.new, s.skipped, dict(s.reasons)) == (1000, 1000, 1, {"bad record": 1})
    assert [(e.source, e.line) for e in errors] == [(str(path), 618)]
    assert db_counts(str(tmp_path / "q.db"))["statements"] == 1000


def test_every_format_in_one_ingest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(story(1), encoding="utf-8")
    jsonl(tmp_path / "in" / "b.jsonl", [{"text": story(2), "outlet": "J"}])
    (tmp_path / "in" / "c.csv").write_text(
        'text,outlet\n"' + story(3).replace('"', '""') + '",C\n', encoding="utf-8")
    (tmp_path / "in" / "d.html").write_text(
        f"<html><body><article><p>{story(4)}</p></article></body></html>", encoding="utf-8")
    from test_read_formats import make_warc

    (tmp_path / "in" / "e.warc.gz").write_bytes(make_warc([
        ("https://e.org/5", "200 OK", "text/html",
         f"<html><body><article><p>{story(5)}</p></article></body></html>")], gz=True))
    s = ingest([str(tmp_path / "in")], str(tmp_path / "q.db"), runner=fake_runner,
               progress=False)
    assert (s.read, s.new, s.skipped, s.statements) == (5, 5, 0, 5)
    with Store(str(tmp_path / "q.db"), readonly=True) as store:
        assert {o["value"] for o in store.outlets()} >= {"J", "C", "e.org"}


# -- CLI ------------------------------------------------------------------------------------------

@pytest.fixture
def cli_db(tmp_path, monkeypatch, capsys):
    """A database ingested through `quoth ingest` with the fake runner plugged in."""
    import quoth.cli.ingest as cli_ingest

    monkeypatch.setattr(cli_ingest, "make_runner", lambda args: fake_runner)
    src = jsonl(tmp_path / "a.jsonl", [
        {"text": story(1, "Vladimir Putin"), "outlet": "Sputnik", "date": "2022-02-07"},
        {"text": story(2, "President Putin"), "outlet": "TASS", "date": "2022-02-08"},
        {"text": story(3, "Emmanuel Macron"), "outlet": "Le Monde", "date": "2022-02-08"},
        "{bad json",
    ])
    db = str(tmp_path / "q.db")
    assert main(["ingest", src, "--db", db]) == 0
    out, err = capsys.readouterr()
    assert "read 3, new 3, duplicate 0, updated 0, skipped 1 (bad record 1), statements stored 3" in out
    assert f"{src}:4" in err and "\r" not in err  # no progress bar when not a TTY
    return db


def test_cli_search_show_speakers_export(cli_db, capsys, tmp_path):
    assert main(["search", "issue", "--speaker", "Putin", "--db", cli_db]) == 0
    out = capsys.readouterr().out
    assert out.count("Vladimir Putin") == 2 and "[issue]" in out and "-- 2 of 2" in out

    assert main(["search", '"C++ AND (', "--db", cli_db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0

    assert main(["search", "--outlet", "TASS", "--db", cli_db, "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)["hits"]
    assert main(["show", hit["article_id"][:10], "--db", cli_db]) == 0
    out = capsys.readouterr().out
    assert '"[[We will talk again about issue number 2,]]1"' in out

    assert main(["speakers", "--db", cli_db]) == 0
    out = capsys.readouterr().out
    assert "Vladimir Putin" in out and "-- 2 of 2 speakers" in out

    assert main(["speakers", "merge", "Putin", "Macron", "--db", cli_db]) == 0
    assert main(["speakers", "--db", cli_db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["total"] == 1

    out_path = tmp_path / "s.csv"
    assert main(["export", "--format", "csv", "--out", str(out_path), "--db", cli_db]) == 0
    assert len(out_path.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize("argv, code", [
    (["search", "x", "--db", "{missing}"], 1),
    (["search", "x", "--db", "{not_a_db}"], 1),
    (["ingest", "{not_a_db}", "--db", "{not_a_db}"], 1),
    (["speakers", "--db", "{empty_sqlite}"], 1),
    (["show", "nope", "--db", "{db}"], 1),
    (["speakers", "merge", "Putin", "--db", "{db}"], 2),  # usage errors
    (["export", "--format", "parquet", "--db", "{db}"], 2),
    (["search", "x", "--from", "last week", "--db", "{db}"], 2),
    (["ingest", "x.jsonl", "--field", "bogus=y", "--db", "{db}"], 2),
])
def test_cli_user_errors_are_one_line(cli_db, tmp_path, capsys, argv, code):
    (tmp_path / "notes.txt").write_text("not a database " * 100, encoding="utf-8")
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t(x)").connection.close()
    argv = [a.format(db=cli_db, missing=str(tmp_path / "none.db"), empty_sqlite=str(
        tmp_path / "other.db"), not_a_db=str(tmp_path / "notes.txt")) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.startswith("quoth: error:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["ingest", "search", "show", "export", "speakers"])
def test_every_store_command_has_help_with_example(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and f"quoth {command}" in out and "--db" in out


# -- the real extractor, end to end ---------------------------------------------------------------

@pytest.mark.model
def test_real_extractor_end_to_end(example_article, tmp_path):
    db = str(tmp_path / "q.db")
    proc = subprocess.run(
        [sys.executable, "-m", "quoth", "ingest", str(example_article), "--db", db],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "read 1, new 1" in proc.stdout
    with Store(db, readonly=True) as s:
        stats = s.stats()
        assert stats["statements"] >= 5 and s.integrity() == {"sqlite": "ok", "fts": "ok"}
        putin = s.speaker("Putin")
        assert putin["count"] >= 3
        for hit in s.search("NATO")["hits"]:
            text = s.article(hit["article_id"])["text"]
            assert text[hit["content_start"]:hit["content_end"]] == hit["content"]


def test_after_batch_hook_runs_once_per_committed_batch(tmp_path):
    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i)} for i in range(10)])
    seen = []

    def hook(conn):
        seen.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    ingest([src], str(tmp_path / "q.db"), runner=fake_runner, batch_size=4, progress=False,
           after_batch=hook)
    assert seen == [4, 8, 10]


@pytest.mark.parametrize("progress, shown", [(True, True), (False, False)])
def test_progress_bar_only_when_asked_or_on_a_tty(tmp_path, capsys, progress, shown):
    src = jsonl(tmp_path / "a.jsonl", [{"text": story(i)} for i in range(3)])
    ingest([src], str(tmp_path / "q.db"), runner=fake_runner, progress=progress)
    assert ("3 articles" in capsys.readouterr().err) == shown
