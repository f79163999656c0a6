"""Full-text search over statements (FTS5, bm25) with filters and facets.

Every user token is quoted for FTS5 (``"tok"``, inner quotes doubled), so no
query string can be parsed as FTS5 syntax: ``"unbalanced``, ``AND``, ``C++``,
``l'Élysée`` and emoji all just search.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from quoth.errors import NotFoundInStore, UsageError
from quoth.model import KINDS
from quoth.store.names import normalise
from quoth.store.rows import STATEMENT_FROM, STATEMENT_SELECT, statement_dict
from quoth.store.speakers import find_speaker

__all__ = ["fts_query", "search"]

MARKS = ("\x02", "\x03")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FACET_SIZE = 10


def fts_query(query: str | None) -> str | None:
    """An FTS5 MATCH expression ANDing every token as a quoted string.

    None for no query; "" when the query holds nothing searchable (matches nothing).
    """
    if query is None or not query.strip():
        return None
    query = _CONTROL.sub(" ", query)  # FTS5 ends a string at NUL: drop control characters
    tokens = [t for t in query.split() if re.search(r"\w", t)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def search(conn: sqlite3.Connection, query: str | None = None, *, limit: int = 20,
           offset: int = 0, facets: bool = True, **filters: Any) -> dict[str, Any]:
    """See ``Store.search``."""
    match = fts_query(query)
    empty = {"total": 0, "hits": [], "facets": {}}
    if match == "":
        return empty
    try:
        where, params = _filters(conn, **filters)
    except NotFoundInStore:
        return empty
    if match is not None:
        where.insert(0, "statements_fts MATCH ?")
        params.insert(0, match)
    frm = STATEMENT_FROM + (" JOIN statements_fts ON statements_fts.rowid = s.pk"
                            if match is not None else "")
    cond = " WHERE " + " AND ".join(where) if where else ""
    total = conn.execute(f"SELECT count(*) FROM {frm}{cond}", params).fetchone()[0]
    hits = _hits(conn, frm, cond, params, match is not None, limit, offset)
    return {"total": total, "hits": hits,
            "facets": _facets(conn, frm, cond, params) if facets and total else {}}


def _hits(conn, frm, cond, params, ranked, limit, offset) -> list[dict[str, Any]]:
    if ranked:
        extra = (", snippet(statements_fts, 0, char(2), char(3), '…', 40) AS snippet,"
                 " bm25(statements_fts) AS rank")
        order = "rank, s.pk"
    else:
        extra = ", s.content AS snippet, NULL AS rank"
        order = "a.published DESC, s.article_id, s.content_start"
    rows = conn.execute(
        f"SELECT {STATEMENT_SELECT}{extra} FROM {frm}{cond} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, max(0, int(limit)), max(0, int(offset)))).fetchall()
    return [{**statement_dict(conn, r), "snippet": r["snippet"], "rank": r["rank"]}
            for r in rows]


def _filters(conn, *, speaker=None, about=None, outlet=None, date_from=None, date_to=None,
             kind=None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if speaker not in (None, ""):
        where.append("s.speaker_id = ?")
        params.append(find_speaker(conn, speaker))
    if about:
        key = normalise(about)
        if not key:
            raise NotFoundInStore(f"nothing to match in about={about!r}")
        like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("s.pk IN (SELECT statement_pk FROM statement_about WHERE key = ? OR "
                     "key LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\')")
        params.extend([key, like + " %", "% " + like, "% " + like + " %"])
    if outlet:
        where.append("s.article_id IN (SELECT article_id FROM article_occurrences "
                     "WHERE outlet = ? COLLATE NOCASE)")
        params.append(outlet.strip())
    for value, op in ((date_from, ">="), (date_to, "<=")):
        if value:
            if not _DATE.match(value.strip()):
                raise UsageError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
            where.append(f"substr(a.published, 1, ?) {op} ?")
            params.extend([len(value.strip()), value.strip()])
    if kind:
        if kind not in KINDS:
            raise UsageError(f"bad kind {kind!r}: one of {', '.join(KINDS)}")
        where.append("s.kind = ?")
        params.append(kind)
    return where, params


def _facets(conn, frm, cond, params) -> dict[str, list[dict[str, Any]]]:
    def top(select: str, join: str, group: str) -> list[sqlite3.Row]:
        return conn.execute(
            f"SELECT {select}, count(*) AS n FROM {frm} {join}{cond} GROUP BY {group} "
            f"ORDER BY n DESC, 1 LIMIT {FACET_SIZE}", params).fetchall()

    speakers = top("sp.name AS value, sp.id AS id", "", "sp.id HAVING sp.id IS NOT NULL")
    outlets = top("o.outlet AS value",
                  "JOIN article_occurrences o ON o.article_id = s.article_id",
                  "o.outlet HAVING o.outlet IS NOT NULL")
    kinds = top("s.kind AS value", "", "s.kind")
    about = top("max(ab.text) AS value", "JOIN statement_about ab ON ab.statement_pk = s.pk",
                "ab.key")
    return {
        "speaker": [{"value": r["value"], "id": r["id"], "count": r["n"]} for r in speakers],
        "outlet": [{"value": r["value"], "count": r["n"]} for r in outlets],
        "kind": [{"value": r["value"], "count": r["n"]} for r in kinds],
        "about": [{"value": r["value"], "count": r["n"]} for r in about],
    }
