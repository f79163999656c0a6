"""Streaming the statements out as JSONL, CSV or Parquet (flat rows, one per statement).

Rows carry native types: ``spans`` is a list of ``[start, end]`` pairs, ``about`` a list of
entity objects, ``outlets`` a list of names and ``published`` a date. Parquet stores them as
lists, structs and ``date32`` and JSONL as arrays, objects and ISO dates, so DuckDB or
pandas filter them without parsing; CSV, which has no arrays, writes lists as JSON text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from contextlib import contextmanager
from typing import IO, Any, Iterator

from quoth.errors import UsageError, require_extra

__all__ = ["COLUMNS", "FORMATS", "iter_rows", "export"]

# column -> (SQL expression, type: a pyarrow type name, or one of _TYPED below)
_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("s.id", "string"),
    "article_id": ("s.article_id", "string"),
    "kind": ("s.kind", "string"),
    "act": ("s.act", "string"),
    "content": ("s.content", "string"),
    "content_start": ("s.content_start", "int64"),
    "content_end": ("s.content_end", "int64"),
    "spans": ("s.spans", "spans"),
    "cue": ("s.cue", "string"),
    "cue_start": ("s.cue_start", "int64"),
    "cue_end": ("s.cue_end", "int64"),
    "speaker": ("coalesce(sp.name, s.speaker_name)", "string"),
    "speaker_id": ("s.speaker_id", "int64"),
    "speaker_mention": ("s.speaker_mention", "string"),
    "speaker_mention_start": ("s.speaker_mention_start", "int64"),
    "speaker_mention_end": ("s.speaker_mention_end", "int64"),
    "speaker_type": ("s.speaker_type", "string"),
    "speaker_title": ("s.speaker_title", "string"),
    "confidence": ("s.confidence", "float64"),
    "said_on": ("s.said_on", "string"),
    "occasion": ("s.occasion", "string"),
    "cluster_id": ("s.cluster_id", "int64"),
    "about": ("(SELECT json_group_array(json_object('text', ab.text, 'label', ab.label, "
              "'start', ab.start, 'end', ab.\"end\")) FROM statement_about ab "
              "WHERE ab.statement_pk = s.pk)", "entities"),
    "title": ("a.title", "string"),
    "published": ("a.published", "date"),
    "outlet": ("a.outlet", "string"),
    "lang": ("a.lang", "string"),
    "outlets": ("(SELECT json_group_array(o.outlet) FROM article_occurrences o "
                "WHERE o.article_id = s.article_id AND o.outlet IS NOT NULL)", "strings"),
    "url": ("a.url", "string"),
}
COLUMNS = tuple(_COLUMNS)
FORMATS = ("jsonl", "csv", "parquet")
CHUNK = 2000


_LISTS = ("spans", "entities", "strings")  # stored as JSON text, exported as lists


def iter_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every statement as a flat dict with COLUMNS, in native types (see the module doc)."""
    select = ", ".join(f"{expr} AS {name}" for name, (expr, _) in _COLUMNS.items())
    cur = conn.execute(
        f"SELECT {select} FROM statements s JOIN articles a ON a.id = s.article_id "
        "LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.article_id, s.content_start,"
        " s.pk")
    for row in cur:
        yield {k: _typed(row[k], kind) for k, (_, kind) in _COLUMNS.items()}


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return [] if kind in _LISTS else None
    if kind in _LISTS:
        return json.loads(value)
    if kind == "date":
        return _date(value)
    return value


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:  # a partial date ("2016-09") has no day to store
        return None


def _arrow_type(kind: str):
    import pyarrow as pa

    entity = pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int64()),
                        ("end", pa.int64())])
    special = {"spans": pa.list_(pa.list_(pa.int64())), "entities": pa.list_(entity),
               "strings": pa.list_(pa.string()), "date": pa.date32()}
    return special[kind] if kind in special else getattr(pa, kind)()


def export(conn: sqlite3.Connection, fmt: str, out: str | None = None) -> int:
    """Write every statement to ``out`` (None or ``-`` = stdout) in ``fmt``; the row count."""
    if fmt not in FORMATS:
        raise UsageError(f"The format {fmt!r} is unknown: use one of {', '.join(FORMATS)}.")
    if fmt == "parquet":
        if out in (None, "-"):
            raise UsageError("Parquet needs --out PATH, as it is a binary file.")
        return _parquet(iter_rows(conn), out)
    with _opened(out) as fh:
        return (_jsonl if fmt == "jsonl" else _csv)(iter_rows(conn), fh)


@contextmanager
def _opened(out: str | None) -> Iterator[IO[str]]:
    if out in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def _jsonl(rows, fh) -> int:
    n = 0
    for n, row in enumerate(rows, 1):
        fh.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
    return n


def _csv(rows, fh) -> int:
    writer = csv.DictWriter(fh, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for n, row in enumerate(rows, 1):
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                         for k, v in row.items()})
    return n


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _parquet(rows, out: str) -> int:
    require_extra("parquet", "pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(k, _arrow_type(t)) for k, (_, t) in _COLUMNS.items()])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n, chunk = n + len(chunk), []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
