"""Multi-record dumps: JSONL (``.jsonl``, ``.ndjson``, ``.jsonl.gz``) and CSV, one article each.

Common field names are recognised (case-insensitive), first match wins:

    text       text, maintext, body, content, article, article_text, full_text
    title      title, headline
    published  published, date, date_publish, publish_date, date_published, pubdate
    updated    updated, date_modify, date_modified
    url        url, link, source_url, uri
    outlet     outlet, source, source_domain, domain, publisher, site_name, site

``fields`` maps a field to the record key holding it (``{"text": "story"}``,
from ``--field text=story``) and wins over the defaults. A record that is not
valid JSON / has no text is reported to ``on_error`` as a ``RecordError`` with
its line number and skipped; ``Article.source`` says ``"line N"``.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from quoth.errors import DecodeError, InputError, NotFoundError, RecordError
from quoth.records import Article, article_id

__all__ = ["iter_articles", "article_from_record", "FIELD_NAMES", "normalise_date", "host_of"]

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "maintext", "body", "content", "article", "article_text", "full_text"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "publish_date", "date_published",
                  "pubdate"),
    "updated": ("updated", "date_modify", "date_modified"),
    "url": ("url", "link", "source_url", "uri"),
    "outlet": ("outlet", "source", "source_domain", "domain", "publisher", "site_name", "site"),
}
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

OnError = Callable[[InputError], None]


def iter_articles(path: str, *, on_error: OnError, fields: dict[str, str] | None = None
                  ) -> Iterator[Article]:
    """Yield one Article per good record in ``path``; report bad ones and go on."""
    if path.lower().endswith(".csv"):
        yield from _csv(path, on_error, fields)
    else:
        yield from _jsonl(path, on_error, fields)


def _jsonl(path: str, on_error: OnError, fields) -> Iterator[Article]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        handle = opener(path, "rb")
    except FileNotFoundError:
        raise NotFoundError(path, "There is no such file.") from None
    with handle:
        for n, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
            except UnicodeDecodeError:
                on_error(RecordError(path, "The line is not UTF-8 text.", line=n))
                continue
            except json.JSONDecodeError as exc:
                on_error(RecordError(path, f"The line is not valid JSON: {_json_problem(exc)}.",
                                     line=n))
                continue
            article = _checked(record, path, n, "line", on_error, fields)
            if article is not None:
                yield article


def _csv(path: str, on_error: OnError, fields) -> Iterator[Article]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        line = 2
        try:
            for n, record in enumerate(reader, 1):
                article = _checked(record, path, line, "record", on_error, fields, number=n)
                line = reader.line_num + 1
                if article is not None:
                    yield article
        except UnicodeDecodeError:
            raise DecodeError(path, "The CSV file is not UTF-8 text.",
                              line=reader.line_num + 1) from None
        except csv.Error as exc:
            raise RecordError(path, f"The CSV is malformed ({exc}).",
                              line=reader.line_num) from None


def _checked(record: Any, path: str, line: int, unit: str, on_error: OnError, fields,
             number: int | None = None) -> Article | None:
    if not isinstance(record, dict):
        on_error(RecordError(path, "The record is not a JSON object.", line=line))
        return None
    try:
        return article_from_record(record, fields=fields, path=path,
                                   source=f"{unit} {number or line}")
    except RecordError as exc:
        on_error(RecordError(path, exc.reason, line=line))
        return None


def article_from_record(record: dict[str, Any], *, fields: dict[str, str] | None = None,
                        path: str | None = None, source: str | None = None) -> Article:
    """An Article from one record's fields; ``RecordError`` when it carries no text."""
    keys = {str(k).lower(): k for k in record}
    values = {name: _field(record, keys, name, fields) for name in FIELD_NAMES}
    text = values["text"]
    if not text or not text.strip():
        tried = (fields or {}).get("text") or "/".join(FIELD_NAMES["text"])
        raise RecordError(path or "-", f"The record has no article text (quoth looked for "
                                       f"{tried}; name the field with --field text=KEY).")
    url = values["url"]
    return Article(
        id=article_id(text), text=text, path=path, title=_clean(values["title"]),
        published=normalise_date(values["published"]), updated=_clean(values["updated"]),
        outlet=_clean(values["outlet"]) or host_of(url), url=_clean(url), source=source)


def _field(record, keys, name, fields) -> str | None:
    wanted = [fields[name]] if fields and name in fields else list(FIELD_NAMES[name])
    for key in wanted:
        real = keys.get(key.lower())
        value = record.get(real) if real is not None else None
        if isinstance(value, dict):  # {"source": {"id": ..., "name": "BBC"}}
            value = value.get("name") or value.get("title")
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value)
    return None


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message as a clause with a verb, and where on the line it stopped:
    ``a string is not closed at character 12``. The decoder's own messages end in a
    preposition ("Invalid control character at"), so the common ones are rewritten."""
    what = {"Invalid control character at": "a string holds a control character (a raw tab "
                                            "or line break)",
            "Expecting value": "a value is missing or is not JSON",
            "Unterminated string starting at": "a string is not closed",
            "Extra data": "more follows the first JSON value"}.get(
                exc.msg, f"the decoder stopped ({exc.msg})")
    return f"{what} at character {exc.colno}"


def normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from ISO dates/timestamps, RFC 2822 dates or epoch seconds; else None."""
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    m = _ISO_DAY.search(value)
    if m:
        return m.group(0)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if re.fullmatch(r"\d{9,10}(\.\d+)?", value):
        return datetime.fromtimestamp(float(value), timezone.utc).date().isoformat()
    return None


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` (the outlet when none is given)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None
