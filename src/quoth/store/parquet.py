"""Parquet datasets written by ``quoth.run.parquet.write_parquet`` loaded into the store."""

from __future__ import annotations

from collections import OrderedDict
from typing import Iterable, Iterator

from quoth.errors import InputError, RecordError
from quoth.records import Article, ArticleResult
from quoth.run.parquet import read_parquet

__all__ = ["load_parquet"]

_STASH_LIMIT = 10_000  # results read ahead of the store's gate (it pulls one at a time)


def load_parquet(paths: Iterable[str], db: str, *, summary=None, on_error=None,
                 batch_size: int = 64, progress: bool | None = None):
    """Load Parquet datasets written by ``write_parquet`` into the SQLite store at ``db``.

    ``quoth ingest DIR.parquet``: goes through the store's own ingest (so stored
    articles are skipped and speakers resolved as usual) with a runner that hands
    back the statements read from Parquet instead of extracting them again.
    Returns the store's ``IngestSummary``.
    """
    from quoth.readers import log_error
    from quoth.store.ingest import IngestSummary, ingest_articles

    summary = summary or IngestSummary()
    report = on_error or log_error
    stash: OrderedDict[str, ArticleResult] = OrderedDict()

    def counted(error: InputError) -> None:
        summary.skipped += 1
        summary.reasons["bad parquet"] += 1
        report(error)

    def articles() -> Iterator[Article]:
        for path in paths:
            for r in read_parquet(path, on_error=counted):
                stash[r.article.id] = r
                while len(stash) > _STASH_LIMIT:
                    stash.popitem(last=False)
                yield r.article

    def runner(fresh: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in fresh:
            r = stash.pop(article.id, None)
            if r is None:
                counted(RecordError(article.path or article.id, "The Parquet dataset holds no "
                                    "statements for this article."))
                continue
            yield r

    return ingest_articles(articles(), db, runner=runner, batch_size=batch_size,
                           progress=progress, summary=summary, on_error=report)
