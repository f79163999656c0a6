"""``quoth serve``: the web UI and JSON API over a quoth database."""

from __future__ import annotations

import argparse
import os

from quoth.errors import NotFoundInStore, UsageError, require_extra

__all__ = ["register", "run", "url_for"]

EXAMPLES = """examples:
  quoth serve                              # quoth.db on http://127.0.0.1:8000/
  quoth serve --db news.db --port 8080
  quoth serve --db news.db --allow-writes  # let "Try it" save articles (CSRF-protected)
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the web UI and JSON API (search, articles, speakers, try it)",
        description="Serve the search pages and their JSON API over a quoth database. "
                    "Binds to 127.0.0.1 unless --host says otherwise; read-only unless "
                    "--allow-writes.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default="quoth.db", help="database file (default: quoth.db)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--allow-writes", action="store_true",
                        help="let the Try it page store pasted articles in the database")
    parser.set_defaults(func=run)


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def run(args) -> int:
    require_extra("web", "fastapi", "fastapi_offline", "uvicorn", "jinja2")
    import uvicorn

    from quoth.web import create_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be from 1 to 65535, not {args.port}.")
    if not os.path.exists(args.db):
        if not args.allow_writes:
            raise NotFoundInStore(f"no database at {args.db} (run `quoth ingest` first)")
        from quoth.store import Store

        Store(args.db).close()  # create an empty database to write into
    app = create_app(args.db, allow_writes=args.allow_writes)
    mode = "read-write" if args.allow_writes else "read-only"
    print(f"quoth: serving {args.db} ({mode}) at {url_for(args.host, args.port)}", flush=True)
    print("quoth: press Ctrl+C to stop", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
