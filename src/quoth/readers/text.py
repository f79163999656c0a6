"""Plain-text articles: one article per file, or per stdin (``-``).

The bytes are decoded by ``quoth.readers.encoding`` (BOMs, UTF-8/16, legacy code
pages), metadata comes from ``quoth.readers.headers``, and the text is kept exactly
as decoded (line ends included, the BOM excluded), so offsets index it directly.
"""

from __future__ import annotations

import sys
from typing import Callable, Iterator

from quoth.errors import InputError, NotFoundError
from quoth.records import Article, article_id
from quoth.readers.encoding import decode
from quoth.readers.headers import parse_headers

__all__ = ["iter_articles", "read_bytes", "article_from_text"]

MAX_BYTES = 50 * 1024 * 1024  # one article file larger than this is not an article


def iter_articles(
    path: str,
    *,
    on_error: Callable[[InputError], None],
    fields: dict[str, str] | None = None,
) -> Iterator[Article]:
    """Yield the one article in ``path`` (``-`` = stdin); report a bad file to ``on_error``."""
    try:
        data = read_bytes(path)
        decoded = decode(data, path)
    except InputError as exc:
        on_error(exc)
        return
    yield article_from_text(decoded.text, path=path, encoding=decoded.encoding)


def read_bytes(path: str) -> bytes:
    """The raw bytes of ``path`` (or of stdin for ``-``); OS errors become InputErrors."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise NotFoundError(path, "There is no such file.") from None
    except IsADirectoryError:
        raise InputError(path, "This is a folder, not a file.") from None
    except OSError as exc:
        raise InputError(path, f"The file cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_BYTES:
        raise InputError(path, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MiB, "
                               "too large to be one article.")
    return data


def article_from_text(text: str, *, path: str | None = None, encoding: str | None = None) -> Article:
    """An Article over ``text`` as given, with the metadata its header lines carry."""
    headers = parse_headers(text)
    extra = headers.as_extra()
    if encoding:
        extra = extra + (("encoding", encoding),)
    return Article(
        id=article_id(text),
        text=text,
        path=path,
        title=headers.title,
        published=headers.published,
        updated=headers.updated,
        outlet=headers.outlet,
        dateline=headers.dateline,
        extra=extra,
    )
