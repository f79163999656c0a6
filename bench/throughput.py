"""Throughput of quoth against a bare spaCy parse, measured in one run on the same texts.

    .venv/bin/python bench/throughput.py               # PolNeAR train+dev (~920 articles)
    .venv/bin/python bench/throughput.py --limit 100   # a quick look
    .venv/bin/python bench/throughput.py --textacy-python /tmp/textacy-venv/bin/python

Prints, for the same articles: bare ``nlp.pipe`` tokens/s with quoth's model (all
components, and the components quoth's extraction uses), quoth extract tokens/s and
articles/s in one process, their ratio, 1 vs 2 worker processes (``run_local``),
textacy's ``direct_quotations`` for reference (run in the interpreter given by
``--textacy-python``, because textacy is not a quoth dependency; skipped with a note
otherwise), and peak RSS of this process and of the worker processes. Every figure
comes from this run; compare ratios, not absolute figures, across machines or loads.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLNEAR = os.path.join(os.path.dirname(ROOT), "shared", "data", "polnear")
sys.path.insert(0, os.path.join(ROOT, "src"))


def polnear_paths(limit: int | None) -> list[str]:
    paths = sorted(glob.glob(os.path.join(POLNEAR, "train", "text", "*.txt")))
    paths += sorted(glob.glob(os.path.join(POLNEAR, "dev", "text", "*.txt")))
    if not paths:
        sys.exit(f"PolNeAR texts not found under {POLNEAR}: nothing to measure")
    return paths[:limit] if limit else paths


def load_articles(paths: list[str]) -> list:
    from quoth.read import read

    return list(read(paths))


def timed(fn, *args, **kw):
    start = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - start


def bare_parse(texts: list[str], exclude: tuple[str, ...], batch_size: int) -> int:
    """Tokens through plain ``nlp.pipe`` (the floor quoth is measured against)."""
    from quoth.pipeline import load_nlp

    nlp = load_nlp(exclude)
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    return tokens


def quoth_run(articles: list, workers: int, engine: str, batch_size: int) -> tuple[int, int]:
    from quoth.run.local import run_local

    n = statements = 0
    for r in run_local(articles, workers=workers, engine=engine, batch_size=batch_size):
        n += 1
        statements += len(r.statements)
    return n, statements


def quoth_exclude() -> tuple[str, ...]:
    """The components quoth's extraction leaves out (none unless extract says so)."""
    import quoth.extract

    return tuple(getattr(quoth.extract, "EXCLUDE", ()))


def textacy_reference(python: str | None, paths: list[str], batch_size: int) -> dict | None:
    """textacy's direct_quotations over the same texts, in the interpreter given."""
    if not python:
        return None
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    proc = subprocess.run(
        [python, __file__, "--textacy-worker", "--batch-size", str(batch_size)],
        input="\n".join(paths), capture_output=True, text=True, env=env,
    )
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def textacy_worker(batch_size: int) -> None:
    """(Runs under --textacy-python.) Parse + direct_quotations; prints one JSON line."""
    import textacy
    from textacy.extract import direct_quotations

    from quoth.pipeline import load_nlp

    texts = [open(p, encoding="utf-8").read() for p in sys.stdin.read().split("\n") if p]
    nlp = load_nlp()
    start = time.perf_counter()
    tokens = quotes = 0
    extract_s = 0.0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
        t = time.perf_counter()
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:  # textacy bails out of a whole doc on unbalanced quotes
            pass
        extract_s += time.perf_counter() - t
    total = time.perf_counter() - start
    print(json.dumps({"version": textacy.__version__, "tokens": tokens, "seconds": total,
                      "extract_seconds": extract_s, "quotes": quotes, "articles": len(texts),
                      "rss_mb": peak_rss_mb()}))


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.1f} GiB RAM, load average {load}"


def row(label: str, tokens: int, articles: int, seconds: float, note: str = "") -> None:
    print(f"  {label:<38} {tokens / seconds:>8.0f} tok/s {articles / seconds:>7.2f} art/s "
          f"{seconds:>8.1f} s  {note}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.textacy_worker:
        textacy_worker(args.batch_size)
        return 0
    paths = polnear_paths(args.limit)
    articles = load_articles(paths)
    texts = [a.text for a in articles]
    print(f"machine: {machine()}")
    print(f"texts:   {len(articles)} PolNeAR articles (train+dev), engine={args.engine}, "
          f"batch={args.batch_size}")
    return measure(args, paths, articles, texts)


def measure(args, paths, articles, texts) -> int:
    from quoth.extract import process_batch
    from quoth.pipeline import load_nlp

    excl = quoth_exclude()
    load_nlp(), load_nlp(excl)
    process_batch(articles[:2], engine=args.engine)  # warm: pipeline, lexicons, model
    tokens, bare_s = timed(bare_parse, texts, (), args.batch_size)
    n = len(articles)
    print(f"tokens:  {tokens} (spaCy tokens, the same for every line below)\n")
    row("bare nlp.pipe, all components", tokens, n, bare_s)
    if excl:
        _, bare_excl_s = timed(bare_parse, texts, excl, args.batch_size)
        row(f"bare nlp.pipe, without {'+'.join(excl)}", tokens, n, bare_excl_s)
    (done, statements), one_s = timed(quoth_run, articles, 1, args.engine, args.batch_size)
    row("quoth extract, 1 process", tokens, done, one_s, f"{statements} statements")
    _, start_s = timed(quoth_run, articles[:2], 2, args.engine, 1)  # both workers start
    (done2, statements2), two_s = timed(quoth_run, articles, 2, args.engine, args.batch_size)
    row("quoth extract, 2 workers (wall)", tokens, done2, two_s,
        f"{statements2} statements; pool start {start_s:.1f} s included")
    row("quoth extract, 2 workers (excl. start)", tokens, done2, two_s - start_s)
    workers_rss = peak_rss_mb(resource.RUSAGE_CHILDREN)  # before textacy's process joins
    ref = textacy_reference(args.textacy_python, paths, args.batch_size)
    print_textacy(ref, tokens)
    print()
    print(f"ratio quoth/bare parse (1 process):      {bare_s / one_s:.3f}")
    print(f"speed-up 2 workers / 1 process (wall):   {one_s / two_s:.2f}x")
    print(f"speed-up 2 workers / 1 (excl. start):    {one_s / (two_s - start_s):.2f}x")
    print(f"articles/s with 2 workers (wall):        {done2 / two_s:.2f}"
          f"  (= {done2 / two_s * 86400 / 1e6:.2f}M articles/day)")
    print(f"same statements 1 vs 2 workers:          {statements == statements2}")
    print(f"peak RSS: this process {peak_rss_mb():.0f} MB, "
          f"largest worker {workers_rss:.0f} MB")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def print_textacy(ref: dict | None, tokens: int) -> None:
    if ref is None:
        print("  textacy direct_quotations: skipped (textacy is not a quoth dependency; "
              "install it in a throwaway venv and pass --textacy-python)")
    elif "error" in ref:
        print(f"  textacy direct_quotations: failed: {ref['error']}")
    else:
        row(f"textacy {ref['version']} parse+direct_quotations", ref["tokens"], ref["articles"],
            ref["seconds"], f"{ref['quotes']} quotes; quotes alone {ref['extract_seconds']:.1f} s;"
            f" RSS {ref['rss_mb']:.0f} MB")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--engine", default="hybrid", choices=("hybrid", "rules", "model"))
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--textacy-python", help="a python with textacy installed (reference row)")
    p.add_argument("--textacy-worker", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
