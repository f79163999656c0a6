"""``quoth speakers``: list speakers across articles; merge or split them to correct the machine."""

from __future__ import annotations

import argparse
import json

from quoth.store import DEFAULT_DB

__all__ = ["register", "run"]

EXAMPLES = """examples:
  quoth speakers                          # by statement count
  quoth speakers --query clinton
  quoth speakers merge "Vladimir Putin" "V. Putin"     # the second joins the first
  quoth speakers split "Hillary Clinton" "Bill Clinton" "President Clinton" --name "Bill Clinton"

Corrections are stored as rules and applied to every later ingest.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "speakers", help="list, merge and split speakers across articles",
        description="List speakers with statement counts, aliases and titles; merge two "
                    "speakers or split aliases off into a new one.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", choices=("list", "merge", "split"), default="list",
                        help="list (default), merge KEEP OTHER, split SPEAKER ALIAS...")
    parser.add_argument("names", nargs="*", metavar="NAME", help="speakers / aliases")
    parser.add_argument("--name", help="split: the new speaker's name (default first alias)")
    parser.add_argument("--query", help="list: only names/aliases containing this")
    parser.add_argument("--limit", type=int, default=50, help="list: how many (default 50)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.errors import UsageError
    from quoth.store import Store

    if args.action == "merge" and len(args.names) != 2:
        raise UsageError("`speakers merge` needs two speakers: KEEP and OTHER.")
    if args.action == "split" and len(args.names) < 2:
        raise UsageError("`speakers split` needs a speaker and at least one alias.")
    with Store(args.db, readonly=args.action == "list") as store:
        if args.action == "merge":
            result = store.merge_speakers(args.names[0], args.names[1])
        elif args.action == "split":
            result = store.split_speaker(args.names[0], args.names[1:], name=args.name)
        else:
            result = store.speakers(args.query, limit=args.limit)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    elif args.action == "list":
        for s in result["speakers"]:
            print(_line(s))
        print(f"-- {len(result['speakers'])} of {result['total']} speakers")
    else:
        print(f"quoth: {args.action}: {_line(result)}")
    return 0


def _line(s: dict) -> str:
    titles = f" ({', '.join(s['titles'][:3])})" if s["titles"] else ""
    others = [a for a in s["aliases"] if a != s["name"]][:4]
    aka = f"  aka {'; '.join(others)}" if others else ""
    return f"{s['count']:6d}  #{s['id']} {s['name']}{titles}{aka}"
