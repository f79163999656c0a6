"""What every route needs from the app: its settings, a store to read, page rendering."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response

__all__ = ["Settings", "reader", "render", "is_api"]


@dataclass
class Settings:
    db: str
    allow_writes: bool = False
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    local: threading.local = field(default_factory=threading.local)


def reader(request: Request) -> Any:
    """This thread's read-only ``Store`` for the app's database (opened once, reused)."""
    from quoth.store import Store

    settings: Settings = request.app.state.settings
    store = getattr(settings.local, "store", None)
    if store is None:
        store = Store(settings.db, readonly=True)
        settings.local.store = store
    return store


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render template ``name``; every page links to its JSON twin when there is one."""
    context.setdefault("json_url", None)
    context.setdefault("nav", None)
    return request.app.state.templates.TemplateResponse(request, name, context,
                                                        status_code=status)
