"""Web latency benchmark: p50/p95 of the search page and the JSON search on a big database.

Builds (or reuses) a database of synthetic articles holding >= 200,000 statements
through the store's public API (``Store.add``), starts ``quoth serve`` on a free
loopback port in a subprocess, and times sequential requests over a fixed set of
queries (words common and rare, two-word queries, filters, paging, hostile
strings). Not a test: it prints figures.

    .venv/bin/python bench/web_latency.py                   # build /tmp/quoth-bench-web.db, measure
    .venv/bin/python bench/web_latency.py --statements 50000 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time

from quoth.records import (Article, ArticleResult, Entity, Speaker, Statement, article_id,
                         make_content, make_span, statement_id)

FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Karin", "Luis", "Maya", "Nikolai", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara"]
LAST = ["Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ivanova",
        "Jensen", "Kowalski", "Lopez", "Meyer", "Novak", "Olsen", "Petrov", "Rossi", "Schmidt",
        "Tanaka", "Weber"]
ENTITIES = [("NATO", "ORG"), ("Russia", "GPE"), ("Ukraine", "GPE"), ("France", "GPE"),
            ("Germany", "GPE"), ("the European Union", "ORG"), ("China", "GPE"),
            ("the United Nations", "ORG"), ("Kiev", "GPE"), ("Moscow", "GPE"), ("Washington", "GPE"),
            ("the IMF", "ORG"), ("Brussels", "GPE"), ("Poland", "GPE"), ("Turkey", "GPE"),
            ("the Kremlin", "ORG"), ("Gazprom", "ORG"), ("the OSCE", "ORG"), ("Minsk", "GPE"),
            ("Donbas", "LOC")]
OUTLETS = ["Sputnik", "Reuters", "AP", "BBC", "Le Monde", "Der Spiegel", "TASS", "Al Jazeera",
           "The Guardian", "NHK", "El País", "Politico"]
COMMON = ("the a of to and in that is was for on with as by it be are this we will not have "
          "has our they their security talks agreement energy war peace border troops gas "
          "sanctions economy election reform budget market prices climate policy minister "
          "government people country alliance military decision meeting summit crisis").split()
QUERIES = ["NATO", "security", "sanctions gas", "peace talks", "Ukraine", "climate policy",
           "budget reform", "Gazprom", "the", "border troops", "qazimorv", "zelnurak tovi",
           '"unbalanced', "C++", "l'Élysée", "energy prices rise", "NATO Russia security",
           "summit", "election", "minister"]
FILTERED = [{"q": "security", "kind": "direct"}, {"q": "NATO", "outlet": "Reuters"},
            {"speaker": "Anna Adams"}, {"about": "Ukraine", "q": "gas"},
            {"q": "peace", "date_from": "2021-03-01", "date_to": "2021-06-30"},
            {"q": "sanctions", "page": "5"}, {}]


def _vocab(rng: random.Random, n: int = 4000) -> list[str]:
    letters = "abcdefghiklmnoprstuvz"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(n)}
    return COMMON + sorted(words)


def _sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> tuple[str, list]:
    words = rng.choices(vocab, weights=weights, k=rng.randint(8, 22))
    about = rng.sample(ENTITIES, rng.randint(0, 2))
    for ent in about:
        words.insert(rng.randrange(len(words) + 1), ent[0])
    return " ".join(words), about


def _article(rng, vocab, weights, n_statements: int, day: str) -> ArticleResult:
    parts, specs, pos = [], [], 0
    for _ in range(n_statements):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        content, about = _sentence(rng, vocab, weights)
        if rng.random() < 0.5:
            para = f'"{content[0].upper() + content[1:]}," {name} said.\n\n'
            c0 = pos + 1
            m0 = pos + len(content) + 4
            cue0 = m0 + len(name) + 1
        else:
            para = f"{name} said that {content}.\n\n"
            m0, cue0, c0 = pos, pos + len(name) + 1, pos + len(name) + 11
        parts.append(para)
        specs.append((c0, len(content), m0, name, cue0, about, para[0] == '"'))
        pos += len(para)
    text = "".join(parts)
    aid = article_id(text)
    statements = [_statement(text, aid, *spec) for spec in specs]
    article = Article(id=aid, text=text, title=f"Report {aid[:6]}", outlet=rng.choice(OUTLETS),
                      published=day)
    return ArticleResult(article, tuple(statements))


def _statement(text, aid, c0, clen, m0, name, cue0, about, direct) -> Statement:
    spans = [(c0, c0 + clen)]
    ents = []
    for ent, label in about:
        start = text.find(ent, c0, c0 + clen)
        if start >= 0:
            ents.append(Entity(ent, label, start, start + len(ent)))
    return Statement(
        id=statement_id(aid, spans), kind="direct" if direct else "indirect",
        content=make_content(text, spans), cue=make_span(text, cue0, cue0 + 4),
        speaker=Speaker(name, "PERSON", None, make_span(text, m0, m0 + len(name))),
        confidence=0.8, about=tuple(ents))


def build(path: str, statements: int, seed: int = 7) -> None:
    from quoth.store import Store

    rng = random.Random(seed)
    vocab = _vocab(rng)
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vocab))]
    days = [f"2021-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    done, t0 = 0, time.perf_counter()
    with Store(path) as store:
        while done < statements:
            batch = [_article(rng, vocab, weights, 10, rng.choice(days)) for _ in range(500)]
            store.add(batch)
            done += sum(len(r.statements) for r in batch)
            print(f"\rbuilding: {done:,} statements ({time.perf_counter() - t0:.0f} s)",
                  end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quoth", "serve", "--db", db, "--port",
                             str(port)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # "quoth: serving ... at http://127.0.0.1:PORT/"
    url = line.rsplit(" at ", 1)[-1].strip().rstrip("/")
    import httpx

    for _ in range(300):
        try:
            httpx.get(url + "/api/stats", timeout=30)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def _params() -> list[dict[str, str]]:
    return [{"q": q} for q in QUERIES] + FILTERED


def measure_store(db: str, rounds: int) -> tuple[list[float], dict[str, float]]:
    """The same queries straight on ``Store.search`` (in-process): the store's share."""
    from quoth.store import Store

    times, per_query = [], {}
    with Store(db, readonly=True) as store:
        for p in _params():
            args = dict(p)
            q, page = args.pop("q", None), int(args.pop("page", 1))
            runs = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                store.search(q, offset=(page - 1) * 20, limit=20, **args)
                runs.append((time.perf_counter() - t0) * 1000)
            times.extend(runs)
            per_query[_label(p)] = statistics.median(runs)
    return times, per_query


def _label(p: dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in p.items()) or "(browse all)"


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    import httpx

    params = _params()
    times: dict[str, list[float]] = {"/search": [], "/api/search": []}
    with httpx.Client(base_url=url, timeout=60) as client:
        for p in params:  # warm-up: page cache, templates, connections
            client.get("/search", params=p)
        for _ in range(rounds):
            for p in params:
                for path in times:
                    t0 = time.perf_counter()
                    r = client.get(path, params=p)
                    times[path].append((time.perf_counter() - t0) * 1000)
                    if r.status_code != 200:
                        raise SystemExit(f"{path} {p}: HTTP {r.status_code}")
    return times


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/quoth-bench-web.db")
    ap.add_argument("--statements", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--detail", type=int, default=8, help="list this many slowest queries")
    args = ap.parse_args()
    if args.rebuild and os.path.exists(args.db):
        os.remove(args.db)
    if not os.path.exists(args.db):
        build(args.db, args.statements)
    from quoth.store import Store

    with Store(args.db, readonly=True) as store:
        stats = store.stats()
    print(f"database: {args.db}: {stats['statements']:,} statements, "
          f"{stats['articles']:,} articles, {stats['speakers']:,} speakers")
    proc, url = _serve(args.db)
    try:
        times = measure(url, args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    store_times, per_query = measure_store(args.db, args.rounds)
    times["Store.search"] = store_times
    print(f"{len(_params())} queries x {args.rounds} rounds, sequential, after one warm-up pass")
    for path, values in times.items():
        print(f"{path:12s} n={len(values):4d}  p50={_pct(values, 50):7.1f} ms  "
              f"p95={_pct(values, 95):7.1f} ms  max={max(values):7.1f} ms")
    print("slowest queries (median Store.search ms):")
    for label, ms in sorted(per_query.items(), key=lambda kv: -kv[1])[:args.detail]:
        print(f"  {ms:8.1f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
