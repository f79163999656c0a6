"""The FastAPI application: settings, templates, a read-only store per thread, errors.

``create_app(db, allow_writes=False)`` builds the app; ``quoth serve`` runs it
with uvicorn. Pages that only read open the database read-only (one connection
per worker thread, reused); writing (Try it -> save) opens a short-lived
read-write connection and only exists when ``allow_writes`` is set.
"""

from __future__ import annotations

import pathlib
import sqlite3
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from jinja2 import pass_context
from starlette.exceptions import HTTPException as StarletteHTTPException

from quoth.errors import NotFoundInStore, QuothError
from quoth.web import routes, tryit
from quoth.web.deps import MAX_BODY, MAX_QUERY, Settings, is_api, render
from quoth.web.views import tip_data

__all__ = ["create_app"]

HERE = pathlib.Path(__file__).resolve().parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DESCRIPTION = ("Who said what, about whom, and when. Every HTML page has a JSON twin under "
               "`/api/...`; search strings are safe to pass as typed.")


def create_app(db: str = "quoth.db", *, allow_writes: bool = False,
               query_seconds: float | None = None) -> FastAPI:
    """The quoth web app over the database at ``db``; ``query_seconds``: the SQLite time
    limit of one request (default ``quoth.web.deps.QUERY_SECONDS``)."""
    app = FastAPIOffline(title="quoth", version="0.1.0", description=DESCRIPTION,
                         redoc_url=None)
    app.state.settings = Settings(db=str(db), allow_writes=allow_writes)
    if query_seconds is not None:
        app.state.settings.query_seconds = query_seconds
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["tip_data"] = tip_data
    templates.env.globals["url_for"] = _path_for
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(routes.router)
    app.include_router(tryit.router)
    _install_errors(app)
    app.middleware("http")(_size_limits)
    app.middleware("http")(_security_headers)  # outermost: every answer gets the headers
    return app


async def _size_limits(request: Request, call_next: Any) -> Response:
    """414 for a query string over ``MAX_QUERY``; 413 for a body over ``MAX_BODY``."""
    if len(request.url.query) > MAX_QUERY:
        return _error(request, 414, "Request too long",
                      f"The query string holds more than {MAX_QUERY} characters.")
    length = request.headers.get("content-length")
    if length and (not length.isdigit() or int(length) > MAX_BODY):
        return _error(request, 413, "Request too large",
                      f"The request body is larger than {MAX_BODY // (1024 * 1024)} MiB.")
    return await call_next(request)


@pass_context
def _path_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """A site-relative URL for route ``name`` (never trusts the Host header)."""
    quoted = {k: quote(str(v), safe="") if k != "path" else str(v) for k, v in params.items()}
    return str(context["request"].app.url_path_for(name, **quoted))


def _error(request: Request, status: int, heading: str, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"error": heading, "detail": message}, status_code=status)
    return render(request, "error.html",
                  {"status": status, "heading": heading, "message": message}, status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(NotFoundInStore)
    async def not_found(request: Request, exc: NotFoundInStore) -> Response:
        return _error(request, 404, "Not found", str(exc))

    @app.exception_handler(QuothError)
    async def bad_request(request: Request, exc: QuothError) -> Response:
        return _error(request, 400, "Bad request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):
            detail = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
            return JSONResponse({"error": "Invalid request", "detail": detail}, status_code=422)
        return _error(request, 400, "Bad request", " ".join(map(_invalid, exc.errors())))

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(request: Request, exc: sqlite3.OperationalError) -> Response:
        if "interrupted" in str(exc):
            return _error(request, 503, "Query too slow", "The database took longer than "
                          f"{request.app.state.settings.query_seconds:g} s for this request; "
                          "narrow the search (more words, a speaker, a date range).")
        return _error(request, 503, "Database busy", "The database could not answer just "
                      "now; try again in a moment.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request) or request.url.path.startswith(("/static", "/docs", "/openapi")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return _error(request, exc.status_code, str(exc.detail), _http_message(exc.status_code))


def _invalid(error: dict) -> str:
    """One invalid request parameter as a sentence: ``The parameter limit is wrong: ...``."""
    name = ".".join(map(str, error["loc"][1:])) or "request"
    msg = error["msg"]
    return f"The parameter {name} is wrong: {msg[:1].lower()}{msg[1:].rstrip('.')}."


def _http_message(status: int) -> str:
    """What an HTML error page of ``status`` says under its heading."""
    if status == 404:
        return "There is no page at this address; search from the home page."
    if status == 405:
        return "This page does not take that kind of request."
    return "The server could not answer this request."


async def _security_headers(request: Request, call_next: Any) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    is_html = response.headers.get("content-type", "").startswith("text/html")
    if is_html and not request.url.path.startswith("/docs"):
        response.headers.setdefault("Content-Security-Policy", CSP)
    return response

