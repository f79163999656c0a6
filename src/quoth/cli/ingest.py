"""``quoth ingest``: read articles from any supported source into the statement database."""

from __future__ import annotations

import argparse
import json
import sys

from quoth.cli.inputs import add_input_options, parse_fields
from quoth.engines import DEFAULT_ENGINE, ENGINE_HELP, ENGINES
from quoth.errors import InputError, UsageError
from quoth.store import DEFAULT_DB

__all__ = ["register", "run", "parse_fields"]

EXAMPLES = f"""examples:
  quoth ingest examples/                      # into ./{DEFAULT_DB}
  quoth ingest dump.jsonl crawl.warc.gz --db news.db
  quoth ingest export.csv --field text=story --field outlet=site
  quoth ingest crawl/ --workers 2             # 2 extraction processes, one writer
  quoth ingest crawl/ --dask tcp://10.0.0.5:8786 --out crawl.parquet   # Dask -> Parquet
  quoth ingest crawl.parquet --db news.db     # load Parquet output into the database

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
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=ENGINES, help=ENGINE_HELP)
    add_input_options(parser)
    parser.add_argument("--batch-size", type=int, default=64, metavar="N",
                        help="articles written per transaction (default 64)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--lang", metavar="CODE",
                        help="the articles' language (en, fr, ...) instead of detecting it")
    add_scale_options(parser)  # --workers/--dask/--out (quoth.run)
    parser.set_defaults(func=run)


def add_scale_options(parser) -> None:
    """Scale-out options (owned by quoth.run): worker processes, Dask, Parquet output."""
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="extraction worker processes (default: the number of CPUs)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run on Dask: 'local' (a LocalCluster) or tcp://HOST:PORT")
    parser.add_argument("--out", metavar="DIR",
                        help="write partitioned Parquet (by published month) to DIR instead of "
                             "the database; `quoth ingest DIR` loads it into the database later")


def make_runner(args):
    """The runner for --workers/--dask (quoth.run); --workers 1 runs in-process."""
    from quoth.run import runner

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1.")
    return runner(workers=args.workers, dask=args.dask, engine=args.engine)


def run_scaled(args, on_error) -> dict | None:
    """--out DIR (Parquet out) and Parquet datasets given as PATHs (loaded into --db)."""
    from quoth.run import parquet
    from quoth.store import parquet as store_parquet

    if args.out:
        stats = parquet.export_parquet(args.paths, args.out, runner=make_runner(args),
                                       fields=parse_fields(args.field), on_error=on_error,
                                       meta=args.meta)
        return {"out": args.out, **vars(stats)}
    if args.paths and all(parquet.is_parquet_dataset(p) for p in args.paths):
        summary = store_parquet.load_parquet(args.paths, args.db, on_error=on_error,
                                       batch_size=args.batch_size)
        return {"db": args.db, **summary.to_dict()}
    return None


def _scaled_line(scaled: dict) -> str:
    """``out DIR, articles 3, statements 40, files 2, skipped 1 (extraction failed 1)``."""
    reasons = scaled.get("reasons") or scaled.get("skipped_reasons") or {}
    why = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
    return ", ".join(f"{k} {v}" + (f" ({why})" if k == "skipped" and why else "")
                     for k, v in scaled.items() if not isinstance(v, dict) and k != "failed")


def run(args) -> int:
    from quoth.store.ingest import ingest

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1.")

    def on_error(error: InputError) -> None:
        print(f"quoth: skipped {error}", file=sys.stderr)

    scaled = run_scaled(args, on_error)
    if scaled is not None:
        print(json.dumps(scaled) if args.json else "quoth: " + _scaled_line(scaled))
        return 0 if scaled.get("articles", scaled.get("read", 1)) or not scaled.get("skipped") else 1
    from quoth.cli.inputs import known_total, loading_line

    if args.workers == 1 and not args.dask:
        loading_line(args.engine)
    summary = ingest(args.paths, args.db, runner=make_runner(args), engine=args.engine,
                     total=known_total(args.paths),
                     fields=parse_fields(args.field), on_error=on_error, meta=args.meta,
                     batch_size=args.batch_size, lang=args.lang)
    if args.json:
        print(json.dumps({"db": args.db, **summary.to_dict()}))
    else:
        print(f"quoth: {args.db}: {summary}")
    return 0 if summary.read or not summary.skipped else 1
