"""Schema upgrades: a database written by an older quoth is brought up to this version.

``STEPS`` is the ordered list of upgrade steps: ``STEPS[0]`` takes a version-1 database to
version 2, ``STEPS[1]`` version 2 to 3, and so on, so ``SCHEMA_VERSION`` is
``len(STEPS) + 1``. A step is a function of the connection that changes the schema (and
moves data where it must) with plain SQL; it runs inside the upgrade's one transaction
and never commits. To change the schema, append a step::

    def _statement_act(conn):
        conn.execute("ALTER TABLE statements ADD COLUMN act TEXT")

    STEPS = [..., _statement_act]

A new database is made at version 1 by ``quoth.store.schema.SCHEMA`` and then runs every
step, so a step is also how a new database gets the change; the ``CREATE ... IF NOT
EXISTS`` statements of ``SCHEMA`` stay those of version 1.

``upgrade(conn, path)`` on opening an older database: first a backup copy beside it
(``quoth.db.v1.bak``: SQLite's online backup, so it is consistent), then every missing
step and the new version number in one transaction; a step that fails rolls all back
and leaves the database as it was. A newer database than this quoth knows is refused.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Callable

from quoth.errors import StoreError

__all__ = ["STEPS", "CURRENT", "upgrade", "version_of", "backup_path"]


def _upgrade_history(conn: sqlite3.Connection) -> None:
    """Version 2: a record of every upgrade run on the database (from, to, when, backup)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_upgrades (from_version INTEGER NOT NULL, "
                 "to_version INTEGER NOT NULL, backup TEXT, "
                 "at TEXT NOT NULL DEFAULT (datetime('now')))")


def _statement_act(conn: sqlite3.Connection) -> None:
    """Version 3: ``statements.act`` (say, think, want, other; NULL for statements stored
    before, which default views show), indexed for the default views; the covering filter
    index also holds what search ranks by (act, confidence, content length)."""
    conn.execute("ALTER TABLE statements ADD COLUMN act TEXT")
    conn.execute("DROP INDEX IF EXISTS statements_filter")
    conn.execute("CREATE INDEX statements_filter ON statements(pk, kind, speaker_id, article_id, "
                 "act, confidence, content_start, content_end)")
    conn.execute("CREATE INDEX IF NOT EXISTS statements_act ON statements(act, speaker_id)")


def _article_lang(conn: sqlite3.Connection) -> None:
    """Version 4: each article's language (ISO 639-1, ``quoth.nlp.lang``; NULL: unknown,
    as for every article stored before)."""
    conn.execute("ALTER TABLE articles ADD COLUMN lang TEXT")
    conn.execute("CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang)")


Step = Callable[[sqlite3.Connection], None]
STEPS: list[Step] = [_upgrade_history, _statement_act, _article_lang]
CURRENT = len(STEPS) + 1


def version_of(conn: sqlite3.Connection) -> int | None:
    """The database's schema version; None for a database that has none yet (new)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        raise StoreError(f"The schema version {row[0]!r} is not one quoth writes.") from None


def backup_path(path: str, found: int) -> str:
    """``quoth.db.v1.bak``, or ``quoth.db.v1.2.bak`` when that exists already."""
    candidate, n = f"{path}.v{found}.bak", 1
    while os.path.exists(candidate):
        n += 1
        candidate = f"{path}.v{found}.{n}.bak"
    return candidate


def upgrade(conn: sqlite3.Connection, path: str | None, found: int) -> str | None:
    """Bring the database from version ``found`` to ``CURRENT``; the backup's path."""
    if found > CURRENT:
        raise StoreError(f"Schema version {found} is newer than this quoth's ({CURRENT}): "
                         "open it with the quoth that wrote it, or upgrade quoth.")
    if found == CURRENT:
        return None
    backup = _backup(conn, path, found) if path and path != ":memory:" else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        for n in range(found, CURRENT):
            STEPS[n - 1](conn)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                     (str(CURRENT),))
        conn.execute("INSERT INTO schema_upgrades(from_version, to_version, backup) "
                     "VALUES (?, ?, ?)", (found, CURRENT, backup))
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"The upgrade from schema version {found} to {CURRENT} failed "
                             f"({exc}); the database is unchanged (a copy is at {backup}).") \
                from exc
        raise
    return backup


def _backup(conn: sqlite3.Connection, path: str, found: int) -> str:
    target = backup_path(path, found)
    try:
        with sqlite3.connect(target) as copy:
            conn.backup(copy)
        copy.close()
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"Cannot write the backup {target} before upgrading ({exc}); "
                         "nothing was changed.") from exc
    return target
