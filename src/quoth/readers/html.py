"""HTML pages: the main text and metadata (title, date, site, URL) via trafilatura.

The article text is trafilatura's main-text extraction (paragraphs joined by
newlines); offsets index that text. A page with no main text is reported as an
``EmptyInputError`` and skipped.
"""

from __future__ import annotations

from typing import Callable, Iterator

from quoth.errors import EmptyInputError, InputError
from quoth.records import Article, article_id
from quoth.readers.dumps import host_of, normalise_date
from quoth.readers.text import read_bytes

__all__ = ["iter_articles", "article_from_html", "MIN_CHARS"]

MIN_CHARS = 40  # less main text than this is a navigation page, not an article


def iter_articles(path: str, *, on_error: Callable[[InputError], None],
                  fields: dict[str, str] | None = None) -> Iterator[Article]:
    """Yield the article in the HTML file ``path``; report a page without text."""
    try:
        article = article_from_html(read_bytes(path), path=path)
    except InputError as exc:
        on_error(exc)
        return
    yield article


def article_from_html(data: bytes | str, *, path: str, url: str | None = None,
                      source: str | None = None, line: int | None = None,
                      crawled: str | None = None) -> Article:
    """An Article from one HTML document; ``EmptyInputError`` when it has no main text."""
    from trafilatura import bare_extraction

    if not data or not (data.strip() if isinstance(data, str) else data.strip()):
        raise EmptyInputError(path, "The HTML page is empty.", line=line)
    try:
        doc = bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                              include_tables=False)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(path, f"The HTML cannot be parsed ({type(exc).__name__}).",
                         line=line) from None
    doc = doc.as_dict() if doc is not None and not isinstance(doc, dict) else (doc or {})
    text = doc.get("text") or ""
    if len(text.strip()) < MIN_CHARS:
        raise EmptyInputError(path, "The HTML page has no article text.", line=line)
    page_url = url or doc.get("url")
    return Article(
        id=article_id(text), text=text, path=path, title=doc.get("title") or None,
        published=normalise_date(doc.get("date")),
        outlet=doc.get("sitename") or doc.get("hostname") or host_of(page_url),
        url=page_url, source=source, extra=(("crawled", crawled),) if crawled else ())
