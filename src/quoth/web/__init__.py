"""quoth's web UI and JSON API (FastAPI + Jinja2, server-rendered, offline).

``create_app(db, allow_writes=False)`` returns the ASGI app; ``quoth serve``
runs it. Pages: ``/search``, ``/article/<id>``, ``/statement/<id>``,
``/speaker/<id>``, ``/speakers``, ``/try``; each has a JSON twin under
``/api/``; OpenAPI docs at ``/docs`` (assets served locally).
"""

from __future__ import annotations

from quoth.web.app import create_app

__all__ = ["create_app"]
