"""Crash test: kill -9 an ingest of >= 2,000 articles at 3 random points, resume, compare.

The articles are the PolNeAR train texts under several outlets/URLs (some texts
varied, some repeated so occurrences are exercised). The ingest runs in a
subprocess (tests/fixtures/ingest_driver.py) with the cheap fake runner, so the
test measures the store, not the extractor; test_ingest.py proves the real
extractor path end to end.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest

DRIVER = os.path.join(os.path.dirname(__file__), "fixtures", "ingest_driver.py")
OUTLETS = ("alpha.example", "beta.example", "gamma.example", "delta.example")


def build_input(polnear_dir, path) -> tuple[int, int, int]:
    """4 records per train text: original (alpha), two variants (beta, gamma), repeat (delta).

    Returns (records, distinct texts, distinct (text, outlet) pairs).
    """
    n, texts, pairs = 0, set(), set()
    with open(path, "w", encoding="utf-8") as out:
        for name in sorted(os.listdir(polnear_dir / "train" / "text")):
            text = (polnear_dir / "train" / "text" / name).read_text(encoding="utf-8")
            variants = (text, text + "\n\n(Republished.)", text + "\n\n(Syndicated copy.)", text)
            for outlet, body in zip(OUTLETS, variants):
                out.write(json.dumps({"text": body, "outlet": outlet,
                                      "url": f"https://{outlet}/{name}"}) + "\n")
                n += 1
                texts.add(body)
                pairs.add((body, outlet))
    return n, len(texts), len(pairs)


def run_driver(db, src, delay=0.0, **kw):
    return subprocess.Popen([sys.executable, DRIVER, db, str(delay), src],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def stored_articles(db) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


def kill_at(db, src, threshold: int) -> None:
    proc = run_driver(db, src, delay=0.002)
    deadline = time.monotonic() + 600
    while proc.poll() is None and time.monotonic() < deadline:
        if stored_articles(db) >= threshold:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, f"ingest ended before the kill: {proc.stderr}"


def snapshot(db) -> dict:
    with closing(sqlite3.connect(db)) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        fts = conn.execute("INSERT INTO statements_fts(statements_fts, rank) "
                           "VALUES ('integrity-check', 1)") and "ok"
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "occurrences": one("SELECT count(*) FROM article_occurrences"),
            "statements": one("SELECT count(*) FROM statements"),
            "about": one("SELECT count(*) FROM statement_about"),
            "speakers": one("SELECT count(*) FROM speakers"),
            "duplicate_texts": one("SELECT count(*) - count(DISTINCT text_hash) FROM articles"),
            "duplicate_statements": one("SELECT count(*) - count(DISTINCT article_id || "
                                        "content_start || '-' || content_end) FROM statements"),
            "by_speaker": sorted(conn.execute(
                "SELECT s.id, sp.name FROM statements s LEFT JOIN speakers sp "
                "ON sp.id = s.speaker_id")),
            "integrity": one("PRAGMA integrity_check"),
            "fts": fts,
        }


@pytest.mark.slow
@pytest.mark.data
def test_kill_nine_three_times_then_resume(polnear_dir, tmp_path):
    src = str(tmp_path / "articles.jsonl")
    records, texts, pairs = build_input(polnear_dir, src)
    assert records >= 2000
    full, crashed = str(tmp_path / "full.db"), str(tmp_path / "crashed.db")

    proc = run_driver(full, src)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    summary = json.loads(out.splitlines()[-1])
    expected = snapshot(full)
    assert expected["articles"] >= 2000 and summary["read"] == records
    assert (expected["articles"], expected["occurrences"]) == (texts, pairs)

    seed = int(os.environ.get("QUOTH_CRASH_SEED", time.time()))
    rng = random.Random(seed)
    for threshold in sorted(rng.sample(range(100, expected["articles"] - 100), 3)):
        kill_at(crashed, src, threshold)
        assert stored_articles(crashed) >= threshold

    proc = run_driver(crashed, src)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    got = snapshot(crashed)
    assert got == expected, f"seed {seed}"
    assert got["duplicate_texts"] == 0 and got["duplicate_statements"] == 0
    assert (got["integrity"], got["fts"]) == ("ok", "ok")
