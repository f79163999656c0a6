"""Full-text search over statements (FTS5, bm25) with filters and facets.

Every user token is quoted for FTS5 (``"tok"``, inner quotes doubled), so no
query string can be parsed as FTS5 syntax: ``"unbalanced``, ``AND``, ``C++``,
``l'Élysée`` and emoji all just search. Control characters (NUL ends an FTS5
string) are dropped first.

How it stays fast on large databases (p95 under 100 ms at 200,000 statements):

- A text query is always driven from the FTS index (``statements_fts CROSS JOIN
  statements``), never from a filter index with a MATCH per row; filters are
  checked on a covering index (``statements_filter``) while walking the matches.
- The rank mixes bm25 with the statement's substance (``SUBSTANCE``: act, confidence,
  content length) whenever the statements table is joined, which the default view's act
  condition always does: a full statement ranks above a fragment that shares its words.
- bm25 is computed only for matches that pass the filters, and at most
  ``RANK_WINDOW`` of them at once: when more match, the ``RANK_WINDOW`` most
  recently stored matches are ranked first, then the older ones (every match stays
  reachable by paging; the order is exact bm25 whenever the matches fit the window).
- Browsing without a query walks ``articles_newest`` (published date, newest first)
  and stops after the page.
- Facets count the top ``FACET_SAMPLE`` results (exact when all matches fit, which
  the result says in ``facets_exact``); the unfiltered browse counts everything
  once and keeps the counts (per ``Store``) until the database changes.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from typing import Any

from quoth.errors import NotFoundInStore, UsageError
from quoth.records import KINDS
from quoth.store.names import normalise
from quoth.store.rows import STATEMENT_FROM, STATEMENT_SELECT, act_condition, statement_dict
from quoth.store.speakers import find_speaker

__all__ = ["fts_query", "search", "RANK_WINDOW", "FACET_SAMPLE"]

MARKS = ("\x02", "\x03")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TOP = chr(0x10FFFF)  # sorts after every character: "2021-06" + _TOP bounds all of June
FACET_SIZE = 10
RANK_WINDOW = 5000  # bm25 is computed for at most this many matches per step
FACET_SAMPLE = 500  # facets count at most this many top results
_SNIPPET = "snippet(statements_fts, 0, char(2), char(3), '…', 40)"
# Substance: bm25 (negative: lower ranks first) scaled up for a statement over an
# attribution with no propositional content, for a sure one over an unsure one, and for a
# full statement over a fragment (up to 160 characters of content); from 0.3x to 1x.
SUBSTANCE = ("((CASE s.act WHEN 'other' THEN 0.6 ELSE 1.0 END) * (0.7 + 0.3 * s.confidence)"
             " * min(1.0, 0.5 + (s.content_end - s.content_start) / 320.0))")


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
           offset: int = 0, facets: bool = True, cache: dict | None = None,
           **filters: Any) -> dict[str, Any]:
    """See ``Store.search``. ``cache``: a dict kept by the caller (one per connection)
    for counts that only change with the database (global facets, about keys)."""
    limit, offset = max(0, int(limit)), max(0, int(offset))
    match = fts_query(query)
    empty = {"total": 0, "hits": [], "facets": {}, "facets_exact": True}
    if match == "":
        return empty
    cache = _fresh(conn, cache)
    act_cond, act_params = act_condition(filters.pop("act", None))
    try:
        where, params, dated = _filters(conn, cache, **filters)
    except NotFoundInStore:
        return empty
    unfiltered = not where
    if act_cond:
        where, params = [act_cond, *where], [*act_params, *params]
    want = offset + limit
    sample = FACET_SAMPLE if facets else 0
    if match is not None:
        total, ordered = _ranked(conn, match, where, params, dated, max(want, sample))
    else:
        total, ordered = _browse(conn, where, params, dated, want, sample)
    hits = _hits(conn, match, ordered[offset:want])
    result = {"total": total, "hits": hits, "facets": {}, "facets_exact": True}
    if facets and total:
        if match is None and unfiltered:
            result["facets"] = _cached(cache, f"facets:{act_cond}:{act_params}",
                                       lambda: _global_facets(conn, act_cond, act_params))
        else:
            pks = [pk for pk, _ in ordered[:FACET_SAMPLE]]
            result["facets"] = _facets(conn, pks)
            result["facets_exact"] = len(pks) >= total
    return result


# -- ordering -------------------------------------------------------------------------------------

def _ranked(conn, match, where, params, dated, want) -> tuple[int, list[tuple[int, float]]]:
    """(total, [(pk, bm25), ...] for the first ``want`` results in result order)."""
    if where:
        frm = ("statements_fts CROSS JOIN statements s" + _covering(conn)
               + " ON s.pk = statements_fts.rowid"
               + (" JOIN articles a ON a.id = s.article_id" if dated else ""))
    else:
        frm = "statements_fts"
    cond = " AND ".join(["statements_fts MATCH ?", *where])
    args = [match, *params]
    score = "bm25(statements_fts)" + (f" * {SUBSTANCE}" if where else "")

    def rank(extra: str, extra_args: list, n: int) -> list[tuple[int, float]]:
        # bm25 in the select list: computed only for matches that pass the filters
        return [(r[0], r[1]) for r in conn.execute(
            f"SELECT statements_fts.rowid, {score} AS r FROM {frm} "
            f"WHERE {cond}{extra} ORDER BY r, statements_fts.rowid LIMIT ?",
            [*args, *extra_args, n])]

    def by_rank(rows: list) -> list[tuple[int, float]]:
        return sorted(((r[0], r[1]) for r in rows), key=lambda r: (r[1], r[0]))[:want]

    if where:
        # One walk, newest match first, ranking the first RANK_WINDOW that pass the
        # filters: all of them when few pass; else the rest is only counted.
        window = conn.execute(
            f"SELECT statements_fts.rowid, {score} FROM {frm} WHERE {cond} "
            "ORDER BY statements_fts.rowid DESC LIMIT ?", [*args, RANK_WINDOW + 1]).fetchall()
        if len(window) <= RANK_WINDOW:
            return len(window), by_rank(window)
        window = window[:RANK_WINDOW]
        bound = window[-1][0]
        total = RANK_WINDOW + conn.execute(
            f"SELECT count(*) FROM {frm} WHERE {cond} AND statements_fts.rowid < ?",
            [*args, bound]).fetchone()[0]
        out = by_rank(window)
    else:
        total = conn.execute(f"SELECT count(*) FROM {frm} WHERE {cond}", args).fetchone()[0]
        if not total or not want:
            return total, []
        if total <= RANK_WINDOW:
            return total, rank("", [], want)
        bound = conn.execute(
            f"SELECT rowid FROM {frm} WHERE {cond} ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [*args, RANK_WINDOW - 1]).fetchone()[0]
        out = rank(" AND statements_fts.rowid >= ?", [bound], min(want, RANK_WINDOW))
    if want > RANK_WINDOW:
        out += rank(" AND statements_fts.rowid < ?", [bound], want - RANK_WINDOW)
    return total, out


def _browse(conn, where, params, dated, want, sample) -> tuple[int, list[tuple[int, None]]]:
    """No text query: (total, [(pk, None), ...]) newest article first."""
    cond = " WHERE " + " AND ".join(where) if where else ""
    join = " JOIN articles a ON a.id = s.article_id" if dated else ""
    total = conn.execute(f"SELECT count(*) FROM statements s{join}{cond}",
                         params).fetchone()[0]
    n = max(want, sample) if where else want  # unfiltered facets come from global counts
    if not total or not n:
        return total, []
    order = "ORDER BY a.published DESC, a.id, s.content_start LIMIT ?"
    if total <= RANK_WINDOW:  # few: find them by the filters' indexes, then sort
        sql = f"SELECT s.pk FROM statements s JOIN articles a ON a.id = s.article_id{cond} {order}"
    else:  # many: walk articles newest first and stop after n, each article's statements
        # by its own index (SQLite would otherwise search a speaker's index per article)
        newest = " INDEXED BY articles_newest" if _has_index(conn, "articles_newest") else ""
        own = " INDEXED BY statements_article" if _has_index(conn, "statements_article") else ""
        sql = (f"SELECT s.pk FROM articles a{newest} CROSS JOIN statements s{own} "
               f"ON s.article_id = a.id{cond} {order}")
    return total, [(r[0], None) for r in conn.execute(sql, [*params, n])]


def _hits(conn, match, page: list[tuple[int, float | None]]) -> list[dict[str, Any]]:
    if not page:
        return []
    ids = json.dumps([pk for pk, _ in page])
    rows = {r["pk"]: r for r in conn.execute(
        f"SELECT {STATEMENT_SELECT} FROM {STATEMENT_FROM} "
        "WHERE s.pk IN (SELECT value FROM json_each(?))", (ids,))}
    snippets: dict[int, str] = {}
    if match is not None:
        snippets = dict(conn.execute(
            f"SELECT rowid, {_SNIPPET} FROM statements_fts WHERE statements_fts MATCH ? "
            "AND rowid IN (SELECT value FROM json_each(?))", (match, ids)).fetchall())
    out = []
    for pk, rank in page:
        row = rows.get(pk)
        if row is not None:
            out.append({**statement_dict(conn, row),
                        "snippet": snippets.get(pk, row["content"]), "rank": rank})
    return out


# -- filters --------------------------------------------------------------------------------------

def _filters(conn, cache, *, speaker=None, about=None, outlet=None, date_from=None,
             date_to=None, kind=None, lang=None) -> tuple[list[str], list[Any], bool]:
    """SQL conditions on ``s`` (statements) and ``a`` (articles), their parameters, and
    whether they need ``a``."""
    where: list[str] = []
    params: list[Any] = []
    dated = False
    if speaker not in (None, ""):
        where.append("s.speaker_id = ?")
        params.append(find_speaker(conn, speaker))
    if about:
        keys = _about_keys(conn, cache, about)
        where.append("s.pk IN (SELECT statement_pk FROM statement_about "
                     "WHERE key IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(keys))
    if outlet:
        where.append("s.article_id IN (SELECT article_id FROM article_occurrences "
                     "WHERE outlet = ? COLLATE NOCASE)")
        params.append(outlet.strip())
    for value, op in ((date_from, ">="), (date_to, "<")):
        if value:
            value = value.strip()
            if not _DATE.match(value):
                raise UsageError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")
            # same as comparing the published date's first len(value) characters
            where.append(f"a.published {op} ?")
            params.append(value if op == ">=" else value + _TOP)
            dated = True
    if lang:
        where.append("s.article_id IN (SELECT id FROM articles WHERE lang = ?)")
        params.append(lang.strip().lower())
    if kind:
        if kind not in KINDS:
            raise UsageError(f"The kind {kind!r} is unknown: use one of {', '.join(KINDS)}.")
        where.append("s.kind = ?")
        params.append(kind)
    return where, params, dated


def _about_keys(conn, cache, about: str) -> list[str]:
    """The stored about keys naming ``about`` as whole words ("clinton" in "hillary clinton")."""
    key = normalise(about)
    if not key:
        raise NotFoundInStore(f"nothing to match in about={about!r}")
    every = _cached(cache, "about_keys", lambda: [
        r[0] for r in conn.execute("SELECT DISTINCT key FROM statement_about")])
    padded = f" {key} "
    found = [k for k in every if padded in f" {k} "]
    if not found:
        raise NotFoundInStore(f"no statement is about {about!r}")
    return found


# -- facets ---------------------------------------------------------------------------------------

def _facets(conn, pks: list[int]) -> dict[str, list[dict[str, Any]]]:
    """Top values per facet over the statements ``pks``: one pass over their index
    entries, then the outlets of their articles and the names of their speakers."""
    ids = json.dumps(pks)
    rows = conn.execute(
        f"SELECT s.speaker_id, s.kind, s.article_id FROM json_each(?) j "
        f"CROSS JOIN statements s{_covering(conn)} ON s.pk = j.value", (ids,)).fetchall()
    kinds = Counter(r[1] for r in rows)
    per_speaker = Counter(r[0] for r in rows if r[0] is not None)
    per_article = Counter(r[2] for r in rows)
    outlets: Counter = Counter()
    for aid, outlet in conn.execute(
            "SELECT article_id, outlet FROM article_occurrences WHERE outlet IS NOT NULL "
            "AND article_id IN (SELECT value FROM json_each(?))", (json.dumps(list(per_article)),)):
        outlets[outlet] += per_article[aid]
    langs: Counter = Counter()
    for aid, lang in conn.execute(
            "SELECT id, lang FROM articles WHERE lang IS NOT NULL "
            "AND id IN (SELECT value FROM json_each(?))", (json.dumps(list(per_article)),)):
        langs[lang] += per_article[aid]
    names = dict(conn.execute("SELECT id, name FROM speakers WHERE id IN "
                              "(SELECT value FROM json_each(?))", (json.dumps(list(per_speaker)),)))
    speakers = Counter({(names[sid], sid): n for sid, n in per_speaker.items() if sid in names})
    about = conn.execute(
        "SELECT max(ab.text), count(*) AS n FROM json_each(?) j "
        "CROSS JOIN statement_about ab ON ab.statement_pk = j.value "
        f"GROUP BY ab.key ORDER BY n DESC, 1 LIMIT {FACET_SIZE}", (ids,)).fetchall()
    return {
        "speaker": [{"value": name, "id": sid, "count": n} for (name, sid), n in _top(speakers)],
        "outlet": [{"value": v, "count": n} for v, n in _top(outlets)],
        "kind": [{"value": v, "count": n} for v, n in _top(kinds)],
        "about": [{"value": r[0], "count": r[1]} for r in about],
        "lang": [{"value": v, "count": n} for v, n in _top(langs)],
    }


def _top(counts: Counter) -> list[tuple[Any, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]


def _global_facets(conn, act_cond: str | None = None,
                   act_params: list | None = None) -> dict[str, list[dict[str, Any]]]:
    """Facets over every statement the act condition keeps (no query, no other filter)."""
    shown = f" AND {act_cond}" if act_cond else ""

    def rows(sql: str) -> list[sqlite3.Row]:
        args = list(act_params or []) * sql.count("{shown}")
        return conn.execute(sql.replace("{shown}", shown)
                            + f" ORDER BY n DESC, 1 LIMIT {FACET_SIZE}", args).fetchall()

    speakers = rows("SELECT sp.name, sp.id, c.n FROM (SELECT speaker_id, count(*) AS n "
                    "FROM statements s WHERE speaker_id IS NOT NULL{shown} GROUP BY speaker_id) c "
                    "JOIN speakers sp ON sp.id = c.speaker_id")
    outlets = rows("SELECT o.outlet, sum(c.n) AS n FROM (SELECT article_id, count(*) AS n "
                   "FROM statements s WHERE 1{shown} GROUP BY article_id) c JOIN "
                   "article_occurrences o ON o.article_id = c.article_id "
                   "WHERE o.outlet IS NOT NULL GROUP BY o.outlet")
    kinds = rows("SELECT kind, count(*) AS n FROM statements s WHERE 1{shown} GROUP BY kind")
    about = rows("SELECT max(ab.text), count(*) AS n FROM statement_about ab JOIN statements s "
                 "ON s.pk = ab.statement_pk WHERE 1{shown} GROUP BY ab.key")
    langs = rows("SELECT a.lang, sum(c.n) AS n FROM (SELECT article_id, count(*) AS n "
                 "FROM statements s WHERE 1{shown} GROUP BY article_id) c JOIN articles a "
                 "ON a.id = c.article_id WHERE a.lang IS NOT NULL GROUP BY a.lang")
    return {
        "speaker": [{"value": r[0], "id": r[1], "count": r[2]} for r in speakers],
        "outlet": [{"value": r[0], "count": r[1]} for r in outlets],
        "kind": [{"value": r[0], "count": r[1]} for r in kinds],
        "about": [{"value": r[0], "count": r[1]} for r in about],
        "lang": [{"value": r[0], "count": r[1]} for r in langs],
    }


# -- per-connection cache -------------------------------------------------------------------------

def _fresh(conn, cache: dict | None) -> dict:
    """``cache`` emptied when the database changed since it was filled (a new dict when None).

    ``PRAGMA data_version`` changes with commits by other connections,
    ``total_changes`` with this connection's own writes.
    """
    if cache is None:
        return {}
    token = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    if cache.get("_token") != token:
        cache.clear()
        cache["_token"] = token
    return cache


def _cached(cache: dict, name: str, compute):
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _has_index(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                        (name,)).fetchone() is not None


def _covering(conn) -> str:
    """Check filters on the narrow ``statements_filter`` index when the database has it."""
    return " INDEXED BY statements_filter" if _has_index(conn, "statements_filter") else ""
