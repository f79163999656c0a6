"""The statement database: SQLite + FTS5, one documented schema (see ``quoth.store.schema``).

``Store`` is the one public surface the CLI and the web app use. Every method
returns plain dicts/lists (JSON-ready), never sqlite rows or spaCy objects.

A *statement dict* (used in search hits, article/speaker pages and exports)::

    {"id": str, "article_id": str, "kind": "direct"|"indirect"|"mixed",
     "content": str, "content_start": int, "content_end": int,
     "spans": [[start, end], ...],            # pieces of a discontinuous content
     "cue": str|None, "cue_start": int|None, "cue_end": int|None,
     "speaker": str|None,                     # canonical name across articles
     "speaker_id": int|None,
     "speaker_mention": str|None,             # the words naming the speaker in this article
     "speaker_mention_start": int|None, "speaker_mention_end": int|None,
     "speaker_type": str|None, "speaker_title": str|None,
     "confidence": float, "said_on": str|None, "occasion": str|None,
     "cluster_id": int|None,
     "about": [{"text": str, "label": str, "start": int, "end": int}, ...],
     "title": str|None, "outlet": str|None, "published": str|None,  # of the article
     "url": str|None}

All offsets are character offsets into the article text.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Iterator

from quoth.records import ArticleResult

__all__ = ["Store", "DEFAULT_DB", "MARK_START", "MARK_END"]

DEFAULT_DB = "quoth.db"
MARK_START = "\x02"  # snippet highlight start: escape the snippet, then turn into <mark>
MARK_END = "\x03"  # snippet highlight end: turn into </mark>


class Store:
    """A quoth database at ``path`` (created with the schema when missing).

    ``readonly=True`` opens an existing database without write access (the web
    app); a missing file then raises ``NotFoundInStore``. Usable as a context
    manager; ``close()`` closes the connection. One ``Store`` per thread.
    """

    def __init__(self, path: str = DEFAULT_DB, *, readonly: bool = False) -> None:
        from quoth.store import schema

        self.path = str(path)
        self.readonly = readonly
        self.conn: sqlite3.Connection = schema.connect(self.path, readonly=readonly)
        self._search_cache: dict[str, Any] = {}  # counts kept until the database changes

    # -- life cycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------
    def add(self, results: Iterable[ArticleResult], *, cluster: bool = True) -> dict[str, int]:
        """Store ``results`` in one transaction (dedup applied, speakers resolved).

        Then, unless ``cluster=False``, gives every statement still without a cluster
        (these, and any an earlier ``cluster=False`` add left) its cluster id
        (``quoth.store.clusters.assign_clusters``: incremental, so only those are compared
        with their LSH candidates; ~3 ms for one article into 20k clustered statements).
        Pass ``cluster=False`` to add many batches and cluster once at the end
        (``assign_clusters(store.conn)`` or ``quoth cluster --assign``).

        Returns ``{"new": n, "duplicate": n, "statements": n}``. Library use and
        tests; bulk loading goes through ``quoth.store.ingest.ingest``.
        """
        from quoth.store.writer import write_batch

        counts = write_batch(self.conn, list(results))
        if cluster:
            from quoth.store.clusters import assign_clusters

            assign_clusters(self.conn)
        return counts

    # -- search -------------------------------------------------------------------------------
    def search(
        self,
        query: str | None = None,
        *,
        speaker: str | int | None = None,
        about: str | None = None,
        outlet: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        kind: str | None = None,
        act: str | None = None,
        lang: str | None = None,
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
    ) -> dict[str, Any]:
        """Full-text search over statement contents, bm25-ranked, with filters.

        ``query``: free text; every token is quoted for FTS5, so any string is
        safe (unbalanced quotes, ``AND``, ``C++``, emoji); tokens are ANDed;
        matching ignores case and accents and uses Porter stemming. None/blank
        = no text condition (filters only, newest first); a query with no
        searchable token (only punctuation/emoji) matches nothing.
        ``speaker``: speaker id, canonical name or any alias (case-insensitive).
        ``about``: an entity named in the content (case/accent-insensitive, whole
        words: "Clinton" matches "Hillary Clinton").
        ``outlet``: any outlet that published the article. ``date_from``/``date_to``:
        inclusive YYYY-MM-DD bounds on the article's published date. ``kind``:
        direct|indirect|mixed. ``act``: None or "statements" (the default) keeps the
        statements (act say, think or want), "all" every attribution, or one act.
        ``lang``: the article's language (ISO 639-1, "en", "fr").

        Returns::

            {"total": int,                      # all matches, ignoring limit/offset
             "hits": [statement dict + {"snippet": str, "rank": float|None}, ...],
             "facets": {"speaker": [{"value": name, "id": int, "count": n}, ...],
                        "outlet":  [{"value": str, "count": n}, ...],
                        "kind":    [{"value": str, "count": n}, ...],
                        "about":   [{"value": str, "count": n}, ...],
                        "lang":    [{"value": str, "count": n}, ...]},
             "facets_exact": bool}                # False: counts over the top results only

        ``snippet`` is the content (or an ellipsised window of it, "…") with
        matched terms wrapped in MARK_START ``\\x02`` / MARK_END ``\\x03``; it is
        NOT HTML-escaped: escape it, then replace the markers with <mark>/</mark>.
        Without a query the snippet is the plain content and ``rank`` is None.
        Facets hold the top 10 values per facet ({} when ``facets=False``),
        counted over all matches when there are at most
        ``quoth.store.search.FACET_SAMPLE`` of them (and always for the unfiltered
        browse), else over the top FACET_SAMPLE results: ``facets_exact`` (bool)
        says which, so a page can label the counts approximate.

        Ranking: exact bm25 order when at most ``quoth.store.search.RANK_WINDOW``
        statements match; beyond that the RANK_WINDOW most recently stored matches
        come first (bm25-ranked), then the older ones (bm25-ranked), so very common
        words stay fast and every match is still reachable by paging.
        """
        from quoth.store.search import search

        return search(self.conn, query, speaker=speaker, about=about, outlet=outlet,
                      date_from=date_from, date_to=date_to, kind=kind, act=act, lang=lang,
                      limit=limit,
                      offset=offset, facets=facets, cache=self._search_cache)

    # -- pages --------------------------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its text and statements (raises ``NotFoundInStore``).

        ``article_id`` may also be a unique id prefix (>= 6 chars) or the URL.
        Returns::

            {"id", "url", "title", "published", "updated", "outlet", "dateline",
             "path", "source", "text": str,
             "occurrences": [{"outlet", "url", "published", "title", "path", "source"}, ...],
             "statements": [statement dict, ...]}   # ordered by content_start
        """
        from quoth.store.views import article

        return article(self.conn, article_id)

    def statement(self, statement_id: str, *, context: int = 300) -> dict[str, Any]:
        """One statement, its article (no text) and the text around it.

        Returns statement dict + ``{"article": {"id", "url", "title", "published",
        "outlet", "occurrences": [...]}, "context": {"before": str, "text": str,
        "after": str, "start": int, "end": int}}`` where ``text`` is the article
        text from content_start to content_end and before/after hold up to
        ``context`` characters. Raises ``NotFoundInStore``.
        """
        from quoth.store.views import statement

        return statement(self.conn, statement_id, context=context)

    def speaker(self, id_or_name: int | str, *, latest: int = 20,
                act: str | None = None) -> dict[str, Any]:
        """One speaker across articles (id, canonical name or alias; ``NotFoundInStore``).
        Counts and lists cover the acts ``act`` keeps (as in ``search``: by default the
        statements; "all" for every attribution).

        Returns::

            {"id": int, "name": str, "type": str|None,
             "titles": [str, ...], "aliases": [{"alias": str, "count": n}, ...],
             "count": int,                            # statements
             "articles": int, "outlets": [{"value": str, "count": n}, ...],
             "timeline": [{"date": "YYYY-MM-DD", "count": n}, ...],   # by published, ascending
             "undated": int,                          # statements whose article has no date
             "about": [{"value": str, "label": str, "count": n}, ...],  # top 20 entities
             "latest": [statement dict, ...]}        # newest first, ``latest`` of them
        """
        from quoth.store.views import speaker

        return speaker(self.conn, id_or_name, latest=latest, act=act)

    def cluster(self, ref: int | str) -> dict[str, Any]:
        """One cluster of the same statement as reported elsewhere, by cluster id or by the
        id of one of its statements (raises ``NotFoundInStore``, also when the database
        was never clustered).

        Returns ``{"id", "size", "outlets", "first_statement", "first_article",
        "first_outlet", "first_published", "variants": [statement dict + {"diff":
        [[op, text], ...], "first": bool}, ...]}`` (``quoth.store.clusters.cluster_view``).
        """
        from quoth.store.clusters import cluster_view

        return cluster_view(self.conn, ref)

    def speakers(
        self, query: str | None = None, *, limit: int = 100, offset: int = 0, min_count: int = 1
    ) -> dict[str, Any]:
        """Speakers ordered by statement count (desc), optionally filtered by name/alias substring.

        Returns ``{"total": int, "speakers": [{"id", "name", "type", "titles": [...],
        "aliases": [str, ...], "count": int}, ...]}``.
        """
        from quoth.store.speakers import list_speakers

        return list_speakers(self.conn, query, limit=limit, offset=offset, min_count=min_count)

    def merge_speakers(self, keep: int | str, other: int | str) -> dict[str, Any]:
        """Merge speaker ``other`` into ``keep`` (ids, names or aliases).

        Statements and aliases move to ``keep``; a rule is stored so later ingests
        send ``other``'s names to ``keep`` too. Returns the kept speaker's list entry
        (``speakers()`` shape). Raises ``NotFoundInStore`` / ``UsageError`` (same speaker).
        """
        from quoth.store.speaker_edits import merge

        return merge(self.conn, keep, other)

    def split_speaker(
        self, speaker: int | str, aliases: Iterable[str], *, name: str | None = None
    ) -> dict[str, Any]:
        """Move the statements made under ``aliases`` of ``speaker`` to a new speaker.

        The new speaker is named ``name`` (default: the first alias). A rule is
        stored so later ingests send those aliases to the new speaker. Returns the
        new speaker's list entry. Raises ``NotFoundInStore`` / ``UsageError``.
        """
        from quoth.store.speaker_edits import split

        return split(self.conn, speaker, list(aliases), name=name)

    # -- whole-database -----------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts: ``{"articles", "occurrences", "statements", "speakers", "outlets",
        "about_entities", "first_published", "last_published",
        "kinds": {"direct": n, "indirect": n, "mixed": n}}``."""
        from quoth.store.views import stats

        return stats(self.conn)

    def outlets(self) -> list[dict[str, Any]]:
        """All outlets with article counts: ``[{"value": str, "count": n}, ...]`` (desc)."""
        from quoth.store.views import outlets

        return outlets(self.conn)

    def iter_statements(self) -> Iterator[dict[str, Any]]:
        """Every statement as a flat export row (streamed, ordered by article, offset).

        Row keys: see ``quoth.store.export.COLUMNS`` (statement fields + speaker,
        article and outlet columns; ``about``/``spans`` JSON-encoded strings).
        """
        from quoth.store.export import iter_rows

        return iter_rows(self.conn)

    def export(self, fmt: str, out: str | None = None) -> int:
        """Stream every statement row (``iter_statements``) to ``out`` (None/``-``: stdout)
        as ``jsonl``, ``csv`` or ``parquet`` (needs a path); returns the row count."""
        from quoth.store.export import export

        return export(self.conn, fmt, out)

    def integrity(self) -> dict[str, str]:
        """``{"sqlite": "ok"|message, "fts": "ok"|message}`` (PRAGMA integrity_check and
        the FTS5 'integrity-check' command)."""
        from quoth.store.schema import integrity

        return integrity(self.conn, self.path, readonly=self.readonly)
