"""Throughput of quoth against a bare spaCy parse, measured in one run on the same texts.

    .venv/bin/python bench/throughput.py               # PolNeAR train+dev (~920 articles)
    .venv/bin/python bench/throughput.py --limit 100   # a quick look
    .venv/bin/python bench/throughput.py --textacy-python /tmp/textacy-venv/bin/python

Prints, for the same articles: bare spaCy ``nlp.pipe`` with quoth's model exactly as
spaCy loads it; the same with quoth's fast path (cached attribute ruler and
lemmatizer, ``quoth.nlp.speedups``) and whether every token annotation stayed
identical; quoth extract in one process (tokens/s, articles/s) and the ratio to the
bare parse; 2 worker processes (``run_local``) against 1; textacy's
``direct_quotations`` for reference (run in the interpreter given by
``--textacy-python``, since textacy is not a quoth dependency; skipped with a note
otherwise); peak RSS. Every pipeline is first warmed on the same 20 untimed articles
(the corpus's last), so each row meets the timed texts for the first time. The three
single-process rows take turns batch by batch (32 articles; the order rotates), so a drift
in the machine's speed falls on all three alike. Single-process rows show wall-clock and
CPU-time rates: on a shared machine the CPU-time figures are the steadier ones, and the 2-worker speed-up
can only be measured by the wall clock, so the load average is printed with them.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLNEAR = os.path.join(os.path.dirname(ROOT), "shared", "data", "polnear")
sys.path.append(os.path.join(ROOT, "src"))  # last: an installed or PYTHONPATH quoth wins

from quoth.run.local import THREAD_VARS  # noqa: E402 - after the path; loads no numpy

# Every row with one BLAS thread, as the quoth CLI runs (quoth.cli) and its workers do; set
# the variables before running to measure otherwise (both sides then get what you set).
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")

ATTRS = ("ORTH", "POS", "MORPH", "LEMMA", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE")


WARM = 20  # articles (the corpus's last) that warm every pipeline and are never timed


def polnear_paths(limit: int | None) -> tuple[list[str], list[str]]:
    """``(timed, warm)``: the first ``limit`` articles of PolNeAR train+dev, and the
    last ``WARM`` ones, kept apart from them."""
    paths = sorted(glob.glob(os.path.join(POLNEAR, "train", "text", "*.txt")))
    paths += sorted(glob.glob(os.path.join(POLNEAR, "dev", "text", "*.txt")))
    if len(paths) <= WARM:
        sys.exit(f"PolNeAR texts not found under {POLNEAR}: nothing to measure")
    timed, warm = paths[:-WARM], paths[-WARM:]
    return (timed[:limit] if limit else timed), warm


def timed(fn, *args, **kw):
    """``(result, wall seconds, CPU seconds of this process)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def plain_spacy():
    """The model exactly as spaCy loads it: no quoth fast path."""
    from quoth.nlp import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    sys.exit("no English spaCy pipeline installed")


def fast_spacy():
    """A second copy of quoth's parse (plain spaCy + ``quoth.nlp.speedups``), so the fast
    path is timed on texts its caches have not seen, like the other rows."""
    from quoth.nlp.speedups import speed_up

    nlp = plain_spacy()
    speed_up(nlp)
    return nlp


def bare_parse(nlp, texts: list[str], batch_size: int) -> tuple[int, str]:
    """Tokens through plain ``nlp.pipe``, and a digest of every token's annotations."""
    digest = hashlib.sha1()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
        digest.update(doc.to_array(ATTRS).tobytes())
    return tokens, digest.hexdigest()


def quoth_run(articles: list, workers: int, engine: str, batch_size: int) -> tuple[int, list]:
    """Articles done and their statements, through ``run_local`` as the CLI runs it."""
    from quoth.run.local import run_local

    n, statements = 0, []
    for r in run_local(articles, workers=workers, engine=engine, batch_size=batch_size):
        n += 1
        statements.append(r.statements)
    return n, statements


def textacy_reference(python: str | None, paths: list[str], batch_size: int) -> dict | None:
    """textacy's direct_quotations over the same texts, in the interpreter given."""
    if not python:
        return None
    import quoth

    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(quoth.__file__)))
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

    texts = [open(p, encoding="utf-8").read() for p in sys.stdin.read().split("\n") if p]
    nlp = plain_spacy()  # spaCy as textacy users run it
    start, cpu = time.perf_counter(), time.process_time()
    tokens = quotes = failed = 0
    extract_s = 0.0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
        t = time.perf_counter()
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:  # textacy gives up on a whole doc with unbalanced quote marks
            failed += 1
        extract_s += time.perf_counter() - t
    print(json.dumps({
        "version": textacy.__version__, "tokens": tokens, "articles": len(texts),
        "seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
        "extract_seconds": extract_s, "quotes": quotes, "failed": failed,
        "rss_mb": peak_rss_mb()}))


def children_cpu() -> float:
    """CPU seconds of the finished (joined) child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def source_digest() -> str:
    """A digest of the quoth package files in use (code and model), to notice edits mid-run."""
    import quoth

    root = os.path.dirname(quoth.__file__)
    digest = hashlib.sha1()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            with open(os.path.join(folder, name), "rb") as fh:
                digest.update(name.encode() + fh.read())
    return digest.hexdigest()


class WorkerRss:
    """Peak RSS of this process's children, sampled in a thread (ru_maxrss would count
    the parent's pages that a child holds between fork and exec)."""

    def __enter__(self) -> "WorkerRss":
        import threading

        self.peak_mb, self.done = 0.0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self.done.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    self.peak_mb = max(self.peak_mb, child.memory_info().rss / 2**20)
                except psutil.Error:
                    pass

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()


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
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.1f} GiB RAM, load average {load()}"


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def row(label: str, tokens: int, articles: int, wall: float, cpu: float | None,
        note: str = "") -> None:
    cpu_part = (f"{tokens / cpu:>7.0f} tok/s {articles / cpu:>6.2f} art/s" if cpu
                else f"{'':>26}")
    print(f"  {label:<40} {tokens / wall:>7.0f} tok/s {articles / wall:>6.2f} art/s "
          f"{wall:>6.1f} s | {cpu_part}  {note}")


def interleaved(plain, fast_parse, articles: list, engine: str, bs: int) -> dict:
    """The bare parse, the fast-path parse and quoth in one process over the same batches of
    ``bs`` articles, taking turns batch by batch (the order rotating), so that the drift of
    a shared machine's speed falls on every row alike. Per row: wall and CPU seconds; the
    parse rows' annotation digests, quoth's statements."""
    rows = {"bare": plain, "fast": fast_parse, "quoth": None}
    wall = dict.fromkeys(rows, 0.0)
    cpu = dict.fromkeys(rows, 0.0)
    out: dict[str, list] = {k: [] for k in rows}
    tokens = 0
    for k, start in enumerate(range(0, len(articles), bs)):
        batch = articles[start:start + bs]
        names = list(rows)
        for name in names[k % 3:] + names[:k % 3]:
            if name == "quoth":
                (_, got), w, c = timed(quoth_run, batch, 1, engine, bs)
                out[name] += got
            else:
                (n, digest), w, c = timed(bare_parse, rows[name], [a.text for a in batch], bs)
                out[name].append(digest)
                tokens += n if name == "bare" else 0
            wall[name] += w
            cpu[name] += c
    return {"wall": wall, "cpu": cpu, "out": out, "tokens": tokens}


def measure(args, paths: list[str], articles: list, warm_articles: list) -> int:
    from quoth.extraction import process_batch
    from quoth.nlp import load_nlp

    code = source_digest()
    n, bs = len(articles), args.batch_size
    plain, fast_parse, quoth_nlp = plain_spacy(), fast_spacy(), load_nlp()
    # Every pipeline is warmed on the same texts, none of them timed: each then meets the
    # timed texts for the first time (its tokenizer and lemma caches hold nothing of them).
    warm = [a.text for a in warm_articles]
    bare_parse(plain, warm, bs), bare_parse(fast_parse, warm, bs)
    process_batch(warm_articles, engine=args.engine)  # + quoth's lexicons and model
    turns = interleaved(plain, fast_parse, articles, args.engine, bs)
    tokens, (bare_s, fast_s, one_s), (bare_cpu, fast_cpu, one_cpu) = (
        turns["tokens"], turns["wall"].values(), turns["cpu"].values())
    one = turns["out"]["quoth"]
    print(f"tokens:  {tokens} spaCy tokens, the same texts on every line; every pipeline "
          f"warmed first on {len(warm)} other articles; the three single-process rows run "
          f"batch by batch in turn\n")
    print(f"  {'':40} {'wall clock':^36} | {'CPU time of this process':^26}")
    row("bare spaCy nlp.pipe (all components)", tokens, n, bare_s, bare_cpu)
    same = ("identical annotations" if turns["out"]["fast"] == turns["out"]["bare"]
            else "ANNOTATIONS DIFFER")
    row("  the same + quoth fast path", tokens, n, fast_s, fast_cpu, same)
    row("quoth extract, 1 process", tokens, n, one_s, one_cpu,
        f"{sum(map(len, one))} statements")
    _, start_s, _ = timed(quoth_run, articles[:2], 2, args.engine, 1)  # starts both workers
    load_before, children_before = load(), children_cpu()
    with WorkerRss() as workers_rss:
        (done2, two), two_s, parent_cpu = timed(quoth_run, articles, 2, args.engine, bs)
    workers_cpu = children_cpu() - children_before
    row("quoth extract, 2 worker processes", tokens, done2, two_s, None,
        f"(pool start ~{start_s:.1f} s included; load {load_before} -> {load()})")
    print_textacy(textacy_reference(args.textacy_python, paths, bs))
    summary(locals())
    return 0


def summary(m: dict) -> None:
    print()
    print(f"ratio quoth / bare spaCy, 1 process:    wall {m['bare_s'] / m['one_s']:.3f}"
          f"   CPU {m['bare_cpu'] / m['one_cpu']:.3f}")
    print(f"fast path alone, parse speed-up:        wall {m['bare_s'] / m['fast_s']:.3f}"
          f"   CPU {m['bare_cpu'] / m['fast_cpu']:.3f}")
    print(f"2 workers / 1 process (wall):           {m['one_s'] / m['two_s']:.2f}x"
          f"   (the 2-worker time includes starting the pool, ~{m['start_s']:.1f} s)")
    print(f"CPU seconds, 1 process: {m['one_cpu']:.1f}; 2 workers: {m['workers_cpu']:.1f} in the "
          f"workers (pipeline loads included) + {m['parent_cpu']:.1f} in the parent "
          f"(reading, pickling) = {m['one_cpu'] / (m['workers_cpu'] + m['parent_cpu']):.2f} "
          "of the 1-process work per CPU second")
    rate = m["done2"] / m["two_s"]
    print(f"articles/s, 2 workers (wall):           {rate:.2f}   (= {rate * 86400 / 1e6:.2f}M/day)")
    print(f"same statements, 1 vs 2 workers:        {m['one'] == m['two']}")
    print(f"peak RSS: this process {peak_rss_mb():.0f} MB (three pipelines, all texts), "
          f"largest worker {m['workers_rss'].peak_mb:.0f} MB (sampled every 0.2 s)")
    differ = sum(a != b for a, b in zip(m["one"], m["two"]))
    if differ:
        print(f"articles whose statements differ, 1 vs 2 workers: {differ}")
    if m["code"] != source_digest():
        print("WARNING: quoth's source or model changed during this run: compare nothing above "
              "(run from a snapshot: cp -r src /tmp/snap && PYTHONPATH=/tmp/snap ...)")
    print(f"load average at the end: {load()}")


def print_textacy(ref: dict | None) -> None:
    if ref is None:
        print("  textacy direct_quotations: skipped (textacy is not a quoth dependency: "
              "install it in a throwaway venv and pass --textacy-python)")
    elif "error" in ref:
        print(f"  textacy direct_quotations: failed: {ref['error']}")
    else:
        row(f"textacy {ref['version']} parse+direct_quotations", ref["tokens"], ref["articles"],
            ref["seconds"], ref["cpu_seconds"],
            f"{ref['quotes']} quotes, {ref['failed']} docs given up; direct_quotations alone "
            f"{ref['extract_seconds']:.1f} s; RSS {ref['rss_mb']:.0f} MB")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--engine", default="hybrid", choices=("hybrid", "fast", "rules", "tagger"))
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--textacy-python", help="a python with textacy installed (reference row)")
    p.add_argument("--textacy-worker", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.textacy_worker:
        textacy_worker(args.batch_size)
        return 0
    from quoth.readers import read

    paths, warm = polnear_paths(args.limit)
    articles = list(read(paths))
    print(f"machine: {machine()}; OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']} for every row")
    print(f"texts:   {len(articles)} PolNeAR articles (train+dev), engine={args.engine}, "
          f"batch={args.batch_size}")
    return measure(args, paths, articles, list(read(warm)))


if __name__ == "__main__":
    sys.exit(main())
