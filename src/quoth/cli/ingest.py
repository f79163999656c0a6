"""``quoth ingest``: read articles from any supported source into the statement database."""

from __future__ import annotations

import argparse
import json
import sys

from quoth.errors import InputError, UsageError
from quoth.store import DEFAULT_DB

__all__ = ["register", "run", "parse_fields"]

EXAMPLES = f"""examples:
  quoth ingest examples/                      # into ./{DEFAULT_DB}
  quoth ingest dump.jsonl crawl.warc.gz --db news.db
  quoth ingest export.csv --field text=story --field outlet=site

formats: .txt (one article per file, or directories of them), .jsonl/.ndjson/.jsonl.gz
and .csv (one article per record), .html/.htm, .warc/.warc.gz. Running the same command
again is safe: stored articles are skipped, so an interrupted ingest resumes.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ingest", help="store articles and their statements in a database",
        description="Read articles (text, JSONL, CSV, HTML, WARC), find their statements and "
                    "store them in a SQLite database, skipping articles already stored.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file or directory to ingest")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.add_argument("--engine", default="hybrid", choices=("hybrid", "rules", "model"),
                        help="statement finder (default hybrid)")
    parser.add_argument("--field", action="append", default=[], metavar="NAME=KEY",
                        help="record key holding a field, e.g. text=story (repeatable)")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N",
                        help="articles written per transaction (default 64)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def parse_fields(pairs: list[str]) -> dict[str, str] | None:
    """``["text=story"]`` -> ``{"text": "story"}``; UsageError on a bad pair."""
    from quoth.read.records import FIELD_NAMES

    fields = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        if not sep or not key.strip() or name.strip() not in FIELD_NAMES:
            raise UsageError(f"bad --field {pair!r}: use NAME=KEY with NAME one of "
                             + ", ".join(FIELD_NAMES))
        fields[name.strip()] = key.strip()
    return fields or None


def make_runner(args):
    """The runner for these options (None: the default in-process extractor)."""
    return None


def run(args) -> int:
    from quoth.store.ingest import ingest

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")

    def on_error(error: InputError) -> None:
        print(f"quoth: skipped {error}", file=sys.stderr)

    summary = ingest(args.paths, args.db, runner=make_runner(args), engine=args.engine,
                     fields=parse_fields(args.field), on_error=on_error,
                     batch_size=args.batch_size)
    if args.json:
        print(json.dumps({"db": args.db, **summary.to_dict()}))
    else:
        print(f"quoth: {args.db}: {summary}")
    return 0 if summary.read or not summary.skipped else 1
