"""``quoth export``: stream every stored statement as JSONL, CSV or Parquet."""

from __future__ import annotations

import argparse
import sys

from quoth.store import DEFAULT_DB

__all__ = ["register", "run"]

EXAMPLES = """examples:
  quoth export --format jsonl > statements.jsonl
  quoth export --format csv --out statements.csv
  quoth export --format parquet --out statements.parquet   # pandas/DuckDB ready
"""


def register(subparsers) -> None:
    from quoth.store.export import FORMATS

    parser = subparsers.add_parser(
        "export", help="export statements with speaker, article and outlet columns",
        description="Stream every statement in the database, one flat row each, with "
                    "speaker, article and outlet columns.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="default jsonl")
    parser.add_argument("--out", metavar="PATH", help="output file (default stdout; "
                                                     "parquet needs one)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.store import Store

    with Store(args.db, readonly=True) as store:
        n = store.export(args.format, args.out)
    if args.out and args.out != "-":
        print(f"quoth: {n} statements -> {args.out}", file=sys.stderr)
    return 0
