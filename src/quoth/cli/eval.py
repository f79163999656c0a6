"""``quoth eval``: score quoth against a brat attribution corpus laid out like PolNeAR."""

from __future__ import annotations

import argparse
import json
import sys

from quoth.errors import InputError, UsageError
from quoth.engines import DEFAULT_ENGINE, ENGINE_HELP, ENGINES

__all__ = ["register", "run"]

EXAMPLES = """examples:
  quoth eval ../shared/data/polnear/dev
  quoth eval ../shared/data/polnear/dev --engine rules --limit 10 --json
  quoth eval ../shared/data/polnear/dev --engine tagger --model path/to/attribution-nn
  quoth eval tests/data/fr_gold --texts ../shared/data/fr   # a JSONL gold (the French one)

The corpus holds text/NAME.txt and attributions/NAME[_ANNOTATOR].ann (brat standoff),
or is a JSONL gold (a .jsonl file or a directory with gold.jsonl) over the articles in --texts.
Metrics are documented in docs/evaluation.md.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score statement finding against an annotated corpus (brat, PolNeAR layout)",
        description="Run the extractor over CORPUS_DIR/text and score it against "
                    "CORPUS_DIR/attributions: attribution, content, source and cue "
                    "P/R/F1 over word tokens, a per-kind breakdown, and throughput.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="directory with text/ and attributions/")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=ENGINE_HELP)
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N texts")
    parser.add_argument("--model", metavar="DIR",
                        help="model directory for the model, hybrid or fast engine, instead of the "
                             "engine's default (a CRF from `quoth train` or a MiniLM tagger)")
    parser.add_argument("--texts", metavar="DIR",
                        help="for a JSONL gold: the directory of the articles it annotates "
                             "(default: ../shared/data/fr)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from quoth.evaluate.score import evaluate, format_report

    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    from quoth.evaluate.gold import is_gold_file

    if is_gold_file(args.corpus):
        return _run_gold(args)

    def on_error(error: InputError) -> None:
        print(f"quoth: skipped {error}", file=sys.stderr)

    figures = evaluate(args.corpus, engine=args.engine, limit=args.limit, on_error=on_error,
                       progress=_progress() if sys.stderr.isatty() else None, model_dir=args.model)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(format_report(figures))
    return 0 if figures["articles"] else 1


def _run_gold(args) -> int:
    from quoth.evaluate.gold import evaluate_gold, format_gold_report

    texts = args.texts or "../shared/data/fr"
    figures = evaluate_gold(args.corpus, texts, engine=args.engine)
    print(json.dumps(figures, indent=2) if args.json else format_gold_report(figures))
    return 0 if figures["articles"] else 1


def _progress():
    def show(n: int) -> None:
        print(f"\rquoth: scored {n} articles", end="", file=sys.stderr, flush=True)
    return show
