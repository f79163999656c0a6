"""Statement clusters in the database: incremental assignment, recluster, views.

Tables (created here on first use, next to the store's schema)::

    clusters        one row per cluster (every statement has one; most are singletons)
        id INTEGER PK, size, outlets (distinct), first_statement (id of the earliest
        published member), first_article, first_outlet, first_published
    cluster_keys    the LSH bucket keys of every clustered statement (quoth.cluster.minhash),
        key, statement_pk -> statements.pk; WITHOUT ROWID, so a new statement finds
        its candidates with one indexed look-up per band instead of a scan

``statements.cluster_id`` points at ``clusters.id``. ``assign_clusters(conn)`` clusters
every statement whose ``cluster_id`` is still NULL (call it after each ingest batch:
idempotent and resumable); ``recluster(conn)`` starts over (after speaker merges/splits
or a threshold change). Candidates are blocked by speaker (``speaker_id``, else the
in-article speaker key); statements without a speaker stay singletons. The time window
compares when statements were said (``said_on``, else the published day;
``quoth.cluster.minhash.utterance_days``).
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from quoth.cluster.minhash import (
    DEFAULT, MAX_BUCKET, Features, Thresholds, band_keys, candidate_pairs, days_between, features,
    same_utterance, signatures, utterance_days,
)
from quoth.cluster.diff import diff_words
from quoth.errors import NotFoundInStore
from quoth.store.rows import SHOWN, row_id

__all__ = [
    "ensure_schema", "assign_clusters", "recluster", "reassign", "cluster_view", "top_clusters",
    "group_by_cluster",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL DEFAULT 0,
    outlets INTEGER NOT NULL DEFAULT 0,
    first_statement TEXT, first_article TEXT, first_outlet TEXT, first_published TEXT
);
CREATE INDEX IF NOT EXISTS clusters_size ON clusters(size);
CREATE TABLE IF NOT EXISTS cluster_keys (
    key INTEGER NOT NULL,
    statement_pk INTEGER NOT NULL REFERENCES statements(pk) ON DELETE CASCADE,
    PRIMARY KEY (key, statement_pk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cluster_keys_pk ON cluster_keys(statement_pk);
"""

_PENDING = """
SELECT s.pk, s.id, s.article_id, s.content, a.published, a.outlet, s.said_on,
       COALESCE('id:' || s.speaker_id, 'key:' || s.speaker_key,
                'name:' || lower(s.speaker_name), 'pk:' || s.pk) AS block
FROM statements s JOIN articles a ON a.id = s.article_id
WHERE s.cluster_id IS NULL ORDER BY s.pk LIMIT ?
"""
_ROWS = """
SELECT s.pk, s.content, a.published, s.said_on, s.cluster_id FROM statements s
JOIN articles a ON a.id = s.article_id WHERE s.pk IN ({})
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def _begin(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")


def assign_clusters(
    conn: sqlite3.Connection, *, batch: int = 5000, thresholds: Thresholds = DEFAULT,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> dict[str, int]:
    """Cluster every statement without a cluster yet; ``{"statements", "clusters"}`` done.

    ``embed``: optional texts -> unit sentence vectors (``quoth.cluster.embed.embed``) for
    the embeddings route, with thresholds that use it (``quoth.cluster.minhash.WITH_EMBEDDINGS``);
    only pairs the words cannot decide are encoded, as in ``quoth.cluster.minhash.cluster``."""
    ensure_schema(conn)
    done = {"statements": 0, "clusters": 0}
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB while the key index grows
    try:
        while rows := conn.execute(_PENDING, (batch,)).fetchall():
            _begin(conn)
            try:
                done["clusters"] += _assign_batch(conn, rows, thresholds, _Vectors(embed))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            done["statements"] += len(rows)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return done


def recluster(
    conn: sqlite3.Connection, *, thresholds: Thresholds = DEFAULT,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> dict[str, int]:
    """Forget every cluster and assign them all again (``embed``: see ``assign_clusters``)."""
    ensure_schema(conn)
    _begin(conn)
    conn.execute("DELETE FROM cluster_keys")
    conn.execute("DELETE FROM clusters")
    conn.execute("UPDATE statements SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
    conn.execute("COMMIT")
    return assign_clusters(conn, thresholds=thresholds, embed=embed)


def reassign(conn: sqlite3.Connection, pks: Iterable[int]) -> dict[str, int]:
    """Cluster again the statements ``pks`` whose speaker changed (a merge or split moves
    them to another block), with every member of the clusters they were in; nothing when
    the database was never clustered. Returns ``assign_clusters``'s counts."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'clusters'").fetchone() is None:
        return {"statements": 0, "clusters": 0}
    _begin(conn)
    try:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _moved(pk INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM _moved")
        conn.executemany("INSERT OR IGNORE INTO _moved VALUES (?)", ((p,) for p in pks))
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _gone(id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM _gone")
        conn.execute("INSERT OR IGNORE INTO _gone SELECT DISTINCT cluster_id FROM statements "
                     "WHERE pk IN (SELECT pk FROM _moved) AND cluster_id IS NOT NULL")
        conn.execute("INSERT OR IGNORE INTO _moved SELECT pk FROM statements "
                     "WHERE cluster_id IN (SELECT id FROM _gone)")
        conn.execute("DELETE FROM cluster_keys WHERE statement_pk IN (SELECT pk FROM _moved)")
        conn.execute("UPDATE statements SET cluster_id = NULL WHERE pk IN (SELECT pk FROM _moved)")
        conn.execute("DELETE FROM clusters WHERE id IN (SELECT id FROM _gone)")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return assign_clusters(conn)


class _Union:
    """Union-find over hashable nodes: new statement pks and ("c", cluster_id)."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


class _Vectors:
    """Sentence vectors by text, encoded on first use (one batch's worth kept)."""

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray] | None) -> None:
        self.embed, self.cache = embed, {}

    def cosine(self, a: str, b: str) -> Callable[[], float] | None:
        if self.embed is None:
            return None
        return lambda: float(self._vec(a) @ self._vec(b))

    def _vec(self, text: str) -> np.ndarray:
        if text not in self.cache:
            self.cache[text] = self.embed([text])[0]
        return self.cache[text]


def _assign_batch(conn: sqlite3.Connection, rows: list, t: Thresholds,
                  vectors: _Vectors | None = None) -> int:
    vectors = vectors or _Vectors(None)
    pks = [r["pk"] for r in rows]
    feats = [features(r["content"]) for r in rows]
    days = [utterance_days(r["said_on"], r["published"]) for r in rows]
    keys = band_keys(signatures(feats), [r["block"] for r in rows])
    uf = _Union()
    for p in pks:
        uf.find(p)
    for i, j in candidate_pairs(keys):
        if _match(feats[i], feats[j], days[i], days[j], t,
                  vectors.cosine(rows[i]["content"], rows[j]["content"])):
            uf.union(pks[i], pks[j])
    members = _link_existing(conn, rows, feats, days, keys, uf, t, vectors)
    conn.executemany("INSERT OR IGNORE INTO cluster_keys(key, statement_pk) VALUES (?, ?)",
                     sorted(_keys_to_store(pks, keys, members)))  # in key order: B-tree friendly
    return _write_components(conn, rows, uf)


def _keys_to_store(pks: list[int], keys: np.ndarray, members: dict[int, list[int]]):
    """(key, pk) rows, at most MAX_BUCKET per key: later statements only ever compare
    with the first MAX_BUCKET of a bucket, so more would only slow the look-ups."""
    counts: dict[int, int] = {}
    for p, row in zip(pks, keys.tolist()):
        for k in row:
            n = counts.get(k, len(members.get(k, ())))
            if n < MAX_BUCKET:
                counts[k] = n + 1
                yield k, p


def _match(a: Features, b: Features, da, db, t: Thresholds,
           cosine: Callable[[], float] | None = None) -> bool:
    """``da``/``db``: when each was said, (first, last) day numbers (``utterance_days``)."""
    return same_utterance(a, b, t, days_apart=days_between(da, db), cosine=cosine)


def _link_existing(
    conn, rows, feats, days, keys: np.ndarray, uf: _Union, t: Thresholds, vectors: _Vectors
) -> dict[int, list[int]]:
    """Verify each new statement against stored ones sharing a bucket; union with their
    cluster. Returns the stored members of every bucket key looked up."""
    pks = [r["pk"] for r in rows]
    members = _members_by_key(conn, np.unique(keys).tolist())
    cands: dict[int, set[int]] = {}
    for i, row in enumerate(keys.tolist()):
        for k in row:
            m = members.get(k)
            if m:  # a full bucket: its first and last member only, as candidate_pairs does
                cands.setdefault(i, set()).update(m if len(m) < MAX_BUCKET else (m[0], m[-1]))
    stored = _load(conn, {pk for s in cands.values() for pk in s})
    for i, others in cands.items():
        for pk in others & stored.keys():
            content, day, cid, text = stored[pk]
            if uf.find(pks[i]) != uf.find(("c", cid)) and _match(
                    feats[i], content, days[i], day, t, vectors.cosine(rows[i]["content"], text)):
                uf.union(pks[i], ("c", cid))
    return members


def _members_by_key(conn, keys: list[int]) -> dict[int, list[int]]:
    """Stored statement pks per bucket key (900 keys per query)."""
    groups: dict[int, list[int]] = {}
    for lo in range(0, len(keys), 900):
        chunk = keys[lo:lo + 900]
        marks = ",".join("?" * len(chunk))
        for k, pk in conn.execute(
                f"SELECT key, statement_pk FROM cluster_keys WHERE key IN ({marks})", chunk):
            groups.setdefault(k, []).append(pk)
    return groups


def _load(conn, pks: set[int]) -> dict[int, tuple[Features, tuple[int, int] | None, int, str]]:
    out: dict[int, tuple[Features, tuple[int, int] | None, int, str]] = {}
    ids = sorted(pks)
    for lo in range(0, len(ids), 500):
        chunk = ids[lo:lo + 500]
        for r in conn.execute(_ROWS.format(",".join("?" * len(chunk))), chunk):
            if r["cluster_id"] is not None:
                out[r["pk"]] = (features(r["content"]),
                                utterance_days(r["said_on"], r["published"]),
                                r["cluster_id"], r["content"])
    return out


def _write_components(conn, rows: list, uf: _Union) -> int:
    by_pk = {r["pk"]: r for r in rows}
    comps: dict[Any, list[Any]] = {}
    for node in list(uf.parent):
        comps.setdefault(uf.find(node), []).append(node)
    created = 0
    for nodes in comps.values():
        new = [n for n in nodes if not isinstance(n, tuple)]
        old = sorted(n[1] for n in nodes if isinstance(n, tuple))
        if not new:
            continue
        if old:
            target = old[0]
            for other in old[1:]:
                conn.execute("UPDATE statements SET cluster_id = ? WHERE cluster_id = ?",
                             (target, other))
                conn.execute("DELETE FROM clusters WHERE id = ?", (other,))
        else:
            target = _new_cluster(conn, [by_pk[p] for p in new])
            created += 1
        conn.executemany("UPDATE statements SET cluster_id = ? WHERE pk = ?",
                         ((target, p) for p in new))
        if old:
            _refresh(conn, target)
    return created


def _new_cluster(conn, members: list) -> int:
    """A cluster of statements new in this batch, its summary computed from the rows."""
    first = min(members, key=lambda r: (r["published"] is None, r["published"] or "", r["pk"]))
    outlets = len({r["outlet"] for r in members if r["outlet"] is not None})
    return conn.execute(
        "INSERT INTO clusters(size, outlets, first_statement, first_article, first_outlet,"
        " first_published) VALUES (?, ?, ?, ?, ?, ?)",
        (len(members), outlets, first["id"], first["article_id"], first["outlet"],
         first["published"])).lastrowid


def _refresh(conn, cid: int) -> None:
    """Recompute a cluster's size, outlet count and first-seen member."""
    size, outlets = conn.execute(
        "SELECT count(*), count(DISTINCT a.outlet) FROM statements s "
        "JOIN articles a ON a.id = s.article_id WHERE s.cluster_id = ?", (cid,)).fetchone()
    first = conn.execute(
        "SELECT s.id, s.article_id, a.outlet, a.published FROM statements s "
        "JOIN articles a ON a.id = s.article_id WHERE s.cluster_id = ? "
        "ORDER BY a.published IS NULL, a.published, s.pk LIMIT 1", (cid,)).fetchone()
    conn.execute(
        "UPDATE clusters SET size = ?, outlets = ?, first_statement = ?, first_article = ?,"
        " first_outlet = ?, first_published = ? WHERE id = ?", (size, outlets, *first, cid))


def _cluster_id(conn, ref: int | str) -> int:
    rid = row_id(ref)
    if rid is not None:
        row = conn.execute("SELECT id FROM clusters WHERE id = ?", (rid,)).fetchone()
    else:
        row = conn.execute("SELECT cluster_id FROM statements WHERE id = ?", (ref,)).fetchone()
    if not row or row[0] is None:
        raise NotFoundInStore(f"no cluster {ref!r} (a cluster id, or a clustered statement id)")
    return int(row[0])


def cluster_view(conn: sqlite3.Connection, ref: int | str) -> dict[str, Any]:
    """One cluster (by id, or by the id of one of its statements) with its variants.

    Returns ``{"id", "size", "outlets", "first_statement", "first_article", "first_outlet",
    "first_published", "variants": [statement dict + {"diff": [[op, text], ...],
    "first": bool}, ...]}``; variants are ordered by published date, and each ``diff``
    (``quoth.cluster.diff.diff_words``) says how it differs from the first-seen version.
    """
    from quoth.store.rows import STATEMENT_FROM, STATEMENT_SELECT, statement_dict

    ensure_schema_readonly(conn)
    cid = _cluster_id(conn, ref)
    head = dict(conn.execute("SELECT * FROM clusters WHERE id = ?", (cid,)).fetchone())
    rows = conn.execute(
        f"SELECT {STATEMENT_SELECT} FROM {STATEMENT_FROM} WHERE s.cluster_id = ? "
        "ORDER BY a.published IS NULL, a.published, s.pk", (cid,)).fetchall()
    variants = [statement_dict(conn, r) for r in rows]
    first = next((v for v in variants if v["id"] == head["first_statement"]), variants[0])
    for v in variants:
        v["first"] = v is first
        v["diff"] = [list(op) for op in diff_words(first["content"], v["content"])]
    return {**head, "variants": variants}


def top_clusters(conn: sqlite3.Connection, *, limit: int = 20, min_size: int = 2,
                 everything: bool = False) -> list[dict]:
    """The largest clusters: ``[{"id", "size", "outlets", "first_*", "content", "speaker"}]``;
    those of statements only (act say, think, want) unless ``everything``."""
    ensure_schema_readonly(conn)
    shown = "" if everything else f" AND {SHOWN}"
    rows = conn.execute(
        "SELECT c.*, s.content, COALESCE(sp.name, s.speaker_name) AS speaker FROM clusters c "
        "JOIN statements s ON s.id = c.first_statement LEFT JOIN speakers sp ON sp.id = "
        f"s.speaker_id WHERE c.size >= ?{shown} ORDER BY c.size DESC, c.outlets DESC, c.id "
        "LIMIT ?", (min_size, limit)).fetchall()
    return [dict(r) for r in rows]


def ensure_schema_readonly(conn: sqlite3.Connection) -> None:
    """Raise ``NotFoundInStore`` when the database was never clustered."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'clusters'").fetchone():
        raise NotFoundInStore("this database has no clusters yet (run `quoth cluster --assign`)")


def group_by_cluster(conn: sqlite3.Connection, hits: list[dict]) -> list[dict]:
    """Search hits with one hit per cluster (the best-ranked one kept, order unchanged).

    Each kept hit gains ``"cluster": {"id", "size", "outlets", "first_outlet",
    "first_published", "hits"}`` (``hits``: how many of the given hits it stands for);
    hits without a cluster pass through with ``"cluster": None``.
    """
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'clusters'").fetchone():
        return [{**h, "cluster": None} for h in hits]
    kept: dict[int, dict] = {}
    out = []
    for h in hits:
        cid = h.get("cluster_id")
        if cid is None:
            out.append({**h, "cluster": None})
        elif cid in kept:
            kept[cid]["cluster"]["hits"] += 1
        else:
            row = conn.execute("SELECT id, size, outlets, first_outlet, first_published "
                               "FROM clusters WHERE id = ?", (cid,)).fetchone()
            info = dict(row) if row else {"id": cid, "size": 1, "outlets": 1,
                                          "first_outlet": None, "first_published": None}
            kept[cid] = {**h, "cluster": {**info, "hits": 1}}
            out.append(kept[cid])
    return out
