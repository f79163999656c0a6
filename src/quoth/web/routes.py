"""Read-only pages and their JSON twins: search, article, statement, speaker, speakers.

Every page is one data function in :mod:`quoth.web.views` or a store call;
``/x`` renders it as HTML and ``/api/x`` returns it as JSON.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from quoth.store.rows import row_id
from quoth.web import chart as charts
from quoth.web.deps import reader, render
from quoth.web.highlight import segments, snippet_markup
from quoth.web.links import facet_lists, filter_chips, pager, query_url
from quoth.web.views import clean_filters, search_view, speakers_legend, variants_of

__all__ = ["router"]

router = APIRouter()

Q = Query(None, description="free text; any string is safe", max_length=500)
SPEAKER = Query(None, description="speaker id, canonical name or alias", max_length=300)
ABOUT = Query(None, description="an entity the statement is about", max_length=300)
OUTLET = Query(None, description="outlet name", max_length=300)
KIND = Query(None, description="direct | indirect | mixed", max_length=20)
ACT = Query(None, description="statements (default: say, think, want) | all | say | think | "
                              "want | other", max_length=20)
LANG = Query(None, description="article language (ISO 639-1: en, fr)", max_length=8)
DATE_FROM = Query(None, description="published on or after (YYYY-MM-DD)", max_length=10)
DATE_TO = Query(None, description="published on or before (YYYY-MM-DD)", max_length=10)
PAGE = Query(1, ge=1, le=100_000)
PER_PAGE = Query(20, ge=1, le=100)
CONTEXT = 300  # characters of article text shown around a statement


def _search(request: Request, q, speaker, about, outlet, kind, date_from, date_to,
            page, per_page, act=None, lang=None) -> dict[str, Any]:
    filters = clean_filters(dict(speaker=speaker, about=about, outlet=outlet, kind=kind,
                                 act=act, date_from=date_from, date_to=date_to, lang=lang))
    return search_view(reader(request), q, filters, page=page, per_page=per_page)


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/search", status_code=307)


@router.get("/search", include_in_schema=False, name="search_page")
def search_page(request: Request, q: Optional[str] = Q, speaker: Optional[str] = SPEAKER,
                about: Optional[str] = ABOUT, outlet: Optional[str] = OUTLET,
                kind: Optional[str] = KIND, date_from: Optional[str] = DATE_FROM,
                date_to: Optional[str] = DATE_TO, page: int = PAGE,
                per_page: int = PER_PAGE, act: Optional[str] = ACT,
                lang: Optional[str] = LANG) -> Response:
    view = _search(request, q, speaker, about, outlet, kind, date_from, date_to, page, per_page,
                   act, lang)
    for hit in view["hits"]:  # already escaped by search_view (highlight.snippet_markup)
        hit["snippet_markup"] = Markup(hit["snippet_html"])
    base = str(request.url_for("search_page").path)
    state = {"q": view["query"], **view["filters"],
             "per_page": per_page if per_page != 20 else None}
    pages = pager(view["page"], view["pages"], per_page, view["total"],
                  lambda n: query_url(base, state, page=n))
    return render(request, "search.html", {
        "q": view["query"], "filters": view["filters"], "result": view, "pages": pages,
        "facets": facet_lists(view, base), "chips": filter_chips(view, base),
        "span": _date_span(request), "nav": "search",
        "all_url": query_url(base, state, act=None if view["filters"].get("act") else "all",
                             page=None),
        "json_url": query_url("/api/search", state, page=page if page > 1 else None),
    })


@router.get("/api/search", name="api_search", tags=["search"])
def api_search(request: Request, q: Optional[str] = Q, speaker: Optional[str] = SPEAKER,
               about: Optional[str] = ABOUT, outlet: Optional[str] = OUTLET,
               kind: Optional[str] = KIND, date_from: Optional[str] = DATE_FROM,
               date_to: Optional[str] = DATE_TO, page: int = PAGE,
               per_page: int = PER_PAGE, act: Optional[str] = ACT,
               lang: Optional[str] = LANG) -> dict[str, Any]:
    """Search statements: bm25-ranked hits with snippets, facet counts and paging.
    By default only statements (act say, think or want); ``act=all`` for every attribution.

    ``snippet`` marks matches with \\u0002/\\u0003; ``snippet_html`` is the same
    snippet HTML-escaped with ``<mark>`` around matches."""
    return _search(request, q, speaker, about, outlet, kind, date_from, date_to, page, per_page,
                   act, lang)


def _date_span(request: Request) -> dict[str, Any]:
    """First/last published date in the database (cached per worker thread)."""
    store = reader(request)
    span = getattr(store, "_web_date_span", None)
    if span is None:
        first, last = store.conn.execute(
            "SELECT min(published), max(published) FROM articles").fetchone()  # indexed
        span = {"first": first, "last": last}
        store._web_date_span = span
    return span


@router.get("/article/{ident}", include_in_schema=False, name="article_page")
def article_page(request: Request, ident: str) -> Response:
    article = reader(request).article(ident)
    statements = article.get("statements", [])
    return render(request, "article.html", {
        "article": article, "segs": segments(article.get("text") or "", statements),
        "speakers": speakers_legend(statements),
        "json_url": f"/api/article/{quote(article['id'])}",
    })


@router.get("/api/article/{ident}", name="api_article", tags=["pages"])
def api_article(request: Request, ident: str) -> dict[str, Any]:
    """One article: text, metadata, where it was published, and its statements."""
    return reader(request).article(ident)


@router.get("/statement/{ident}", include_in_schema=False, name="statement_page")
def statement_page(request: Request, ident: str) -> Response:
    store = reader(request)
    st = store.statement(ident, context=CONTEXT)
    return render(request, "statement.html", {
        "st": st, "variants": variants_of(st, store), "context_size": CONTEXT,
        "json_url": f"/api/statement/{quote(st['id'])}",
    })


@router.get("/api/statement/{ident}", name="api_statement", tags=["pages"])
def api_statement(request: Request, ident: str) -> dict[str, Any]:
    """One statement in context, its article, and its variants from other outlets."""
    store = reader(request)
    st = store.statement(ident)
    st["variants"] = variants_of(st, store)
    return st


@router.get("/speaker/{ident}", include_in_schema=False, name="speaker_page")
def speaker_page(request: Request, ident: str,
                 by: Optional[str] = Query(None, pattern="^(day|week|month)$"),
                 act: Optional[str] = ACT) -> Response:
    sp = reader(request).speaker(_ident(ident), act=act)
    points = [(t.get("date"), t.get("count", 0)) for t in sp.get("timeline", [])]
    return render(request, "speaker.html", {
        "sp": sp, "chart": charts.timeline(points, unit=by), "act_all": act == "all",
        "json_url": f"/api/speaker/{sp['id']}",
    })


@router.get("/api/speaker/{ident}", name="api_speaker", tags=["pages"])
def api_speaker(request: Request, ident: str, act: Optional[str] = ACT) -> dict[str, Any]:
    """One speaker: names, titles, counts, statements per day (and how many are undated),
    top topics, latest statements; by default over the statements (``act=all``: every
    attribution)."""
    return reader(request).speaker(_ident(ident), act=act)


@router.get("/speakers", include_in_schema=False, name="speakers_page")
def speakers_page(request: Request, q: Optional[str] = Q, page: int = PAGE) -> Response:
    result = reader(request).speakers(q or None, limit=50, offset=(page - 1) * 50)
    pages = max(1, -(-int(result.get("total", 0)) // 50))
    base = str(request.url_for("speakers_page").path)
    return render(request, "speakers.html", {
        "q": q, "result": result, "nav": "speakers",
        "pages": pager(page, pages, 50, result.get("total", 0),
                       lambda n: query_url(base, {"q": q}, page=n)),
        "json_url": query_url("/api/speakers", {"q": q}),
    })


@router.get("/api/speakers", name="api_speakers", tags=["pages"])
def api_speakers(request: Request, q: Optional[str] = Q, page: int = PAGE,
                 per_page: int = PER_PAGE) -> dict[str, Any]:
    """Speakers by statement count, optionally filtered by name or alias."""
    return reader(request).speakers(q or None, limit=per_page, offset=(page - 1) * per_page)


@router.get("/api/stats", name="api_stats", tags=["pages"])
def api_stats(request: Request) -> dict[str, Any]:
    """Counts of articles, statements, speakers and outlets in the database."""
    return reader(request).stats()


def _ident(ident: str) -> int | str:
    rid = row_id(ident)
    return ident if rid is None else rid
