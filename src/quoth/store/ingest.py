"""Ingest: read sources, skip what is stored, extract the rest, write in batches.

``ingest(paths, db, runner=...)`` is idempotent and resumable: articles already
in the database (same text or canonical URL) are skipped *before* extraction
(they only add an occurrence for a new outlet), and results are written by one
writer, one transaction per batch, so a killed run loses at most the batch in
flight and the next run finishes the job.

A runner is any callable ``Iterable[Article] -> Iterator[ArticleResult]``
(default: ``quoth.extraction.extract`` with ``engine``); local-worker and Dask
runners plug in here. The runner may pull articles from another thread.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from quoth.engines import DEFAULT_ENGINE
from quoth.errors import InputError
from quoth.failures import extraction_error, reason_of
from quoth.records import Article, ArticleResult, article_id
from quoth.readers import OnError, log_error, read
from quoth.store import DEFAULT_DB, schema
from quoth.store.writer import canonical_url, find_article, write_batch

__all__ = ["ingest", "ingest_articles", "IngestSummary", "Runner"]

Runner = Callable[[Iterable[Article]], Iterator[ArticleResult]]



@dataclass
class IngestSummary:
    """What one ingest did: the closing summary."""

    read: int = 0
    new: int = 0
    duplicate: int = 0
    updated: int = 0  # stored articles whose missing metadata a duplicate filled in
    skipped: int = 0
    statements: int = 0
    reasons: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)  # stored articles by language

    def to_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "updated": self.updated, "skipped": self.skipped, "skipped_reasons": dict(self.reasons),
                "statements": self.statements, "languages": dict(self.languages)}

    def __str__(self) -> str:
        from quoth.nlp.lang import unsupported_summary

        why = ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items()))
        other = unsupported_summary(k for k in self.languages.elements() if k != "unknown")
        return (f"read {self.read}, new {self.new}, duplicate {self.duplicate}, "
                f"updated {self.updated}, skipped {self.skipped}{f' ({why})' if why else ''}, "
                f"statements stored {self.statements}" + (f"; {other}" if other else ""))


def default_runner(engine: str = DEFAULT_ENGINE) -> Runner:
    def run(articles: Iterable[Article]) -> Iterator[ArticleResult]:
        from quoth.extraction import extract

        return extract(articles, engine=engine)

    return run


def ingest(
    paths: Iterable[str],
    db: str = DEFAULT_DB,
    *,
    runner: Runner | None = None,
    engine: str = DEFAULT_ENGINE,
    fields: dict[str, str] | None = None,
    meta: str | None = None,
    on_error: OnError = log_error,
    batch_size: int = 64,
    progress: bool | None = None,
    total: int | None = None,
    after_batch: Callable[[sqlite3.Connection], object] | None = None,
    lang: str | None = None,
) -> IngestSummary:
    """Read ``paths`` (any supported format) into the database at ``db``.

    ``after_batch(conn)`` runs on the writer connection after each committed
    batch (e.g. ``quoth.store.clusters.assign_clusters``). ``lang``: the articles'
    language (ISO 639-1) instead of the detected one.
    """
    summary = IngestSummary()

    articles = read(paths, on_error=counter(summary, on_error), fields=fields, meta=meta)
    if lang:
        from quoth.nlp.lang import check_lang

        code = check_lang(lang)
        articles = (a.with_(lang=code) for a in articles)
    return ingest_articles(articles, db, runner=runner, engine=engine, batch_size=batch_size,
                           progress=progress, total=total, summary=summary,
                           after_batch=after_batch,
                           on_error=on_error)


def counter(summary: IngestSummary, on_error: OnError) -> OnError:
    """``on_error`` that also counts the failure in ``summary`` (skipped, by reason)."""
    def counted(error: InputError) -> None:
        summary.skipped += 1
        summary.reasons[reason_of(error)] += 1
        on_error(error)

    return counted


def ingest_articles(
    articles: Iterable[Article],
    db: str = DEFAULT_DB,
    *,
    runner: Runner | None = None,
    engine: str = DEFAULT_ENGINE,
    batch_size: int = 64,
    progress: bool | None = None,
    total: int | None = None,
    summary: IngestSummary | None = None,
    after_batch: Callable[[sqlite3.Connection], object] | None = None,
    on_error: OnError = log_error,
) -> IngestSummary:
    """Ingest already-read articles (see ``ingest``). An article the extractor failed on
    is reported to ``on_error``, counted and not stored, so a later run tries it again."""
    summary = summary or IngestSummary()
    report = counter(summary, on_error)
    runner = runner or default_runner(engine)
    writer = schema.connect(db)
    gate = _Gate(schema.connect(db, readonly=True), summary, _bar(progress, total))
    try:
        for batch in _batches(runner(gate.fresh(articles)), batch_size):
            _flush(writer, gate, batch, summary, report)
            if after_batch is not None:
                after_batch(writer)
        _flush(writer, gate, [], summary, report)
        from quoth.store.clusters import assign_clusters

        assign_clusters(writer)  # clusters every statement still without one (resumable)
    finally:
        gate.close()
        writer.close()
    return summary


def _flush(writer, gate: "_Gate", batch: list[ArticleResult], summary: IngestSummary,
           report: OnError) -> None:
    for result in batch:
        error = extraction_error(result)
        if error is not None:
            report(error)
    counts = write_batch(writer, [r for r in batch if r.error is None], gate.ready_occurrences())
    summary.new += counts["new"]
    summary.duplicate += counts["duplicate"]
    summary.statements += counts["statements"]
    summary.updated += counts["updated"]
    summary.languages.update(r.article.lang or "unknown" for r in batch if r.error is None)
    gate.done(r.article for r in batch)


class _Gate:
    """Lets through only articles neither stored nor in flight; keeps duplicates' occurrences."""

    def __init__(self, reader, summary: IngestSummary, bar) -> None:
        self.reader, self.summary, self.bar = reader, summary, bar
        self.lock = threading.Lock()
        self.pending: set[str] = set()
        self.occurrences: list[Article] = []

    def fresh(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            keys = _keys(article)
            with self.lock:
                self.summary.read += 1
                self.bar.update(1)
                seen = any(k in self.pending for k in keys) or find_article(self.reader, article)
                if seen:
                    self.summary.duplicate += 1
                    self.occurrences.append(article)
                    continue
                self.pending.update(keys)
            yield article

    def ready_occurrences(self) -> list[Article]:
        ready: list[Article] = []
        waiting: list[Article] = []
        with self.lock:
            for a in self.occurrences:
                (waiting if any(k in self.pending for k in _keys(a)) else ready).append(a)
            self.occurrences = waiting
        return ready

    def done(self, articles: Iterable[Article]) -> None:
        with self.lock:
            for article in articles:
                self.pending.difference_update(_keys(article))

    def close(self) -> None:
        self.bar.close()
        self.reader.close()


def _keys(article: Article) -> list[str]:
    url = canonical_url(article.url)
    return ["h:" + article_id(article.text)] + (["u:" + url] if url else [])


def _batches(results: Iterable[ArticleResult], size: int) -> Iterator[list[ArticleResult]]:
    batch: list[ArticleResult] = []
    for result in results:
        batch.append(result)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bar(progress: bool | None, total: int | None = None):
    show = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm

    return tqdm(disable=not show, total=total, unit=" articles", desc="ingest", file=sys.stderr)
