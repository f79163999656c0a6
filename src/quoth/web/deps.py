"""What every route needs from the app: its settings, a store to read, page rendering."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response

__all__ = ["Settings", "reader", "render", "is_api", "QUERY_SECONDS", "MAX_BODY", "MAX_QUERY"]

QUERY_SECONDS = 5.0  # CPU seconds of SQLite work one request may do before it is stopped (503)
MAX_BODY = 5 * 1024 * 1024  # bytes of request body (the Try-it upload): 413 beyond
MAX_QUERY = 4096  # characters of URL query string: 414 beyond


@dataclass
class Settings:
    db: str
    allow_writes: bool = False
    query_seconds: float = QUERY_SECONDS
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    local: threading.local = field(default_factory=threading.local)


def reader(request: Request) -> Any:
    """This thread's read-only ``Store`` for the app's database (opened once, reused).

    Each call starts the request's time limit: SQLite stops a statement once the thread
    has spent ``query_seconds`` of CPU time since (a progress handler), and the app answers
    503. CPU time, not the clock: a busy server (many requests sharing the cores) slows
    every request without any of them being a runaway query."""
    from quoth.store import Store

    settings: Settings = request.app.state.settings
    local = settings.local
    store = getattr(local, "store", None)
    if store is None:
        store = Store(settings.db, readonly=True)
        local.store = store
        store.conn.set_progress_handler(lambda: time.thread_time() > local.deadline, 100)
    local.deadline = time.thread_time() + settings.query_seconds
    return store


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render template ``name``; every page links to its JSON twin when there is one."""
    context.setdefault("json_url", None)
    context.setdefault("nav", None)
    return request.app.state.templates.TemplateResponse(request, name, context,
                                                        status_code=status)
