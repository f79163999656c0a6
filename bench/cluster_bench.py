"""Clustering scale benchmark: time and memory at 10k .. 100k synthetic statements.

    .venv/bin/python bench/cluster_bench.py                 # 10k, 30k, 100k in memory
    .venv/bin/python bench/cluster_bench.py --store         # also through the SQLite store
    .venv/bin/python bench/cluster_bench.py --sizes 10000 100000 1000000

Synthetic corpus: content words drawn from a finite Zipf law (exponent 1) over 20k
words, leaving out the 100 most frequent ranks (the stop words quoth.cluster.minhash drops);
speakers drawn from a Zipf law over n/40 speakers (the top speaker says ~10 %, as
a front-runner does in campaign news); each utterance (8-40 words) is reported 1-6 times,
as exact copies, truncations (a window of >= 60 %), or with a few words swapped,
published within a week. Each size runs in a fresh process; we print wall and CPU
time (the CPU figure is the steadier one on a shared machine), peak RSS and the
pairwise precision/recall against the generator's ground truth, and the growth
exponent between the smallest and largest size (1.0 = linear, 2.0 = quadratic).
The store mode times ``quoth.store.clusters.assign_clusters`` over statements
already written (batches of 5,000 looked up in the ``cluster_keys`` index).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

VOCAB = 20000


def _zipf(rng, n_values: int, exponent: float, size: int, skip: int = 0) -> np.ndarray:
    """``size`` draws from a finite Zipf law over ranks ``skip+1 .. skip+n_values``."""
    p = 1.0 / np.arange(skip + 1, skip + n_values + 1) ** exponent
    return rng.choice(n_values, size=size, p=p / p.sum())


def synthesize(n: int, seed: int = 1):
    """``n`` (speaker, text, published, utterance) tuples."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(VOCAB)]
    n_speakers = max(10, n // 40)
    speakers = _zipf(rng, n_speakers, 1.0, n)
    out = []
    utt = 0
    while len(out) < n:
        speaker = f"s{speakers[utt % n]}"
        length = int(rng.integers(8, 41))
        base = [words[i] for i in _zipf(rng, VOCAB, 1.0, length, skip=100)]
        day = int(rng.integers(0, 365))
        for _ in range(int(rng.integers(1, 7))):
            out.append((speaker, " ".join(_variant(base, rng, words)),
                        _date(day + int(rng.integers(0, 7))), utt))
        utt += 1
    return out[:n]


def _variant(base: list[str], rng, words: list[str]) -> list[str]:
    kind = rng.integers(0, 3)
    if kind == 0:
        return base
    if kind == 1:
        size = max(4, int(len(base) * rng.uniform(0.6, 1.0)))
        start = int(rng.integers(0, len(base) - size + 1))
        return base[start:start + size]
    out = list(base)
    for _ in range(max(1, len(base) // 12)):
        out[int(rng.integers(0, len(out)))] = words[int(rng.integers(0, VOCAB))]
    return out


def _date(day: int) -> str:
    from datetime import date, timedelta

    return (date(2016, 1, 1) + timedelta(days=day)).isoformat()


def _pair_scores(labels: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Pairwise precision/recall from the contingency of (label, truth) group sizes."""
    def pairs(counts):
        return int(sum(c * (c - 1) // 2 for c in counts))
    _, joint = np.unique(np.stack([labels, truth]), axis=1, return_counts=True)
    tp = pairs(joint)
    pred = pairs(np.unique(labels, return_counts=True)[1])
    gold = pairs(np.unique(truth, return_counts=True)[1])
    return {"precision": round(tp / pred, 4) if pred else 1.0,
            "recall": round(tp / gold, 4) if gold else 1.0}


def run_memory(n: int) -> dict:
    from quoth.cluster.minhash import cluster_labels, features, utterance_days

    data = synthesize(n)
    t0, c0 = time.perf_counter(), time.process_time()
    feats = [features(text) for _, text, _, _ in data]
    labels = cluster_labels(feats, [s for s, _, _, _ in data],
                            days=[utterance_days(None, d) for _, _, d, _ in data])
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    truth = np.array([u for *_, u in data])
    return {"n": n, "mode": "memory", "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2),
            "clusters": int(len(np.unique(labels))), **_pair_scores(labels, truth)}


def run_store(n: int) -> dict:
    from quoth.records import Article, ArticleResult, Speaker, Statement, article_id, make_content
    from quoth.store import Store
    from quoth.store.clusters import assign_clusters

    data = synthesize(n)
    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "b.db")) as store:
        results = []
        for k, (spk, text, day, _) in enumerate(data):
            body = f"Report {k}. {text}"  # unique text: the store keeps exact copies apart
            art = Article(article_id(body), body, outlet=f"o{k % 7}", published=day)
            span = (len(body) - len(text), len(body))
            st = Statement(f"st{k}", "direct", make_content(body, [span]), None,
                           Speaker(spk, "PERSON"), 1.0)
            results.append(ArticleResult(art, (st,)))
            if len(results) == 2000:
                store.add(results, cluster=False)
                results = []
        store.add(results, cluster=False)
        t0, c0 = time.perf_counter(), time.process_time()
        done = assign_clusters(store.conn)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        got = dict(store.conn.execute("SELECT id, cluster_id FROM statements"))
    labels = np.array([got[f"st{k}"] for k in range(n)])
    truth = np.array([u for *_, u in data])
    return {"n": n, "mode": "store", "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2),
            "clusters": done["clusters"], **_pair_scores(labels, truth)}


def one(n: int, mode: str) -> None:
    res = run_store(n) if mode == "store" else run_memory(n)
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(res))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--store", action="store_true", help="also time the SQLite store path")
    ap.add_argument("--one", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        one(int(args.one[0]), args.one[1])
        return 0
    for mode in ["memory"] + (["store"] if args.store else []):
        rows = []
        for n in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(n), mode],
                                 check=True, capture_output=True, text=True).stdout
            rows.append(json.loads(out))
            print(json.dumps(rows[-1]), flush=True)
        a, b = rows[0], rows[-1]
        if len(rows) < 2:
            continue
        for key in ("seconds", "cpu_seconds"):
            growth = math.log(b[key] / a[key]) / math.log(b["n"] / a["n"])
            print(f"{mode}: {a['n']} -> {b['n']}: {key} x{b[key] / a[key]:.1f} for "
                  f"x{b['n'] / a['n']:.0f} statements, growth exponent {growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
