"""A judged sample of the statements quoth shows: draw it, then recompute its rates.

    python scripts/judged_sample.py sample -n 200 --seed 15 --out tests/data/judged/sample.jsonl \
        ../shared/data/polnear/dev/text examples/
    python scripts/judged_sample.py rates tests/data/judged/judgments.jsonl

``sample`` extracts the given files and folders with the default engine, keeps the
default view (act say, think or want: what a reader sees), and draws ``-n`` statements
with a seeded random generator. Each line holds what a judge needs: the article (path
and id), the content (text, offsets, pieces), cue, speaker (name, mention, title), act,
kind, and the paragraph around the statement.

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
    rates = sub.add_parser("rates", help="recompute the rates from a judgments JSONL")
    rates.add_argument("judgments", help="the judged sample (JSONL)")
    rates.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    return sample(args) if args.command == "sample" else print_rates(args)


def sample(args) -> int:
    import quoth

    shown = []
    for result in quoth.extract(args.paths):
        text = result.article.text
        for st in result.statements:
            if st.shown:
                shown.append(record(result.article, text, st))
    rng = random.Random(args.seed)
    drawn = rng.sample(shown, min(args.n, len(shown)))
    drawn.sort(key=lambda r: (r["path"], r["content"]["start"]))
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with contextlib.nullcontext(out) if out is sys.stdout else out:
        for row in drawn:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} drawn from {len(shown)} statements shown", file=sys.stderr)
    return 0


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
