"""Writing extraction results: one transaction per batch, dedup, occurrences, speakers.

An article is new unless an article with the same text hash or the same
canonical URL is stored; a duplicate only adds an occurrence for its outlet
(one per outlet) and fills the stored article's missing metadata (published, url,
outlet, title, updated, dateline) from it, never overwriting a value; a published date
filled in this way dates the article's statements again (``quoth.store.redate``), in
the same transaction. Statements are keyed
by their stable id, so writing the same batch twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from quoth.records import Article, ArticleResult, Statement, article_id
from quoth.readers.dumps import host_of
from quoth.store.names import normalise
from quoth.store.redate import redate_article
from quoth.store.speakers import resolve

__all__ = ["write_batch", "canonical_url", "outlet_of", "find_article"]


def canonical_url(url: str | None) -> str | None:
    """http(s) -> https, lower-case host, no ``www.``/fragment/``utm_*`` params/trailing ``/``."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/") or ""
    scheme = (parts.scheme or "https").lower()
    return urlunsplit(("https" if scheme == "http" else scheme, host, path, query, ""))


def outlet_of(article: Article) -> str | None:
    """The article's outlet, else its URL's host without ``www.``."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    return host_of(article.url)


def find_article(conn: sqlite3.Connection, article: Article) -> str | None:
    """The stored article id with the same text or canonical URL, else None."""
    row = conn.execute("SELECT id FROM articles WHERE text_hash = ?",
                       (article_id(article.text),)).fetchone()
    url = canonical_url(article.url)
    if row is None and url:
        row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone() or \
            conn.execute("SELECT article_id FROM article_occurrences WHERE url_key = ? LIMIT 1",
                         (url,)).fetchone()
    return row[0] if row else None


def write_batch(
    conn: sqlite3.Connection,
    results: Sequence[ArticleResult],
    occurrences: Iterable[Article] = (),
) -> dict[str, int]:
    """Write ``results`` (and occurrence-only duplicates) in one transaction."""
    counts = {"new": 0, "duplicate": 0, "statements": 0, "updated": 0}
    conn.execute("BEGIN IMMEDIATE")
    try:
        for result in results:
            aid = find_article(conn, result.article)
            if aid is None:
                aid = _insert_article(conn, result.article)
                counts["new"] += 1
                counts["statements"] += _write_statements(conn, aid, result)
            else:
                counts["duplicate"] += 1
                counts["updated"] += _known(conn, aid, result.article)
        for article in occurrences:
            found = find_article(conn, article)
            if found:
                counts["updated"] += _known(conn, found, article)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return counts


def _known(conn, aid: str, a: Article) -> bool:
    """A stored article met again: its occurrence, and the metadata it lacked. True when
    a field was filled; filling ``published`` dates the article's statements again."""
    _add_occurrence(conn, aid, a)
    url = canonical_url(a.url)
    if url and conn.execute("SELECT 1 FROM articles WHERE url = ? AND id != ?",
                            (url, aid)).fetchone():
        url = None  # another article holds this URL
    values = {"published": a.published, "url": url, "outlet": outlet_of(a), "title": a.title,
              "updated": a.updated, "dateline": a.dateline}
    values = {k: v for k, v in values.items() if v}
    if not values:
        return False
    sets = ", ".join(f"{k} = coalesce({k}, ?)" for k in values)
    missing = " OR ".join(f"{k} IS NULL" for k in values)
    undated = a.published and conn.execute(
        "SELECT 1 FROM articles WHERE id = ? AND published IS NULL", (aid,)).fetchone()
    cur = conn.execute(f"UPDATE articles SET {sets} WHERE id = ? AND ({missing})",
                       (*values.values(), aid))
    if undated:
        redate_article(conn, aid)
    return cur.rowcount > 0


def _insert_article(conn, a: Article) -> str:
    """Insert a new article and its occurrence; its id."""
    aid = a.id or article_id(a.text)
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
        aid = article_id(a.text)
    conn.execute(
        "INSERT INTO articles(id, text_hash, url, title, published, updated, outlet, dateline,"
        " path, source, text, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, article_id(a.text), canonical_url(a.url), a.title, a.published, a.updated,
         outlet_of(a), a.dateline, a.path, a.source, a.text, a.lang))
    _add_occurrence(conn, aid, a)
    return aid


def _add_occurrence(conn, aid: str, a: Article) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO article_occurrences(article_id, outlet, url, url_key, published,"
        " title, path, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, outlet_of(a), a.url, canonical_url(a.url), a.published, a.title, a.path,
         a.source))


def _write_statements(conn, aid: str, result: ArticleResult) -> int:
    stored = 0
    for s in result.statements:
        pk = _insert_statement(conn, aid, s)
        if pk is None:
            continue
        stored += 1
        conn.executemany(
            'INSERT INTO statement_about(statement_pk, text, key, label, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(pk, e.text, normalise(e.text), e.label, e.start, e.end) for e in s.about])
    return stored


def _insert_statement(conn, aid: str, s: Statement) -> int | None:
    sid, key = resolve(conn, s.speaker)
    m, cue = s.speaker.mention, s.cue
    cur = conn.execute(
        "INSERT OR IGNORE INTO statements(id, article_id, kind, content, content_start,"
        " content_end, spans, cue, cue_start, cue_end, speaker_id, speaker_name, speaker_key,"
        " speaker_mention, speaker_mention_start, speaker_mention_end, speaker_type,"
        " speaker_title, confidence, said_on, occasion, act)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (s.id, aid, s.kind, s.content.text, s.content.start, s.content.end,
         json.dumps([list(p) for p in s.content.spans]),
         cue.text if cue else None, cue.start if cue else None, cue.end if cue else None,
         sid, s.speaker.name, key, m.text if m else None, m.start if m else None,
         m.end if m else None, s.speaker.type, s.speaker.title, float(s.confidence),
         s.said_on, s.occasion, s.act))
    return int(cur.lastrowid) if cur.rowcount else None
