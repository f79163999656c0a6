"""Opening a database an older quoth wrote upgrades it in place: a backup first, then every
step in one transaction, and nothing the user had is lost (tests/fixtures/schema_v1)."""

from __future__ import annotations

import pathlib
import shutil
import sqlite3

import pytest

from quoth.errors import StoreError
from quoth.store import Store, migrations

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "schema_v1" / "quoth_v1.db"

# what a user keeps: every table's rows, and the edits they made by hand
SNAPSHOT = {
    "articles": "SELECT id, text_hash, url, title, published, outlet, text FROM articles",
    "occurrences": "SELECT article_id, outlet, url, published FROM article_occurrences",
    "statements": "SELECT id, article_id, kind, content, content_start, content_end, spans, "
                  "speaker_id, speaker_name, cluster_id FROM statements",
    "speakers": "SELECT id, name, key, type FROM speakers",
    "aliases": "SELECT speaker_id, alias, key, title, count FROM speaker_aliases",
    "rules": "SELECT key, speaker_name, action, created FROM speaker_rules",
    "clusters": "SELECT * FROM clusters",
    "cluster_keys": "SELECT * FROM cluster_keys",
    "about": "SELECT statement_pk, text, key, label FROM statement_about",
}


def snapshot(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {name: sorted(map(tuple, conn.execute(sql))) for name, sql in SNAPSHOT.items()}


@pytest.fixture
def old_db(tmp_path) -> pathlib.Path:
    path = tmp_path / "quoth.db"
    shutil.copy(FIXTURE, path)
    return path


def version(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]


def test_the_fixture_is_a_version_1_database_with_user_edits():
    before = snapshot(FIXTURE)
    assert version(FIXTURE) == "1"
    assert {r[2] for r in before["rules"]} == {"merge", "split"}
    assert len(before["articles"]) == 6 and len(before["clusters"]) > 0


@pytest.mark.parametrize("readonly", [False, True])
def test_opening_upgrades_in_place_and_keeps_everything(old_db, readonly):
    before = snapshot(old_db)
    with Store(str(old_db), readonly=readonly) as store:
        assert store.stats()["statements"] == len(before["statements"])
        mariano = store.speaker("Connie Mariano")
        assert "Ex-White House Doctor" in {a["alias"] for a in mariano["aliases"]}
    assert version(old_db) == str(migrations.CURRENT)
    assert snapshot(old_db) == before
    backup = pathlib.Path(f"{old_db}.v1.bak")
    assert version(backup) == "1" and snapshot(backup) == before


def test_user_rules_still_apply_after_the_upgrade(old_db):
    with Store(str(old_db)) as store:
        # the merge rule sends a later "Ex-White House Doctor" to Connie Mariano
        from quoth.store.speakers import find_speaker

        assert find_speaker(store.conn, "Ex-White House Doctor") == \
            find_speaker(store.conn, "Connie Mariano")
        assert store.integrity() == {"sqlite": "ok", "fts": "ok"}
        assert store.search("health")["total"] > 0


def test_a_failing_step_leaves_the_database_as_it_was(old_db, monkeypatch):
    before = snapshot(old_db)

    def broken(conn):
        conn.execute("ALTER TABLE statements ADD COLUMN act TEXT")
        conn.execute("SELECT no_such_column FROM statements")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, broken])
    monkeypatch.setattr(migrations, "CURRENT", len(migrations.STEPS) + 1)
    with pytest.raises(StoreError, match="the database is unchanged"):
        Store(str(old_db))
    assert version(old_db) == "1" and snapshot(old_db) == before
    with sqlite3.connect(old_db) as conn:
        assert "act" not in {r[1] for r in conn.execute("PRAGMA table_info(statements)")}


def test_adding_a_step_is_one_function(old_db, monkeypatch):
    def statement_note(conn):
        conn.execute("ALTER TABLE statements ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, statement_note])
    monkeypatch.setattr(migrations, "CURRENT", len(migrations.STEPS) + 1)
    with Store(str(old_db)) as store:
        assert store.conn.execute("SELECT count(note) FROM statements").fetchone()[0] == 0
    assert version(old_db) == str(len(migrations.STEPS) + 1)


def test_statements_stored_before_acts_stay_in_the_default_view(old_db):
    """A statement stored before acts existed is no ``other``: the default view shows it
    where its speaker was named (``Statement.shown``)."""
    with Store(str(old_db)) as store:
        count = (lambda where: store.conn.execute(
            f"SELECT count(*) FROM statements {where}").fetchone()[0])
        n, named = count(""), count("WHERE speaker_name IS NOT NULL")
        assert n and store.conn.execute("SELECT count(act) FROM statements").fetchone()[0] == 0
        assert store.search(None)["total"] == named < n == store.search(None, act="all")["total"]
        columns = {r[2] for r in store.conn.execute("PRAGMA index_info(statements_filter)")}
        assert {"act", "confidence", "content_start", "content_end"} <= columns


def test_a_new_database_runs_every_step(tmp_path):
    with Store(str(tmp_path / "new.db")):
        pass
    assert version(tmp_path / "new.db") == str(migrations.CURRENT)
    assert not list(tmp_path.glob("*.bak"))


def test_a_newer_database_is_refused(old_db):
    with sqlite3.connect(old_db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                     (str(migrations.CURRENT + 1),))
    for readonly in (False, True):
        with pytest.raises(StoreError, match="upgrade quoth"):
            Store(str(old_db), readonly=readonly)
