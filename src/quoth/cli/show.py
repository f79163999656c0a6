"""``quoth show``: one stored article with its statements marked."""

from __future__ import annotations

import argparse
import json

from quoth.store import DEFAULT_DB

__all__ = ["register", "run", "mark_text"]

EXAMPLES = """examples:
  quoth show 3f2a9c1e            # article id (or a unique prefix, or its URL)
  quoth show 3f2a9c1e --json
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "show", help="print a stored article with its statements marked",
        description="Print an article from the database with each statement's content in "
                    "[[...]] followed by its number, then the list of statements.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", help="article id, unique id prefix, or URL")
    parser.add_argument("--json", action="store_true", help="print the article as JSON")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.store import Store

    with Store(args.db, readonly=True) as store:
        article = store.article(args.article)
    if args.json:
        print(json.dumps(article, ensure_ascii=False))
        return 0
    meta = " | ".join(x for x in (article["published"], article["outlet"], article["url"]) if x)
    print(f"== {article['title'] or article['id']}\n   {meta}\n   id {article['id']}\n")
    print(mark_text(article["text"], article["statements"]))
    print()
    for n, s in enumerate(article["statements"], 1):
        print(f"[{n}] {s['speaker'] or '?'} ({s['kind']}"
              f"{', ' + s['cue'] if s['cue'] else ''}): {' '.join(s['content'].split())}")
    return 0


def mark_text(text: str, statements: list[dict]) -> str:
    """``text`` with every content span wrapped as ``[[...]]N`` (N = statement number)."""
    inserts: list[tuple[int, int, str]] = []
    for n, s in enumerate(statements, 1):
        for start, end in s["spans"]:
            inserts.append((start, 1, "[["))
            inserts.append((end, 0, f"]]{n}"))
    out, pos = [], 0
    for offset, _, mark in sorted(inserts):
        out.append(text[pos:offset])
        out.append(mark)
        pos = offset
    out.append(text[pos:])
    return "".join(out)
