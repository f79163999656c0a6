"""Page data: plain, JSON-ready dicts built from the store (no HTML, no requests).

Each ``*_view`` function is what the JSON API returns; the HTML routes render
the same dict (plus presentation helpers) through a template.
"""

from __future__ import annotations

import re
from typing import Any

from quoth.errors import UsageError
from quoth.records import ACTS, KINDS
from quoth.store.rows import row_id
from quoth.web.highlight import snippet_markup, speaker_colours, speaker_key

__all__ = [
    "FILTERS",
    "MAX_PER_PAGE",
    "clean_filters",
    "quote_marks",
    "search_view",
    "speakers_legend",
    "tip_data",
    "variants_of",
]

FILTERS = ("speaker", "about", "outlet", "kind", "act", "lang", "date_from", "date_to")
ACT_CHOICES = ("statements", "all", *ACTS)  # act=: default statements (say/think/want)
MAX_PER_PAGE = 100
MAX_OFFSET = 10_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_filters(raw: dict[str, Any]) -> dict[str, str | None]:
    """Blank values become None; a bad kind or date raises ``UsageError``."""
    out: dict[str, str | None] = {}
    for name in FILTERS:
        value = raw.get(name)
        value = str(value).strip() if value is not None else ""
        out[name] = value or None
    if out["act"] == "statements":
        out["act"] = None  # the default
    if out["act"] and out["act"] not in ACT_CHOICES:
        raise UsageError(f"The act must be one of {', '.join(ACT_CHOICES)}, not {out['act']!r}.")
    if out["kind"] and out["kind"] not in KINDS:
        raise UsageError(f"The kind must be one of {', '.join(KINDS)}, not {out['kind']!r}.")
    for name in ("date_from", "date_to"):
        if out[name] and not _DATE.match(out[name] or ""):
            raise UsageError(f"The {name} date must look like 2022-02-07, not {out[name]!r}.")
    return out


def search_view(store: Any, q: str | None, filters: dict[str, str | None], *,
                page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """One page of search results: the store's answer plus paging and escaped snippets."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    offset = min((page - 1) * per_page, MAX_OFFSET)
    speaker: str | int | None = filters.get("speaker")
    if speaker and row_id(speaker) is not None:
        speaker = row_id(speaker)
    query = _CONTROL.sub(" ", q or "").strip() or None  # FTS5 chokes on NUL (store bug)
    result = store.search(query, speaker=speaker, about=filters.get("about"),
                          outlet=filters.get("outlet"), date_from=filters.get("date_from"),
                          date_to=filters.get("date_to"), kind=filters.get("kind"),
                          act=filters.get("act"), lang=filters.get("lang"),
                          limit=per_page, offset=offset)
    for hit in result.get("hits", []):
        hit["snippet_html"] = str(snippet_markup(hit.get("snippet") or hit.get("content")))
        hit["quote_marks"] = quote_marks(hit.get("content") or "")
    total = int(result.get("total", 0))
    pages = max(1, min(-(-total // per_page), MAX_OFFSET // per_page + 1))
    result.update(query=query, filters=filters, page=page, per_page=per_page, pages=pages)
    return result


QUOTE_OPENERS = "\"'“‘«„"
QUOTE_CLOSERS = "\"'”’»“"


def quote_marks(content: str) -> str:
    """The quote marks a page adds around a shown content: "open close" for a plain
    content, none at an end that already has its own (a direct quote), so no mark is
    doubled."""
    text = content.strip().rstrip(".,;:!? ")
    marks = []
    if not content.strip().startswith(tuple(QUOTE_OPENERS)):
        marks.append("open")
    if not text.endswith(tuple(QUOTE_CLOSERS)):
        marks.append("close")
    return " ".join(marks)


def speakers_legend(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One legend row per speaker, in order of first appearance, with colour and count."""
    colours = speaker_colours(statements)
    rows: dict[str, dict[str, Any]] = {}
    for stmt in statements:
        key = speaker_key(stmt)
        row = rows.setdefault(key, {
            "id": stmt.get("speaker_id"), "colour": colours[key], "count": 0,
            "name": stmt.get("speaker") or stmt.get("speaker_mention") or "unknown speaker",
        })
        row["count"] += 1
    return list(rows.values())


def tip_data(statements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What the hover/focus card shows for each statement, keyed by statement id."""
    return {
        str(s["id"]): {
            "speaker": s.get("speaker") or s.get("speaker_mention") or "unknown",
            "title": s.get("speaker_title"),
            "cue": s.get("cue"),
            "kind": s.get("kind"),
            "said_on": s.get("said_on"),
        }
        for s in statements
    }


def variants_of(statement: dict[str, Any], store: Any = None) -> list[dict[str, Any]]:
    """The same statement as reported elsewhere (its cluster), without itself.

    Uses a ``variants`` list on the statement dict when the store put one there;
    otherwise, given a ``store``, asks for the statement's cluster
    (``Store.cluster`` when it exists, else ``quoth.store.clusters.cluster_view``):
    each variant is a statement dict, with a word ``diff`` against the first-seen
    version when the cluster view provides one. Empty when the database has no
    clusters or the statement is alone in its cluster.
    """
    found = statement.get("variants")
    if found is None and store is not None and statement.get("cluster_id") is not None:
        found = _cluster_variants(store, statement["id"])
    return [v for v in (found or []) if isinstance(v, dict) and v.get("id") != statement.get("id")]


def _cluster_variants(store: Any, statement_id: str) -> list[dict[str, Any]]:
    from quoth.errors import NotFoundInStore

    try:
        if hasattr(store, "cluster"):
            view = store.cluster(statement_id)
        else:
            from quoth.store.clusters import cluster_view

            view = cluster_view(store.conn, statement_id)
    except (NotFoundInStore, ImportError):
        return []
    return list(view.get("variants") or [])
