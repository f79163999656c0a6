"""The quoth database schema (SQLite, WAL mode) and opening a connection.

Tables::

    articles            one row per distinct article text
        id TEXT PK          quoth.records.article_id(text) unless the reader gave another id
        text_hash TEXT      article_id(text): same text -> same hash (unique)
        url TEXT            canonical URL (lower-case host, no www./fragment/utm_*) (unique)
        title, published (YYYY-MM-DD), updated, outlet, dateline, path, source, text,
        lang (ISO 639-1, quoth.nlp.lang; NULL when unknown; added by migration step 3)
    article_occurrences one row per outlet that published the same text
        article_id -> articles.id, outlet, url (as given), url_key (canonical URL),
        published, title, path, source
        unique (article_id, ifnull(outlet, ''))
    speakers            one entity across articles
        id INTEGER PK, name (canonical), key (normalised name), type, surname
    speaker_aliases     every name/mention met for a speaker, with titles
        speaker_id, alias, key (normalised), title, count; unique (speaker_id, key)
    speaker_titles      roles met for a speaker: speaker_id, title, count
    speaker_rules       user corrections (merge/split), applied on every ingest
        key TEXT PK (normalised alias), speaker_name, action ('merge'|'split'), created
    statements          one attributed statement
        pk INTEGER PK (FTS rowid), id TEXT unique (quoth.records.statement_id),
        article_id, kind, content, content_start, content_end, spans (JSON),
        cue, cue_start, cue_end, speaker_id -> speakers, speaker_name (in-article
        canonical), speaker_key (normalised, drives split), speaker_mention,
        speaker_mention_start, speaker_mention_end, speaker_type, speaker_title,
        confidence, said_on, occasion, cluster_id (nullable: clusters),
        act (say|think|want|other, quoth.records.ACTS; NULL from a record without one;
        added by schema version 3, ``migrations._statement_act``)
    statement_about     the entities a statement is about (the "about" facet)
        statement_pk, text, key (normalised), label, start, end
    statements_fts      FTS5 over statements.content (content=statements,
                        content_rowid=pk), kept in sync by triggers, so
                        ``datasette quoth.db`` offers search on its own.
    meta                key/value (schema_version: an older database is upgraded in
                        place on opening, after a backup copy, by the steps of
                        ``quoth.store.migrations``; a newer one is refused)
    schema_upgrades     the upgrades run on this database (from, to, backup, at)

Search indexes (``quoth.store.search``): ``articles_newest`` (newest-first browse),
``articles_dates`` (covering: the date filter without reading article texts),
``statements_filter`` (covering: checks filters while walking FTS matches),
``occurrence_outlet_nocase`` (the case-insensitive outlet filter). A database made
before they existed gets them the next time it is opened for writing.

Every connection: WAL journal, busy timeout 30 s, foreign keys on.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse

from quoth.errors import NotFoundInStore, StoreError
from quoth.store import migrations

__all__ = ["SCHEMA", "SCHEMA_VERSION", "connect", "integrity"]

SCHEMA_VERSION = str(migrations.CURRENT)  # SCHEMA below is version 1; the steps do the rest

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    title TEXT, published TEXT, updated TEXT, outlet TEXT, dateline TEXT,
    path TEXT, source TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_newest ON articles(published DESC, id);
CREATE INDEX IF NOT EXISTS articles_dates ON articles(id, published);
CREATE TABLE IF NOT EXISTS article_occurrences (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    outlet TEXT, url TEXT, url_key TEXT, published TEXT, title TEXT, path TEXT, source TEXT
);
CREATE INDEX IF NOT EXISTS occurrence_url_key ON article_occurrences(url_key);
CREATE UNIQUE INDEX IF NOT EXISTS occurrence_outlet
    ON article_occurrences(article_id, ifnull(outlet, ''));
CREATE INDEX IF NOT EXISTS occurrence_by_outlet ON article_occurrences(outlet);
CREATE INDEX IF NOT EXISTS occurrence_outlet_nocase
    ON article_occurrences(outlet COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    type TEXT,
    surname TEXT
);
CREATE INDEX IF NOT EXISTS speakers_surname ON speakers(surname);
CREATE INDEX IF NOT EXISTS speakers_key ON speakers(key);
CREATE TABLE IF NOT EXISTS speaker_aliases (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    title TEXT,
    count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (speaker_id, key)
);
CREATE INDEX IF NOT EXISTS aliases_key ON speaker_aliases(key);
CREATE TABLE IF NOT EXISTS speaker_titles (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (speaker_id, title)
);
CREATE TABLE IF NOT EXISTS speaker_rules (
    key TEXT PRIMARY KEY,
    speaker_name TEXT NOT NULL,
    action TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS statements (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    spans TEXT NOT NULL,
    cue TEXT, cue_start INTEGER, cue_end INTEGER,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    speaker_name TEXT, speaker_key TEXT, speaker_mention TEXT,
    speaker_mention_start INTEGER, speaker_mention_end INTEGER,
    speaker_type TEXT, speaker_title TEXT,
    confidence REAL NOT NULL,
    said_on TEXT, occasion TEXT,
    cluster_id INTEGER
);
CREATE INDEX IF NOT EXISTS statements_article ON statements(article_id, content_start);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id);
CREATE INDEX IF NOT EXISTS statements_speaker_key ON statements(speaker_key);
CREATE INDEX IF NOT EXISTS statements_kind ON statements(kind);
CREATE INDEX IF NOT EXISTS statements_cluster ON statements(cluster_id);
CREATE INDEX IF NOT EXISTS statements_filter ON statements(pk, kind, speaker_id, article_id);
CREATE TABLE IF NOT EXISTS statement_about (
    statement_pk INTEGER NOT NULL REFERENCES statements(pk) ON DELETE CASCADE,
    text TEXT NOT NULL, key TEXT NOT NULL, label TEXT,
    start INTEGER, "end" INTEGER
);
CREATE INDEX IF NOT EXISTS about_statement ON statement_about(statement_pk);
CREATE INDEX IF NOT EXISTS about_key ON statement_about(key);
CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
    content, content="statements", content_rowid="pk",
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, content) VALUES (new.pk, new.content);
END;
CREATE TRIGGER IF NOT EXISTS statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, content)
        VALUES ('delete', old.pk, old.content);
END;
CREATE TRIGGER IF NOT EXISTS statements_au AFTER UPDATE OF content ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, content)
        VALUES ('delete', old.pk, old.content);
    INSERT INTO statements_fts(rowid, content) VALUES (new.pk, new.content);
END;
"""


def connect(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the database at ``path``: schema ensured, WAL, busy timeout."""
    if readonly:
        if not os.path.exists(path):
            raise NotFoundInStore(f"no database at {path} (run `quoth ingest` first)")
        uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"  # '?', '#', '%'
        conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
    else:
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise StoreError(f"Cannot create the database {path}: the folder {parent} does "
                             "not exist.")
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        _setup(conn, readonly=readonly, path=path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a usable quoth database ({exc}).") from exc
    except StoreError as exc:
        conn.close()
        raise StoreError(f"{path}: {exc}") from None
    return conn


def _setup(conn: sqlite3.Connection, *, readonly: bool, path: str) -> None:
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("SELECT pk FROM statements LIMIT 1").fetchone()  # a quoth database?
        found = _known_version(conn)
        if found < migrations.CURRENT:  # upgraded in place, then read
            _upgrade_file(path, found)
        conn.execute("PRAGMA mmap_size = 268435456")  # reads without copying pages (search)
        return
    found = migrations.version_of(conn)
    if found is not None:  # before the schema script could add a table to another version
        migrations.upgrade(conn, path, _known_version(conn))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript("BEGIN;" + SCHEMA + "COMMIT;")
    if found is None:  # a new database: version 1 by SCHEMA, then every step
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1')")
        migrations.upgrade(conn, None, 1)


def _known_version(conn: sqlite3.Connection) -> int:
    """The database's version; a StoreError for one this quoth cannot read (newer, none)."""
    found = migrations.version_of(conn)
    if found is None:
        raise StoreError("It has no schema version, so quoth did not write it.")
    if found > migrations.CURRENT:
        raise StoreError(f"Its schema version is {found}, but this quoth reads versions up to "
                         f"{migrations.CURRENT}: open it with the quoth that wrote it, or "
                         "upgrade quoth.")
    return found


def _upgrade_file(path: str, found: int) -> None:
    """Upgrade the database at ``path`` through a short-lived writable connection."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        migrations.upgrade(conn, path, found)
    finally:
        conn.close()


def integrity(conn: sqlite3.Connection, path: str | None = None, *,
              readonly: bool = False) -> dict[str, str]:
    """PRAGMA integrity_check and the FTS5 integrity-check, as ``{"sqlite", "fts"}``.

    The FTS5 check is an INSERT command (it writes nothing); on a read-only
    connection it runs on a short-lived connection to ``path``.
    """
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    sqlite_ok = "ok" if rows == ["ok"] else "; ".join(rows)
    checker = sqlite3.connect(path, timeout=30) if path and readonly else conn
    try:
        checker.execute("INSERT INTO statements_fts(statements_fts, rank) "
                        "VALUES ('integrity-check', 1)")
        fts_ok = "ok"
    except sqlite3.DatabaseError as exc:
        fts_ok = str(exc)
    finally:
        if checker is not conn:
            checker.close()
    return {"sqlite": sqlite_ok, "fts": fts_ok}

