"""Metadata that fills in: a metadata table beside the texts (PolNeAR's layout) or given
with --meta, and a known text ingested again with richer metadata."""

from __future__ import annotations

import json
import pathlib
import sqlite3
import sys

import pytest

from quoth.cli import main
from quoth.cli.ingest import parse_fields
from quoth.readers import read
from quoth.store.ingest import ingest

sys.path.insert(0, str(pathlib.Path(__file__).parent / "fixtures"))
from fake_runner import fake_runner  # noqa: E402

# A real article's opening (PolNeAR dev, breitbart 2016-09-15), no header lines of dates.
TEXT = ("Pat Caddell: Democrat Voters Worried About Hillary Clinton’s Health Issues.\n\n"
        "“There’s a real concern about her health,” longtime Democratic pollster Pat Caddell "
        "told Breitbart News Daily. “People are worried about it, and they have a right to be.”\n")
# The same with a relative date, which only the published date resolves.
DATED = TEXT + "\n“The polls will tighten,” Caddell said on Tuesday.\n"


@pytest.mark.parametrize("pair, expected", [
    ("text=story", {"text": "story"}),
    ("date=pubDate", {"published": "pubDate"}),
    ("published=when", {"published": "when"}),
    ("headline=hed", {"title": "hed"}),
    ("site=source_name", {"outlet": "source_name"}),
    ("link=permalink", {"url": "permalink"}),
])
def test_every_field_name_the_readers_know_is_accepted(pair, expected):
    assert parse_fields([pair]) == expected


def test_a_table_beside_the_texts_fills_date_outlet_and_title(tmp_path):
    (tmp_path / "caddell.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "filename,publication_date,publisher,title\n"
        "caddell,2016-09-15,breitbart,A title the file does not carry\n", encoding="utf-8")
    (article,) = read(str(tmp_path))
    assert (article.published, article.outlet) == ("2016-09-15", "breitbart")
    assert article.title.startswith("Pat Caddell")  # the file's own heading wins


def test_meta_names_a_table_anywhere(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "caddell.txt").write_text(TEXT, encoding="utf-8")
    table = tmp_path / "dates.tsv"
    table.write_text("file\tdate\toutlet\nsomewhere/caddell.txt\tThu, 15 Sep 2016 08:00:00 +0000\tBreitbart\n",
                     encoding="utf-8")
    (article,) = read(str(tmp_path / "a"), meta=str(table))
    assert (article.published, article.outlet) == ("2016-09-15", "Breitbart")


def test_a_table_without_a_file_column_is_reported_once(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text("date\toutlet\n2016-09-15\tx\n", encoding="utf-8")
    errors = []
    assert len(list(read(str(tmp_path), on_error=errors.append))) == 2
    assert len(errors) == 1 and "no file name column" in str(errors[0])


@pytest.mark.data
def test_polnear_dev_from_its_folder_comes_out_dated(polnear_dir, tmp_path):
    articles = list(read(str(polnear_dir / "dev")))
    assert len(articles) == 84
    assert all(a.published and a.outlet for a in articles)
    summary = ingest([str(polnear_dir / "dev")], str(tmp_path / "q.db"), runner=fake_runner,
                     progress=False)
    with sqlite3.connect(tmp_path / "q.db") as conn:
        undated = conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()
    assert (summary.new, undated[0]) == (84, 0)


@pytest.mark.model
def test_the_same_text_again_with_metadata_fills_the_stored_article(tmp_path, capsys):
    (tmp_path / "caddell.txt").write_text(DATED, encoding="utf-8")
    record = {"text": DATED, "url": "https://www.breitbart.com/radio/2016/09/15/caddell/",
              "published": "2016-09-15T08:00:00Z", "outlet": "Breitbart"}
    (tmp_path / "later.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "q.db")
    common = ["--db", db, "--engine", "rules", "--workers", "1", "--json"]
    assert main(["ingest", str(tmp_path / "caddell.txt"), *common]) == 0
    first = json.loads(capsys.readouterr().out)
    assert said_on(db, "Tuesday") is None  # no published date: "on Tuesday" is unknown
    assert main(["ingest", str(tmp_path / "later.jsonl"), *common]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["new"], second["duplicate"], second["updated"]) == (0, 1, 1)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT published, url, outlet FROM articles").fetchall()
        statements = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert stored == [("2016-09-15", "https://breitbart.com/radio/2016/09/15/caddell", "Breitbart")]
    assert statements == first["statements"] > 0
    # the published date filled in dates the statements again: 2016-09-15 was a Thursday
    assert said_on(db, "Tuesday") == "2016-09-13"
    # a third time: nothing left to fill
    assert main(["ingest", str(tmp_path / "later.jsonl"), *common]) == 0
    assert json.loads(capsys.readouterr().out)["updated"] == 0


def said_on(db: str, cue_sentence: str) -> str | None:
    """The stored said_on of the statement whose sentence holds ``cue_sentence``."""
    with sqlite3.connect(db) as conn:
        text = conn.execute("SELECT text FROM articles").fetchone()[0]
        rows = conn.execute("SELECT content_start, said_on FROM statements").fetchall()
    (found,) = [when for start, when in rows if cue_sentence in text[start:].split("\n")[0]]
    return found


@pytest.mark.model
def test_field_works_on_extract(tmp_path, capsys):
    record = {"story": TEXT, "pubDate": "2016-09-15"}
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / "dump.jsonl"), "--field", "text=story",
                 "--field", "date=pubDate", "--format", "jsonl", "--engine", "rules"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["article"]["published"] == "2016-09-15"
