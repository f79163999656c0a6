"""Partitioned Parquet out and back in: for corpora bigger than one SQLite file.

``write_parquet(results, DIR)`` writes two hive-partitioned datasets::

    DIR/statements/month=2016-09/part-<run>-00000.parquet   one row per statement,
                                                            with its article's columns
    DIR/articles/month=2016-09/part-<run>-00000.parquet     one row per article, with text

``month`` is the article's published month (``YYYY-MM``, or ``unknown``). Rows are
buffered and flushed every ``rows_per_file`` rows, so memory stays flat; each
flush writes an articles file and a statements file of the same name, holding the
same articles. DuckDB, pandas and Spark read the datasets directly::

    duckdb -c "SELECT month, count(*) FROM read_parquet('DIR/statements/**/*.parquet',
               hive_partitioning = true) GROUP BY month"
    pandas.read_parquet("DIR/statements")

``read_parquet(DIR)`` yields the ``ArticleResult`` records back, file pair by file
pair (never the whole dataset at once), for loading into SQLite.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import uuid
from collections import defaultdict
from typing import Any, Callable, Iterable, Iterator

from quoth.errors import InputError, NotFoundError, RecordError, require_extra
from quoth.records import Article, ArticleResult, Statement

__all__ = [
    "write_parquet", "read_parquet", "export_parquet", "ParquetStats",
    "month_of", "is_parquet_dataset",
]

_MONTH = re.compile(r"^(\d{4}-\d{2})")


@dataclasses.dataclass
class ParquetStats:
    articles: int = 0
    statements: int = 0
    files: int = 0
    failed: int = 0  # results the extractor failed on (``ArticleResult.error``): not written
    skipped: int = 0  # every input left out: unreadable, or the extractor failed on it
    reasons: dict = dataclasses.field(default_factory=dict)  # skipped, by reason

    def count(self, error: InputError) -> None:
        from quoth.failures import reason_of

        reason = reason_of(error)
        self.skipped += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def as_date(published: str | None) -> dt.date | None:
    """A published ``YYYY-MM-DD`` as a date (Parquet's ``date32``)."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:  # readers give YYYY-MM-DD; anything else has no day to store
        return None


def month_of(published: str | None) -> str:
    """The partition value for a published date: ``YYYY-MM``, or ``unknown``."""
    m = _MONTH.match(published or "")
    return m.group(1) if m else "unknown"


def _schemas():
    import pyarrow as pa

    s, i, f, d = pa.string(), pa.int64(), pa.float64(), pa.date32()
    entity = pa.struct([("text", s), ("label", s), ("start", i), ("end", i)])
    statements = pa.schema([
        ("statement_id", s), ("article_id", s), ("kind", s), ("act", s),
        ("content_text", s), ("content_start", i), ("content_end", i),
        ("content_spans", pa.list_(pa.list_(i))),
        ("cue_text", s), ("cue_start", i), ("cue_end", i),
        ("speaker_name", s), ("speaker_type", s), ("speaker_title", s),
        ("mention_text", s), ("mention_start", i), ("mention_end", i),
        ("confidence", f), ("about", pa.list_(entity)), ("said_on", s), ("occasion", s),
        ("published", d), ("outlet", s), ("title", s), ("url", s), ("path", s),
    ])
    articles = pa.schema([
        ("article_id", s), ("text", s), ("path", s), ("title", s), ("published", d),
        ("updated", s), ("outlet", s), ("dateline", s), ("url", s), ("source", s), ("lang", s),
        ("extra", pa.list_(pa.list_(s))), ("n_statements", i),
    ])
    return statements, articles


def _span_cols(prefix: str, span) -> dict[str, Any]:
    return {f"{prefix}_text": span.text if span else None,
            f"{prefix}_start": span.start if span else None,
            f"{prefix}_end": span.end if span else None}


def statement_row(st: Statement, a: Article) -> dict[str, Any]:
    """One flat row: the statement, then its article's columns."""
    sp = st.speaker
    return {
        "statement_id": st.id, "article_id": a.id, "kind": st.kind, "act": st.act,
        "content_text": st.content.text, "content_start": st.content.start,
        "content_end": st.content.end, "content_spans": [list(p) for p in st.content.spans],
        **_span_cols("cue", st.cue),
        "speaker_name": sp.name, "speaker_type": sp.type, "speaker_title": sp.title,
        **_span_cols("mention", sp.mention),
        "confidence": float(st.confidence), "about": [e.to_dict() for e in st.about],
        "said_on": st.said_on, "occasion": st.occasion,
        "published": as_date(a.published), "outlet": a.outlet, "title": a.title, "url": a.url,
        "path": a.path,
    }


def article_row(r: ArticleResult) -> dict[str, Any]:
    a = r.article
    return {
        "article_id": a.id, "text": a.text, "path": a.path, "title": a.title,
        "published": as_date(a.published), "updated": a.updated, "outlet": a.outlet,
        "dateline": a.dateline, "url": a.url, "source": a.source, "lang": a.lang,
        "extra": [list(kv) for kv in a.extra], "n_statements": len(r.statements),
    }


def write_parquet(results: Iterable[ArticleResult], out_dir: str, *,
                  rows_per_file: int = 50_000, on_error=None,
                  stats: ParquetStats | None = None) -> ParquetStats:
    """Write ``results`` under ``out_dir`` (see the module docstring); returns counts. A
    result the extractor failed on is reported to ``on_error``, counted and left out."""
    writer = _Writer(out_dir, rows_per_file, on_error, stats)
    for r in results:
        writer.add(r)
    writer.flush()
    return writer.stats


class _Writer:
    def __init__(self, out_dir: str, rows_per_file: int, on_error=None,
                 stats: ParquetStats | None = None) -> None:
        self.out_dir, self.limit = out_dir, max(1, rows_per_file)
        self.on_error = on_error
        self.run = uuid.uuid4().hex[:8]
        self.seq, self.rows = 0, 0
        self.buf: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        self.stats = stats or ParquetStats()
        self.schemas = _schemas()

    def add(self, r: ArticleResult) -> None:
        from quoth.failures import extraction_error

        error = extraction_error(r)
        if error is not None:  # left out, so a rerun retries it
            self.stats.failed += 1
            self.stats.count(error)
            if self.on_error is not None:
                self.on_error(error)
            return
        arts, sts = self.buf[month_of(r.article.published)]
        arts.append(article_row(r))
        sts.extend(statement_row(s, r.article) for s in r.statements)
        self.stats.articles += 1
        self.stats.statements += len(r.statements)
        self.rows += 1 + len(r.statements)
        if self.rows >= self.limit:
            self.flush()

    def flush(self) -> None:
        require_extra("parquet", "pyarrow")
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{self.run}-{self.seq:05d}.parquet"
        for month, (arts, sts) in sorted(self.buf.items()):
            for kind, rows, schema in (("statements", sts, self.schemas[0]),
                                       ("articles", arts, self.schemas[1])):
                folder = os.path.join(self.out_dir, kind, f"month={month}")
                os.makedirs(folder, exist_ok=True)
                pq.write_table(pa.Table.from_pylist(rows, schema=schema),
                               os.path.join(folder, name))
                self.stats.files += 1
        self.buf.clear()
        self.rows, self.seq = 0, self.seq + 1


def is_parquet_dataset(path: str) -> bool:
    """True for a directory written by ``write_parquet`` (``articles/month=.../``)."""
    root = os.path.join(path, "articles")
    return os.path.isdir(root) and any(
        name.startswith("month=") and os.path.isdir(os.path.join(root, name))
        for name in os.listdir(root))


def read_parquet(path: str, *, on_error=None) -> Iterator[ArticleResult]:
    """The ``ArticleResult`` records in a dataset written by ``write_parquet``."""
    root = os.path.join(path, "articles")
    if not os.path.isdir(root):
        err = NotFoundError(path, "This is not a quoth Parquet dataset: it has no articles/ "
                                  "folder.")
        if on_error is None:
            raise err
        on_error(err)
        return
    for article_file in _part_files(root):
        rel = os.path.relpath(article_file, root)
        yield from _read_pair(article_file, os.path.join(path, "statements", rel), on_error)


def _part_files(root: str) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".parquet"):
                yield os.path.join(folder, name)


def _read_pair(article_file: str, statement_file: str, on_error) -> Iterator[ArticleResult]:
    require_extra("parquet", "pyarrow")
    import pyarrow.parquet as pq

    by_article: dict[str, list[Statement]] = defaultdict(list)
    if os.path.exists(statement_file):
        for row in pq.read_table(statement_file).to_pylist():
            by_article[row["article_id"]].append(statement_from_row(row))
    for row in pq.read_table(article_file).to_pylist():
        try:
            article = article_from_row(row)
        except (KeyError, TypeError, ValueError) as exc:
            _report(on_error, RecordError(article_file, f"An article row is malformed ({exc})."))
            continue
        yield ArticleResult(article, tuple(by_article.pop(article.id, ())))


def _report(on_error, err: InputError) -> None:
    if on_error is None:
        raise err
    on_error(err)


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        id=row["article_id"], text=row["text"], path=row["path"], title=row["title"],
        published=row["published"] and row["published"].isoformat(), updated=row["updated"],
        outlet=row["outlet"],
        dateline=row["dateline"], url=row["url"], source=row["source"],
        lang=row.get("lang"),
        extra=tuple(tuple(kv) for kv in row.get("extra") or ()),
    )


def statement_from_row(row: dict[str, Any]) -> Statement:
    d = {
        "id": row["statement_id"], "kind": row["kind"], "confidence": row["confidence"],
        "act": row.get("act"),
        "content": {"text": row["content_text"], "start": row["content_start"],
                    "end": row["content_end"], "spans": row["content_spans"]},
        "cue": _span_dict(row, "cue"),
        "speaker": {"name": row["speaker_name"], "type": row["speaker_type"],
                    "title": row["speaker_title"], "mention": _span_dict(row, "mention")},
        "about": row["about"], "said_on": row["said_on"], "occasion": row["occasion"],
    }
    return Statement.from_dict(d)


def _span_dict(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_start"] is None:
        return None
    return {"text": row[f"{prefix}_text"], "start": row[f"{prefix}_start"],
            "end": row[f"{prefix}_end"]}


def export_parquet(paths: Iterable[str], out_dir: str, *, runner: Callable | None = None,
                   fields: dict[str, str] | None = None, on_error=None, meta=None,
                   rows_per_file: int = 50_000) -> ParquetStats:
    """Read ``paths``, extract with ``runner`` (default: in-process), write Parquet under ``out_dir``.

    ``quoth ingest PATH... --out DIR``: no database, so no de-duplication; bad
    inputs are reported to ``on_error`` and skipped.
    """
    from quoth.readers import log_error, read
    from quoth.run.local import run_local

    stats, report = ParquetStats(), on_error or log_error

    def counted(error: InputError) -> None:
        stats.count(error)
        report(error)

    articles = read(paths, on_error=counted, fields=fields, meta=meta)
    results = runner(articles) if runner else run_local(articles, workers=1, on_error=counted)
    return write_parquet(results, out_dir, rows_per_file=rows_per_file, on_error=report,
                         stats=stats)
