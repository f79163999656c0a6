"""A judged sample of the statements quoth shows: draw it, then recompute its rates.

    python scripts/judged_sample.py sample -n 200 --seed 15 --out tests/data/judged/sample.jsonl \
        ../shared/data/polnear/dev/text examples/
    python scripts/judged_sample.py recheck tests/data/judged/judgments.jsonl \
        ../shared/data/polnear/dev/text examples/ --out tests/data/judged/rechecked.jsonl
    python scripts/judged_sample.py rates tests/data/judged/judgments.jsonl

``sample`` extracts the given files and folders with the default engine, keeps the
default view (act say, think or want: what a reader sees), and draws ``-n`` statements
with a seeded random generator. Each line holds what a judge needs: the article (path
and id), the content (text, offsets, pieces), cue, speaker (name, mention, title), act,
kind, and the paragraph around the statement.

``recheck`` carries a judged sample over to today's output: a record today's default view
still shows unchanged keeps its judgment; the others are dropped and new records drawn in
their place, to be judged.

``rates`` reads judgments: the sample's lines with a ``judgment`` added by the judge
(tests/data/judged/RUBRIC.md says how to fill it)::

    "judgment": {"statement": true|false, "span": true|false|null,
                 "speaker": true|false|null,
                 "error": "class of the first thing wrong" (optional), "note": "..." (optional)}

and prints the good-record rate (all three right), the not-statement rate, and the
counts behind them, with the error classes by frequency.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
from collections import Counter

CONTEXT = 500  # characters of the paragraph kept on each side of the content at most


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("sample", help="draw statements from quoth's default view")
    draw.add_argument("paths", nargs="+", help="article files or folders")
    draw.add_argument("-n", type=int, default=200, help="statements to draw (default 200)")
    draw.add_argument("--seed", type=int, default=15)
    draw.add_argument("--out", default="-", help="JSONL to write (default stdout)")
    again = sub.add_parser("recheck", help="carry a judged sample over to today's output: keep "
                           "the judgments of records shown unchanged, drop those no longer shown, "
                           "and draw new records (unjudged) to refill it to -n")
    again.add_argument("judgments", help="the judged sample (JSONL)")
    again.add_argument("paths", nargs="+", help="the article files or folders it was drawn from")
    again.add_argument("-n", type=int, default=200, help="records wanted (default 200)")
    again.add_argument("--seed", type=int, default=15)
    again.add_argument("--out", default="-", help="JSONL to write (default stdout)")
    rates = sub.add_parser("rates", help="recompute the rates from a judgments JSONL")
    rates.add_argument("judgments", help="the judged sample (JSONL)")
    rates.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    commands = {"sample": sample, "recheck": recheck, "rates": print_rates}
    return commands[args.command](args)


def shown_records(paths) -> list[dict]:
    """Every statement the default view shows in ``paths``, as sample lines."""
    import quoth

    shown = []
    for result in quoth.extract(paths):
        text = result.article.text
        shown += [record(result.article, text, st) for st in result.statements if st.shown]
    return shown


def sample(args) -> int:
    shown = shown_records(args.paths)
    drawn = random.Random(args.seed).sample(shown, min(args.n, len(shown)))
    write(drawn, args.out)
    print(f"{len(drawn)} drawn from {len(shown)} statements shown", file=sys.stderr)
    return 0


def recheck(args) -> int:
    """A judged record is kept, judgment and all, while today's default view shows the same
    statement (id, content, speaker name, act); the rest are redrawn, unjudged."""
    shown = {r["statement_id"]: r for r in shown_records(args.paths)}
    judged = [json.loads(line) for line in open(args.judgments, encoding="utf-8") if line.strip()]
    kept = [r for r in judged if same(shown.get(r["statement_id"]), r)]
    fresh = [r for key, r in shown.items() if key not in {j["statement_id"] for j in judged}]
    more = random.Random(args.seed).sample(fresh, min(max(0, args.n - len(kept)), len(fresh)))
    write(kept + more, args.out)
    print(f"{len(kept)} of {len(judged)} judgments still hold; {len(judged) - len(kept)} records "
          f"changed or are no longer shown; {len(more)} new records drawn to judge",
          file=sys.stderr)
    return 0


def same(today: dict | None, judged: dict) -> bool:
    """Today's record shows what the judged one showed: content, speaker name, act."""
    return today is not None and _shown_as(today) == _shown_as(judged)


def _shown_as(row: dict) -> tuple:
    return row["content"]["text"], row["speaker"]["name"], row["act"]


def write(rows: list[dict], where: str) -> None:
    rows = sorted(rows, key=lambda r: (r["path"], r["content"]["start"]))
    out = sys.stdout if where == "-" else open(where, "w", encoding="utf-8")
    with contextlib.nullcontext(out) if out is sys.stdout else out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def record(article, text: str, st) -> dict:
    """One sample line: the statement as a judge reads it."""
    sp = st.speaker
    return {
        "path": article.path, "article_id": article.id, "statement_id": st.id,
        "act": st.act, "kind": st.kind,
        "content": {"text": st.content.text, "start": st.content.start, "end": st.content.end,
                    "spans": [list(p) for p in st.content.spans]},
        "cue": st.cue.to_dict() if st.cue else None,
        "speaker": {"name": sp.name, "type": sp.type, "title": sp.title,
                    "mention": sp.mention.to_dict() if sp.mention else None},
        "context": context(text, st.content.start, st.content.end),
    }


def context(text: str, start: int, end: int) -> str:
    """The paragraph(s) holding ``text[start:end]``, at most CONTEXT characters each side."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    lo, hi = max(lo, start - CONTEXT), min(hi, end + CONTEXT)
    return text[lo:hi].strip()


def rates(rows: list[dict]) -> dict:
    """Good-record and not-statement rates of judged rows (RUBRIC.md)."""
    rows = [r["judgment"] for r in rows]
    n = len(rows)
    not_statement = sum(1 for r in rows if r.get("statement") is False)
    good = sum(1 for r in rows if r.get("statement") is True and r.get("span") is True
               and r.get("speaker") is True)
    bad_span = sum(1 for r in rows if r.get("statement") is True and r.get("span") is False)
    bad_speaker = sum(1 for r in rows if r.get("statement") is True and r.get("speaker") is False)
    errors = Counter(r["error"] for r in rows if r.get("error"))
    return {
        "judged": n, "good": good, "not_statement": not_statement, "bad_span": bad_span,
        "bad_speaker": bad_speaker,
        "good_rate": round(good / n, 4) if n else 0.0,
        "not_statement_rate": round(not_statement / n, 4) if n else 0.0,
        "errors": dict(errors.most_common()),
    }


def print_rates(args) -> int:
    rows = []
    with open(args.judgments, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                print(f"{args.judgments}:{number}: skipped, not JSON ({exc})", file=sys.stderr)
                continue
            if not isinstance((row.get("judgment") or {}).get("statement"), bool):
                print(f"{args.judgments}:{number}: skipped, not judged (no judgment.statement)",
                      file=sys.stderr)
                continue
            rows.append(row)
    figures = rates(rows)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"judged {figures['judged']}: good records {figures['good']} "
          f"({figures['good_rate']:.1%}), not statements {figures['not_statement']} "
          f"({figures['not_statement_rate']:.1%}), bad span {figures['bad_span']}, "
          f"wrong speaker {figures['bad_speaker']}")
    for name, count in figures["errors"].items():
        print(f"  {count:>4}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
