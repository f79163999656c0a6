"""``quoth search``: ranked full-text search over stored statements, with filters."""

from __future__ import annotations

import argparse
import json
import sys

from quoth.records import ACTS, KINDS
from quoth.store import DEFAULT_DB, MARK_END, MARK_START

__all__ = ["register", "run", "format_hit"]

EXAMPLES = """examples:
  quoth search NATO
  quoth search "security guarantees" --speaker Putin --from 2022-01-01 --limit 5
  quoth search --about Ukraine --kind direct --json
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "search", help="search stored statements (ranked, with highlighted snippets)",
        description="Full-text search over statement contents (bm25-ranked), filtered by "
                    "speaker, entity, outlet, date and kind. Any query string is safe.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", nargs="?", help="words to find (all must match)")
    parser.add_argument("--speaker", help="speaker id, name or alias")
    parser.add_argument("--about", metavar="ENTITY", help="entity named in the statement")
    parser.add_argument("--outlet", help="outlet that published the article")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="published on/after")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="published on/before")
    parser.add_argument("--kind", choices=KINDS, help="direct, indirect or mixed")
    parser.add_argument("--all", action="store_true",
                        help="every attribution, also those that are no statement (act "
                             "'other': polls, endorsements, actions)")
    parser.add_argument("--act", choices=ACTS, help="only this act (say, think, want, other)")
    parser.add_argument("--lang", metavar="CODE", help="article language (en, fr, ...)")
    parser.add_argument("--limit", type=int, default=20, help="hits to show (default 20)")
    parser.add_argument("--offset", type=int, default=0, help="hits to skip (paging)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--group-by", choices=["cluster"],
                        help="one hit per statement cluster (the same words across outlets)")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.store import Store

    with Store(args.db, readonly=True) as store:
        if args.speaker and not str(args.speaker).strip().isdigit():
            from quoth.store.speakers import find_speaker

            find_speaker(store.conn, args.speaker)  # "no speaker matching 'X'; did you mean"
        result = store.search(args.query, speaker=args.speaker, about=args.about,
                              outlet=args.outlet, date_from=args.date_from,
                              date_to=args.date_to, kind=args.kind, lang=args.lang,
                              act=args.act or ("all" if args.all else None), limit=args.limit,
                              offset=args.offset, facets=args.json)
        if getattr(args, "group_by", None) == "cluster":  # collapse versions
            from quoth.store.clusters import group_by_cluster

            result["hits"] = group_by_cluster(store.conn, result["hits"])
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    color = sys.stdout.isatty()
    for hit in result["hits"]:
        print(format_hit(hit, color=color))
        if (hit.get("cluster") or {}).get("size", 1) > 1:  # --group-by cluster
            c = hit["cluster"]
            print(f"  = {c['size']} versions in {c['outlets']} outlets, first "
                  f"{c['first_published'] or '?'} {c['first_outlet'] or '?'}: "
                  f"quoth cluster {c['id']}")
    shown = len(result["hits"])
    print(f"-- {shown} of {result['total']} statement{'s' * (result['total'] != 1)}")
    return 0


def format_hit(hit: dict, *, color: bool = False) -> str:
    """Two lines: who/where/when, then the highlighted snippet."""
    on, off = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    snippet = " ".join(hit["snippet"].split()).replace(MARK_START, on).replace(MARK_END, off)
    where = " | ".join(x for x in (hit["published"], hit["outlet"]) if x)
    cue = f" ({hit['cue']})" if hit.get("cue") else ""
    return (f"{hit['speaker'] or '?'}{cue} [{hit['kind']}] {where} "
            f"article {hit['article_id']} statement {hit['id']}\n  {snippet}")
