"""Read-side pages: one article, one statement, one speaker, database stats."""

from __future__ import annotations

import sqlite3
from typing import Any

from quoth.errors import NotFoundInStore
from quoth.store.rows import STATEMENT_FROM, STATEMENT_SELECT, act_condition, statement_dict
from quoth.store.speakers import find_speaker, speaker_entry

__all__ = ["article", "statement", "speaker", "stats", "outlets", "find_article_id"]

_ARTICLE_FIELDS = ("id", "url", "title", "published", "updated", "outlet", "dateline",
                   "path", "source", "lang")


MIN_PREFIX = 4  # characters of an id that may stand for the whole id, when unique


def by_prefix(conn: sqlite3.Connection, table: str, ref: str, what: str) -> str | None:
    """The id in ``table`` that starts with ``ref`` (at least MIN_PREFIX characters); None
    when none does; NotFoundInStore saying so when several do."""
    if len(ref) < MIN_PREFIX or not ref.isalnum():
        return None
    rows = conn.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
                        (ref, ref + "\U0010ffff")).fetchall()
    if len(rows) > 1:
        raise NotFoundInStore(f"{ref!r} is the start of more than one {what} id "
                              f"({', '.join(r[0] for r in rows[:2])}, ...); give more characters.")
    return rows[0][0] if rows else None


def find_article_id(conn: sqlite3.Connection, ref: str) -> str:
    """An article id from an id, a unique id prefix (>= MIN_PREFIX chars) or a URL."""
    ref = (ref or "").strip()
    row = conn.execute("SELECT id FROM articles WHERE id = ?", (ref,)).fetchone()
    if row is None:
        found = by_prefix(conn, "articles", ref, "article")
        row = (found,) if found else None
    if row is None:
        from quoth.store.writer import canonical_url

        row = conn.execute("SELECT id FROM articles WHERE url = ?",
                           (canonical_url(ref),)).fetchone() or conn.execute(
            "SELECT article_id FROM article_occurrences WHERE url = ? OR url_key = ?",
            (ref, canonical_url(ref))).fetchone()
    if row is None:
        short = f" (an id prefix needs at least {MIN_PREFIX} characters)" \
            if 0 < len(ref) < MIN_PREFIX else ""
        raise NotFoundInStore(f"No article matches {ref!r}{short}.")
    return row[0]


def _occurrences(conn, aid: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT outlet, url, published, title, path, source FROM article_occurrences "
        "WHERE article_id = ? ORDER BY id", (aid,))]


def _statements(conn, where: str, params, order: str, limit: int = -1) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {STATEMENT_SELECT} FROM {STATEMENT_FROM} WHERE {where} ORDER BY {order} "
        "LIMIT ?", (*params, limit)).fetchall()
    return [statement_dict(conn, r) for r in rows]


def article(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """See ``Store.article``."""
    aid = find_article_id(conn, ref)
    row = conn.execute(f"SELECT {', '.join(_ARTICLE_FIELDS)}, text FROM articles WHERE id = ?",
                       (aid,)).fetchone()
    d = dict(row)
    d["occurrences"] = _occurrences(conn, aid)
    d["statements"] = _statements(conn, "s.article_id = ?", (aid,), "s.content_start, s.pk")
    return d


def statement(conn: sqlite3.Connection, sid: str, *, context: int = 300) -> dict[str, Any]:
    """See ``Store.statement``."""
    sid = (sid or "").strip()
    found = _statements(conn, "s.id = ?", (sid,), "s.pk")
    if not found:
        full = by_prefix(conn, "statements", sid, "statement")
        found = _statements(conn, "s.id = ?", (full,), "s.pk") if full else []
    if not found:
        short = f" (an id prefix needs at least {MIN_PREFIX} characters)" \
            if 0 < len(sid) < MIN_PREFIX else ""
        raise NotFoundInStore(f"No statement matches {sid!r}{short}.")
    d = found[0]
    row = conn.execute(f"SELECT {', '.join(_ARTICLE_FIELDS)}, text FROM articles WHERE id = ?",
                       (d["article_id"],)).fetchone()
    text, start, end = row["text"], d["content_start"], d["content_end"]
    d["article"] = {k: row[k] for k in ("id", "url", "title", "published", "outlet")}
    d["article"]["occurrences"] = _occurrences(conn, d["article_id"])
    d["context"] = {"before": text[max(0, start - context):start], "text": text[start:end],
                    "after": text[end:end + context], "start": start, "end": end}
    return d


def speaker(conn: sqlite3.Connection, ref: int | str, *, latest: int = 20,
            act: str | None = None) -> dict[str, Any]:
    """See ``Store.speaker``: counts, timeline, topics and latest statements over the acts
    ``act`` keeps (``rows.act_condition``: by default the statements)."""
    sid = find_speaker(conn, ref)
    cond, extra = act_condition(act)
    shown = f" AND {cond}" if cond else ""
    d = speaker_entry(conn, sid)
    d["count"] = conn.execute(f"SELECT count(*) FROM statements s WHERE s.speaker_id = ?"
                                   f"{shown}", (sid, *extra)).fetchone()[0]
    d["aliases"] = [dict(r) for r in conn.execute(
        "SELECT alias, count FROM speaker_aliases WHERE speaker_id = ? "
        "ORDER BY count DESC, alias", (sid,))]
    d["articles"] = conn.execute("SELECT count(DISTINCT article_id) FROM statements s "
                                 f"WHERE speaker_id = ?{shown}", (sid, *extra)).fetchone()[0]
    d["outlets"] = [{"value": r[0], "count": r[1]} for r in conn.execute(
        "SELECT o.outlet, count(*) AS n FROM statements s JOIN article_occurrences o "
        f"ON o.article_id = s.article_id WHERE s.speaker_id = ?{shown} AND o.outlet IS NOT NULL "
        "GROUP BY o.outlet ORDER BY n DESC, o.outlet", (sid, *extra))]
    d["timeline"] = [{"date": r[0], "count": r[1]} for r in conn.execute(
        "SELECT a.published, count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
        f" WHERE s.speaker_id = ?{shown} AND a.published IS NOT NULL GROUP BY a.published"
        " ORDER BY a.published", (sid, *extra))]
    d["undated"] = conn.execute(
        "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
        f" WHERE s.speaker_id = ?{shown} AND a.published IS NULL", (sid, *extra)).fetchone()[0]
    d["about"] = [{"value": r[0], "label": r[1], "count": r[2]} for r in conn.execute(
        "SELECT max(ab.text), max(ab.label), count(*) AS n FROM statements s "
        f"JOIN statement_about ab ON ab.statement_pk = s.pk WHERE s.speaker_id = ?{shown} "
        "GROUP BY ab.key ORDER BY n DESC, 1 LIMIT 20", (sid, *extra))]
    d["latest"] = _statements(conn, f"s.speaker_id = ?{shown}", (sid, *extra),
                              "a.published DESC, s.article_id, s.content_start", latest)
    return d


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """See ``Store.stats``."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "occurrences": one("SELECT count(*) FROM article_occurrences"),
        "statements": one("SELECT count(*) FROM statements"),
        "speakers": one("SELECT count(*) FROM speakers"),
        "outlets": one("SELECT count(DISTINCT outlet) FROM article_occurrences"),
        "about_entities": one("SELECT count(DISTINCT key) FROM statement_about"),
        "first_published": one("SELECT min(published) FROM articles"),
        "last_published": one("SELECT max(published) FROM articles"),
        "kinds": {r[0]: r[1] for r in conn.execute(
            "SELECT kind, count(*) FROM statements GROUP BY kind ORDER BY kind")},
        "languages": {r[0] or "unknown": r[1] for r in conn.execute(
            "SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY lang")},
    }


def outlets(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """See ``Store.outlets``."""
    return [{"value": r[0], "count": r[1]} for r in conn.execute(
        "SELECT outlet, count(DISTINCT article_id) AS n FROM article_occurrences "
        "WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet")]
