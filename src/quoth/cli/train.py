"""``quoth train``: rebuild the attribution model from a PolNeAR-style training split."""

from __future__ import annotations

import argparse
import json

from quoth.errors import UsageError

__all__ = ["register", "run"]

EXAMPLES = """examples:
  quoth train ../shared/data/polnear/train
  quoth train ../shared/data/polnear/train --out /tmp/model --seed 7
  quoth train ../shared/data/polnear/train --limit 20 --out /tmp/tiny   # a quick smoke run
  quoth train ../shared/data/polnear/train --config training/crf.json

Train on the train split only; measure with `quoth eval ../shared/data/polnear/dev`.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train the attribution model (CRF) on a brat corpus split",
        description="Fit the source/cue/content tagger on CORPUS_DIR (text/ + attributions/) "
                    "and write crf.model + meta.json; by default into the package's "
                    "models/attribution, which `quoth extract` then uses.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="training split (PolNeAR layout)")
    parser.add_argument("--out", metavar="DIR", help="model directory (default: the shipped model)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    parser.add_argument("--limit", type=int, help="train on the first N texts only")
    parser.add_argument("--config", metavar="JSON", help="CRF parameters (default: training/crf.json values)")
    parser.add_argument("--max-iterations", type=int, help="L-BFGS iterations (overrides --config)")
    parser.set_defaults(func=run)


def _load_config(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            params = json.load(handle)
    except (OSError, ValueError) as exc:
        raise UsageError(f"Cannot read the config {path} ({exc}).") from None
    if not isinstance(params, dict):
        raise UsageError(f"The config {path} must be a JSON object of CRF parameters.")
    return {k: v for k, v in params.items() if not k.startswith("_")}


def run(args) -> int:
    from quoth.training.crf import DEFAULT_MODEL_DIR, train

    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    params = _load_config(args.config) if args.config else {}
    if args.max_iterations:
        params["max_iterations"] = args.max_iterations
    meta = train(args.corpus, args.out or DEFAULT_MODEL_DIR, seed=args.seed,
                 limit=args.limit, params=params)
    print(f"trained on {meta['texts']} texts, {meta['tokens']} tokens "
          f"in {meta['seconds']} s -> {args.out or DEFAULT_MODEL_DIR}")
    return 0
