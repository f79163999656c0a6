"""Reading articles from files, directories, stdin and multi-record dumps.

``read(paths)`` is the one entry point: it expands directories, picks a reader
by file type, and yields ``Article`` records. A file or record that cannot be
read is reported to ``on_error`` (an ``InputError`` naming file, line/record and
reason) and skipped; reading goes on with the rest.

Reader modules (one per format) expose::

    iter_articles(path: str, *, on_error, fields=None) -> Iterator[Article]

A text or HTML file's missing date, outlet, title and URL come from a metadata table
(``quoth.readers.metadata``): the one given as ``meta``, else a ``metadata.tsv`` or
``metadata.csv`` beside the file or up to two folders above it.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from quoth.errors import EmptyInputError, InputError, NotFoundError
from quoth.records import Article

__all__ = ["read", "reader_for", "as_paths", "OnError", "log_error"]

OnError = Callable[[InputError], None]
PathLike = Union[str, Path]
log = logging.getLogger("quoth.readers")

# suffix -> reader module under quoth.readers
READERS = {
    ".txt": "text", ".text": "text", "": "text",
    ".jsonl": "dumps", ".ndjson": "dumps", ".jsonl.gz": "dumps", ".csv": "dumps",
    ".html": "html", ".htm": "html",
    ".warc": "warc", ".warc.gz": "warc", ".arc.gz": "warc",
}


def log_error(error: InputError) -> None:
    log.warning("%s", error)


def reader_for(path: str) -> str | None:
    """The reader module name for a path, by suffix (None when unsupported)."""
    name = os.path.basename(path).lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if suffix and name.endswith(suffix):
            return READERS[suffix]
    return READERS[""] if "." not in name else None


def read(
    paths: PathLike | Iterable[PathLike],
    *,
    on_error: OnError = log_error,
    fields: dict[str, str] | None = None,
    meta: str | None = None,
) -> Iterator[Article]:
    """Yield the articles in ``paths``: one path (``str`` or ``Path``) or several; each a
    file, a directory, or ``-`` for stdin. ``meta``: a metadata table for them all."""
    tables = _Tables(meta, on_error)
    for path in as_paths(paths):
        yield from _read_one(path, on_error=on_error, fields=fields, tables=tables)


class _Tables:
    """The metadata table of each file, each table loaded once and its problems reported once."""

    def __init__(self, meta: str | None, on_error: OnError) -> None:
        self.meta, self.on_error, self.failed = meta, on_error, set()

    def fill(self, article: Article) -> Article:
        from quoth.readers import metadata

        if not article.path or article.path == "-":
            return article
        table = self.meta or metadata.table_for(article.path)
        if table is None or table in self.failed:
            return article
        try:
            return metadata.apply(article, metadata.load_table(table))
        except InputError as exc:
            self.failed.add(table)
            self.on_error(exc)
            return article


def as_paths(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """One path or several, as a list of strings (a ``str`` is one path, not its letters)."""
    if isinstance(paths, (str, Path)):
        return [str(paths)]
    return [str(p) for p in paths]


def _read_one(path: str, *, on_error: OnError, fields, tables: _Tables) -> Iterator[Article]:
    if path != "-" and not os.path.exists(path):
        on_error(NotFoundError(path, "There is no such file or folder."))
        return
    if path != "-" and os.path.isdir(path):
        yield from _read_dir(path, on_error=on_error, fields=fields, tables=tables)
        return
    module = "text" if path == "-" else (reader_for(path) or "text")
    articles = _guarded(module, path, on_error=on_error, fields=fields)
    if module in ("text", "html"):
        articles = (tables.fill(a) for a in articles)
    yield from articles


def _guarded(module: str, path: str, *, on_error: OnError, fields) -> Iterator[Article]:
    """Run one reader over one file; whatever goes wrong is reported, never raised."""
    reader = importlib.import_module(f"quoth.readers.{module}")  # lazy: html and warc are heavy
    try:
        yield from reader.iter_articles(path, on_error=on_error, fields=fields)
    except InputError as exc:
        on_error(exc)
    except (OSError, ValueError) as exc:  # UnicodeError is a ValueError
        on_error(InputError(path, f"The file cannot be read ({exc})."))


def _read_dir(path: str, *, on_error: OnError, fields, tables: _Tables) -> Iterator[Article]:
    found = False

    def walk_error(exc: OSError) -> None:
        on_error(InputError(exc.filename or path, f"It cannot be read ({exc.strerror or exc})."))

    for root, dirs, files in os.walk(path, onerror=walk_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or reader_for(name) is None:
                continue
            found = True
            yield from _read_one(os.path.join(root, name), on_error=on_error, fields=fields,
                                 tables=tables)
    if not found:
        on_error(EmptyInputError(path, "The folder holds no article files."))
