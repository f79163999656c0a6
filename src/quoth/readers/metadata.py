"""Metadata tables: a TSV or CSV that maps article file names to their date, outlet, title.

A corpus of plain-text files often keeps its metadata apart, in one table (PolNeAR's
``metadata.tsv``: ``filename``, ``publisher``, ``publication_date``, ``title``, ...).
``table_for(path)`` finds such a table for a text file: ``metadata.tsv`` or
``metadata.csv`` in the file's folder or in one of the two folders above it (PolNeAR
keeps its texts in ``dev/text/`` and the table at the top). ``--meta FILE`` names one.

Columns are matched by name, ignoring case: the file name column is one of
``FILE_COLUMNS`` (a file name with or without its suffix, or a path ending in it), the
others any name the dump readers know for a field (``date``, ``publisher``,
``headline``, ...; ``quoth.readers.dumps.FIELD_NAMES``) or ``publication_date``. A row
fills only the fields the article's own header lines left empty.
"""

from __future__ import annotations

import csv
import functools
import os

from quoth.errors import InputError
from quoth.records import Article
from quoth.readers.dumps import FIELD_NAMES, normalise_date

__all__ = ["table_for", "load_table", "apply", "TABLE_NAMES", "FILE_COLUMNS"]

TABLE_NAMES = ("metadata.tsv", "metadata.csv")
FILE_COLUMNS = ("filename", "file", "file_name", "path", "name")
FILLED = ("title", "published", "updated", "url", "outlet")
_EXTRA_NAMES = {"publication_date": "published", "pub_date": "published"}
Table = dict[str, dict[str, str]]


def table_for(path: str) -> str | None:
    """The metadata table that describes the text file ``path``, if there is one."""
    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(3):
        for name in TABLE_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate
        folder = os.path.dirname(folder)
    return None


@functools.lru_cache(maxsize=8)
def load_table(path: str) -> Table:
    """``{file stem: {field: value}}`` from the table at ``path`` (InputError when it has
    no file name column or cannot be read)."""
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(path, f"The metadata table cannot be read ({exc}).") from None
    columns = {c.strip().lower(): c for c in (rows[0].keys() if rows else ()) if c}
    key = next((columns[c] for c in FILE_COLUMNS if c in columns), None)
    if key is None:
        raise InputError(path, "The metadata table has no file name column (one of "
                               + ", ".join(FILE_COLUMNS) + ").")
    fields = _field_columns(columns)
    return {_stem(row[key]): {f: row[c].strip() for f, c in fields.items()
                              if (row.get(c) or "").strip() not in ("", "None")}
            for row in rows if row.get(key)}


def _field_columns(columns: dict[str, str]) -> dict[str, str]:
    aliases = {alias: name for name, names in FIELD_NAMES.items() for alias in (name, *names)}
    aliases.update(_EXTRA_NAMES)
    found: dict[str, str] = {}
    for lower, column in columns.items():
        field = aliases.get(lower)
        if field in FILLED and field not in found:
            found[field] = column
    return found


def _stem(name: str) -> str:
    base = os.path.basename(name.strip())
    return base[:-4] if base.lower().endswith((".txt", ".htm")) else \
        base[:-5] if base.lower().endswith(".html") else base


def apply(article: Article, table: Table) -> Article:
    """``article`` with the fields its row gives and it lacks."""
    row = table.get(_stem(article.path or ""))
    if not row:
        return article
    changes = {f: v for f, v in row.items() if getattr(article, f) in (None, "")}
    if "published" in changes:
        changes["published"] = normalise_date(changes["published"])
    if "updated" in changes:
        changes["updated"] = normalise_date(changes["updated"])
    changes = {f: v for f, v in changes.items() if v}
    return article.with_(**changes) if changes else article
