"""Links that keep the current search: facet toggles, filter chips, pagination."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlencode

__all__ = ["query_url", "facet_lists", "filter_chips", "pager"]

FACETS = (("speaker", "Speaker"), ("about", "About"), ("outlet", "Outlet"), ("kind", "Kind"),
          ("lang", "Language"))
LABELS = dict(FACETS, date_from="From", date_to="To", act="Showing")


def query_url(base: str, params: dict[str, Any], **changes: Any) -> str:
    """``base`` with ``params`` updated by ``changes`` (None/blank values dropped)."""
    merged = {**params, **changes}
    pairs = [(k, str(v)) for k, v in merged.items() if v not in (None, "")]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _state(view: dict[str, Any]) -> dict[str, Any]:
    return {"q": view.get("query"), **view.get("filters", {})}


def facet_lists(view: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """Each facet's values with counts and a link that toggles the filter."""
    state = _state(view)
    out = []
    for name, label in FACETS:
        items = []
        for entry in (view.get("facets") or {}).get(name, []):
            key = str(entry.get("id") if name == "speaker" and entry.get("id") is not None
                      else entry.get("value"))
            on = str(state.get(name) or "") == key
            items.append({"value": entry.get("value"), "count": entry.get("count", 0), "on": on,
                          "url": query_url(base, state, **{name: None if on else key, "page": None})})
        out.append({"name": name, "label": label, "items": items})
    return out


def filter_chips(view: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """The active filters, each with a link that removes it."""
    state = _state(view)
    names = {str(e.get("id")): e.get("value") for e in (view.get("facets") or {}).get("speaker", [])}
    chips = []
    for name, value in view.get("filters", {}).items():
        if value:
            shown = names.get(str(value), value) if name == "speaker" else value
            chips.append({"label": LABELS.get(name, name), "value": shown,
                          "url": query_url(base, state, **{name: None})})
    return chips


def pager(page: int, pages: int, per_page: int, total: int,
          url: Callable[[int], str]) -> dict[str, Any]:
    """Page numbers to show (None = a gap), first/last item shown, and a url maker."""
    keep = {1, pages, *range(page - 2, page + 3)}
    window: list[int | None] = []
    for n in range(1, pages + 1):
        if n in keep:
            window.append(n)
        elif window and window[-1] is not None:
            window.append(None)
    first = (page - 1) * per_page + 1
    return {"page": page, "pages": pages, "window": window, "url": url,
            "first": min(first, total), "last": min(page * per_page, total)}
