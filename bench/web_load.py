"""The web server under load while an ingest writes to its database.

    .venv/bin/python bench/web_load.py                       # 50 clients, 2000 requests
    .venv/bin/python bench/web_load.py --clients 50 --requests 3000 --seconds 180

1. A database of >= 200,000 real statements, built quickly: the PolNeAR dev articles are
   ingested once (``--engine fast``) into a seed database, then its articles and
   statements are copied with SQL, each copy under new ids and dates shifted by a day,
   until the statement count is reached (``--statements``). Reused when it exists.
2. ``quoth serve`` on 127.0.0.1 (a free port), and ``quoth ingest`` of the PolNeAR train
   texts into the same database (``--engine rules --batch-size 8``: a write every few
   seconds) started alongside.
3. ``--clients`` httpx async clients send ``--requests`` requests in all (bounded also by
   ``--seconds``): searches (common and rare words from the statements, with and
   without a speaker or date filter, JSON and HTML), speaker lists, and article,
   statement and speaker pages.

Prints p50/p95/max latency, the status counts, 5xx and "database is locked" counts, and
how many articles the ingest stored while the load ran. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "src")
DATA = os.environ.get("QUOTH_DATA", "/work/shared/data") + "/polnear"
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
sys.path.insert(0, SRC)


def quoth(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quoth", *args], env=ENV, **kw)


def build(db: str, seed: str, statements: int) -> None:
    from quoth.store import Store

    if not os.path.exists(seed):
        quoth("ingest", f"{DATA}/dev/text", "--db", seed, "--engine", "fast",
              "--workers", "1").wait()
    Store(db).close()  # the schema
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("ATTACH ? AS s", (seed,))
    per_copy = conn.execute("SELECT count(*) FROM s.statements").fetchone()[0]
    conn.execute("BEGIN")
    for table in ("speakers", "speaker_aliases", "speaker_titles", "speaker_rules"):
        conn.execute(f"INSERT INTO {table} SELECT * FROM s.{table}")
    for n in range(-(-statements // per_copy)):
        _copy(conn, n)
    conn.execute("COMMIT")
    conn.close()


def _copy(conn: sqlite3.Connection, n: int) -> None:
    tag = f"-{n}"
    conn.execute(
        "INSERT INTO articles(id, text_hash, url, title, published, updated, outlet, dateline,"
        " path, source, text) SELECT id || ?1, text_hash || ?1, NULL, title,"
        " date(published, '+' || ?2 || ' days'), updated, outlet, dateline, path, source, text"
        " FROM s.articles", (tag, n))
    conn.execute(
        "INSERT INTO article_occurrences(article_id, outlet, url, url_key, published, title,"
        " path, source) SELECT article_id || ?1, outlet, NULL, NULL,"
        " date(published, '+' || ?2 || ' days'), title, path, source FROM s.article_occurrences",
        (tag, n))
    conn.execute(
        "INSERT INTO statements(id, article_id, kind, content, content_start, content_end,"
        " spans, cue, cue_start, cue_end, speaker_id, speaker_name, speaker_key,"
        " speaker_mention, speaker_mention_start, speaker_mention_end, speaker_type,"
        " speaker_title, confidence, said_on, occasion, cluster_id)"
        " SELECT id || ?1, article_id || ?1, kind, content, content_start, content_end, spans,"
        " cue, cue_start, cue_end, speaker_id, speaker_name, speaker_key, speaker_mention,"
        " speaker_mention_start, speaker_mention_end, speaker_type, speaker_title,"
        " confidence, said_on, occasion, NULL FROM s.statements", (tag,))
    conn.execute(
        'INSERT INTO statement_about(statement_pk, text, key, label, start, "end")'
        ' SELECT st.pk, a.text, a.key, a.label, a.start, a."end" FROM s.statement_about a'
        " JOIN s.statements so ON so.pk = a.statement_pk JOIN statements st"
        " ON st.id = so.id || ?1", (tag,))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(db: str) -> list[str]:
    conn = sqlite3.connect(db)
    words = [w for (c,) in conn.execute("SELECT content FROM statements LIMIT 3000")
             for w in c.split() if w.isalpha() and len(w) > 3]
    common = [w for w, _ in __import__("collections").Counter(words).most_common(30)]
    rare = random.Random(1).sample(sorted(set(words)), 60)
    speakers = [r[0] for r in conn.execute(
        "SELECT speaker_name FROM statements WHERE speaker_name IS NOT NULL"
        " GROUP BY 1 ORDER BY count(*) DESC LIMIT 20")]
    ids = [r[0] for r in conn.execute("SELECT id FROM statements ORDER BY random() LIMIT 200")]
    arts = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 200")]
    conn.close()
    rnd = random.Random(2)
    urls = []
    for _ in range(400):
        word = rnd.choice(common + rare)
        urls += [f"/api/search?q={word}", f"/search?q={word}",
                 f"/api/search?q={word}&speaker={rnd.choice(speakers)}",
                 f"/api/search?q={word} {rnd.choice(rare)}&date_from=2016-10-01",
                 f"/api/speakers?q={word[:3]}", f"/api/statement/{rnd.choice(ids)}",
                 f"/api/article/{rnd.choice(arts)}", f"/api/speaker/{rnd.choice(speakers)}",
                 "/api/stats", f"/api/search?speaker={rnd.choice(speakers)}&page=3"]
    return urls


async def load(base: str, urls: list[str], clients: int, total: int, seconds: float):
    import httpx

    queue: asyncio.Queue = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(urls[i % len(urls)])
    results: list[tuple[int, float, bool]] = []
    stop = time.monotonic() + seconds

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while not queue.empty() and time.monotonic() < stop:
                url = queue.get_nowait()
                start = time.perf_counter()
                try:
                    r = await http.get(url)
                    status, locked = r.status_code, "database is locked" in r.text
                except httpx.HTTPError:
                    status, locked = 0, False
                results.append((status, time.perf_counter() - start, locked))

    await asyncio.gather(*(client() for _ in range(clients)))
    return results


def count_articles(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/quoth-bench-load.db")
    ap.add_argument("--seed", default="/tmp/quoth-bench-seed.db")
    ap.add_argument("--statements", type=int, default=200_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=180)
    args = ap.parse_args()
    if not os.path.exists(args.db):
        start = time.perf_counter()
        build(args.db, args.seed, args.statements)
        print(f"built {args.db} in {time.perf_counter() - start:.0f} s")
    with sqlite3.connect(args.db) as conn:
        n = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    print(f"database: {n:,} statements, {count_articles(args.db):,} articles")
    urls = targets(args.db)
    port = free_port()
    server = quoth("serve", "--db", args.db, "--port", str(port), "--host", "127.0.0.1")
    ingest = None
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        before = count_articles(args.db)
        ingest = quoth("ingest", f"{DATA}/train/text", "--db", args.db, "--engine", "rules",
                       "--workers", "1", "--batch-size", "8", stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        time.sleep(20)  # the ingest loads its pipeline and stores its first batch
        start = time.perf_counter()
        results = asyncio.run(load(base, urls, args.clients, args.requests, args.seconds))
        wall = time.perf_counter() - start
        writing = ingest.poll() is None
        stored = count_articles(args.db) - before
    finally:
        for proc in (ingest, server):
            if proc is not None:
                proc.terminate()
                proc.wait()
    report(results, wall, args.clients, writing, stored)


def _wait(base: str) -> None:
    import httpx

    for _ in range(120):
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit("the server did not start")


def report(results, wall: float, clients: int, writing: bool, stored: int) -> None:
    times = sorted(t for _, t, _ in results)
    statuses = __import__("collections").Counter(s for s, _, _ in results)
    q = statistics.quantiles(times, n=100)
    print(f"{len(results)} requests from {clients} concurrent clients in {wall:.0f} s "
          f"({len(results) / wall:.1f}/s); p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
          f"max {times[-1] * 1000:.0f} ms")
    print(f"statuses: {dict(sorted(statuses.items()))}; 5xx: "
          f"{sum(v for s, v in statuses.items() if s >= 500)}; connection errors: "
          f"{statuses.get(0, 0)}; 'database is locked': {sum(l for _, _, l in results)}")
    print(f"ingest: {stored} articles stored during the run; still writing at the end: {writing}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
