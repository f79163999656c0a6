"""WARC / WARC.gz files (warcio): one article per valid HTTP 200 HTML response record.

Each response is validated: HTTP status 200, an HTML content type, a payload as
long as its record says (not truncated), and main text that trafilatura finds.
Requests, metadata, redirects and non-HTML responses are not articles and are
passed over silently; a bad HTML response or a truncated record is reported as
a ``RecordError`` with its record number (1-based, counting every WARC record).
``Article.source`` = ``"record N"``, ``Article.url`` = ``WARC-Target-URI``.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator

from quoth.errors import InputError, NotFoundError, RecordError
from quoth.records import Article
from quoth.readers.html import article_from_html

__all__ = ["iter_articles", "HTML_TYPES"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
TRUNCATED = "The WARC record is truncated (shorter than its Content-Length)."


def iter_articles(path: str, *, on_error: Callable[[InputError], None],
                  fields: dict[str, str] | None = None) -> Iterator[Article]:
    """Yield an Article per valid HTML response in ``path``; report bad records."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not os.path.exists(path):
        raise NotFoundError(path, "There is no such file.")
    n, end = 0, 0
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        try:
            for n, record in enumerate(records, 1):
                try:
                    article, bad = _article(record, path, n), False
                except RecordError as exc:
                    article, bad = None, on_error(exc) or True
                end = records.get_record_offset() + records.get_record_length()
                if record.raw_stream.limit > 0 and not bad:  # file ended inside the record
                    on_error(RecordError(path, TRUNCATED, line=n))
                elif article is not None:
                    yield article
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError) as exc:
            # warcio raises several types (even AttributeError) on a cut or corrupt header
            why = f"{type(exc).__name__}: {exc}"[:120]
            on_error(RecordError(path, f"The WARC record is truncated or corrupt ({why}).",
                                 line=n + 1))
            return
    if _trailing_data(path, end):
        on_error(RecordError(path, "The WARC record at the end of the file is truncated.",
                             line=n + 1))


def _article(record, path: str, n: int) -> Article | None:
    """The article in one record, None when it is not an HTML 200 response; RecordError."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or not any(t in ctype for t in HTML_TYPES):
        return None
    try:
        payload = record.content_stream().read()
    except Exception as exc:  # decompression/dechunking errors inside one record
        raise RecordError(path, f"The record's payload cannot be read ({type(exc).__name__}).",
                          line=n) from None
    if record.raw_stream.limit > 0:
        raise RecordError(path, TRUNCATED, line=n)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        return article_from_html(payload, path=path, url=url, source=f"record {n}", line=n,
                                 crawled=record.rec_headers.get_header("WARC-Date"))
    except InputError as exc:
        raise RecordError(path, exc.reason, line=n) from None


def _trailing_data(path: str, end: int) -> bool:
    """True when bytes other than blank lines follow the last whole record."""
    size = os.path.getsize(path)
    if size <= end + 4:
        return False
    with open(path, "rb") as handle:
        handle.seek(end)
        return bool(handle.read(64).strip())
