"""Where quoth's time goes, stage by stage, in one process.

    PYTHONPATH=src .venv/bin/python bench/stages.py [--engine hybrid] [--limit 150] [--split dev]

Runs ``quoth.extraction.process_batch`` over PolNeAR texts in batches of 32, as a worker
does, with a timer around each stage: each rule finder, the MiniLM's WordPiece
tokenization and onnxruntime calls, the CRF (companion marginals or the fast engine's
batch tagging), decoding, linking, speaker resolution, building statements, the hybrid
merge, dating, the ``quoth`` component's span groups, and the JSON a ``quoth extract
--format jsonl`` run writes; what ``process_batch`` spends outside them is the spaCy parse
(and a little glue). Times are
exclusive (a stage's time leaves out the stages timed inside it) and printed as CPU
seconds of this process, the wall clock aside. The timers wrap module attributes from
outside the code; they cost ~1 µs a call, a few thousand calls a run.
"""

from __future__ import annotations

import argparse
import functools
import glob
import json
import os
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLNEAR = os.path.join(os.path.dirname(ROOT), "shared", "data", "polnear")
sys.path.append(os.path.join(ROOT, "src"))

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


class Stages:
    """Exclusive CPU and wall time per stage name, with a stack for nesting."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[list] = []  # [name, child cpu, child wall]

    def timed(self, name: str, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kw):
            self.stack.append([name, 0.0, 0.0])
            c0, w0 = time.process_time(), time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                c, w = time.process_time() - c0, time.perf_counter() - w0
                _, child_c, child_w = self.stack.pop()
                self.cpu[name] += c - child_c
                self.wall[name] += w - child_w
                self.calls[name] += 1
                if self.stack:
                    self.stack[-1][1] += c
                    self.stack[-1][2] += w
        return wrapper

    def wrap(self, owner, attr: str, name: str, listed: bool = False) -> None:
        """Time ``owner.attr`` as ``name`` (``listed``: a generator, run to its end)."""
        original = getattr(owner, attr)
        if listed:
            gen = original
            original = functools.wraps(gen)(lambda *a, **kw: list(gen(*a, **kw)))
        if isinstance(original, staticmethod):
            original = original.__func__
        setattr(owner, attr, self.timed(name, original))


class _Proxy:
    """An object whose named methods are timed (onnxruntime session, tokenizer)."""

    def __init__(self, inner, stages: Stages, methods: dict[str, str]) -> None:
        self._inner = inner
        for method, name in methods.items():
            setattr(self, method, stages.timed(name, getattr(inner, method)))

    def __getattr__(self, attr):
        return getattr(self._inner, attr)


def instrument(stages: Stages, engine: str) -> None:
    """Wrap every stage the engine runs (names as printed)."""
    import quoth.component as component
    import quoth.finders as finders
    from quoth.resolve import speakers
    from quoth.rules import finder as rules
    from quoth.tagger import build, crf_tagger, engine as tagger

    w = stages.wrap
    w(finders, "date_statement", "dates (quoth.resolve.dates)")
    w(finders.StatementFinder, "find", "finder: rest")
    w(component, "set_statement_spans", "component: spans + rest")
    w(component.QuothComponent, "_annotate", "component: spans + rest")
    w(rules, "find_quotes", "rules: quote marks")
    w(rules, "find_direct", "rules: direct quotes", listed=True)
    w(rules, "find_reported", "rules: reported speech", listed=True)
    w(rules, "candidates", "rules: rest (continuations, headlines, merge)")
    w(rules, "to_statements", "rules: statements (speakers apart)")
    w(speakers.SpeakerResolver, "__init__", "speakers: resolver set-up")
    w(speakers.SpeakerResolver, "resolve", "speakers: resolve")
    w(tagger, "token_tables", "linking (tables + link_chunks)")
    w(tagger, "link_chunks", "linking (tables + link_chunks)")
    w(build, "build_statements", "tagger: build statements")
    w(build, "merge", "hybrid merge")
    w(build, "combine_with_rules", "hybrid merge")
    w(tagger, "find_statements", "find_statements: rest")
    w(crf_tagger.Tagger, "tag_many", "CRF (fast engine: features + decode)")
    w(tagger, "tag_batch", "tag_batch: rest")
    if engine in ("hybrid", "tagger"):
        from quoth.tagger import load, nn as tagger_nn

        for name in ("doc_marginals", "attribute_ids", "block_scores", "crf_marginals"):
            if hasattr(tagger_nn, name):
                w(tagger_nn, name, "CRF companion (features + marginals)")
        for name in ("decode_block", "_decode"):
            if hasattr(tagger_nn.NNTagger, name):
                w(tagger_nn.NNTagger, name, "MiniLM: decode (Viterbi)")
        w(tagger_nn.NNTagger, "block_probs", "MiniLM: windows, padding, softmax")
        w(tagger_nn.NNTagger, "tag", "MiniLM: tag rest (blocks, words, mixing)")
        if hasattr(tagger_nn.NNTagger, "tag_many"):
            w(tagger_nn.NNTagger, "tag_many", "MiniLM: tag rest (blocks, words, mixing)")
        nn = load.load_tagger()
        nn._session = _Proxy(nn._session, stages, {"run": "MiniLM: onnxruntime"})
        nn._tok = _Proxy(nn._tok, stages, {"encode_batch": "MiniLM: WordPiece tokenizer"})


def texts(split: str, limit: int | None) -> list[str]:
    splits = ("train", "dev") if split == "both" else (split,)
    paths = [p for s in splits for p in sorted(glob.glob(os.path.join(POLNEAR, s, "text", "*.txt")))]
    return paths[:limit] if limit else paths


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", default="hybrid")
    p.add_argument("--limit", type=int, default=150)
    p.add_argument("--split", default="both", choices=("train", "dev", "both"))
    p.add_argument("--batch-size", type=int, default=32)
    args = p.parse_args(argv)
    from quoth.extraction import process_batch
    from quoth.readers import read

    articles = list(read(texts(args.split, args.limit)))
    process_batch(articles[-8:], engine=args.engine)  # load the pipeline and the models
    stages = Stages()
    instrument(stages, args.engine)
    run = stages.timed("spaCy parse (process_batch less the stages above)", process_batch)
    to_json = stages.timed("JSON lines (ArticleResult.to_dict + json.dumps)",
                           lambda rs: [json.dumps(r.to_dict(), ensure_ascii=False) for r in rs])
    c0, w0 = time.process_time(), time.perf_counter()
    n = 0
    for i in range(0, len(articles), args.batch_size):
        results = run(articles[i:i + args.batch_size], engine=args.engine)
        n += sum(len(r.statements) for r in results)
        to_json(results)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"{len(articles)} articles, engine={args.engine}, {n} statements; "
          f"{cpu:.1f} CPU s, {wall:.1f} s wall; load {os.getloadavg()[0]:.2f}")
    print(f"| stage | CPU s | share | calls |\n| --- | ---: | ---: | ---: |")
    for name in sorted(stages.cpu, key=lambda k: -stages.cpu[k]):
        print(f"| {name} | {stages.cpu[name]:.2f} | {stages.cpu[name] / cpu:.1%} | {stages.calls[name]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
